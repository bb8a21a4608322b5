import autocannon from 'autocannon';
import { RunningProcess, startBareServer, startKnowpay } from './bench-server';

/**
 * Catalog read path: (a) a catalog page with every relation a storefront
 * shows, (b) one course by slug, (c) a bare node:http server returning a body
 * of the same size as the ceiling. Prints req/s, p50/p99, SQL statements per
 * request, server RSS, and each query's req/s as a share of the ceiling.
 */
export const CATALOG_PAGE = `query CatalogPage($first: Int) { courses(first: $first) { totalCount nodes {
  id title slug creator { profile { displayName } } categories { name } sections { lessons { title } } offers { kind price { amount currency } } } } }`;
export const COURSE_BY_SLUG = `query Course($slug: String!) { course(slug: $slug) { id title description ratingAverage ratingCount enrollmentCount
  creator { profile { displayName handle } } categories { name slug } sections { title lessons { title kind durationSeconds isPreview } }
  offers { kind price { amount currency formatted } plan { name } } } }`;

export interface RunFigures {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  sqlStatementsPerRequest?: number;
  responseBytes?: number;
  shareOfCeiling?: number;
}

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);

async function probe(url: string, body: string): Promise<{ sql: number; bytes: number; ok: boolean }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  return { sql: Number(res.headers.get('x-knowpay-sql-statements')), bytes: Buffer.byteLength(text), ok: res.ok && !text.includes('"errors"') };
}

async function load(name: string, url: string, body?: string): Promise<RunFigures> {
  // A short warm-up so JIT and pools are hot before measuring.
  await autocannon({ url, connections: CONNECTIONS, duration: 2, method: body ? 'POST' : 'GET', body, headers: { 'content-type': 'application/json' } });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, method: body ? 'POST' : 'GET', body, headers: { 'content-type': 'application/json' } });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

export async function catalogBench(env: Record<string, string>): Promise<{ runs: RunFigures[]; serverRssMiB: number }> {
  let knowpay: RunningProcess | undefined;
  let bare: RunningProcess | undefined;
  try {
    knowpay = await startKnowpay(env, 4510);
    const graphql = `${knowpay.url}/graphql`;
    const slugRes = await fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ courses(first: 1, orderBy: POPULAR) { nodes { slug } } }' }) });
    const slug = ((await slugRes.json()) as { data: { courses: { nodes: Array<{ slug: string }> } } }).data.courses.nodes[0]?.slug;
    if (!slug) throw new Error('no seeded course to benchmark; is SEED_DEMO_DATA on?');

    const bodies = {
      'catalog page (first: 20)': JSON.stringify({ query: CATALOG_PAGE, variables: { first: 20 } }),
      'course by slug': JSON.stringify({ query: COURSE_BY_SLUG, variables: { slug } }),
    };
    const runs: RunFigures[] = [];
    for (const [name, body] of Object.entries(bodies)) {
      const shape = await probe(graphql, body);
      if (!shape.ok) throw new Error(`${name}: the query failed; fix it before benchmarking`);
      runs.push({ ...(await load(name, graphql, body)), sqlStatementsPerRequest: shape.sql, responseBytes: shape.bytes });
    }
    const serverRssMiB = knowpay.rssMiB();
    await knowpay.stop();
    knowpay = undefined;

    bare = await startBareServer(4511, runs[0].responseBytes ?? 1000);
    const ceiling = await load(`bare node:http (${runs[0].responseBytes} B)`, bare.url);
    for (const run of runs) run.shareOfCeiling = Math.round((run.requestsPerSecond / ceiling.requestsPerSecond) * 1000) / 1000;
    runs.push(ceiling);
    return { runs, serverRssMiB };
  } finally {
    await knowpay?.stop();
    await bare?.stop();
  }
}
