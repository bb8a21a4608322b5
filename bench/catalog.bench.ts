import { createHash } from 'node:crypto';
import autocannon from 'autocannon';
import { RunningProcess, startBareServer, startKnowpay } from './bench-server';

/**
 * Catalog read path: (a) a catalog page with what a storefront card shows,
 * straight from PostgreSQL (the response cache off), (b) one course by slug
 * with its outline, likewise, (a') the catalog page again with every course
 * decoded per request (COURSE_ROW_CACHE_SIZE=0), (c) the same catalog page for anonymous
 * visitors with the response cache on, as a persisted-query GET (what a CDN
 * or browser sends, plain and compressed as browsers accept) and as a POST, (d) a bare node:http server answering 2 KB
 * of JSON (the machine's ceiling, as issue 18 defines it) and one answering a
 * body of the catalog page's size. Prints req/s, p50/p99, SQL statements per
 * request, server RSS, and each run's req/s as a share of the 2 KB ceiling.
 */
export const CATALOG_PAGE = `query CatalogPage($first: Int) { courses(first: $first) { totalCount nodes {
  id title slug lessonCount ratingAverage ratingCount creator { profile { displayName } } categories { name }
  sections { lessons { title } } offers { kind price { amount currency formatted } } } } }`;
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
  /** Server CPU time per request in microseconds (user + system, from /proc): less sensitive to a shared machine than req/s. */
  cpuMicrosPerRequest?: number;
}

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);

async function probe(
  url: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ sql: number; bytes: number; wireBytes: number; encoding: string | null; ok: boolean; cache: string | null; text: string }> {
  const res = await fetch(url, body ? { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body } : { headers });
  const text = await res.text();
  return {
    sql: Number(res.headers.get('x-knowpay-sql-statements')),
    bytes: Buffer.byteLength(text),
    // fetch decodes a compressed answer; Content-Length is what travelled.
    wireBytes: Number(res.headers.get('content-length') ?? Buffer.byteLength(text)),
    encoding: res.headers.get('content-encoding'),
    ok: res.ok && !text.includes('"errors"'),
    cache: res.headers.get('x-knowpay-cache'),
    text,
  };
}

async function load(name: string, server: RunningProcess, url: string, body?: string, headers: Record<string, string> = {}): Promise<RunFigures> {
  const options = {
    url,
    connections: CONNECTIONS,
    method: body ? ('POST' as const) : ('GET' as const),
    body,
    headers: { 'content-type': 'application/json', ...headers },
  };
  // A short warm-up so JIT and pools are hot before measuring.
  await autocannon({ ...options, duration: 2 });
  const cpuBefore = server.cpuSeconds?.() ?? NaN;
  const result = await autocannon({ ...options, duration: DURATION });
  const cpu = (server.cpuSeconds?.() ?? NaN) - cpuBefore;
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    cpuMicrosPerRequest: result.requests.total > 0 && Number.isFinite(cpu) ? Math.round((cpu * 1e6) / result.requests.total) : undefined,
  };
}

/** The GET an Apollo Client with persisted queries sends once the server knows the query: its hash and variables. */
function persistedGet(graphql: string, query: string, variables: Record<string, unknown>, withQuery: boolean): string {
  const params = new URLSearchParams({
    operationName: 'CatalogPage',
    variables: JSON.stringify(variables),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } }),
  });
  if (withQuery) params.set('query', query);
  return `${graphql}?${params}`;
}

async function firstSlug(graphql: string): Promise<string> {
  const res = await fetch(graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ courses(first: 1, orderBy: POPULAR) { nodes { slug } } }' }),
  });
  const slug = ((await res.json()) as { data: { courses: { nodes: Array<{ slug: string }> } } }).data.courses.nodes[0]?.slug;
  if (!slug) throw new Error('no seeded course to benchmark; is SEED_DEMO_DATA on?');
  return slug;
}

