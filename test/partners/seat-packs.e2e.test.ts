import { randomUUID } from 'node:crypto';
import { adminToken, ledgerProblems } from '../commerce/commerce-fixtures';
import { publishedCourse, rawId, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { waitUntil } from '../harness/subscriptions';
import { partnerWithKey } from './partner-fixtures';
import { WebhookReceiver } from './webhook-receiver';

const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id seatsTotal seatsUsed } errors { code message field } } }`;
const BUY = `mutation($input: BuySeatsInput!) { buySeats(input: $input) {
  organization { id seatsTotal seatsUsed } order { id status total { amount currency } lines { quantity unitPrice { amount } total { amount } course { id } } }
  errors { code message field } } }`;
const ASSIGN = `mutation($input: AssignSeatInput!) { assignSeat(input: $input) { enrollment { id } errors { code message } } }`;
const REVOKE = `mutation($org: ID!, $email: String!) { revokeSeat(organizationId: $org, email: $email) { errors { code message } } }`;
const ORG = `query($id: ID!) { organization(id: $id) { seatsTotal seatsUsed totalSpent { amount exactAmount currency } } }`;
const SALES = `{ partner { sales(first: 10) { nodes { id status total { amount } } } } }`;
const STATS = `{ viewer { creator { stats { sales grossRevenue { amount } } } } }`;
const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret errors { code message } } }`;
const REQUEST_REFUND = `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { code message field } } }`;
const RESOLVE_REFUND = `mutation($id: ID!) { resolveRefund(id: $id, approve: true) { refund { status } errors { code message } } }`;

const balance = async (t: TestServer, code: string): Promise<number> =>
  Number(
    (
      await t.db.dataSource.query(
        'SELECT coalesce(sum(p.amount), 0) AS total FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.code = $1',
        [code],
      )
    )[0].total,
  );

/**
 * Seats are bought: a pack of N seats is an order at the partner's
 * wholesale price × N for each of the organization's courses, settled
 * through the one settlement path (the partner's receivable, the creator's
 * and the platform's shares), announced to the partner like its sales.
 * Assignments never exceed what was bought; revoking a seat refunds nothing.
 */
