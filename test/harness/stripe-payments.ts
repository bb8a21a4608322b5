import { AUTHENTICATION_REQUIRED, CardDecline, chargeDetails } from './stripe-cards';
import { ChargeObject, snapshot, StripeObject, StripeStore } from './stripe-objects';
import { allowOnly, bool, hash, int, invalidRequest, mergeMetadata, noSuch, nowSeconds, oneOf, Params } from './stripe-params';
import { StripeApiError, str, stripeId } from './stripe-params';

/**
 * PaymentIntents and their state machine:
 *   requires_payment_method → requires_confirmation → succeeded
 *                                                   ↘ requires_payment_method (+ last_payment_error) on a decline
 *                                                   ↘ requires_action (on-session card that needs 3DS)
 *   any non-final state → canceled
 * Confirming creates a charge (`latest_charge`), succeeded or failed.
 */

export type PaymentIntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'succeeded' | 'canceled';

export interface PaymentIntentObject extends StripeObject {
  object: 'payment_intent';
  amount: number;
  currency: string;
  customer: string | null;
  payment_method: string | null;
  status: PaymentIntentStatus;
  latest_charge: string | null;
  metadata: Record<string, string>;
  automatic_payment_methods: { enabled: boolean; allow_redirects?: string } | null;
  setup_future_usage: string | null;
}

