import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { catalogBench } from './catalog.bench';
import { recommendBench } from './recommend.bench';

/**
 * `npm run bench [-- catalog|recommend]`: starts the real server on seeded data (its
 * own embedded PostgreSQL, or BENCH_DATABASE_URL) and prints figures.
 * Nothing here asserts timings; the numbers are for people to compare.
 */
async function main(): Promise<void> {
  const only = process.argv[2];
  const env: Record<string, string> = process.env.BENCH_DATABASE_URL
    ? { DATABASE_URL: process.env.BENCH_DATABASE_URL, SEED_DEMO_DATA: 'true' }
    : { EMBEDDED_PG_DIR: '.data/bench-postgres', EMBEDDED_PG_PORT: '54349', SEED_DEMO_DATA: 'true' };
  const report: Record<string, unknown> = { at: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model };

  if (!only || only === 'catalog') {
    console.error('catalog: starting server on seeded data …');
    const { runs, serverRssMiB } = await catalogBench(env);
    console.log('\ncatalog read path (autocannon, loopback, %s connections)', process.env.BENCH_CONNECTIONS ?? 20);
    console.table(runs.map((r) => ({
      run: r.name, 'req/s': r.requestsPerSecond, 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, 'SQL/req': r.sqlStatementsPerRequest ?? '-',
      'bytes': r.responseBytes ?? '-', 'of ceiling': r.shareOfCeiling ?? '-', errors: r.errors,
    })));
    console.log(`server RSS after load: ${serverRssMiB} MiB`);
    report.catalog = { runs, serverRssMiB };
  }

  if (!only || only === 'recommend') {
    console.error('recommend: starting the server twice (with and without micro-batching) …');
    const { runs, serverRssMiB } = await recommendBench(env);
    console.log('\nrecommendations through GraphQL (autocannon, loopback)');
    console.table(runs.map((r) => ({ run: r.name, 'req/s': r.requestsPerSecond, 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, 'SQL/req': r.sqlStatementsPerRequest, errors: r.errors })));
    console.log(`server RSS after load: ${Object.entries(serverRssMiB).map(([k, v]) => `${v} MiB (${k})`).join(', ')}`);
    report.recommend = { runs, serverRssMiB };
  }

  const dir = resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
