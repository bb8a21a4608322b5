import { randomUUID } from 'node:crypto';
import { sweepMemberships } from '../../src/commerce/membership-billing';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { knowpayStripeSettings, startStripeServer, StripeTestServer } from '../harness/stripe-server';
import { waitUntil } from '../harness/subscriptions';
import { adminToken, checkout, creatorWithCourse, hasAccess, publishedCourse, rawId } from './commerce-fixtures';

const CREATE_PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } errors { code message } } }`;
const SUBSCRIBE = `mutation($input: SubscribeInput!) { subscribe(input: $input) { membership { id status } errors { code message } } }`;
const CANCEL = `mutation($id: ID!) { cancelMembership(id: $id) { membership { status } errors { code } } }`;
const ENROLL_FREE = `mutation($id: ID!) { enrollFree(courseId: $id) { enrollment { id } errors { code message } } }`;
const REQUEST_REFUND = `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { code message } } }`;
const RESOLVE_REFUND = `mutation($id: ID!) { resolveRefund(id: $id, approve: true) { refund { status } errors { code message } } }`;
const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } errors { code message } } }`;
const ASSIGN = `mutation($input: AssignSeatInput!) { assignSeat(input: $input) { enrollment { id } errors { code message } } }`;
const REVOKE = `mutation($org: ID!, $email: String!) { revokeSeat(organizationId: $org, email: $email) { errors { code message } } }`;

/**
 * One enrollment per learner and course records its strongest grant: a
 * purchase outlives the membership the learner first reached the course
 * through, and a refunded purchase falls back to a seat still held.
 */
describe('enrollment grants: paid access does not vanish with a weaker grant', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer({ JOB_POLL_SECONDS: '1' });
    admin = await adminToken(t);
  });
  afterAll(async () => t.stop());

  it('buying a course reached through a membership keeps it after the membership ends', async () => {
    const { creator, course } = await creatorWithCourse(t);
    const plan = (
      await t.gql(
        CREATE_PLAN,
        { input: { name: 'All in', price: { amount: 3000, currency: 'CNY' }, interval: 'MONTH', courseIds: [course.id] } },
        creator.token,
      )
    ).data.createPlan.plan;
    const learner = await signUpUser(t, 'Member');
    const membership = (await t.gql(SUBSCRIBE, { input: { planId: plan.id, idempotencyKey: randomUUID() } }, learner.token)).data.subscribe.membership;
    expect(membership.status).toBe('ACTIVE');
    expect((await t.gql(ENROLL_FREE, { id: course.id }, learner.token)).data.enrollFree.errors).toEqual([]);

    const { order, errors } = await checkout(t, learner.token, [course.id]);
    expect(errors).toEqual([]);
    expect(order.status).toBe('PAID');

    expect((await t.gql(CANCEL, { id: membership.id }, learner.token)).data.cancelMembership.errors).toEqual([]);
    await t.db.dataSource.query(
      `UPDATE memberships SET current_period_end = now() - interval '1 second', current_period_start = now() - interval '1 month' WHERE id = $1`,
      [rawId(membership.id)],
    );
    await t.server.services.jobs.runNow(sweepMemberships, {});
    await waitUntil(
      async () => (await t.db.dataSource.query('SELECT status FROM memberships WHERE id = $1', [rawId(membership.id)]))[0].status === 'CANCELED',
      10_000,
      'the membership ended',
    );
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);
    const enrolled = await t.gql(`{ viewer { enrollments(first: 10) { nodes { course { id } } } } }`, {}, learner.token);
    expect(enrolled.data.viewer.enrollments.nodes).toEqual([{ course: { id: course.id } }]);
  });

  it('a refunded purchase falls back to a seat the learner still holds; revoking the seat then ends access', async () => {
    const { course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'Employee');
    const { order } = await checkout(t, learner.token, [course.id]);
    const org = (await t.gql(CREATE_ORG, { input: { name: 'Acme', seatsTotal: 2, courseIds: [course.id] } }, admin)).data.createOrganization.organization;
    expect((await t.gql(ASSIGN, { input: { organizationId: org.id, email: learner.email, courseId: course.id } }, admin)).data.assignSeat.errors).toEqual([]);

    const refund = (await t.gql(REQUEST_REFUND, { input: { orderId: order.id, reason: 'My company pays now' } }, learner.token)).data.requestRefund.refund;
    expect((await t.gql(RESOLVE_REFUND, { id: refund.id }, admin)).data.resolveRefund.refund.status).toBe('SETTLED');
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);

    expect((await t.gql(REVOKE, { org: org.id, email: learner.email }, admin)).data.revokeSeat.errors).toEqual([]);
    expect(await hasAccess(t, learner.token, course.id)).toBe(false);
  });
});

describe('enrollment grants with Stripe: a course bought twice', () => {
  let stripe: StripeTestServer;
  let t: TestServer;
  beforeAll(async () => {
    stripe = await startStripeServer();
    t = await startTestServer({ ...knowpayStripeSettings(stripe, 'whsec_grants') });
    stripe.webhooks.configure({ url: `${t.url}/webhooks/stripe`, secret: 'whsec_grants', events: ['payment_intent.succeeded', 'refund.created'] });
  });
  afterAll(async () => {
    await t.stop();
    await stripe.stop();
  });

  it('refunding one of two paid orders that include a course keeps the access the other one paid for', async () => {
    const { creator, course } = await creatorWithCourse(t, { amount: 3000, currency: 'CNY' });
    const extra = await publishedCourse(t, creator.token, { amount: 2000, currency: 'CNY' }, 1);
    const learner = await signUpUser(t, 'Twice');
    // Two carts checked out before paying either (both include the course), then both paid.
    const single = (await checkout(t, learner.token, [course.id])).order;
    const bundle = (await checkout(t, learner.token, [course.id, extra.id])).order;
    const client = stripe.client();
    for (const order of [single, bundle]) {
      const [payment] = await t.db.dataSource.query('SELECT provider_ref FROM payments WHERE order_id = $1', [rawId(order.id)]);
      await client.paymentIntents.confirm(payment.provider_ref, { payment_method: 'pm_card_visa', return_url: 'https://shop.example/r' });
    }
    await waitUntil(
      async () =>
        (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM orders WHERE buyer_id = $1 AND status = 'PAID'`, [rawId(learner.userId)]))[0].n === 2,
      10_000,
      'both orders PAID',
    );

    const admin = await adminToken(t);
    const refund = (await t.gql(REQUEST_REFUND, { input: { orderId: single.id, reason: 'Bought it twice' } }, learner.token)).data.requestRefund.refund;
    await t.gql(RESOLVE_REFUND, { id: refund.id }, admin);
    await waitUntil(
      async () => (await t.db.dataSource.query('SELECT status FROM orders WHERE id = $1', [rawId(single.id)]))[0].status === 'REFUNDED',
      10_000,
      'the single order REFUNDED',
    );
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);
    expect(await hasAccess(t, learner.token, extra.id)).toBe(true);
  });
});
