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

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  ensureCustomer(user: { id: string; email: string }, existingRef: string | null): Promise<string>;
  attachPaymentMethod(customerRef: string, paymentMethod: string): Promise<void>;
  createPaymentIntent(request: PaymentIntentRequest): Promise<PaymentIntentResult>;
  refund(request: RefundRequest): Promise<{ ref: string }>;
  /**
   * Called once the transaction that recorded an intent or refund has
   * committed. Stripe does nothing (the customer confirms; webhooks follow);
   * the test provider settles here.
   */
  afterCommit(object: { kind: 'payment'; request: PaymentIntentRequest; result: PaymentIntentResult } | { kind: 'refund'; request: RefundRequest; ref: string }): Promise<void>;
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
  constructor(message: string, readonly declined: boolean) {
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