const CREATE_PARAMS = [
  'amount',
  'currency',
  'customer',
  'payment_method',
  'confirm',
  'off_session',
  'metadata',
  'description',
  'automatic_payment_methods',
  'payment_method_types',
  'receipt_email',
  'return_url',
  'setup_future_usage',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'capture_method',
  'confirmation_method',
  'transfer_group',
];
const UPDATE_PARAMS = ['amount', 'currency', 'customer', 'payment_method', 'metadata', 'description', 'receipt_email', 'setup_future_usage'];
const CONFIRM_PARAMS = ['payment_method', 'off_session', 'return_url', 'receipt_email', 'setup_future_usage'];
const CANCELABLE: PaymentIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export class PaymentIntents {
  constructor(private readonly store: StripeStore) {}

  get(id: string): PaymentIntentObject {
    const pi = this.store.paymentIntents.get(id);
    if (!pi) throw noSuch('payment_intent', id);
    return pi as PaymentIntentObject;
  }

  create(params: Params): PaymentIntentObject {
    allowOnly(params, CREATE_PARAMS);
    const confirm = bool(params, 'confirm') ?? false;
    const automatic = hash(params, 'automatic_payment_methods');
    if (automatic && params.payment_method_types !== undefined) {
      throw invalidRequest('You may only specify one of these parameters: automatic_payment_methods, payment_method_types.', {
        param: 'automatic_payment_methods',
      });
    }
    if (params.off_session !== undefined && !confirm) {
      throw invalidRequest('You can only use `off_session` when `confirm` is true.', { param: 'off_session' });
    }
    oneOf(params, 'capture_method', ['automatic', 'automatic_async']);
    oneOf(params, 'confirmation_method', ['automatic']);
    const id = stripeId('pi');
    const pi: PaymentIntentObject = {
      id,
      object: 'payment_intent',
      amount: 0,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: automatic
        ? { allow_redirects: str(automatic, 'allow_redirects') ?? 'always', enabled: bool(automatic, 'enabled') ?? false }
        : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: str(params, 'capture_method') ?? 'automatic_async',
      client_secret: `${id}_secret_${stripeId('x', 25).slice(2)}`,
      confirmation_method: 'automatic',
      created: nowSeconds(),
      currency: '',
      customer: null,
      description: str(params, 'description') ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: mergeMetadata({}, params),
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
      payment_method_types: automatic ? ['card'] : ((params.payment_method_types as string[] | undefined) ?? ['card']),
      processing: null,
      receipt_email: str(params, 'receipt_email') ?? null,
      setup_future_usage: oneOf(params, 'setup_future_usage', ['off_session', 'on_session']) ?? null,
      shipping: null,
      statement_descriptor: str(params, 'statement_descriptor') ?? null,
      statement_descriptor_suffix: str(params, 'statement_descriptor_suffix') ?? null,
      status: 'requires_payment_method',
      transfer_data: null,
      transfer_group: str(params, 'transfer_group') ?? null,
    };
    this.applyAmount(pi, params, true);
    this.applyCustomerAndMethod(pi, params);
    this.store.paymentIntents.set(id, pi);
    this.store.emit('payment_intent.created', pi);
    if (confirm) this.attempt(pi, params);
    return pi;
  }

  update(id: string, params: Params): PaymentIntentObject {
    allowOnly(params, UPDATE_PARAMS);
    const pi = this.get(id);
    if (pi.status === 'succeeded' || pi.status === 'canceled') {
      const changesMoney = ['amount', 'currency', 'customer', 'payment_method'].some((key) => params[key] !== undefined);
      if (changesMoney) throw this.unexpectedState(pi, 'update');
    }
    this.applyAmount(pi, params, false);
    this.applyCustomerAndMethod(pi, params);
    pi.metadata = mergeMetadata(pi.metadata, params);
    for (const key of ['description', 'receipt_email', 'setup_future_usage'] as const) {
      const value = str(params, key);
      if (value !== undefined) pi[key] = value === '' ? null : value;
    }
    return pi;
  }

  confirm(id: string, params: Params): PaymentIntentObject {
    allowOnly(params, CONFIRM_PARAMS);
    const pi = this.get(id);
    if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation') {
      if (pi.status === 'succeeded') {
        throw invalidRequest('You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.', {
          code: 'payment_intent_unexpected_state',
          payment_intent: snapshot(pi),
        });
      }
      throw this.unexpectedState(pi, 'confirm');
    }
    this.applyCustomerAndMethod(pi, params);
    const sfu = oneOf(params, 'setup_future_usage', ['off_session', 'on_session']);
    if (sfu) pi.setup_future_usage = sfu;
    this.attempt(pi, params);
    return pi;
  }

  cancel(id: string, params: Params): PaymentIntentObject {
    allowOnly(params, ['cancellation_reason']);
    const pi = this.get(id);
    if (!CANCELABLE.includes(pi.status)) throw this.unexpectedState(pi, 'cancel');
    pi.status = 'canceled';
    pi.canceled_at = nowSeconds();
    pi.cancellation_reason = oneOf(params, 'cancellation_reason', ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned']) ?? null;
    pi.next_action = null;
    this.store.emit('payment_intent.canceled', pi);
    return pi;
  }

  private applyAmount(pi: PaymentIntentObject, params: Params, creating: boolean): void {
    const amount = int(params, 'amount', creating);
    const currency = str(params, 'currency', creating);
    if (currency !== undefined) {
      if (!/^[a-zA-Z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${currency}.`, { param: 'currency' });
      pi.currency = currency.toLowerCase();
    }
    if (amount !== undefined) {
      if (amount < 50) {
        throw invalidRequest('Amount must be at least 50 cents', { code: 'amount_too_small', param: 'amount' });
      }
      pi.amount = amount;
    }
  }

  private applyCustomerAndMethod(pi: PaymentIntentObject, params: Params): void {
    const customerId = str(params, 'customer');
    if (customerId !== undefined) pi.customer = customerId === '' ? null : this.store.customer(customerId, 'customer').id;
    const pmId = str(params, 'payment_method');
    if (pmId === undefined) return;
    if (pmId === '') {
      pi.payment_method = null;
      pi.status = 'requires_payment_method';
      return;
    }
    const pm = this.store.paymentMethod(pmId, 'payment_method');
    if (pm.customer && pm.customer !== pi.customer) {
      throw invalidRequest(`The provided PaymentMethod ${pm.id} belongs to customer ${pm.customer}; pass that customer when using it.`, {
        param: 'payment_method',
      });
    }
    pi.payment_method = pm.id;
    pi.status = 'requires_confirmation';
  }

  /** Confirmation: charges the payment method and moves the PaymentIntent on. */
  private attempt(pi: PaymentIntentObject, params: Params): void {
    const offSession = (str(params, 'off_session') ?? 'false') !== 'false';
    if (!pi.payment_method) {
      throw invalidRequest(
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent, " +
          'pass a `payment_method` (for example one attached to its customer).',
        { code: 'payment_intent_unexpected_state', payment_intent: snapshot(pi) },
      );
    }
    const redirects = pi.automatic_payment_methods?.enabled && pi.automatic_payment_methods.allow_redirects !== 'never';
    if (redirects && str(params, 'return_url') === undefined) {
      throw invalidRequest(
        'This PaymentIntent is configured to accept payment methods enabled in your Dashboard, some of which may require a full ' +
          'page redirect to succeed. If you do not want to accept redirect-based payment methods, set ' +
          '`automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when ' +
          'creating Setup Intents and Payment Intents.',
      );
    }
    const card = this.store.cards.get(pi.payment_method);
    const decline = card?.decline ?? (card?.requiresAuthentication && offSession ? AUTHENTICATION_REQUIRED : undefined);
    if (decline) throw this.decline(pi, decline);
    pi.last_payment_error = null;
    if (card?.requiresAuthentication) {
      pi.status = 'requires_action';
      pi.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: '' } };
      this.store.emit('payment_intent.requires_action', pi);
      return;
    }
    const charge = this.createCharge(pi, 'succeeded');
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    pi.latest_charge = charge.id;
    const pm = this.store.paymentMethods.get(pi.payment_method)!;
    if (pi.setup_future_usage && pi.customer && !pm.customer) {
      this.store.attachPaymentMethod(pm.id, { customer: pi.customer });
    }
    this.store.emit('charge.succeeded', charge);
    this.store.emit('payment_intent.succeeded', pi);
  }

  private decline(pi: PaymentIntentObject, decline: CardDecline): StripeApiError {
    const charge = this.createCharge(pi, 'failed', decline);
    const pm = this.store.paymentMethods.get(pi.payment_method!)!;
    const docUrl = `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`;
    pi.status = 'requires_payment_method';
    pi.latest_charge = charge.id;
    pi.last_payment_error = {
      charge: charge.id,
      code: decline.code,
      decline_code: decline.decline_code,
      doc_url: docUrl,
      message: decline.message,
      payment_method: snapshot(pm),
      type: 'card_error',
    };
    pi.payment_method = null;
    this.store.emit('charge.failed', charge);
    this.store.emit('payment_intent.payment_failed', pi);
    return new StripeApiError(402, 'card_error', decline.message, {
      code: decline.code,
      decline_code: decline.decline_code,
      doc_url: docUrl,
      charge: charge.id,
      payment_intent: snapshot(pi),
      payment_method: snapshot(pm),
    });
  }

  private createCharge(pi: PaymentIntentObject, status: ChargeObject['status'], decline?: CardDecline): ChargeObject {
    const pm = this.store.paymentMethods.get(pi.payment_method!)!;
    const succeeded = status === 'succeeded';
    const charge: ChargeObject = {
      id: stripeId('ch'),
      object: 'charge',
      amount: pi.amount,
      amount_captured: succeeded ? pi.amount : 0,
      amount_refunded: 0,
      balance_transaction: succeeded ? stripeId('txn') : null,
      billing_details: pm.billing_details,
      captured: succeeded,
      created: nowSeconds(),
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      failure_code: decline?.code ?? null,
      failure_message: decline?.message ?? null,
      livemode: false,
      metadata: { ...pi.metadata },
      outcome: {
        network_status: succeeded ? 'approved_by_network' : 'declined_by_network',
        reason: decline?.decline_code ?? null,
        risk_level: 'normal',
        seller_message: succeeded ? 'Payment complete.' : 'The bank did not return any further details with this decline.',
        type: succeeded ? 'authorized' : 'issuer_declined',
      },
      paid: succeeded,
      payment_intent: pi.id,
      payment_method: pm.id,
      payment_method_details: chargeDetails(pm),
      receipt_email: pi.receipt_email,
      refunded: false,
      status,
    };
    this.store.charges.set(charge.id, charge);
    return charge;
  }

  private unexpectedState(pi: PaymentIntentObject, action: string): StripeApiError {
    const allowed = action === 'cancel' ? CANCELABLE.join(', ') : 'requires_payment_method, requires_confirmation';
    return invalidRequest(
      `You cannot ${action} this PaymentIntent because it has a status of ${pi.status}. ` +
        `Only a PaymentIntent with one of the following statuses may be ${action === 'cancel' ? 'canceled' : `${action}ed`}: ${allowed}.`,
      { code: 'payment_intent_unexpected_state', payment_intent: snapshot(pi) },
    );
  }
}
