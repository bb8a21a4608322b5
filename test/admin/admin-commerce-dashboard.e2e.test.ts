import { adminToken, checkout, creatorWithCourse, publishedCourse, rawId } from '../commerce/commerce-fixtures';
import { signUpUser, startTestServer, TestServer } from '../harness/server';

const ORDERS = `query($status: OrderStatus, $first: Int, $after: String) { adminOrders(status: $status, first: $first, after: $after) {
  nodes { id code status total { amount currency } buyer { id email profile { displayName } } lines { description course { title } } }
  totalCount pageInfo { hasNextPage endCursor } } }`;
const REFUNDS = `query($status: RefundStatus) { refundRequests(status: $status) {
  nodes { id status reason amount { amount currency } order { id code buyer { id } } } totalCount } }`;
const REQUEST_REFUND = `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { code message } } }`;
const RESOLVE_REFUND = `mutation($id: ID!, $approve: Boolean!, $note: String) { resolveRefund(id: $id, approve: $approve, note: $note) {
  refund { id status } errors { code message } } }`;
const COURSES = `query($query: String, $status: CourseStatus) { adminCourses(query: $query, status: $status) { nodes { id title status } totalCount } }`;
const DASHBOARD = `query($days: Int) { adminDashboard(days: $days) { days from to
  totals { paidOrders newEnrollments newUsers openRefundRequests revenue { amount currency formatted } }
  revenue { currency total { amount } days { day paidOrders gross { amount } refunded { amount } net { amount } } }
  newEnrollments { day count } newUsers { day count } } }`;

const DAY_MS = 86_400_000;
const dayBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

