import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { adminToken, checkout, creatorWithCourse } from './commerce-fixtures';

const STATS_INT = `{ viewer { creator { stats { sales grossRevenue { amount currency } } } } }`;
const STATS_EXACT = `{ viewer { creator { stats { sales grossRevenue { exactAmount formatted currency } netRevenue { amount exactAmount } } } } }`;
const DASHBOARD = `{ adminDashboard(days: 1) { revenue { currency total { exactAmount formatted } } } }`;

/**
 * Money.amount is a 32-bit Int; prices are capped well below it, but sums
 * are not: 22 sales of a ¥1,000,000 course gross ¥22,000,000 =
 * 2,200,000,000 fen. Sums read exactly through Money.exactAmount (a
 * MinorUnits string), and asking the Int field for one is a clear,
 * coded error on that field instead of an internal error.
 */
describe('money sums beyond 32 bits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.stop());

  it("a creator's gross of 2,200,000,000 fen reads exactly, and Money.amount says to use exactAmount", async () => {
    const { creator, course } = await creatorWithCourse(t, { amount: 100_000_000, currency: 'CNY' });
    const buyers = await Promise.all(Array.from({ length: 22 }, () => signUpUser(t, 'Whale')));
    for (const buyer of buyers) expect((await checkout(t, buyer.token, [course.id])).order.status).toBe('PAID');

    const asInt = await t.gql(STATS_INT, {}, creator.token);
    expect(asInt.errors?.[0]).toMatchObject({
      path: ['viewer', 'creator', 'stats', 'grossRevenue', 'amount'],
      extensions: { code: 'AMOUNT_OUT_OF_RANGE', exactAmount: '2200000000' },
      message: expect.stringContaining('exactAmount'),
    });

    const exact = (await t.gql(STATS_EXACT, {}, creator.token)).data.viewer.creator.stats;
    expect(exact).toEqual({
      sales: 22,
      grossRevenue: { exactAmount: '2200000000', formatted: '¥22,000,000.00', currency: 'CNY' },
      netRevenue: { amount: 1_760_000_000, exactAmount: '1760000000' },
    });

    const dashboard = (await t.gql(DASHBOARD, {}, await adminToken(t))).data.adminDashboard.revenue;
    expect(dashboard).toEqual([{ currency: 'CNY', total: { exactAmount: '2200000000', formatted: '¥22,000,000.00' } }]);
  });
});
