import { PaymentMethodObject, paymentMethodFromCard, TestCard, testCardFor } from './stripe-cards';
import { allowOnly, hash, int, invalidRequest, mergeMetadata, noSuch, nowSeconds, Params, str, stripeId } from './stripe-params';

/**
 * The in-memory object store of the local Stripe test server: customers,
 * payment methods, charges, refunds and events. PaymentIntents (the state
 * machine) live in stripe-payments.ts and use this store.
 */

export type StripeObject = { id: string; object: string; [key: string]: unknown };

export interface CustomerObject extends StripeObject {
  object: 'customer';
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  invoice_settings: { default_payment_method: string | null; [key: string]: unknown };
}

export interface ChargeObject extends StripeObject {
  object: 'charge';
  amount: number;
  amount_refunded: number;
  currency: string;
  payment_intent: string;
  refunded: boolean;
  status: 'succeeded' | 'failed';
}

export interface RefundObject extends StripeObject {
  object: 'refund';
  amount: number;
  charge: string;
  payment_intent: string;
  status: 'succeeded';
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
  [key: string]: unknown;
}

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export function list<T>(url: string, items: T[], params: Params): ListObject<T> {
  const limit = int(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest('Invalid limit: must be between 1 and 100', { param: 'limit' });
  return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url };
}

export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

export class StripeStore {
  readonly customers = new Map<string, CustomerObject>();
  readonly paymentMethods = new Map<string, PaymentMethodObject>();
  readonly charges = new Map<string, ChargeObject>();
  readonly refunds = new Map<string, RefundObject>();
  /** Every PaymentIntent, keyed by id; managed by PaymentIntents in stripe-payments.ts. */
  readonly paymentIntents = new Map<string, StripeObject>();
  /** Every event generated, oldest first. */
  readonly events: StripeEvent[] = [];
  /** The card each payment method was made from, which decides how payments with it behave. */
  readonly cards = new Map<string, TestCard>();
  /** The API request being handled, stamped on the events it causes. */
  currentRequest: StripeEvent['request'] = { id: null, idempotency_key: null };
  private readonly listeners: Array<(event: StripeEvent) => void> = [];

  constructor(
    readonly apiVersion: string,
    /** How many webhook endpoints will receive an event; its `pending_webhooks`. */
    private readonly pendingWebhooks: (type: string) => number = () => 0,
  ) {}

