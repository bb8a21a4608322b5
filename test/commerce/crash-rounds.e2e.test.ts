import { crashServer, CrashServer } from '../harness/crash-server';
import { startLoad } from '../harness/crash-load';
import { buildWorld, closeWorld, CrashWorld, sleep } from '../harness/crash-world';
import { createTestDatabase, TestDatabase } from '../harness/database';
import { moneyInvariantProblems, moneySafetyProblems, sqlClientOf } from '../harness/money-invariants';
import { startStripeServer, StripeTestServer } from '../harness/stripe-server';
import { WebhookReceiver } from '../partners/webhook-receiver';

/** Timings short enough for a test: leases of a few seconds, unpaid orders expire after 8 s. */
export const CRASH_SERVER_ENV = {
  STRIPE_SECRET_KEY: 'sk_test_knowpay',
  STRIPE_WEBHOOK_SECRET: 'whsec_knowpay_crash_rounds',
  PAYMENT_PROVIDER_TIMEOUT_MS: '2000',
  PENDING_ORDER_TTL_SECONDS: '8',
  REFUND_RETRY_SECONDS: '1',
  RENEWAL_RETRY_SECONDS: '2',
  WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_RETRY_BASE_MS: '200',
  WEBHOOK_RETRY_MAX_MS: '2000',
  API_KEY_RATE_LIMIT: '100000',
  API_KEY_RATE_PER_MINUTE: '1000000',
};

/** Stripe retries a failed webhook for days; here every few seconds for a few minutes (the server is down most of a round). */
export const STRIPE_RETRIES = [250, 500, 1000, 2000, ...Array.from({ length: 60 }, () => 3000)];

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
    server = await crashServer({ databaseUrl: db.url, env: { ...CRASH_SERVER_ENV, STRIPE_API_URL: stripe.url } });
    await server.start();
    stripe.webhooks.configure({ url: `${server.url}/webhooks/stripe`, secret: CRASH_SERVER_ENV.STRIPE_WEBHOOK_SECRET,
      events: ['payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled', 'refund.created', 'refund.updated'] });
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
    stripe.webhooks.chaos({ duplicateRate: 0.3, maxDelayMs: 400, retryDelaysMs: STRIPE_RETRIES, random: w.random });
    const inputs = { db: sqlClientOf(w.db), stripe: stripe.store, answersByKey: w.answersByKey };
    const load = startLoad(w, 6);
    for (let round = 0; round < ROUNDS; round++) {
      await sleep(300 + Math.floor(w.random() * 900));
      await server.kill();
      await sleep(Math.floor(w.random() * 300));
      await server.start();
      expect({ seed: SEED, round, safety: await moneySafetyProblems(inputs) }).toEqual({ seed: SEED, round, safety: [] });
    }
    await load.stop();

    // Quiet now: wait for what was started to finish (leases of a few seconds, expiries of 8 s, Stripe's redeliveries).
    const everything = { ...inputs, partnerDeliveries: receiver.received };
    let problems = await moneyInvariantProblems(everything);
    for (const deadline = Date.now() + 60_000; problems.length && Date.now() < deadline;) {
      await sleep(1000);
      problems = await moneyInvariantProblems(everything);
    }
    if (problems.length && process.env.CRASH_DEBUG) {
      const stuck = problems.map((p) => /Stripe took \d+ on (pi_\w+)/.exec(p)?.[1]).filter(Boolean) as string[];
      for (const pi of stuck) {
        const attempts = stripe.webhooks.deliveries.filter((d) => d.payload.includes(pi)).map((d) => `${d.type} ${d.eventId} ${d.status ?? d.error} ${d.responseBody.slice(0, 200)}`);
        console.log(`${pi}:\n  ${attempts.join('\n  ')}`);
      }
      console.log(server.output());
    }
    expect({ seed: SEED, problems }).toEqual({ seed: SEED, problems: [] });

    // The load did what it says: money moved every way while the server kept dying.
    const [counts] = (await w.db.query(`SELECT
        (SELECT count(*) FROM orders WHERE kind = 'PURCHASE' AND status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'))::int AS paid,
        (SELECT count(*) FROM orders WHERE kind = 'PURCHASE' AND status = 'CANCELED')::int AS expired,
        (SELECT count(*) FROM refunds WHERE status = 'SETTLED')::int AS refunds,
        (SELECT count(*) FROM orders WHERE kind = 'MEMBERSHIP' AND status = 'PAID')::int AS membership_payments,
        (SELECT count(*) FROM orders WHERE kind = 'PARTNER_SALE')::int AS partner_sales,
        (SELECT count(*) FROM orders WHERE kind = 'SEAT_PACK')::int AS seat_packs,
        (SELECT count(*) FROM webhook_events)::int AS partner_events`)).rows;
    expect(server.starts).toBe(ROUNDS + 1);
    expect(counts.paid).toBeGreaterThan(0);
    expect(counts.partner_sales + counts.seat_packs).toBeGreaterThan(0);
    expect(counts.partner_events).toBeGreaterThan(0);
    expect(w.api.networkErrors).toBeGreaterThan(0);
  }, 170_000);
});