describe('admin API: courses, orders, refunds and the dashboard', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await adminToken(t);
  });
  afterAll(async () => t.stop());

  it('adminCourses lists drafts and suspended courses that the public catalog hides, filtered by status and search', async () => {
    const creator = await signUpUser(t, 'Author');
    const published = await publishedCourse(t, creator.token, null, 1);
    const draft = await publishedCourse(t, creator.token, null, 1, false);
    await t.db.dataSource.query(`UPDATE courses SET status = 'SUSPENDED' WHERE id = $1`, [rawId(published.id)]);
    const all = await t.gql(COURSES, {}, admin);
    expect(all.data.adminCourses.nodes.map((c: any) => c.id)).toEqual(expect.arrayContaining([published.id, draft.id]));
    const suspended = await t.gql(COURSES, { status: 'SUSPENDED' }, admin);
    expect(suspended.data.adminCourses.nodes).toEqual([{ id: published.id, title: expect.any(String), status: 'SUSPENDED' }]);
    expect((await t.gql(COURSES, { status: 'DRAFT' }, admin)).data.adminCourses.nodes.map((c: any) => c.id)).toEqual([draft.id]);
    expect((await t.gql(`{ courses { nodes { id } } }`)).data.courses.nodes.map((c: any) => c.id)).not.toContain(published.id);
    const title = suspended.data.adminCourses.nodes[0].title as string;
    expect((await t.gql(COURSES, { query: title.split(' ')[0] }, admin)).data.adminCourses.nodes.map((c: any) => c.id)).toContain(published.id);
  });

  it("an admin sees every buyer's orders and decides a refund request from the refund queue", async () => {
    const { course } = await creatorWithCourse(t, { amount: 8800, currency: 'CNY' });
    const buyers = [await signUpUser(t, 'BuyerA'), await signUpUser(t, 'BuyerB')];
    const orders = [];
    for (const buyer of buyers) orders.push((await checkout(t, buyer.token, [course.id])).order);
    const listed = await t.gql(ORDERS, { status: 'PAID' }, admin);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.adminOrders.nodes.slice(0, 2)).toEqual([
      expect.objectContaining({
        id: orders[1].id,
        status: 'PAID',
        total: { amount: 8800, currency: 'CNY' },
        buyer: expect.objectContaining({ id: buyers[1].userId, email: buyers[1].email }),
      }),
      expect.objectContaining({ id: orders[0].id, buyer: expect.objectContaining({ id: buyers[0].userId }) }),
    ]);
    expect((await t.gql(ORDERS, { status: 'REFUNDED' }, admin)).data.adminOrders.totalCount).toBe(0);

    const asked = await t.gql(REQUEST_REFUND, { input: { orderId: orders[0].id, reason: 'Bought it twice by mistake' } }, buyers[0].token);
    const refundId = asked.data.requestRefund.refund.id;
    const queue = await t.gql(REFUNDS, { status: 'REQUESTED' }, admin);
    expect(queue.data.refundRequests.nodes).toEqual([
      {
        id: refundId,
        status: 'REQUESTED',
        reason: 'Bought it twice by mistake',
        amount: { amount: 8800, currency: 'CNY' },
        order: { id: orders[0].id, code: orders[0].code, buyer: { id: buyers[0].userId } },
      },
    ]);
    const decided = await t.gql(RESOLVE_REFUND, { id: refundId, approve: true, note: 'duplicate purchase' }, admin);
    expect(decided.data.resolveRefund.errors).toEqual([]);
    expect((await t.gql(REFUNDS, { status: 'REQUESTED' }, admin)).data.refundRequests.totalCount).toBe(0);
    expect((await t.gql(REFUNDS, { status: 'SETTLED' }, admin)).data.refundRequests.nodes.map((r: any) => r.id)).toEqual([refundId]);
    expect((await t.gql(ORDERS, { status: 'REFUNDED' }, admin)).data.adminOrders.nodes.map((o: any) => o.id)).toEqual([orders[0].id]);
  });

  it('a page of orders with buyers, profiles and lines costs the same SQL statements for 2 or 20 orders', async () => {
    const { course } = await creatorWithCourse(t, { amount: 1200, currency: 'CNY' });
    for (let i = 0; i < 20; i += 1) await checkout(t, (await signUpUser(t, 'Many')).token, [course.id]);
    const small = await t.gql(ORDERS, { first: 2 }, admin);
    const large = await t.gql(ORDERS, { first: 20 }, admin);
    expect(large.data.adminOrders.nodes).toHaveLength(20);
    expect(large.data.adminOrders.nodes.every((o: any) => o.buyer.profile.displayName && o.lines[0].course.title)).toBe(true);
    expect(small.sqlStatements).toBeGreaterThan(0);
    expect(large.sqlStatements).toBe(small.sqlStatements);
    // walking the pages visits every order once
    const total = large.data.adminOrders.totalCount;
    const seen = new Set<string>();
    let after: string | null = null;
    do {
      const page: any = await t.gql(ORDERS, { first: 7, after }, admin);
      for (const o of page.data.adminOrders.nodes) seen.add(o.id);
      after = page.data.adminOrders.pageInfo.hasNextPage ? page.data.adminOrders.pageInfo.endCursor : null;
    } while (after);
    expect(seen.size).toBe(total);
  });

  it('the dashboard adds up a known set of paid orders, settled refunds and enrollments per UTC day and currency', async () => {
    const db = t.db.dataSource;
    const before = (await t.gql(DASHBOARD, { days: 30 }, admin)).data.adminDashboard;
    expect(before.days).toBe(30);
    expect(before.newEnrollments).toHaveLength(30);
    expect(before.from).toBe(dayBefore(before.to, 29));
    const today = before.to;
    const threeDaysAgo = dayBefore(today, 3);
    const longAgo = dayBefore(today, 45);
    const buyer = await signUpUser(t, 'Figures');
    const buyerId = rawId(buyer.userId);
    const insertOrder = async (code: string, currency: string, total: number, paidAt: string) => {
      const [row] = await db.query(
        `INSERT INTO orders (code, kind, buyer_id, status, currency, subtotal_amount, total_amount, paid_at)
        VALUES ($1, 'PURCHASE', $2, 'PAID', $3, $4, $4, $5) RETURNING id`,
        [code, buyerId, currency, total, paidAt],
      );
      return row.id as string;
    };
    const first = await insertOrder(`DASH-1-${Date.now()}`, 'JPY', 9900, `${today}T00:00:01Z`);
    await insertOrder(`DASH-2-${Date.now()}`, 'JPY', 5000, `${today}T00:00:02Z`);
    await insertOrder(`DASH-3-${Date.now()}`, 'JPY', 1999, `${threeDaysAgo}T12:00:00Z`);
    await insertOrder(`DASH-4-${Date.now()}`, 'EUR', 1500, `${threeDaysAgo}T23:59:59Z`);
    await insertOrder(`DASH-5-${Date.now()}`, 'JPY', 7000, `${longAgo}T12:00:00Z`);
    await insertOrder(`DASH-6-${Date.now()}`, 'JPY', 4000, `${dayBefore(today, -1)}T00:00:00Z`); // tomorrow: outside
    await db.query(`INSERT INTO refunds (order_id, amount, currency, reason, status, settled_at) VALUES ($1, 2000, 'JPY', 'partial', 'SETTLED', $2)`, [
      first,
      `${today}T00:00:03Z`,
    ]);
    await db.query(`INSERT INTO refunds (order_id, amount, currency, reason, status) VALUES ($1, 500, 'JPY', 'asked', 'REQUESTED')`, [first]);
    const courses = [];
    for (let i = 0; i < 3; i += 1) courses.push(rawId((await publishedCourse(t, buyer.token, null, 1)).id));
    await db.query(`INSERT INTO enrollments (user_id, course_id, source, enrolled_at) VALUES ($1, $2, 'GRANT', $4), ($1, $3, 'GRANT', $4)`, [
      buyerId,
      courses[0],
      courses[1],
      `${threeDaysAgo}T08:00:00Z`,
    ]);

    const after = (await t.gql(DASHBOARD, { days: 30 }, admin)).data.adminDashboard;
    const jpy = after.revenue.find((s: any) => s.currency === 'JPY');
    const eur = after.revenue.find((s: any) => s.currency === 'EUR');
    const on = (series: any, day: string) => series.days.find((d: any) => d.day === day);
    expect(on(jpy, today)).toEqual({ day: today, paidOrders: 2, gross: { amount: 14900 }, refunded: { amount: 2000 }, net: { amount: 12900 } });
    expect(on(jpy, threeDaysAgo)).toEqual({ day: threeDaysAgo, paidOrders: 1, gross: { amount: 1999 }, refunded: { amount: 0 }, net: { amount: 1999 } });
    expect(jpy.total.amount).toBe(12900 + 1999);
    expect(eur.days.filter((d: any) => d.paidOrders > 0)).toEqual([
      { day: threeDaysAgo, paidOrders: 1, gross: { amount: 1500 }, refunded: { amount: 0 }, net: { amount: 1500 } },
    ]);
    expect(after.totals.revenue).toEqual(
      expect.arrayContaining([
        { amount: 14899, currency: 'JPY', formatted: expect.stringContaining('14,899') },
        expect.objectContaining({ amount: 1500, currency: 'EUR' }),
      ]),
    );
    expect(after.totals.paidOrders - before.totals.paidOrders).toBe(4);
    expect(after.totals.openRefundRequests - before.totals.openRefundRequests).toBe(1);
    const enrolledOn = (d: any, day: string) => d.newEnrollments.find((e: any) => e.day === day).count;
    expect(enrolledOn(after, threeDaysAgo) - enrolledOn(before, threeDaysAgo)).toBe(2);
    expect(after.totals.newEnrollments - before.totals.newEnrollments).toBe(2);
    expect(after.totals.newUsers - before.totals.newUsers).toBe(1);

    const twoMonths = (await t.gql(DASHBOARD, { days: 60 }, admin)).data.adminDashboard;
    expect(
      on(
        twoMonths.revenue.find((s: any) => s.currency === 'JPY'),
        longAgo,
      ).gross.amount,
    ).toBe(7000);
    expect((await t.gql(DASHBOARD, { days: 0 }, admin)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.gql(DASHBOARD, { days: 367 }, admin)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
