import http from 'node:http';
import { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startStripeServer, StripeTestServer } from './stripe-server';

const SECRET = 'whsec_knowpay_test_secret';

interface Received {
  body: string;
  signature: string;
  event?: Stripe.Event;
  error?: string;
}

/** A tiny webhook endpoint that verifies signatures the way the app must. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: Received = { body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['stripe-signature']) };
      received.push(entry);
      try {
        entry.event = Stripe.webhooks.constructEvent(entry.body, entry.signature, SECRET);
        res.writeHead(200).end('{"received":true}');
      } catch (error) {
        entry.error = (error as Error).message;
        res.writeHead(400).end(entry.error);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let server: StripeTestServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startReceiver();
  server = await startStripeServer({ webhook: { url: receiver.url, secret: SECRET } });
  stripe = server.client();
});

afterAll(async () => {
  await server.stop();
  await receiver.close();
});

beforeEach(async () => {
  await server.webhooks.idle();
  server.reset();
  receiver.received.length = 0;
});

async function customerWithCard(token = 'pm_card_visa'): Promise<{ customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
  const customer = await stripe.customers.create({ email: 'ada@example.com', metadata: { userId: 'u1' } });
  const pm = await stripe.paymentMethods.attach(token, { customer: customer.id });
  return { customer, pm };
}

function chargeOffSession(customer: string, paymentMethod: string, amount = 5000, metadata: Record<string, string> = {}) {
  return stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    customer,
    payment_method: paymentMethod,
    confirm: true,
    off_session: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    description: 'Course purchase',
    metadata,
  });
}

describe('local Stripe server driven by the real SDK', () => {
  it('parses the SDK form encoding, keys and headers', async () => {
    const customer = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada', metadata: { orderId: 'o-1', plan: 'pro' } });
    expect(customer).toMatchObject({ object: 'customer', livemode: false, email: 'ada@example.com', metadata: { orderId: 'o-1', plan: 'pro' } });
    expect(customer.id).toMatch(/^cus_/);
    const updated = await stripe.customers.update(customer.id, { metadata: { plan: '', seats: '3' } });
    expect(updated.metadata).toEqual({ orderId: 'o-1', seats: '3' });
    const request = server.requests[0];
    expect(request).toMatchObject({ method: 'POST', path: '/v1/customers', apiKey: 'sk_test_knowpay' });
    expect(request.params.metadata).toEqual({ orderId: 'o-1', plan: 'pro' });
    expect(request.idempotencyKey).toMatch(/^stripe-node-retry-/);

    await expect(server.client('sk_live_nope').customers.retrieve(customer.id)).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    await expect(stripe.customers.create({ colour: 'red' } as Stripe.CustomerCreateParams)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      param: 'colour',
    });
    await expect(stripe.paymentIntents.retrieve('pi_missing')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
    });
  });

  it('charges a saved card off-session and sends a signed payment_intent.succeeded', async () => {
    const { customer, pm } = await customerWithCard();
    expect(pm.id).toMatch(/^pm_/);
    expect(pm).toMatchObject({ customer: customer.id, card: { brand: 'visa', last4: '4242' } });

    const intent = await chargeOffSession(customer.id, pm.id, 4900, { orderId: 'order-7' });
    expect(intent).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount_received: 4900, metadata: { orderId: 'order-7' } });
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`));
    expect(intent.latest_charge).toMatch(/^ch_/);

    const expanded = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    expect(expanded.latest_charge).toMatchObject({ object: 'charge', status: 'succeeded', amount: 4900, payment_intent: intent.id });

    const delivery = await server.webhooks.waitFor('payment_intent.succeeded');
    expect(delivery).toMatchObject({ status: 200, ok: true });
    const got = receiver.received.find((r) => r.event?.type === 'payment_intent.succeeded')!;
    const event = stripe.webhooks.constructEvent(got.body, got.signature, SECRET);
    expect(event).toMatchObject({ object: 'event', livemode: false, api_version: Stripe.API_VERSION, pending_webhooks: 1 });
    expect(event.id).toMatch(/^evt_/);
    expect(event.request?.idempotency_key).toMatch(/^stripe-node-retry-/);
    const object = event.data.object as Stripe.PaymentIntent;
    expect(object).toMatchObject({ id: intent.id, status: 'succeeded', metadata: { orderId: 'order-7' } });
  });

  it('declines cards with StripeCardError and a payment_intent.payment_failed event', async () => {
    const { customer, pm } = await customerWithCard('pm_card_chargeDeclined');
    const error = await chargeOffSession(customer.id, pm.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    const failedIntent = (error as Stripe.errors.StripeCardError).payment_intent!;
    expect(failedIntent.status).toBe('requires_payment_method');
    expect(failedIntent.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined' });

    const delivery = await server.webhooks.waitFor('payment_intent.payment_failed');
    const event = stripe.webhooks.constructEvent(delivery.payload, delivery.header, SECRET);
    expect((event.data.object as Stripe.PaymentIntent).id).toBe(failedIntent.id);

    const poor = await customerWithCard('pm_card_chargeDeclinedInsufficientFunds');
    await expect(chargeOffSession(poor.customer.id, poor.pm.id)).rejects.toMatchObject({ decline_code: 'insufficient_funds' });
  });

  it('walks requires_payment_method → requires_confirmation → succeeded, and cancels', async () => {
    const { customer, pm } = await customerWithCard();
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', customer: customer.id });
    expect(intent.status).toBe('requires_payment_method');
    const withCard = await stripe.paymentIntents.update(intent.id, { payment_method: pm.id });
    expect(withCard.status).toBe('requires_confirmation');
    const confirmed = await stripe.paymentIntents.confirm(intent.id, { off_session: true });
    expect(confirmed.status).toBe('succeeded');
    await expect(stripe.paymentIntents.confirm(intent.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
    await expect(stripe.paymentIntents.cancel(intent.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });

    const other = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur' });
    const canceled = await stripe.paymentIntents.cancel(other.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    await server.webhooks.waitFor('payment_intent.canceled');

    const needs3ds = await customerWithCard('pm_card_authenticationRequired');
    await expect(chargeOffSession(needs3ds.customer.id, needs3ds.pm.id)).rejects.toMatchObject({ code: 'authentication_required' });
    const onSession = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      customer: needs3ds.customer.id,
      payment_method: needs3ds.pm.id,
      confirm: true,
      return_url: 'https://knowpay.test/return',
    });
    expect(onSession.status).toBe('requires_action');
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
        automatic_payment_methods: { enabled: true },
      }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/allow_redirects/) });
  });

  it('refunds partially and fully, and rejects refunding more than remains', async () => {
    const { customer, pm } = await customerWithCard();
    const intent = await chargeOffSession(customer.id, pm.id, 5000);
    const partial = await stripe.refunds.create({ payment_intent: intent.id, amount: 2000, metadata: { reason: 'partial' } });
    expect(partial).toMatchObject({ object: 'refund', status: 'succeeded', amount: 2000, charge: intent.latest_charge });
    await expect(stripe.refunds.create({ payment_intent: intent.id, amount: 3001 })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      param: 'amount',
    });
    const rest = await stripe.refunds.create({ payment_intent: intent.id });
    expect(rest.amount).toBe(3000);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 5000, refunded: true });
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({ code: 'charge_already_refunded' });

    await server.webhooks.idle();
    const refundEvents = receiver.received.map((r) => r.event!).filter((e) => e.type === 'charge.refunded');
    expect(refundEvents.map((e) => (e.data.object as Stripe.Charge).amount_refunded)).toEqual([2000, 5000]);
    expect(receiver.received.filter((r) => r.event?.type === 'refund.created')).toHaveLength(2);
  });

  it('replays the first response for a repeated Idempotency-Key', async () => {
    const { customer, pm } = await customerWithCard();
    const params: Stripe.PaymentIntentCreateParams = {
      amount: 2500,
      currency: 'usd',
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-42' });
    const second = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-42' });
    expect(second.id).toBe(first.id);
    expect(server.store.paymentIntents.size).toBe(1);
    expect(server.requests.at(-1)).toMatchObject({ idempotencyKey: 'order-42', replayed: true });
    await expect(stripe.paymentIntents.create({ ...params, amount: 2600 }, { idempotencyKey: 'order-42' })).rejects.toBeInstanceOf(
      Stripe.errors.StripeIdempotencyError,
    );
  });

  it('lets tests hold, duplicate, reorder and forge webhook deliveries', async () => {
    server.webhooks.pause();
    const { customer, pm } = await customerWithCard();
    const intent = await chargeOffSession(customer.id, pm.id);
    await server.webhooks.idle();
    expect(receiver.received).toHaveLength(0);
    const pending = server.webhooks.pending();
    expect(pending.map((e) => e.type)).toEqual([
      'customer.created',
      'payment_method.attached',
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);

    const succeeded = pending.find((e) => e.type === 'payment_intent.succeeded')!;
    const twice = await server.webhooks.deliver(succeeded, { times: 2 });
    expect(twice.map((d) => d.status)).toEqual([200, 200]);
    expect(receiver.received.map((r) => r.event!.id)).toEqual([succeeded.id, succeeded.id]);
    expect((receiver.received[0].event!.data.object as Stripe.PaymentIntent).id).toBe(intent.id);

    const [forged] = await server.webhooks.deliver(succeeded, { signature: 'forged' });
    expect(forged.status).toBe(400);
    expect(() => stripe.webhooks.constructEvent(forged.payload, forged.header, SECRET)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const [stale] = await server.webhooks.deliver(succeeded, { signature: 'stale' });
    expect(stale.status).toBe(400);
    expect(receiver.received.at(-1)!.error).toMatch(/tolerance/i);

    receiver.received.length = 0;
    const reversed = await server.webhooks.deliverAll({ order: 'reverse' });
    expect(reversed.map((d) => d.type)).toEqual(['charge.succeeded', 'payment_intent.created', 'payment_method.attached', 'customer.created']);
    expect(server.webhooks.pending()).toHaveLength(0);

    await server.webhooks.resume();
    await stripe.paymentIntents.cancel((await stripe.paymentIntents.create({ amount: 700, currency: 'usd' })).id);
    const canceled = await server.webhooks.waitFor('payment_intent.canceled');
    expect(canceled.ok).toBe(true);
    expect(server.webhooks.deliveries.length).toBeGreaterThanOrEqual(10);
  });
});