  onEvent(listener: (event: StripeEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(type: string, object: StripeObject, previous?: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: stripeId('evt'),
      object: 'event',
      api_version: this.apiVersion,
      created: nowSeconds(),
      data: previous ? { object: snapshot(object), previous_attributes: previous } : { object: snapshot(object) },
      livemode: false,
      pending_webhooks: this.pendingWebhooks(type),
      request: { ...this.currentRequest },
      type,
    };
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Any stored object by id (used for `expand`). */
  find(id: string): StripeObject | undefined {
    return (
      this.customers.get(id) ??
      this.paymentMethods.get(id) ??
      this.paymentIntents.get(id) ??
      this.charges.get(id) ??
      this.refunds.get(id) ??
      this.events.find((e) => e.id === id)
    );
  }

  reset(): void {
    for (const map of [this.customers, this.paymentMethods, this.charges, this.refunds, this.paymentIntents, this.cards]) map.clear();
    this.events.length = 0;
  }

  // ---- customers ----

  createCustomer(params: Params): CustomerObject {
    allowOnly(params, ['email', 'name', 'description', 'phone', 'metadata', 'payment_method', 'invoice_settings', 'preferred_locales']);
    const customer: CustomerObject = {
      id: stripeId('cus', 14),
      object: 'customer',
      address: null,
      balance: 0,
      created: nowSeconds(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: str(params, 'description') ?? null,
      email: str(params, 'email') ?? null,
      invoice_prefix: stripeId('', 8).slice(1).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: mergeMetadata({}, params),
      name: str(params, 'name') ?? null,
      phone: str(params, 'phone') ?? null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    };
    this.customers.set(customer.id, customer);
    const pm = str(params, 'payment_method');
    if (pm) this.attachPaymentMethod(pm, { customer: customer.id });
    this.applyInvoiceSettings(customer, params);
    this.emit('customer.created', customer);
    return customer;
  }

  customer(id: string, param?: string): CustomerObject {
    const customer = this.customers.get(id);
    if (!customer || customer.deleted) throw noSuch('customer', id, param);
    return customer;
  }

  updateCustomer(id: string, params: Params): CustomerObject {
    allowOnly(params, ['email', 'name', 'description', 'phone', 'metadata', 'invoice_settings', 'preferred_locales']);
    const customer = this.customer(id);
    const before = snapshot(customer);
    for (const key of ['email', 'name', 'description', 'phone'] as const) {
      const value = str(params, key);
      if (value !== undefined) customer[key] = value === '' ? null : value;
    }
    customer.metadata = mergeMetadata(customer.metadata, params);
    this.applyInvoiceSettings(customer, params);
    const previous: Record<string, unknown> = {};
    for (const key of Object.keys(customer)) {
      if (JSON.stringify(customer[key]) !== JSON.stringify(before[key])) previous[key] = before[key];
    }
    if (Object.keys(previous).length > 0) this.emit('customer.updated', customer, previous);
    return customer;
  }

  deleteCustomer(id: string): StripeObject {
    const customer = this.customer(id);
    this.customers.delete(id);
    this.emit('customer.deleted', customer);
    return { id, object: 'customer', deleted: true };
  }

  private applyInvoiceSettings(customer: CustomerObject, params: Params): void {
    const settings = hash(params, 'invoice_settings');
    const pm = settings && str(settings, 'default_payment_method');
    if (pm === undefined) return;
    if (pm !== '' && this.paymentMethods.get(pm)?.customer !== customer.id) {
      throw invalidRequest(`The customer does not have a payment method with the ID ${pm}. The payment method must be attached to the customer.`, {
        code: 'resource_missing',
        param: 'invoice_settings[default_payment_method]',
      });
    }
    customer.invoice_settings.default_payment_method = pm === '' ? null : pm;
  }

  // ---- payment methods ----

  /** A stored payment method, or a fresh one made from a test token such as `pm_card_visa`. */
  paymentMethod(id: string, param?: string): PaymentMethodObject {
    const stored = this.paymentMethods.get(id);
    if (stored) return stored;
    const card = testCardFor(id);
    if (!card) throw noSuch('PaymentMethod', id, param);
    const pm = paymentMethodFromCard(card);
    this.paymentMethods.set(pm.id, pm);
    this.cards.set(pm.id, card);
    return pm;
  }

  attachPaymentMethod(id: string, params: Params): PaymentMethodObject {
    allowOnly(params, ['customer']);
    const customer = this.customer(str(params, 'customer', true)!, 'customer');
    const pm = this.paymentMethod(id);
    if (pm.customer === customer.id) return pm;
    if (pm.customer) {
      throw invalidRequest('The payment method you provided has already been attached to a customer.', {
        code: 'payment_method_unexpected_state',
      });
    }
    pm.customer = customer.id;
    this.emit('payment_method.attached', pm);
    return pm;
  }

  detachPaymentMethod(id: string): PaymentMethodObject {
    const pm = this.paymentMethod(id);
    if (!pm.customer) {
      throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', {
        code: 'payment_method_unexpected_state',
      });
    }
    const customer = this.customers.get(pm.customer);
    if (customer?.invoice_settings.default_payment_method === pm.id) customer.invoice_settings.default_payment_method = null;
    pm.customer = null;
    this.emit('payment_method.detached', pm);
    return pm;
  }

  // ---- charges and refunds ----

  charge(id: string, param?: string): ChargeObject {
    const charge = this.charges.get(id);
    if (!charge) throw noSuch('charge', id, param);
    return charge;
  }

  refund(id: string): RefundObject {
    const refund = this.refunds.get(id);
    if (!refund) throw noSuch('refund', id);
    return refund;
  }

  createRefund(params: Params): RefundObject {
    allowOnly(params, ['payment_intent', 'charge', 'amount', 'reason', 'metadata']);
    const piId = str(params, 'payment_intent');
    const chargeId = str(params, 'charge');
    if (!piId && !chargeId) throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.');
    let charge: ChargeObject;
    if (chargeId) {
      charge = this.charge(chargeId, 'charge');
    } else {
      const pi = this.paymentIntents.get(piId!);
      if (!pi) throw noSuch('payment_intent', piId!, 'payment_intent');
      const latest = typeof pi.latest_charge === 'string' ? this.charges.get(pi.latest_charge) : undefined;
      if (pi.status !== 'succeeded' || !latest) {
        throw invalidRequest(`This PaymentIntent (${piId}) does not have a successful charge to refund.`, { param: 'payment_intent' });
      }
      charge = latest;
    }
    const reason = str(params, 'reason');
    if (reason !== undefined && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) {
      throw invalidRequest('Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer', { param: 'reason' });
    }
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining === 0) {
      throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
    }
    const amount = int(params, 'amount') ?? remaining;
    if (amount <= 0) throw invalidRequest('Invalid positive integer', { param: 'amount' });
    if (amount > remaining) {
      const money = (n: number) => `${(n / 100).toFixed(2)} ${charge.currency.toUpperCase()}`;
      throw invalidRequest(`Refund amount (${money(amount)}) is greater than unrefunded amount on charge (${money(remaining)})`, {
        code: 'amount_too_large',
        param: 'amount',
      });
    }
    const refund: RefundObject = {
      id: stripeId('re'),
      object: 'refund',
      amount,
      balance_transaction: stripeId('txn'),
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
      metadata: mergeMetadata({}, params),
      payment_intent: charge.payment_intent,
      reason: reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    };
    this.refunds.set(refund.id, refund);
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.emit('refund.created', refund);
    this.emit('charge.refunded', charge, previous);
    return refund;
  }

  event(id: string): StripeEvent {
    const event = this.events.find((e) => e.id === id);
    if (!event) throw noSuch('event', id);
    return event;
  }
}
