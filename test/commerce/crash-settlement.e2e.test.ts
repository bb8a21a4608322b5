import { randomUUID } from 'node:crypto';
import { crashServer, CrashServer, postGraphQL } from '../harness/crash-server';
import { createTestDatabase, TestDatabase } from '../harness/database';
import { signUpUser, startTestServerOn, TestServer } from '../harness/server';
import { waitUntil } from '../harness/subscriptions';
import { CHECKOUT, creatorWithCourse, hasAccess, ledgerProblems, rawId } from './commerce-fixtures';

const STATS = `{ viewer { creator { stats { sales grossRevenue { amount } } } } }`;

/**
 * Two instances on one database, the built-in test provider: 40 buyers
 * check out one paid course through instance A at once, A is SIGKILLed
 * while their checkouts are in flight, and every buyer retries its
 * idempotency key through instance B. Whatever A had committed must
 * finish: settlement goes through the durable queue, not A's memory.
 */
describe('a crash in the middle of 40 checkouts loses no settlement', () => {
  let db: TestDatabase;
  let a: CrashServer;
  let b: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    b = await startTestServerOn(db, { JOB_POLL_SECONDS: '1' });
    a = await crashServer({ databaseUrl: db.url });
    await a.start();
  });
  afterAll(async () => {
    await a?.kill();
    await b?.stop();
    await db?.drop();
  });

  it('every buyer ends up with one paid order and access; the creator sees 40 sales', async () => {
    const { creator, course } = await creatorWithCourse(b, { amount: 4900, currency: 'CNY' });
    const buyers = await Promise.all(Array.from({ length: 40 }, () => signUpUser(b, 'Rush')));
    const keys = buyers.map(() => randomUUID());
    const variables = (i: number) => ({ input: { courseIds: [course.id], idempotencyKey: keys[i] } });

    // Fire all 40 at A and kill A as soon as some orders committed but not all are paid.
    const inFlight = buyers.map((buyer, i) => postGraphQL(a.url, CHECKOUT, variables(i), buyer.token).catch(() => null));
    await waitUntil(
      async () => {
        const [row] = await db.dataSource.query(`SELECT count(*)::int AS n FROM orders WHERE status = 'PENDING_PAYMENT'`);
        return row.n > 0;
      },
      20_000,
      'a committed pending order',
    );
    await a.kill();
    await Promise.all(inFlight);

    // Every buyer retries its own key through B.
    const orders = await Promise.all(
      buyers.map(async (buyer, i) => {
        const res = await b.gql(CHECKOUT, variables(i), buyer.token);
        expect(res.data.checkout.errors).toEqual([]);
        return res.data.checkout.order;
      }),
    );
    expect(new Set(orders.map((o) => o.id)).size).toBe(40);

    await waitUntil(
      async () => {
        const [row] = await db.dataSource.query(`SELECT count(*)::int AS n FROM orders WHERE status = 'PAID'`);
        return row.n === 40;
      },
      30_000,
      '40 paid orders',
    );
    for (const buyer of buyers) expect(await hasAccess(b, buyer.token, course.id)).toBe(true);
    const [journals] = await db.dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT order_id)::int AS orders FROM ledger_journals WHERE kind = 'SALE'`);
    expect(journals).toEqual({ n: 40, orders: 40 });
    const stats = (await b.gql(STATS, {}, creator.token)).data.viewer.creator.stats;
    expect(stats).toEqual({ sales: 40, grossRevenue: { amount: 40 * 4900 } });
    expect(await ledgerProblems(b)).toEqual([]);
    const perKey = await db.dataSource.query(
      `SELECT count(DISTINCT result->>'orderId')::int AS n FROM idempotency_keys WHERE operation = 'checkout' AND user_id = ANY($1) GROUP BY user_id, key`,
      [buyers.map((buyer) => rawId(buyer.userId))],
    );
    expect(perKey.every((row: { n: number }) => row.n === 1)).toBe(true);
  }, 90_000);
});
