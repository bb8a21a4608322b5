import autocannon from 'autocannon';
import { RunningProcess, startKnowpay } from './bench-server';
import type { RunFigures } from './catalog.bench';

/**
 * Recommendations through GraphQL: the demo learner (5 enrollments, so a
 * computed list runs the item-item model: one X·W product and top-k on the
 * tfjs backend) asks `recommendedCourses(first: 10)` with reasons over
 * BENCH_RECOMMEND_CONNECTIONS (50) connections:
 * - cached (the default): the viewer's list comes from the recommendation
 *   cache (model version + activity version); per request the token check,
 *   the activity version and the course cards;
 * - uncached (RECOMMENDATION_CACHE_SIZE=0), with micro-batching
 *   (ML_BATCH_WAIT_MS=2: concurrent requests share one tensor op) and
 *   without (ML_BATCH_WAIT_MS=0): every request reads the activity and runs
 *   the model, as before the cache.
 * Each run reports the SQL statements of a request once warm, and the
 * server's RSS (models loaded) right after the load. Beside the cached run,
 * the same server answers the smallest signed-in request,
 * `{ viewer { __typename } }` (HTTP, Apollo, the token check: one statement),
 * at the same concurrency: the floor any signed-in read pays here.
 */
const SIGNED_IN_FLOOR = '{ viewer { __typename } }';
export const RECOMMENDED = `query Recommended { recommendedCourses(first: 10) { score reason explanation course { id title } } }`;

const CONNECTIONS = Number(process.env.BENCH_RECOMMEND_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);

async function signInLearner(graphql: string): Promise<string> {
  const res = await fetch(graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation { signIn(email: "learner@knowpay.local", password: "knowpay-demo") { token errors { message } } }` }),
  });
  const token = ((await res.json()) as { data?: { signIn?: { token?: string } } }).data?.signIn?.token;
  if (!token) throw new Error('could not sign in the demo learner; is SEED_DEMO_DATA on?');
  return token;
}

/**
 * One load of `query` at CONNECTIONS after a 2 s warm-up. Two requests go
 * first: the first must pass `check` (it may fill a cache), the second gives
 * the statement count of a warm request.
 */
async function load(
  graphql: string,
  headers: Record<string, string>,
  name: string,
  query: string,
  check: (text: string) => string | null = () => null,
): Promise<RunFigures> {
  const body = JSON.stringify({ query });
  const probe = await fetch(graphql, { method: 'POST', headers, body });
  const text = await probe.text();
  const problem = probe.ok && !text.includes('"errors"') ? check(text) : text.slice(0, 300);
  if (problem) throw new Error(`${name}: ${problem}`);
  const warm = await fetch(graphql, { method: 'POST', headers, body });
  await warm.text();
  await autocannon({ url: graphql, connections: CONNECTIONS, duration: 2, method: 'POST', body, headers });
  const result = await autocannon({ url: graphql, connections: CONNECTIONS, duration: DURATION, method: 'POST', body, headers });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    sqlStatementsPerRequest: Number(warm.headers.get('x-knowpay-sql-statements')),
    responseBytes: Buffer.byteLength(text),
  };
}

export async function recommendBench(env: Record<string, string>): Promise<{ runs: RunFigures[]; serverRssMiB: Record<string, number> }> {
  const runs: RunFigures[] = [];
  const serverRssMiB: Record<string, number> = {};
  const variants = [
    ['cached', '2', '20000'],
    ['uncached, micro-batched (2 ms)', '2', '0'],
    ['uncached, unbatched', '0', '0'],
  ] as const;
  for (const [label, wait, cacheSize] of variants) {
    let knowpay: RunningProcess | undefined;
    try {
      knowpay = await startKnowpay({ ...env, ML_BATCH_WAIT_MS: wait, ML_BATCH_SIZE: '256', RECOMMENDATION_CACHE_SIZE: cacheSize, JOB_WORKERS: 'false' }, 4512);
      const graphql = `${knowpay.url}/graphql`;
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${await signInLearner(graphql)}` };
      runs.push(
        await load(graphql, headers, `recommendedCourses, ${CONNECTIONS} viewers, ${label}`, RECOMMENDED, (text) =>
          text.includes('similar-learners') ? null : `did not run the model: ${text.slice(0, 300)}`,
        ),
      );
      serverRssMiB[label] = knowpay.rssMiB();
      if (label === 'cached') runs.push(await load(graphql, headers, `signed-in floor ${SIGNED_IN_FLOOR}, ${CONNECTIONS} connections`, SIGNED_IN_FLOOR));
    } finally {
      await knowpay?.stop();
    }
  }
  return { runs, serverRssMiB };
}