export async function catalogBench(env: Record<string, string>): Promise<{ runs: RunFigures[]; serverRssMiB: number }> {
  let knowpay: RunningProcess | undefined;
  let bare: RunningProcess | undefined;
  try {
    const runs: RunFigures[] = [];
    let pageText = '';
    // (a), (b): every request executes and reads PostgreSQL.
    knowpay = await startKnowpay({ ...env, RESPONSE_CACHE: 'false' }, 4510);
    let graphql = `${knowpay.url}/graphql`;
    const slug = await firstSlug(graphql);
    const bodies = {
      'catalog page (first: 20), no cache': JSON.stringify({ query: CATALOG_PAGE, variables: { first: 20 } }),
      'course by slug, no cache': JSON.stringify({ query: COURSE_BY_SLUG, variables: { slug } }),
    };
    for (const [name, body] of Object.entries(bodies)) {
      // The second probe shows the steady state: by then this instance has decoded the page's courses.
      await probe(graphql, body);
      const shape = await probe(graphql, body);
      if (!shape.ok) throw new Error(`${name}: the query failed; fix it before benchmarking`);
      pageText ||= shape.text;
      runs.push({ ...(await load(name, knowpay, graphql, body)), sqlStatementsPerRequest: shape.sql, responseBytes: shape.bytes });
    }
    await knowpay.stop();

    // (a'): the catalog page with every course decoded per request (no decoded courses kept by version), to show
    // what keeping them adds; every request still reads PostgreSQL either way.
    knowpay = await startKnowpay({ ...env, RESPONSE_CACHE: 'false', COURSE_ROW_CACHE_SIZE: '0' }, 4510);
    graphql = `${knowpay.url}/graphql`;
    const undecoded = JSON.stringify({ query: CATALOG_PAGE, variables: { first: 20 } });
    await probe(graphql, undecoded);
    const undecodedShape = await probe(graphql, undecoded);
    runs.push({
      ...(await load('catalog page (first: 20), no cache, decoded per request', knowpay, graphql, undecoded)),
      sqlStatementsPerRequest: undecodedShape.sql,
      responseBytes: undecodedShape.bytes,
    });
    await knowpay.stop();

    // (c): anonymous visitors, the response cache on.
    knowpay = await startKnowpay(env, 4510);
    graphql = `${knowpay.url}/graphql`;
    const preflight = { 'apollo-require-preflight': 'true' };
    const register = await probe(persistedGet(graphql, CATALOG_PAGE, { first: 20 }, true), undefined, preflight);
    if (!register.ok) throw new Error('cached catalog page: registering the persisted query failed');
    const getUrl = persistedGet(graphql, CATALOG_PAGE, { first: 20 }, false);
    const cached = await probe(getUrl, undefined, preflight);
    if (!cached.ok) throw new Error('cached catalog page: the persisted GET failed');
    // A build without the response cache (measuring "before") answers the same requests by executing them.
    const label = cached.cache === 'HIT' ? 'cached' : 'no cache in this build';
    runs.push({
      ...(await load(`catalog page, ${label} (persisted GET)`, knowpay, getUrl, undefined, preflight)),
      sqlStatementsPerRequest: cached.sql,
      responseBytes: cached.bytes,
    });
    // The same GET as a browser or CDN sends it, accepting compression: the answer brotli-compressed once per entry.
    const compressedHeaders = { ...preflight, 'accept-encoding': 'gzip, deflate, br' };
    const compressed = await probe(getUrl, undefined, compressedHeaders);
    if (cached.cache === 'HIT' && compressed.encoding)
      runs.push({
        ...(await load(`catalog page, cached (persisted GET, ${compressed.encoding})`, knowpay, getUrl, undefined, compressedHeaders)),
        sqlStatementsPerRequest: compressed.sql,
        responseBytes: compressed.wireBytes,
      });
    const post = JSON.stringify({ query: CATALOG_PAGE, variables: { first: 20 } });
    const postShape = await probe(graphql, post);
    runs.push({
      ...(await load(`catalog page, ${label} (POST)`, knowpay, graphql, post)),
      sqlStatementsPerRequest: (await probe(graphql, post)).sql,
      responseBytes: postShape.bytes,
    });
    const serverRssMiB = knowpay.rssMiB();
    await knowpay.stop();
    knowpay = undefined;

    // (d): the ceilings, in the same run.
    bare = await startBareServer(4511, 2048);
    const ceiling = await load('bare node:http (2,048 B)', bare, bare.url);
    await bare.stop();
    // The catalog page's own bytes, answered bare: the most any cached answer of it could reach with this client.
    bare = await startBareServer(4511, pageText);
    const pageCeiling = await load(`bare node:http (the catalog page, ${Buffer.byteLength(pageText)} B)`, bare, bare.url);
    for (const run of [...runs, pageCeiling]) run.shareOfCeiling = Math.round((run.requestsPerSecond / ceiling.requestsPerSecond) * 1000) / 1000;
    ceiling.shareOfCeiling = 1;
    runs.push(ceiling, pageCeiling);
    return { runs, serverRssMiB };
  } finally {
    await knowpay?.stop();
    await bare?.stop();
  }
}
