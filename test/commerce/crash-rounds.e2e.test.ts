import { crashServer, CrashServer } from '../harness/crash-server';
import { moneyFigures, runCrashRounds } from '../harness/crash-rounds';
import { buildWorld, closeWorld, connectStripe, crashServerEnv, CrashWorld } from '../harness/crash-world';
import { createTestDatabase, TestDatabase } from '../harness/database';
import { sqlClientOf } from '../harness/money-invariants';
import { startStripeServer, StripeTestServer } from '../harness/stripe-server';
import { WebhookReceiver } from '../partners/webhook-receiver';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);

/**
 * The heart of issue 16: the real server process under a mixed money load
 * (checkouts retried on their keys, Stripe webhooks late, twice and out of
 * order, refunds, renewals, seat packs, partner sales, partner webhooks),
 * SIGKILLed at a random moment 20 times and started again. After every
 * restart the books are safe (balanced, nothing twice); once the load stops
 * and the system has caught up, everything started has finished.
 */
describe('crash rounds', () => {
  let db: TestDatabase;
  let stripe: StripeTestServer;
  let receiver: WebhookReceiver;
  let server: CrashServer;
  let world: CrashWorld | null = null;

  beforeAll(async () => {
    db = await createTestDatabase();
    stripe = await startStripeServer();
    receiver = await new WebhookReceiver(0).start();
    server = await crashServer({ databaseUrl: db.url, env: crashServerEnv(stripe.url) });
    await server.start();
    connectStripe(stripe, server.url, SEED);
  });
  afterAll(async () => {
    await server?.stop();
    if (world) await closeWorld(world);
    await stripe?.stop();
    await receiver?.stop();
    await db?.drop();
  });

  it(`${ROUNDS} SIGKILL/restart rounds under a mixed load keep every money invariant (seed from CRASH_SEED)`, async () => {
    const w = await buildWorld({ url: server.url, databaseUrl: db.url, stripe, partnerWebhookUrl: receiver.url, seed: SEED });
    world = w;
    const inputs = { db: sqlClientOf(w.db), stripe: stripe.store, answersByKey: w.answersByKey, partnerDeliveries: receiver.received };
    const report = await runCrashRounds(server, w, inputs, { rounds: ROUNDS, clients: 6, settleMs: 60_000 });
    if (report.problems.length && process.env.CRASH_DEBUG) {
      const stuck = report.problems.map((p) => /Stripe took \d+ on (pi_\w+)/.exec(p)?.[1]).filter(Boolean) as string[];
      for (const pi of stuck) {
        const attempts = stripe.webhooks.deliveries
          .filter((d) => d.payload.includes(pi))
          .map((d) => `${d.type} ${d.eventId} ${d.status ?? d.error} ${d.responseBody.slice(0, 200)}`);
        console.log(`${pi}:\n  ${attempts.join('\n  ')}`);
      }
      console.log(server.output());
    }
    expect({ seed: SEED, unsafe: report.unsafe, problems: report.problems }).toEqual({ seed: SEED, unsafe: null, problems: [] });

    // The load did what it says: money moved every way while the server kept dying.
    const figures = await moneyFigures(w.db);
    expect(server.starts).toBe(ROUNDS + 1);
    expect(figures.paidPurchases).toBeGreaterThan(0);
    expect(figures.partnerSales + figures.seatPacks).toBeGreaterThan(0);
    expect(figures.partnerEvents).toBeGreaterThan(0);
    expect(w.api.networkErrors).toBeGreaterThan(0);
  }, 170_000);
});
