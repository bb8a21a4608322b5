import Stripe from 'stripe';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { knowpayStripeSettings, startStripeServer, StripeTestServer } from '../harness/stripe-server';
import { waitUntil } from '../harness/subscriptions';
import { adminToken, checkout, creatorWithCourse, hasAccess, ledgerProblems, rawId } from './commerce-fixtures';

const SECRET = 'whsec_knowpay_refund_processing';
const REQUEST_REFUND = `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { code message } } }`;
const RESOLVE_REFUND = `mutation($id: ID!) { resolveRefund(id: $id, approve: true) { refund { id status } errors { code message } } }`;
const REFUND = `query($id: ID!) { node(id: $id) { ... on Refund { status processing { attempts idempotencyKey providerReference lastError nextAttemptAt settledAt failedAt } } } }`;
const REFUND_REQUESTS = `query($status: RefundStatus) { refundRequests(first: 20, status: $status) { nodes { id status processing { attempts lastError } } } }`;

/**
 * An approved refund is paid back by a durable job, with retries and one
 * provider idempotency key: APPROVED → PROCESSING → SETTLED | FAILED. A
 * provider outage neither loses the refund nor strands it in APPROVED, and
 * admins see where it stands.
 */
describe('refunds are paid back by a durable job', () => {
  let stripe: StripeTestServer;
  let client: Stripe;
  let t: TestServer;
  let admin: string;

  beforeAll(async () => {
    stripe = await startStripeServer();
    client = stripe.client();
    t = await startTestServer({
      ...knowpayStripeSettings(stripe, SECRET),
      JOB_POLL_SECONDS: '1',
      REFUND_RETRY_SECONDS: '1',
      REFUND_MAX_ATTEMPTS: '3',
      PAYMENT_PROVIDER_TIMEOUT_MS: '2000',
    });
    stripe.webhooks.configure({ url: `${t.url}/webhooks/stripe`, secret: SECRET, events: ['payment_intent.succeeded', 'refund.created', 'refund.updated'] });
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t.stop();
    await stripe.stop();
  });

  async function paidOrder(amount: number) {
    const { course } = await creatorWithCourse(t, { amount, currency: 'CNY' });
    const learner = await signUpUser(t, 'Refunder');
    const { order } = await checkout(t, learner.token, [course.id]);
    const [payment] = await t.db.dataSource.query('SELECT provider_ref FROM payments WHERE order_id = $1', [rawId(order.id)]);
    await client.paymentIntents.confirm(payment.provider_ref, { payment_method: 'pm_card_visa', return_url: 'https://shop.example/r' });
    await waitUntil(
      async () => (await t.db.dataSource.query('SELECT status FROM orders WHERE id = $1', [rawId(order.id)]))[0].status === 'PAID',
      10_000,
      'order PAID',
    );
    return { order, learner, course, intent: payment.provider_ref as string };
  }
  const requestRefund = async (token: string, orderId: string) =>
    (await t.gql(REQUEST_REFUND, { input: { orderId, reason: 'Not what I expected' } }, token)).data.requestRefund;
  const refundsAtStripe = (intent: string) =>
    [...stripe.store.refunds.values()].filter((r) => (r as unknown as { payment_intent: string }).payment_intent === intent);

  it('a provider outage during approval leaves the refund PROCESSING; the retry pays it back once and it settles', async () => {
    const { order, learner, course, intent } = await paidOrder(8800);
    const { refund } = await requestRefund(learner.token, order.id);
    // The SDK tries twice per attempt: both calls of the first attempt fail.
    stripe.failNext(2, /^POST \/v1\/refunds$/, 503);
    const approved = await t.gql(RESOLVE_REFUND, { id: refund.id }, admin);
    expect(approved.data.resolveRefund).toMatchObject({ refund: { status: 'PROCESSING' }, errors: [] });
    const processing = (await t.gql(REFUND, { id: refund.id }, admin)).data.node;
    expect(processing.processing).toMatchObject({
      attempts: 1,
      idempotencyKey: `refund:${rawId(refund.id)}`,
      providerReference: null,
      lastError: expect.stringContaining('attempt 1'),
    });
    expect(processing.processing.nextAttemptAt).not.toBeNull();
    // The learner sees the status, not the provider's details.
    expect((await t.gql(REFUND, { id: refund.id }, learner.token)).data.node).toEqual({ status: 'PROCESSING', processing: null });

    await waitUntil(async () => (await t.gql(REFUND, { id: refund.id }, admin)).data.node.status === 'SETTLED', 15_000, 'the refund SETTLED');
    const settled = (await t.gql(REFUND, { id: refund.id }, admin)).data.node.processing;
    expect(settled).toMatchObject({ attempts: 2, providerReference: expect.stringMatching(/^re_/), lastError: null, settledAt: expect.any(String) });
    expect(refundsAtStripe(intent)).toHaveLength(1);
    expect(await hasAccess(t, learner.token, course.id)).toBe(false);
    expect(await ledgerProblems(t)).toEqual([]);
  });

  it('when every attempt fails the refund is FAILED, visible to admins, and no longer blocks a new refund', async () => {
    const { order, learner, intent } = await paidOrder(6600);
    const { refund } = await requestRefund(learner.token, order.id);
    stripe.failNext(6, /^POST \/v1\/refunds$/, 500);
    await t.gql(RESOLVE_REFUND, { id: refund.id }, admin);
    await waitUntil(async () => (await t.gql(REFUND, { id: refund.id }, admin)).data.node.status === 'FAILED', 20_000, 'the refund FAILED');
    const failed = (await t.gql(REFUND, { id: refund.id }, admin)).data.node.processing;
    expect(failed).toMatchObject({
      attempts: 3,
      providerReference: null,
      lastError: expect.stringContaining('gave up after 3 attempts'),
      failedAt: expect.any(String),
      nextAttemptAt: null,
    });
    const listed = (await t.gql(REFUND_REQUESTS, { status: 'FAILED' }, admin)).data.refundRequests.nodes;
    expect(listed).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: refund.id, status: 'FAILED', processing: expect.objectContaining({ attempts: 3 }) })]),
    );
    expect(refundsAtStripe(intent)).toHaveLength(0);

    const second = await requestRefund(learner.token, order.id);
    expect(second.errors).toEqual([]);
    expect((await t.gql(RESOLVE_REFUND, { id: second.refund.id }, admin)).data.resolveRefund.errors).toEqual([]);
    await waitUntil(async () => (await t.gql(REFUND, { id: second.refund.id }, admin)).data.node.status === 'SETTLED', 15_000, 'the second refund SETTLED');
    expect(refundsAtStripe(intent)).toHaveLength(1);
    expect((await t.db.dataSource.query('SELECT status, refunded_amount FROM orders WHERE id = $1', [rawId(order.id)]))[0]).toEqual({
      status: 'REFUNDED',
      refunded_amount: 6600,
    });
    expect(await ledgerProblems(t)).toEqual([]);
  });
});
