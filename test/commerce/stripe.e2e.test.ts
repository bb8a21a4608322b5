import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { renewMembership } from '../../src/commerce/membership-billing';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { knowpayStripeSettings, startStripeServer, StripeTestServer } from '../harness/stripe-server';
import { subscribe, waitForSubscribers, waitUntil, wsClient } from '../harness/subscriptions';
import { adminToken, checkout, creatorWithCourse, hasAccess, ledgerProblems, rawId } from './commerce-fixtures';

const SECRET = 'whsec_knowpay_e2e_secret';

/**
 * The same flows through the real Stripe SDK against a local
 * Stripe-compatible server, with payments settled only by signed webhooks.
 */
describe('commerce with Stripe: PaymentIntents and signed webhooks', () => {
  let stripe: StripeTestServer;
  let t: TestServer;
  let client: Stripe;

  beforeAll(async () => {
    stripe = await startStripeServer();
    client = stripe.client();
    t = await startTestServer({ ...knowpayStripeSettings(stripe, SECRET), JOB_POLL_SECONDS: '1' });
    stripe.webhooks.configure({
      url: `${t.url}/webhooks/stripe`,
      secret: SECRET,
      events: ['payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled', 'refund.created', 'refund.updated', 'charge.refunded'],
    });
  });
  afterAll(async () => {
    await t.stop();
    await stripe.stop();
  });

  const db = () => t.db.dataSource;
  const orderState = async (orderId: string) => (await db().query('SELECT status, refunded_amount FROM orders WHERE id = $1', [rawId(orderId)]))[0];
  const intentOf = async (orderId: string): Promise<string> =>
    (await db().query('SELECT provider_ref FROM payments WHERE order_id = $1 ORDER BY created_at DESC LIMIT 1', [rawId(orderId)]))[0].provider_ref;

  it('a purchase stays pending until a verified webhook settles it, exactly once however often it arrives', async () => {
    const { course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'StripeBuyer');
    const { order } = await checkout(t, learner.token, [course.id]);
    expect(order).toMatchObject({ status: 'PENDING_PAYMENT', payment: { provider: 'stripe', clientSecret: expect.stringMatching(/^pi_.+_secret_/) } });
    const intentId = await intentOf(order.id);
    expect(stripe.store.paymentIntents.get(intentId)).toMatchObject({ amount: 9900, currency: 'cny', metadata: { knowpay_order_id: rawId(order.id) } });

    stripe.webhooks.pause();
    await client.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa', return_url: 'https://shop.example/return' });
    const [succeeded] = stripe.webhooks.pending().filter((e) => e.type === 'payment_intent.succeeded');
    expect((await orderState(order.id)).status).toBe('PENDING_PAYMENT');
    expect(await hasAccess(t, learner.token, course.id)).toBe(false);

    for (const signature of ['forged', 'stale'] as const) {
      const [delivery] = await stripe.webhooks.deliver(succeeded, { signature });
      expect(delivery.status).toBe(400);
      expect(JSON.parse(delivery.responseBody).error.code).toBe('SIGNATURE_INVALID');
    }
    expect((await orderState(order.id)).status).toBe('PENDING_PAYMENT');

    const deliveries = await stripe.webhooks.deliver(succeeded, { times: 3 });
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(deliveries.map((d) => JSON.parse(d.responseBody).outcome)).toEqual(['applied', 'duplicate', 'duplicate']);
    stripe.webhooks.clearPending();
    stripe.webhooks.resume();
    expect((await orderState(order.id)).status).toBe('PAID');
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);
    const [{ journals }] = await db().query('SELECT count(*)::int AS journals FROM ledger_journals WHERE order_id = $1', [rawId(order.id)]);
    expect(journals).toBe(1);
  });

  it('a declined card fails the order, a retry with another card pays it, and a late failure event changes nothing', async () => {
    const { course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'Declined');
    const { order } = await checkout(t, learner.token, [course.id]);
    const intentId = await intentOf(order.id);
    await expect(
      client.paymentIntents.confirm(intentId, { payment_method: 'pm_card_chargeDeclined', return_url: 'https://shop.example/r' }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    await waitUntil(async () => (await orderState(order.id)).status === 'FAILED', 10_000);

    stripe.webhooks.pause();
    await client.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa', return_url: 'https://shop.example/r' });
    const failedEvent = stripe.store.events.find((e) => e.type === 'payment_intent.payment_failed' && (e.data.object as { id: string }).id === intentId)!;
    // the success arrives, then an old failure is redelivered and a forged copy is attempted: still PAID
    await stripe.webhooks.deliverAll();
    stripe.webhooks.resume();
    expect((await orderState(order.id)).status).toBe('PAID');
    const [redelivered] = await stripe.webhooks.deliver(failedEvent);
    expect(JSON.parse(redelivered.responseBody).outcome).toBe('duplicate');
    const [forged] = await stripe.webhooks.deliver(failedEvent, { signature: 'tampered' });
    expect(forged.status).toBe(400);
    expect(JSON.parse(forged.responseBody).error.code).toBe('SIGNATURE_INVALID');
    expect((await orderState(order.id)).status).toBe('PAID');
  });

  it('events out of order: a failure delivered after the success does not undo it', async () => {
    const { course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'OutOfOrder');
    const { order } = await checkout(t, learner.token, [course.id]);
    const intentId = await intentOf(order.id);
    stripe.webhooks.pause();
    await client.paymentIntents.confirm(intentId, { payment_method: 'pm_card_chargeDeclined', return_url: 'https://shop.example/r' }).catch(() => undefined);
    await client.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa', return_url: 'https://shop.example/r' });
    const deliveries = await stripe.webhooks.deliverAll({ order: 'reverse' });
    stripe.webhooks.resume();
    expect(deliveries.map((d) => d.type)).toEqual(['payment_intent.succeeded', 'payment_intent.payment_failed']);
    expect((await orderState(order.id)).status).toBe('PAID');
  });

  it('webhooks for unknown objects or with the wrong amount change nothing', async () => {
    const post = async (object: Record<string, unknown>, type = 'payment_intent.succeeded') => {
      const payload = JSON.stringify({
        id: `evt_${randomUUID().replace(/-/g, '')}`,
        object: 'event',
        type,
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        data: { object },
      });
      const res = await fetch(`${t.url}/webhooks/stripe`, {
        method: 'POST',
        body: payload,
        headers: { 'content-type': 'application/json', 'stripe-signature': client.webhooks.generateTestHeaderString({ payload, secret: SECRET }) },
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const unknown = await post({ id: 'pi_nobody', object: 'payment_intent', amount: 100, currency: 'cny', metadata: {}, status: 'succeeded' });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });

    const { course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'Mismatch');
    const { order } = await checkout(t, learner.token, [course.id]);
    const intentId = await intentOf(order.id);
    const wrong = await post({
      id: intentId,
      object: 'payment_intent',
      amount: 1,
      currency: 'cny',
      metadata: { knowpay_order_id: rawId(order.id) },
      status: 'succeeded',
    });
    expect(wrong).toMatchObject({ status: 200, body: { outcome: 'rejected' } });
    const wrongCurrency = await post({ id: intentId, object: 'payment_intent', amount: 9900, currency: 'usd', metadata: {}, status: 'succeeded' });
    expect(wrongCurrency.body.outcome).toBe('rejected');
    expect((await orderState(order.id)).status).toBe('PENDING_PAYMENT');
    // a genuine event sent without a signature, and one whose body was rewritten after signing: refused, nothing applied
    const genuine = JSON.stringify({
      id: `evt_${randomUUID().replace(/-/g, '')}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: {
        object: { id: intentId, object: 'payment_intent', amount: 9900, currency: 'cny', metadata: { knowpay_order_id: rawId(order.id) }, status: 'succeeded' },
      },
    });
    const unsigned = await fetch(`${t.url}/webhooks/stripe`, { method: 'POST', body: genuine, headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as any).error.code).toBe('SIGNATURE_INVALID');
    const signedForOther = client.webhooks.generateTestHeaderString({ payload: genuine.replace('9900', '1'), secret: SECRET });
    const rewritten = await fetch(`${t.url}/webhooks/stripe`, {
      method: 'POST',
      body: genuine,
      headers: { 'content-type': 'application/json', 'stripe-signature': signedForOther },
    });
    expect(rewritten.status).toBe(400);
    expect(((await rewritten.json()) as any).error.code).toBe('SIGNATURE_INVALID');
    expect((await orderState(order.id)).status).toBe('PENDING_PAYMENT');
  });

  it('20 concurrent retries of one checkout create one PaymentIntent at Stripe', async () => {
    const { course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'Concurrent');
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => checkout(t, learner.token, [course.id], { idempotencyKey: key })));
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
    const orderId = rawId(results[0].order.id);
    const intents = [...stripe.store.paymentIntents.values()].filter(
      (pi) => (pi as unknown as { metadata: Record<string, string> }).metadata.knowpay_order_id === orderId,
    );
    expect(intents).toHaveLength(1);
  });

  it('a membership renews off-session on the saved card, and a declined renewal makes it PAST_DUE', async () => {
    const { creator, course } = await creatorWithCourse(t);
    const plan = await t.gql(
      `mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } } }`,
      { input: { name: 'Monthly', price: { amount: 4900, currency: 'CNY' }, interval: 'MONTH', courseIds: [course.id] } },
      creator.token,
    );
    const learner = await signUpUser(t, 'Renewer');
    const sub = (
      await t.gql(
        `mutation($input: SubscribeInput!) { subscribe(input: $input) { membership { id status } payment { clientSecret } errors { code } } }`,
        { input: { planId: plan.data.createPlan.plan.id, idempotencyKey: randomUUID() } },
        learner.token,
      )
    ).data.subscribe;
    expect(sub.membership.status).toBe('INCOMPLETE');
    expect(await hasAccess(t, learner.token, course.id)).toBe(false);
    const membershipId = rawId(sub.membership.id);
    const [firstOrder] = await db().query('SELECT id FROM orders WHERE membership_id = $1', [membershipId]);
    const firstIntent = (await db().query('SELECT provider_ref FROM payments WHERE order_id = $1', [firstOrder.id]))[0].provider_ref;
    await client.paymentIntents.confirm(firstIntent, { payment_method: 'pm_card_visa', return_url: 'https://shop.example/r' });
    const membershipStatus = async () => (await db().query('SELECT status FROM memberships WHERE id = $1', [membershipId]))[0].status;
    await waitUntil(async () => (await membershipStatus()) === 'ACTIVE', 10_000);
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);
    const [customer] = await db().query(`SELECT default_payment_method FROM billing_customers WHERE user_id = $1 AND provider = 'stripe'`, [
      rawId(learner.userId),
    ]);
    expect(customer.default_payment_method).toMatch(/^pm_/);

    const renew = async () => {
      await db().query(
        `UPDATE memberships SET current_period_end = now() - interval '1 second', current_period_start = now() - interval '1 month' WHERE id = $1`,
        [membershipId],
      );
      const [{ current_period_end: due }] = await db().query('SELECT current_period_end FROM memberships WHERE id = $1', [membershipId]);
      await t.server.services.jobs.runNow(renewMembership, { membershipId, periodEnd: new Date(due).toISOString() });
    };
    await renew();
    await waitUntil(
      async () => (await db().query(`SELECT count(*)::int AS n FROM orders WHERE membership_id = $1 AND status = 'PAID'`, [membershipId]))[0].n === 2,
      10_000,
    );
    expect(await membershipStatus()).toBe('ACTIVE');
    const offSession = [...stripe.store.paymentIntents.values()].filter(
      (pi) =>
        (pi as unknown as { customer: string }).customer &&
        (pi as unknown as { metadata: Record<string, string> }).metadata.knowpay_user_id === rawId(learner.userId),
    );
    expect(offSession.length).toBe(2);

    await db().query(`UPDATE billing_customers SET default_payment_method = 'pm_card_chargeDeclinedInsufficientFunds' WHERE user_id = $1`, [
      rawId(learner.userId),
    ]);
    await renew();
    await waitUntil(async () => (await membershipStatus()) === 'PAST_DUE', 10_000);
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);
  });

  it('an approved refund is paid back through Stripe and settles on its webhook, taking access back', async () => {
    const { course } = await creatorWithCourse(t, { amount: 8800, currency: 'CNY' });
    const learner = await signUpUser(t, 'StripeRefund');
    const { order } = await checkout(t, learner.token, [course.id]);
    await client.paymentIntents.confirm(await intentOf(order.id), { payment_method: 'pm_card_visa', return_url: 'https://shop.example/r' });
    await waitUntil(async () => (await orderState(order.id)).status === 'PAID', 10_000);
    const requested = await t.gql(
      `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { code } } }`,
      { input: { orderId: order.id, reason: 'Changed my mind' } },
      learner.token,
    );
    await t.gql(
      `mutation($id: ID!) { resolveRefund(id: $id, approve: true) { refund { status } errors { code message } } }`,
      { id: requested.data.requestRefund.refund.id },
      await adminToken(t),
    );
    await waitUntil(async () => (await orderState(order.id)).status === 'REFUNDED', 10_000);
    expect((await orderState(order.id)).refunded_amount).toBe(8800);
    expect([...stripe.store.refunds.values()].some((r) => (r as { amount: number }).amount === 8800)).toBe(true);
    expect(await hasAccess(t, learner.token, course.id)).toBe(false);
    expect(await ledgerProblems(t)).toEqual([]);
  });
});

describe('orderUpdated over graphql-ws', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.stop());

  it('tells the buyer when the order is paid, and nobody else may follow it', async () => {
    const { course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'Watcher');
    // the test provider settles at checkout, so the update to watch is a partial refund
    const { order } = await checkout(t, learner.token, [course.id]);
    const client = wsClient(t, learner.token);
    const updates = subscribe(client, 'subscription($id: ID!) { orderUpdated(orderId: $id) { id status refundedTotal { amount } } }', { id: order.id });
    await waitForSubscribers(t, `order:${rawId(order.id)}`);
    const requested = await t.gql(
      `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } } }`,
      { input: { orderId: order.id, reason: 'testing updates', amount: { amount: 100, currency: 'CNY' } } },
      learner.token,
    );
    await t.gql(
      `mutation($id: ID!) { resolveRefund(id: $id, approve: true) { refund { status } } }`,
      { id: requested.data.requestRefund.refund.id },
      await adminToken(t),
    );
    expect((await updates.next()).data?.orderUpdated).toEqual({ id: order.id, status: 'PARTIALLY_REFUNDED', refundedTotal: { amount: 100 } });
    updates.dispose();
    await client.dispose();

    const stranger = wsClient(t, (await signUpUser(t, 'Peeker')).token);
    const refused = subscribe(stranger, 'subscription($id: ID!) { orderUpdated(orderId: $id) { id } }', { id: order.id });
    expect((await refused.next()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await stranger.dispose();
  });
});
