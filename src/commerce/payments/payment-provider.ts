/**
 * What Knowpay needs from a payment provider. Two implementations: `stripe`
 * (the real SDK; state changes arrive as signed webhooks) and `test` (built
 * in, for the embedded demo and local development; it settles at once by
 * feeding the same event path a webhook would).
 */
export type PaymentProviderName = 'stripe' | 'test';

export interface PaymentIntentRequest {
  amount: number;
  currency: string;
  customerRef: string;
  description: string;
  /** Knowpay ids the settlement finds its way back with (knowpay_order_id / knowpay_tip_id). */
  metadata: Record<string, string>;
  /** Same key, same intent: retries never create a second charge. */
  idempotencyKey: string;
  /** Charge a saved card now, with the customer away (renewals). */
  offSessionPaymentMethod?: string;
  /** Keep the card for renewals once the customer confirms. */
  saveForRenewals?: boolean;
}

export interface PaymentIntentResult {
  ref: string;
  clientSecret: string | null;
  /** The provider's own status word, shown to clients in PaymentSession.status. */
  providerStatus: string;
}

export interface RefundRequest {
  paymentRef: string;
  amount: number;
  idempotencyKey: string;
  metadata: Record<string, string>;
}

export type RecordedAtProvider =
  { kind: 'payment'; request: PaymentIntentRequest; result: PaymentIntentResult } | { kind: 'refund'; request: RefundRequest; ref: string };

/**
 * Every method is a network call (for Stripe): callers make them outside
 * database transactions, through `callProvider` (payment-calls.ts), which
 * bounds how long they may take.
 */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  ensureCustomer(user: { id: string; email: string }, existingRef: string | null): Promise<string>;
  /** Attaches a card to the customer; returns the card's fingerprint (the same physical card has the same one) when the provider has it. */
  attachPaymentMethod(customerRef: string, paymentMethod: string): Promise<{ fingerprint: string | null }>;
  createPaymentIntent(request: PaymentIntentRequest): Promise<PaymentIntentResult>;
  /** Cancels an unpaid intent; `not-cancelable` when it already succeeded or is being processed. */
  cancelPaymentIntent(ref: string): Promise<'canceled' | 'not-cancelable'>;
  refund(request: RefundRequest): Promise<{ ref: string }>;
  /**
   * The events this provider sends by itself about an intent or refund it
   * has just created. Stripe: none (they arrive as webhooks, which Stripe
   * redelivers until they are accepted). The test provider: the outcome at
   * once. The caller enqueues them in the transaction that records the
   * intent or refund, so they are applied even if the process dies.
   */
  ownEvents(object: RecordedAtProvider): PaymentEvent[];
}

/**
 * A provider's event, normalized. Stripe webhooks and the test provider both
 * end up here, so there is one settlement path.
 */
export interface PaymentEvent {
  provider: PaymentProviderName;
  eventId: string;
  type: 'payment.succeeded' | 'payment.failed' | 'payment.canceled' | 'refund.succeeded' | 'refund.failed';
  /** PaymentIntent id for payment events, refund id for refund events. */
  objectRef: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  paymentMethod?: string | null;
  customerRef?: string | null;
  failureMessage?: string | null;
}

/** Thrown by providers when the provider refuses (a declined card, a bad request); carries a message safe to show. */
export class PaymentProviderError extends Error {
  constructor(
    message: string,
    readonly declined: boolean,
  ) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}

declare module '../../kernel/context' {
  interface AppServices {
    /** Stripe, or the built-in test provider. */
    payments: PaymentProvider;
  }
}
