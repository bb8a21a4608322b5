import { randomUUID } from 'node:crypto';
import { ACCESS, adminToken, ledgerProblems } from '../commerce/commerce-fixtures';
import { publishedCourse, rawId, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { createKey, OFFERS, PARTNER_SALE, partnerWithKey } from './partner-fixtures';

const ACCEPT = `mutation($token: String!, $password: String!) { acceptInvitation(token: $token, password: $password) { token viewer { user { id } } errors { code message field } } }`;

async function balances(t: TestServer, orderId: string): Promise<Record<string, number>> {
  const rows: Array<{ code: string; amount: string }> = await t.db.dataSource.query(
    `SELECT a.code, sum(p.amount) AS amount FROM ledger_postings p JOIN ledger_journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
      WHERE j.order_id = $1 GROUP BY a.code`,
    [orderId],
  );
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.amount)]));
}

describe('partners resell courses', () => {
  let t: TestServer;
  let admin: string;
  let creator: { token: string; userId: string };
  let course: TestCourse;

  beforeAll(async () => {
    t = await startTestServer();
    admin = await adminToken(t);
    creator = await signUpUser(t, 'Creator');
    course = await publishedCourse(t, creator.token, { price: 9999, lessons: 2 });
  });
  afterAll(() => t?.stop());

  it('a partner sees wholesale prices that add up to the list price with its commission; nobody else sees them', async () => {
    const { key } = await partnerWithKey(t, admin, 0.15);
    const asPartner = await t.gql(OFFERS, { id: course.id }, key);
    const offer = asPartner.data.course.offers[0];
    expect(offer.price).toEqual({ amount: 9999, currency: 'CNY' });
    // 15% of 99.99 is 14.9985: the commission rounds to 15.00 and the wholesale price takes the rest, to the fen.
    expect(offer.wholesalePrice).toEqual({ amount: 8499, currency: 'CNY' });
    const anonymous = await t.gql(OFFERS, { id: course.id });
    expect(anonymous.data.course.offers[0].wholesalePrice).toBeNull();
    const learner = await signUpUser(t);
    expect((await t.gql(OFFERS, { id: course.id }, learner.token)).data.course.offers[0].wholesalePrice).toBeNull();
  });

  it('a key without catalog:read may not read wholesale prices', async () => {
    const { partnerId } = await partnerWithKey(t, admin);
    const { secret } = await createKey(t, admin, partnerId, ['sales:write']);
    const res = await t.gql(OFFERS, { id: course.id }, secret);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('sells a course to a new customer, who sets a password from the invitation and opens the lessons', async () => {
    const { partnerId, key } = await partnerWithKey(t, admin, 0.15);
    const email = `customer-${randomUUID().slice(0, 8)}@example.com`;
    const sale = await t.gql(PARTNER_SALE, { input: { courseId: course.id, externalCustomerRef: 'cust-001', email, idempotencyKey: randomUUID() } }, key);
    const result = sale.data.partnerSale;
    expect(result.errors).toEqual([]);
    expect(result.order).toMatchObject({
      status: 'PAID',
      externalCustomerRef: 'cust-001',
      subtotal: { amount: 9999 },
      discount: { amount: 1500 },
      total: { amount: 8499, currency: 'CNY' },
    });
    expect(result.enrollment.id).toBeTruthy();
    expect(result.invitationToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // No password exists yet, so signing in cannot work until the invitation is accepted.
    const [user] = await t.db.dataSource.query('SELECT password_hash FROM users WHERE email = $1', [email]);
    expect(user.password_hash).toBeNull();
    const stored = await t.db.dataSource.query('SELECT * FROM user_invitations');
    expect(JSON.stringify(stored)).not.toContain(result.invitationToken);

    const accepted = await t.gql(ACCEPT, { token: result.invitationToken, password: 'my own password' });
    expect(accepted.data.acceptInvitation.errors).toEqual([]);
    const customerToken = accepted.data.acceptInvitation.token;
    const access = await t.gql(ACCESS, { id: course.id }, customerToken);
    expect(access.data.node.viewerHasAccess).toBe(true);
    expect(access.data.node.sections[0].lessons.map((l: { content: { body: string } }) => l.content.body)).toEqual(['Text 1', 'Text 2']);

    const again = await t.gql(ACCEPT, { token: result.invitationToken, password: 'another password' });
    expect(again.data.acceptInvitation.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['token'] });

    // The books: the partner owes the wholesale price; creator and platform share it (80/20 by default).
    expect(await balances(t, rawId(result.order.id))).toEqual({
      [`partner:${rawId(partnerId)}:receivable`]: 8499,
      [`creator:${rawId(course.creatorId)}:payable`]: -6799,
      'platform:revenue': -1700,
    });
    expect(await ledgerProblems(t)).toEqual([]);
    const [order] = await t.db.dataSource.query('SELECT kind, partner_id FROM orders WHERE id = $1', [rawId(result.order.id)]);
    expect(order).toEqual({ kind: 'PARTNER_SALE', partner_id: rawId(partnerId) });
    const sales = await t.gql(`{ partner { sales(first: 5) { totalCount nodes { id } } } }`, {}, key);
    expect(sales.data.partner.sales).toEqual({ totalCount: 1, nodes: [{ id: result.order.id }] });
  });

  it('sells to an existing Knowpay user without an invitation', async () => {
    const { key } = await partnerWithKey(t, admin);
    const learner = await signUpUser(t);
    const sale = await t.gql(
      PARTNER_SALE,
      { input: { courseId: course.id, externalCustomerRef: 'known', email: learner.email.toUpperCase(), idempotencyKey: randomUUID() } },
      key,
    );
    expect(sale.data.partnerSale.errors).toEqual([]);
    expect(sale.data.partnerSale.invitationToken).toBeNull();
    expect((await t.gql(ACCESS, { id: course.id }, learner.token)).data.node.viewerHasAccess).toBe(true);
  });

  it('a partner resells a course twice with the same idempotency key: one order, one journal', async () => {
    const { key } = await partnerWithKey(t, admin);
    const input = { courseId: course.id, externalCustomerRef: 'retry', email: `retry-${randomUUID().slice(0, 8)}@example.com`, idempotencyKey: randomUUID() };
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.gql(PARTNER_SALE, { input }, key)));
    const ok = answers.filter((a) => a.data.partnerSale.errors.length === 0);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const a of answers) expect(['CONFLICT', undefined]).toContain(a.data.partnerSale.errors[0]?.code);
    const replay = await t.gql(PARTNER_SALE, { input }, key);
    expect(replay.data.partnerSale.order.id).toBe(ok[0].data.partnerSale.order.id);
    expect(replay.data.partnerSale.enrollment.id).toBe(ok[0].data.partnerSale.enrollment.id);
    const [{ orders }] = await t.db.dataSource.query(`SELECT count(*)::int AS orders FROM orders WHERE external_customer_ref = 'retry'`);
    expect(orders).toBe(1);
    const conflict = await t.gql(PARTNER_SALE, { input: { ...input, externalCustomerRef: 'other' } }, key);
    expect(conflict.data.partnerSale.errors[0]).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: ['input', 'idempotencyKey'] });
    expect(await ledgerProblems(t)).toEqual([]);
  });

  it('refuses drafts, suspended and free courses, bad emails, and selling a course the customer already has', async () => {
    const { key } = await partnerWithKey(t, admin);
    const draft = await publishedCourse(t, creator.token, { publish: false });
    const suspended = await publishedCourse(t, creator.token, { price: 5000 });
    await t.db.dataSource.query(`UPDATE courses SET status = 'SUSPENDED' WHERE id = $1`, [rawId(suspended.id)]);
    const free = await publishedCourse(t, creator.token, { price: null });
    const sell = (over: Record<string, string>) =>
      t
        .gql(PARTNER_SALE, { input: { courseId: course.id, externalCustomerRef: 'c', email: 'ok@example.com', idempotencyKey: randomUUID(), ...over } }, key)
        .then((r) => r.data.partnerSale.errors[0]);
    expect(await sell({ courseId: draft.id })).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'courseId'] });
    expect(await sell({ courseId: suspended.id })).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'courseId'] });
    expect(await sell({ courseId: free.id })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'courseId'] });
    expect(await sell({ email: 'not an email' })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'email'] });
    expect(await sell({ externalCustomerRef: 'x'.repeat(201) })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'externalCustomerRef'] });
    expect(await sell({ idempotencyKey: 'short' })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'idempotencyKey'] });
    expect(await sell({ email: 'dup@example.com', externalCustomerRef: 'dup' })).toBeUndefined();
    expect(await sell({ email: 'dup@example.com', externalCustomerRef: 'dup' })).toMatchObject({ code: 'ALREADY_ENROLLED' });
    // Nothing was sold by the failed calls.
    const [{ orders }] = await t.db.dataSource.query(`SELECT count(*)::int AS orders FROM orders WHERE external_customer_ref IN ('c', 'dup')`);
    expect(orders).toBe(1);
  });
});
