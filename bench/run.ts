import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { startKnowpay } from './bench-server';
import { catalogBench } from './catalog.bench';
import { checkoutBench } from './checkout.bench';
import { fuzzBench } from './fuzz.bench';
import { BenchReport, readPathGoals } from './goals';
import { realtimeBench } from './realtime.bench';
import { recommendBench } from './recommend.bench';
import { statementsBench } from './statements.bench';

/**
 * `npm run bench [-- catalog|realtime|checkout|recommend|fuzz|statements]`: starts the real server on seeded data (its
 * own embedded PostgreSQL, or BENCH_DATABASE_URL) and prints figures.
 * Nothing here asserts timings; the numbers are for people to compare.
 */
async function main(): Promise<void> {
  const only = process.argv[2];
  const env: Record<string, string> = process.env.BENCH_DATABASE_URL
    ? { DATABASE_URL: process.env.BENCH_DATABASE_URL, SEED_DEMO_DATA: 'true' }
    : { EMBEDDED_PG_DIR: '.data/bench-postgres', EMBEDDED_PG_PORT: '54349', SEED_DEMO_DATA: 'true' };
  // BENCH_LOG_LEVEL=info: the server writes its JSON line per request (to /dev/null), as in production.
  if (process.env.BENCH_LOG_LEVEL) Object.assign(env, { LOG_LEVEL: process.env.BENCH_LOG_LEVEL, LOG_FORMAT: 'json' });
  // What the checkout and statements benches read directly: BENCH_DATABASE_URL, or the embedded PostgreSQL the server starts.
  const benchDatabaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:54349/knowpay';
  const report: Record<string, unknown> = { at: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model };
  // Each database is first opened by a server of its own, stopped before anything is measured. On a fresh database
  // that server seeds the demo shop (the history replay), which leaves ~100 MiB of garbage in its heap until V8's
  // memory reducer runs; a measured server that had seeded read 404 MiB idle instead of 289–298. On a seeded
  // database this costs one start (a few seconds).
  const opened = new Set<string>();
  const openFirst = async (benchEnv: Record<string, string>) => {
    const database = benchEnv.DATABASE_URL ?? benchEnv.EMBEDDED_PG_DIR;
    if (opened.has(database)) return;
    opened.add(database);
    console.error(`opening ${database} (seeding it if new) in a server that is not measured …`);
    await (await startKnowpay(benchEnv, 4519)).stop();
  };

  if (!only || only === 'catalog') {
    console.error('catalog: starting server on seeded data …');
    // The catalog reads the demo data alone: in the shared bench database, courses that the other benches create
    // would take over the newest-first page (smaller and simpler than the seeded ones, 15 instead of 20 KB).
    const catalogEnv = process.env.BENCH_DATABASE_URL ? env : { ...env, EMBEDDED_PG_DIR: '.data/bench-postgres-catalog', EMBEDDED_PG_PORT: '54350' };
    await openFirst(catalogEnv);
    const { runs, serverRssMiB } = await catalogBench(catalogEnv);
    console.log(
      '\ncatalog read path (autocannon, loopback, %s connections; "of ceiling": req/s over the bare 2 KB node:http server in this run)',
      process.env.BENCH_CONNECTIONS ?? 20,
    );
    console.table(
      runs.map((r) => ({
        run: r.name,
        'req/s': r.requestsPerSecond,
        'p50 ms': r.p50Ms,
        'p99 ms': r.p99Ms,
        'SQL/req': r.sqlStatementsPerRequest ?? '-',
        bytes: r.responseBytes ?? '-',
        'of ceiling': r.shareOfCeiling ?? '-',
        'server CPU µs/req': r.cpuMicrosPerRequest ?? '-',
        errors: r.errors,
      })),
    );
    console.log(`server RSS after load: ${serverRssMiB} MiB`);
    report.catalog = { runs, serverRssMiB };
  }

  if (!only || only === 'realtime') {
    console.error('realtime: starting server, connecting subscribers …');
    await openFirst(env);
    const { fanout, recordProgress } = await realtimeBench(env);
    console.log('\nchat fan-out (one room, one instance, graphql-ws over loopback)');
    console.table([
      {
        subscribers: fanout.subscribers,
        messages: fanout.messages,
        deliveries: fanout.deliveries,
        lost: fanout.lost,
        'p50 ms': fanout.p50Ms,
        'p99 ms': fanout.p99Ms,
        'max ms': fanout.maxMs,
        'deliveries/s': fanout.deliveriesPerSecond,
      },
    ]);
    console.log(
      `connect ${fanout.subscribers} subscribers: ${fanout.connectSeconds} s; server RSS ${fanout.serverRssBeforeMiB} → ${fanout.serverRssAfterMiB} MiB (${fanout.kibPerConnection} KiB per connection), ${fanout.serverRssUnderLoadMiB} MiB while messages flow (models loaded)`,
    );
    console.log('\nrecordProgress (autocannon, %s connections, %s learners)', process.env.BENCH_CONNECTIONS ?? 20, recordProgress.learners);
    console.table([
      { 'req/s': recordProgress.requestsPerSecond, 'p50 ms': recordProgress.p50Ms, 'p99 ms': recordProgress.p99Ms, errors: recordProgress.errors },
    ]);
    report.realtime = { fanout, recordProgress };
  }

  if (!only || only === 'checkout') {
    console.error('checkout: starting server, signing up buyers …');
    await openFirst(env);
    const checkout = await checkoutBench(env, benchDatabaseUrl);
    console.log(
      '\ncheckout with the test payment provider (autocannon, %s concurrent buyers, each buys %s courses once)',
      checkout.buyers,
      checkout.requests / checkout.buyers,
    );
    console.table([
      {
        requests: checkout.requests,
        'req/s': checkout.requestsPerSecond,
        'p50 ms': checkout.p50Ms,
        'p99 ms': checkout.p99Ms,
        errors: checkout.errors,
        'paid orders': checkout.paidOrders,
        'ledger problems': checkout.ledgerProblems,
      },
    ]);
    console.log(`server RSS after load: ${checkout.serverRssMiB} MiB`);
    report.checkout = checkout;
  }

  if (!only || only === 'recommend') {
    console.error('recommend: starting the server twice (with and without micro-batching) …');
    await openFirst(env);
    const { runs, serverRssMiB } = await recommendBench(env);
    console.log('\nrecommendations through GraphQL (autocannon, loopback)');
    console.table(
      runs.map((r) => ({
        run: r.name,
        'req/s': r.requestsPerSecond,
        'p50 ms': r.p50Ms,
        'p99 ms': r.p99Ms,
        'SQL/req': r.sqlStatementsPerRequest,
        errors: r.errors,
      })),
    );
    console.log(
      `server RSS after load: ${Object.entries(serverRssMiB)
        .map(([k, v]) => `${v} MiB (${k})`)
        .join(', ')}`,
    );
    report.recommend = { runs, serverRssMiB };
  }

  if (!only || only === 'fuzz') {
    console.error('fuzz: starting server, sending hostile requests …');
    await openFirst(env);
    const { fuzz, honest } = await fuzzBench(env);
    console.log('\nhostile requests generated from the schema (%s at 8 connections, default throttles)', fuzz.requests);
    console.table([
      {
        requests: fuzz.requests,
        seconds: fuzz.seconds,
        '5xx': fuzz.serverErrors.length,
        'stack traces': fuzz.stackTraces.length,
        timeouts: fuzz.timeouts,
        '> 1 s': fuzz.slowerThan1s,
        'share > 1 s': `${((100 * fuzz.slowerThan1s) / Math.max(1, fuzz.requests)).toFixed(2)}%`,
        'p50 ms': fuzz.p50Ms,
        'p99 ms': fuzz.p99Ms,
        'max ms': fuzz.maxMs,
      },
    ]);
    console.log('by kind:', fuzz.byKind);
    console.log('by status:', fuzz.byStatus);
    if (Object.keys(fuzz.noAnswer).length) console.log('no HTTP answer (connection closed):', fuzz.noAnswer);
    console.log(
      `an honest catalog page every 100 ms during the attack: ${honest.requests} requests, p50 ${honest.p50Ms} ms, p99 ${honest.p99Ms} ms, ${honest.failures} failed`,
    );
    report.fuzz = { ...fuzz, serverErrors: fuzz.serverErrors.slice(0, 20), stackTraces: fuzz.stackTraces.slice(0, 20), honest };
  }

  if (!only || only === 'statements') {
    console.error('statements: starting server, loading a synthetic ledger …');
    await openFirst(env);
    const figures = await statementsBench(env, benchDatabaseUrl);
    console.log(
      '\nissuing a month of statements and invoices (%s journals, %s postings over two months; loaded in %s s)',
      figures.journals,
      figures.postings,
      figures.loadSeconds,
    );
    console.table([
      {
        what: 'creator statements',
        owners: figures.creators,
        issued: figures.statementsIssued,
        'first issue ms': figures.issueStatementsMs,
        'again (nothing new) ms': figures.reissueStatementsMs,
      },
      {
        what: 'partner invoices',
        owners: figures.partners,
        issued: figures.invoicesIssued,
        'first issue ms': figures.issueInvoicesMs,
        'again (nothing new) ms': figures.reissueInvoicesMs,
      },
    ]);
    report.statements = figures;
  }

  const goals = readPathGoals(report as BenchReport);
  if (goals.length) {
    console.log('\nread-path goals (issue 18), judged in this run against its own bare node:http ceiling');
    console.table(goals);
    report.goals = goals;
  }

  const dir = resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