describe('seat packs', () => {
  let t: TestServer;
  let admin: string;
  let creator: { token: string };
  let course: TestCourse;
  let other: TestCourse;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestServer({ API_KEY_RATE_LIMIT: '1000', WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true', JOB_POLL_SECONDS: '1' });
    admin = await adminToken(t);
    creator = await signUpUser(t, 'Creator');
    course = await publishedCourse(t, creator.token, { price: 9900, lessons: 1 });
    other = await publishedCourse(t, creator.token, { price: 4900, lessons: 1 });
    receiver = await new WebhookReceiver(0).start();
  });
  afterAll(async () => {
    await t?.stop();
    await receiver?.stop();
  });

  it("a partner's organization of 1000 seats is a paid order at wholesale price × seats, seen by the creator and the partner", async () => {
    const { partnerId, key } = await partnerWithKey(t, admin, 0.15);
    expect((await t.gql(REGISTER, { input: { url: receiver.url, events: ['order.paid'] } }, key)).data.registerWebhookEndpoint.errors).toEqual([]);
    const created = (await t.gql(CREATE_ORG, { input: { name: 'Globex', seatsTotal: 1000, courseIds: [course.id, other.id] } }, key)).data.createOrganization;
    expect(created).toMatchObject({ organization: { seatsTotal: 1000, seatsUsed: 0 }, errors: [] });
    // Wholesale: 9900 − 15% = 8415, 4900 − 15% = 4165; a seat opens both courses.
    const perSeat = 8415 + 4165;
    const sales = (await t.gql(SALES, {}, key)).data.partner.sales.nodes;
    expect(sales).toEqual([expect.objectContaining({ status: 'PAID', total: { amount: 1000 * perSeat } })]);
    expect(await balance(t, `partner:${rawId(partnerId)}:receivable`)).toBe(1000 * perSeat);
    expect((await t.gql(STATS, {}, creator.token)).data.viewer.creator.stats).toEqual({ sales: 1, grossRevenue: { amount: 1000 * perSeat } });
    expect((await t.gql(ORG, { id: created.organization.id }, key)).data.organization.totalSpent).toEqual([
      { amount: 1000 * perSeat, exactAmount: String(1000 * perSeat), currency: 'CNY' },
    ]);
    await waitUntil(() => receiver.delivered().some((r) => r.type === 'order.paid'), 10_000, 'order.paid delivered');
    const event = JSON.parse(receiver.delivered().find((r) => r.type === 'order.paid')!.body);
    expect(event.data.order).toMatchObject({
      id: sales[0].id,
      status: 'PAID',
      seats: 1000,
      organizationId: created.organization.id,
      total: { amount: 1000 * perSeat, currency: 'CNY' },
    });
    expect(await ledgerProblems(t)).toEqual([]);
  });

  it('assignments stop at the seats bought; another pack adds seats (idempotently); revoking refunds nothing', async () => {
    const { partnerId, key } = await partnerWithKey(t, admin, 0.2);
    const org = (await t.gql(CREATE_ORG, { input: { name: 'Initech', seatsTotal: 1, courseIds: [course.id] } }, key)).data.createOrganization.organization;
    const [ann, bob] = await Promise.all([signUpUser(t, 'Ann'), signUpUser(t, 'Bob')]);
    expect((await t.gql(ASSIGN, { input: { organizationId: org.id, email: ann.email, courseId: course.id } }, key)).data.assignSeat.errors).toEqual([]);
    expect((await t.gql(ASSIGN, { input: { organizationId: org.id, email: bob.email, courseId: course.id } }, key)).data.assignSeat.errors[0].code).toBe(
      'SEATS_EXHAUSTED',
    );

    const buyKey = randomUUID();
    const bought = await Promise.all([1, 2].map(() => t.gql(BUY, { input: { organizationId: org.id, seats: 2, idempotencyKey: buyKey } }, key)));
    expect(bought[0].data.buySeats).toMatchObject({ organization: { seatsTotal: 3 }, order: { status: 'PAID', total: { amount: 2 * 7920 } }, errors: [] });
    expect(bought[0].data.buySeats.order.lines).toEqual([{ quantity: 2, unitPrice: { amount: 9900 }, total: { amount: 2 * 7920 }, course: { id: course.id } }]);
    expect(bought[1].data.buySeats.order.id).toBe(bought[0].data.buySeats.order.id);
    expect((await t.gql(BUY, { input: { organizationId: org.id, seats: 5, idempotencyKey: buyKey } }, key)).data.buySeats.errors[0].code).toBe(
      'IDEMPOTENCY_CONFLICT',
    );
    expect((await t.gql(ASSIGN, { input: { organizationId: org.id, email: bob.email, courseId: course.id } }, key)).data.assignSeat.errors).toEqual([]);

    const receivable = await balance(t, `partner:${rawId(partnerId)}:receivable`);
    expect(receivable).toBe(3 * 7920);
    expect((await t.gql(REVOKE, { org: org.id, email: ann.email }, key)).data.revokeSeat.errors).toEqual([]);
    expect((await t.gql(ORG, { id: org.id }, key)).data.organization).toMatchObject({ seatsTotal: 3, seatsUsed: 1 });
    expect(await balance(t, `partner:${rawId(partnerId)}:receivable`)).toBe(receivable);

    // An organization admin assigns seats but does not buy them; a learner cannot either.
    const learner = await signUpUser(t, 'Outsider');
    expect((await t.gql(BUY, { input: { organizationId: org.id, seats: 1, idempotencyKey: randomUUID() } }, learner.token)).data.buySeats.errors[0].code).toBe(
      'NOT_FOUND',
    );
    expect((await t.gql(BUY, { input: { organizationId: org.id, seats: 0, idempotencyKey: randomUUID() } }, key)).data.buySeats.errors[0]).toMatchObject({
      code: 'INVALID_INPUT',
      field: ['input', 'seats'],
    });
  });

  it('a refund of a pack gives back whole unused seats and lowers what the partner owes; an organization without a partner is invoiced at list price', async () => {
    const { partnerId, key } = await partnerWithKey(t, admin, 0.1);
    const org = (await t.gql(CREATE_ORG, { input: { name: 'Umbrella', seatsTotal: 4, courseIds: [other.id] } }, key)).data.createOrganization.organization;
    const person = await signUpUser(t, 'Worker');
    await t.gql(ASSIGN, { input: { organizationId: org.id, email: person.email, courseId: other.id } }, key);
    const [pack] = (await t.gql(SALES, {}, key)).data.partner.sales.nodes;
    const perSeat = 4900 - 490;
    const tooMany = await t.gql(
      REQUEST_REFUND,
      { input: { orderId: pack.id, reason: 'Fewer hires', amount: { amount: 4 * perSeat, currency: 'CNY' } } },
      admin,
    );
    expect(tooMany.data.requestRefund.errors[0].code).toBe('REFUND_NOT_ALLOWED');
    const partial = await t.gql(
      REQUEST_REFUND,
      { input: { orderId: pack.id, reason: 'Fewer hires', amount: { amount: perSeat + 1, currency: 'CNY' } } },
      admin,
    );
    expect(partial.data.requestRefund.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'amount'] });
    const refund = (
      await t.gql(REQUEST_REFUND, { input: { orderId: pack.id, reason: 'Fewer hires', amount: { amount: 2 * perSeat, currency: 'CNY' } } }, admin)
    ).data.requestRefund.refund;
    expect((await t.gql(RESOLVE_REFUND, { id: refund.id }, admin)).data.resolveRefund.refund.status).toBe('SETTLED');
    expect((await t.gql(ORG, { id: org.id }, key)).data.organization).toMatchObject({
      seatsTotal: 2,
      seatsUsed: 1,
      totalSpent: [expect.objectContaining({ amount: 2 * perSeat })],
    });
    expect(await balance(t, `partner:${rawId(partnerId)}:receivable`)).toBe(2 * perSeat);

    const direct = (await t.gql(CREATE_ORG, { input: { name: 'Direct Ltd', seatsTotal: 3, courseIds: [course.id] } }, admin)).data.createOrganization
      .organization;
    expect(await balance(t, `organization:${rawId(direct.id)}:receivable`)).toBe(3 * 9900);
    expect(await ledgerProblems(t)).toEqual([]);
  });
});
