import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { knowpayStripeSettings, startStripeServer, StripeTestServer } from '../harness/stripe-server';
import { waitUntil } from '../harness/subscriptions';
import { CHECKOUT, creatorWithCourse, rawId } from './commerce-fixtures';

const SECRET = 'whsec_knowpay_pending_orders';
const COUPON = `mutation($input: CreateCouponInput!) { createCoupon(input: $input) { coupon { id } errors { code message } } }`;

/**
 * Unpaid checkouts (Stripe: the buyer never confirms) must not hold a
 * coupon forever: they expire after PENDING_ORDER_TTL_SECONDS (3 s here),
 * which cancels their intent at Stripe and gives the redemption back. A
 * buyer who checks out the same cart again meanwhile gets the same order.
 */
describe('pending orders expire and give their coupon back', () => {
  let stripe: StripeTestServer;
  let client: Stripe;
  let t: TestServer;

  beforeAll(async () => {
    stripe = await startStripeServer();
    client = stripe.client();
    t = await startTestServer({
      ...knowpayStripeSettings(stripe, SECRET),
      JOB_POLL_SECONDS: '1',
      PENDING_ORDER_TTL_SECONDS: '3',
    });
    stripe.webhooks.configure({
      url: `${t.url}/webhooks/stripe`,
      secret: SECRET,
      events: ['payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled'],
    });
  });
  afterAll(async () => {
    await t.stop();
    await stripe.stop();
  });

  const order = async (token: string, courseId: string, key = randomUUID(), couponCode = 'TWICE-ONLY') =>
    (await t.gql(CHECKOUT, { input: { courseIds: [courseId], idempotencyKey: key, couponCode } }, token)).data.checkout;
  const redemptions = async () => (await t.db.dataSource.query(`SELECT redemptions FROM coupons WHERE code = 'TWICE-ONLY'`))[0].redemptions;
  const statusOf = async (orderId: string) => (await t.db.dataSource.query('SELECT status FROM orders WHERE id = $1', [rawId(orderId)]))[0].status;

  it('N unpaid checkouts with new keys cannot exhaust a coupon: the same cart is one order, and unpaid orders expire', async () => {
    const { creator, course } = await creatorWithCourse(t, { amount: 10000, currency: 'CNY' });
    expect(
      (await t.gql(COUPON, { input: { code: 'TWICE-ONLY', kind: 'PERCENT', value: 20, maxRedemptions: 2 } }, creator.token)).data.createCoupon.errors,
    ).toEqual([]);
    const [ann, bob, cat, dan] = await Promise.all(['Ann', 'Bob', 'Cat', 'Dan'].map((name) => signUpUser(t, name)));

    // Ann checks out three times with new keys (two of them at once): one order, one redemption.
    const annKey = randomUUID();
    const first = await order(ann.token, course.id, annKey);
    const again = await Promise.all([order(ann.token, course.id), order(ann.token, course.id)]);
    expect(first).toMatchObject({ order: { status: 'PENDING_PAYMENT', total: { amount: 8000 } }, errors: [] });
    expect(again.map((a) => a.order.id)).toEqual([first.order.id, first.order.id]);
    expect(await redemptions()).toBe(1);

    // Bob's card is declined: his order is FAILED, and still holds the second redemption until it expires.
    const declined = await order(bob.token, course.id);
    const [bobPayment] = await t.db.dataSource.query('SELECT provider_ref FROM payments WHERE order_id = $1', [rawId(declined.order.id)]);
    await client.paymentIntents
      .confirm(bobPayment.provider_ref, { payment_method: 'pm_card_chargeDeclined', return_url: 'https://shop.example/r' })
      .catch(() => undefined);
    await waitUntil(async () => (await statusOf(declined.order.id)) === 'FAILED', 10_000, 'the declined order FAILED');
    expect(await redemptions()).toBe(2);
    expect((await order(cat.token, course.id)).errors[0]).toMatchObject({ code: 'COUPON_INVALID' });

    // Neither pays: both expire, their intents are canceled at Stripe, and the redemptions come back.
    await waitUntil(
      async () => (await statusOf(first.order.id)) === 'CANCELED' && (await statusOf(declined.order.id)) === 'CANCELED',
      20_000,
      'both orders expired',
    );
    expect(await redemptions()).toBe(0);
    const [annPayment] = await t.db.dataSource.query('SELECT provider_ref, status FROM payments WHERE order_id = $1', [rawId(first.order.id)]);
    expect(annPayment.status).toBe('CANCELED');
    expect(stripe.store.paymentIntents.get(annPayment.provider_ref)).toMatchObject({ status: 'canceled' });

    // Now Cat and Dan can use the coupon, and a paid order keeps its redemption.
    const catOrder = await order(cat.token, course.id);
    const danOrder = await order(dan.token, course.id);
    expect([catOrder.errors, danOrder.errors]).toEqual([[], []]);
    const [catPayment] = await t.db.dataSource.query('SELECT provider_ref FROM payments WHERE order_id = $1', [rawId(catOrder.order.id)]);
    await client.paymentIntents.confirm(catPayment.provider_ref, { payment_method: 'pm_card_visa', return_url: 'https://shop.example/r' });
    await waitUntil(async () => (await statusOf(catOrder.order.id)) === 'PAID', 10_000, "Cat's order PAID");
    await waitUntil(async () => (await statusOf(danOrder.order.id)) === 'CANCELED', 20_000, "Dan's order expired");
    expect(await statusOf(catOrder.order.id)).toBe('PAID');
    expect(await redemptions()).toBe(1);
    // A retry of Ann's first key answers with her canceled order; a new checkout is a new order.
    expect((await order(ann.token, course.id, annKey)).order).toMatchObject({ id: first.order.id, status: 'CANCELED' });
    const fresh = await order(ann.token, course.id);
    expect(fresh.order.id).not.toBe(first.order.id);
    expect(await redemptions()).toBe(2);
  }, 60_000);
});
