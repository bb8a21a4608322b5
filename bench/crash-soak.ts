import 'reflect-metadata';
import { Client } from 'pg';
import { crashServer } from '../test/harness/crash-server';
import { moneyFigures, runCrashRounds } from '../test/harness/crash-rounds';
import { buildWorld, closeWorld, connectStripe, crashServerEnv } from '../test/harness/crash-world';
import { sqlClientOf } from '../test/harness/money-invariants';
import { startStripeServer } from '../test/harness/stripe-server';
import { WebhookReceiver } from '../test/partners/webhook-receiver';

/**
 * The long crash run: the same harness as test/commerce/crash-rounds.e2e.test.ts
 * (the real server SIGKILLed at random points under a mixed money load),
 * for many more rounds. `npm run -s build && node dist/bench/crash-soak.js`.
 *
 * CRASH_ROUNDS (100), CRASH_CLIENTS (8 load loops), CRASH_SEED,
 * CRASH_PROVIDER (stripe: the local Stripe stand-in with late, duplicated
 * and out-of-order webhooks; test: the built-in provider), and
 * BENCH_DATABASE_URL (a PostgreSQL admin URL; default the local server on
 * 127.0.0.1:5432) where a fresh database is created and dropped.
 * Prints figures; exits 1 when an invariant failed.
 */
async function main(): Promise<void> {
  const rounds = Number(process.env.CRASH_ROUNDS ?? 100);
  const clients = Number(process.env.CRASH_CLIENTS ?? 8);
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
  const provider = process.env.CRASH_PROVIDER === 'test' ? 'test' : 'stripe';
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `kp_crash_soak_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();

  const stripe = provider === 'stripe' ? await startStripeServer() : null;
  const receiver = await new WebhookReceiver(0).start();
  const server = await crashServer({ databaseUrl, env: crashServerEnv(stripe?.url ?? null), startTimeoutMs: 180_000 });
  const firstStart = Date.now();
  await server.start(); // migrates the new database
  console.error(`crash soak: ${provider} provider, seed ${seed}, ${rounds} rounds, ${clients} clients; server up in ${Date.now() - firstStart} ms`);
  if (stripe) connectStripe(stripe, server.url, seed);
  const world = await buildWorld({ url: server.url, databaseUrl, stripe, partnerWebhookUrl: receiver.url, seed });
  const started = Date.now();
  const report = await runCrashRounds(
    server,
    world,
    { db: sqlClientOf(world.db), stripe: stripe?.store, answersByKey: world.answersByKey, partnerDeliveries: receiver.received },
    { rounds, clients, settleMs: 120_000 },
  );
  const figures = await moneyFigures(world.db);
  const sorted = [...report.restartMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

  console.log(`\ncrash soak (${provider} provider, seed ${seed}): ${report.rounds} SIGKILL/restart rounds in ${Math.round((Date.now() - started) / 1000)} s`);
  console.table([
    {
      rounds: report.rounds,
      'restart p50 ms': at(0.5),
      'restart p99 ms': at(0.99),
      'converged in ms': report.convergeMs,
      'unsafe after round': report.unsafe?.round ?? '-',
      'problems left': report.problems.length,
    },
  ]);
  console.table([{ ...world.done, 'network errors': world.api.networkErrors, 'internal errors': world.api.internalErrors }]);
  console.table([{ ...figures, 'stripe webhook attempts': stripe?.webhooks.deliveries.length ?? '-', 'partner receipts': receiver.received.length }]);
  for (const problem of [...(report.unsafe?.problems ?? []), ...report.problems]) console.log(`  problem: ${problem}`);

  await server.stop();
  await closeWorld(world);
  await stripe?.stop();
  await receiver.stop();
  const failed = !!report.unsafe || report.problems.length > 0;
  if (failed) console.log(`kept database ${name} for a look (drop it when done)`);
  else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error('crash soak failed:', error);
  process.exit(1);
});
