import { randomUUID } from 'node:crypto';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { ACCESS, CHECKOUT, checkout, creatorWithCourse, hasAccess, ledgerProblems, publishedCourse, rawId } from './commerce-fixtures';

const QUOTE = `query($id: ID!, $code: String) { priceQuote(courseId: $id, couponCode: $code) { listPrice { amount currency } discount { amount } total { amount formatted } couponApplied errors { code message field } } }`;
const COUPON = `mutation($input: CreateCouponInput!) { createCoupon(input: $input) { coupon { id code kind value redemptions maxRedemptions } errors { code message field } } }`;
const ENROLL_FREE = `mutation($id: ID!) { enrollFree(courseId: $id) { enrollment { id course { id } } errors { code message field } } }`;

describe('commerce: buying courses with the built-in test payment provider', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.stop());

  it('a learner buys a course, sees the order PAID with its lines, and can open every lesson', async () => {
    const { course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'Buyer');
    expect(await hasAccess(t, learner.token, course.id)).toBe(false);
    const { order, errors } = await checkout(t, learner.token, [course.id]);
    expect(errors).toEqual([]);
    expect(order).toMatchObject({
      status: 'PAID',
      subtotal: { amount: 9900, currency: 'CNY' },
      discount: { amount: 0 },
      total: { amount: 9900, formatted: '¥99.00' },
    });
    expect(order.code).toMatch(/^KP-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}$/);
    expect(order.lines).toEqual([expect.objectContaining({ unitPrice: { amount: 9900 }, total: { amount: 9900 }, course: { id: course.id } })]);
    expect(order.payment).toMatchObject({ provider: 'test', status: 'succeeded' });
    const access = await t.gql(ACCESS, { id: course.id }, learner.token);
    expect(access.data.node.viewerHasAccess).toBe(true);
    expect(access.data.node.sections[0].lessons.map((l: { content: { body: string } | null }) => l.content?.body)).toEqual(['Text 1', 'Text 2', 'Text 3']);
    const mine = await t.gql(`{ viewer { orders(first: 5) { totalCount nodes { id status } } } }`, {}, learner.token);
    expect(mine.data.viewer.orders).toEqual({ totalCount: 1, nodes: [{ id: order.id, status: 'PAID' }] });
    // another learner cannot see the order
    const other = await signUpUser(t, 'Other');
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: order.id }, other.token)).data.node).toBeNull();
  });

  it('refuses what cannot be bought, with a coded error and nothing written', async () => {
    const { creator, course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'Picky');
    const draft = await publishedCourse(t, creator.token, { amount: 5000, currency: 'CNY' }, 1, false);
    const free = await publishedCourse(t, creator.token, null, 1);
    const usd = await publishedCourse(t, creator.token, { amount: 1999, currency: 'USD' }, 1);
    const cases: Array<[string[], string, string[]]> = [
      [[], 'INVALID_INPUT', ['input', 'courseIds']],
      [['not-an-id'], 'INVALID_INPUT', ['input', 'courseIds', '0']],
      [[course.id, course.id], 'INVALID_INPUT', ['input', 'courseIds', '1']],
      [[draft.id], 'NOT_FOUND', ['input', 'courseIds', '0']],
      [[free.id], 'INVALID_INPUT', ['input', 'courseIds', '0']],
      [[course.id, usd.id], 'INVALID_INPUT', ['input', 'courseIds', '1']],
    ];
    for (const [ids, code, field] of cases) {
      const { order, errors } = await checkout(t, learner.token, ids);
      expect({ ids, order, errors: errors.map((e: { code: string; field: string[] }) => ({ code: e.code, field: e.field })) }).toEqual({
        ids,
        order: null,
        errors: [{ code, field }],
      });
    }
    const own = await checkout(t, creator.token, [course.id]);
    expect(own.errors[0]).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('your own course') });
    expect(await t.db.dataSource.query('SELECT count(*)::int AS n FROM orders WHERE buyer_id = $1', [rawId(learner.userId)])).toEqual([{ n: 0 }]);
    await checkout(t, learner.token, [course.id]);
    const again = await checkout(t, learner.token, [course.id]);
    expect(again.errors).toEqual([expect.objectContaining({ code: 'ALREADY_ENROLLED', field: ['input', 'courseIds', '0'] })]);
    const anonymous = await t.gql(CHECKOUT, { input: { courseIds: [course.id], idempotencyKey: randomUUID() } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('enrolls in free courses, and only free ones', async () => {
    const { creator, course } = await creatorWithCourse(t);
    const free = await publishedCourse(t, creator.token, null, 2);
    const learner = await signUpUser(t, 'Free');
    const ok = await t.gql(ENROLL_FREE, { id: free.id }, learner.token);
    expect(ok.data.enrollFree).toMatchObject({ enrollment: { course: { id: free.id } }, errors: [] });
    expect((await t.gql(ENROLL_FREE, { id: free.id }, learner.token)).data.enrollFree.errors[0].code).toBe('ALREADY_ENROLLED');
    expect((await t.gql(ENROLL_FREE, { id: course.id }, learner.token)).data.enrollFree.errors[0].code).toBe('NOT_ENTITLED');
  });

  it('prices a multi-course checkout with a coupon without losing a fen, and quotes it first', async () => {
    const { creator, course: a } = await creatorWithCourse(t, { amount: 1000, currency: 'CNY' });
    const b = await publishedCourse(t, creator.token, { amount: 2001, currency: 'CNY' });
    const other = await creatorWithCourse(t, { amount: 3000, currency: 'CNY' });
    const code = `SAVE${Date.now() % 100000}`;
    const made = await t.gql(COUPON, { input: { code: code.toLowerCase(), kind: 'PERCENT', value: 15 } }, creator.token);
    expect(made.data.createCoupon).toMatchObject({ coupon: { code, kind: 'PERCENT', value: 15, redemptions: 0 }, errors: [] });

    const quote = await t.gql(QUOTE, { id: b.id, code }, null);
    expect(quote.data.priceQuote).toEqual({
      listPrice: { amount: 2001, currency: 'CNY' },
      discount: { amount: 300 },
      total: { amount: 1701, formatted: '¥17.01' },
      couponApplied: code,
      errors: [],
    });
    const bad = await t.gql(QUOTE, { id: b.id, code: 'NOPE-NOPE' }, null);
    expect(bad.data.priceQuote).toMatchObject({
      discount: { amount: 0 },
      total: { amount: 2001 },
      couponApplied: null,
      errors: [{ code: 'COUPON_INVALID', field: ['couponCode'] }],
    });

    const learner = await signUpUser(t, 'Saver');
    const { order, errors } = await checkout(t, learner.token, [a.id, b.id, other.course.id], { couponCode: code });
    expect(errors).toEqual([]);
    // 15% of the creator's 3,001 = 450.15 → 450, spread by largest remainder over 1,000 and 2,001; the other creator's course is full price.
    expect(order.subtotal.amount).toBe(6001);
    expect(order.discount.amount).toBe(450);
    expect(order.total.amount).toBe(5551);
    expect(order.lines.map((l: { total: { amount: number } }) => l.total.amount)).toEqual([850, 1701, 3000]);
    expect(await ledgerProblems(t)).toEqual([]);

    const onlyOther = await checkout(t, (await signUpUser(t, 'Wrong')).token, [other.course.id], { couponCode: code });
    expect(onlyOther.errors).toEqual([expect.objectContaining({ code: 'COUPON_INVALID', field: ['input', 'couponCode'] })]);
    const expired = await t.gql(
      COUPON,
      { input: { code: 'OLD-ONE', kind: 'FIXED', value: 100, currency: 'CNY', expiresAt: '2020-01-01T00:00:00Z' } },
      creator.token,
    );
    expect(expired.data.createCoupon.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'expiresAt'] });
    expect((await t.gql(COUPON, { input: { code, kind: 'PERCENT', value: 5 } }, creator.token)).data.createCoupon.errors[0].code).toBe('ALREADY_EXISTS');
    expect((await t.gql(COUPON, { input: { code: 'TOO-MUCH', kind: 'PERCENT', value: 101 } }, creator.token)).data.createCoupon.errors[0].field).toEqual([
      'input',
      'value',
    ]);
  });

  it('holds a coupon redemption limit when buyers race for it', async () => {
    const { creator, course } = await creatorWithCourse(t, { amount: 5000, currency: 'CNY' });
    const code = `RACE${Date.now() % 100000}`;
    await t.gql(COUPON, { input: { code, kind: 'FIXED', value: 1000, currency: 'CNY', maxRedemptions: 3 } }, creator.token);
    const buyers = await Promise.all(Array.from({ length: 10 }, (_, i) => signUpUser(t, `Racer${i}`)));
    const results = await Promise.all(buyers.map((b) => checkout(t, b.token, [course.id], { couponCode: code })));
    const won = results.filter((r) => r.order);
    expect(won).toHaveLength(3);
    for (const r of won) expect(r.order.total.amount).toBe(4000);
    expect(results.filter((r) => r.errors[0]?.code === 'COUPON_INVALID')).toHaveLength(7);
    const [row] = await t.db.dataSource.query('SELECT redemptions FROM coupons WHERE code = $1', [code]);
    expect(row.redemptions).toBe(3);
  });

  it('turns 20 concurrent retries of one checkout into one order and one payment; another input under the key conflicts', async () => {
    const { course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'Retrier');
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => checkout(t, learner.token, [course.id], { idempotencyKey: key })));
    const orderIds = new Set(results.map((r) => r.order?.id));
    expect(results.every((r) => r.errors.length === 0)).toBe(true);
    expect(orderIds.size).toBe(1);
    const [counts] = await t.db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM orders WHERE buyer_id = $1) AS orders, (SELECT count(*)::int FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.buyer_id = $1) AS payments,
              (SELECT count(*)::int FROM ledger_journals j JOIN orders o ON o.id = j.order_id WHERE o.buyer_id = $1) AS journals`,
      [rawId(learner.userId)],
    );
    expect(counts).toEqual({ orders: 1, payments: 1, journals: 1 });
    const other = await creatorWithCourse(t);
    const conflict = await checkout(t, learner.token, [other.course.id], { idempotencyKey: key });
    expect(conflict.errors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_CONFLICT', field: ['input', 'idempotencyKey'] })]);
    const shortKey = await checkout(t, learner.token, [other.course.id], { idempotencyKey: 'abc' });
    expect(shortKey.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'idempotencyKey'] });
  });
});
