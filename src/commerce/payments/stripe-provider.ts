import Stripe from 'stripe';
import { PaymentIntentRequest, PaymentIntentResult, PaymentProvider, PaymentProviderError, RefundRequest } from './payment-provider';

export interface StripeSettings {
  secretKey: string;
  /** Another API base, e.g. a local Stripe-compatible server in tests. */
  apiUrl: string | null;
  /** Per request; the SDK retries a failed request once. */
  timeoutMs: number;
}

export function createStripeClient(settings: StripeSettings): Stripe {
  const endpoint = settings.apiUrl ? new URL(settings.apiUrl) : null;
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 1,
    timeout: settings.timeoutMs,
    appInfo: { name: 'Knowpay' },
    ...(endpoint
      ? {
          host: endpoint.hostname,
          port: endpoint.port || (endpoint.protocol === 'https:' ? 443 : 80),
          protocol: endpoint.protocol === 'http:' ? ('http' as const) : ('https' as const),
        }
      : {}),
  });
}

function asProviderError(error: unknown): never {
  if (error instanceof Stripe.errors.StripeCardError) throw new PaymentProviderError(error.message, true);
  if (error instanceof Stripe.errors.StripeInvalidRequestError) throw new PaymentProviderError(error.message, false);
  throw error;
}

/** PaymentIntents and Refunds through the real Stripe SDK. Outcomes arrive as webhooks; nothing here settles anything. */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe' as const;

  constructor(readonly stripe: Stripe) {}

  async ensureCustomer(user: { id: string; email: string }, existingRef: string | null): Promise<string> {
    if (existingRef) return existingRef;
    const customer = await this.stripe.customers.create(
      { email: user.email, metadata: { knowpay_user_id: user.id } },
      { idempotencyKey: `customer:${user.id}` },
    );
    return customer.id;
  }

  async attachPaymentMethod(customerRef: string, paymentMethod: string): Promise<{ fingerprint: string | null }> {
    try {
      const attached = await this.stripe.paymentMethods.attach(paymentMethod, { customer: customerRef });
      return { fingerprint: attached.card?.fingerprint ?? null };
    } catch (error) {
      asProviderError(error);
    }
  }

  async createPaymentIntent(request: PaymentIntentRequest): Promise<PaymentIntentResult> {
    const offSession = request.offSessionPaymentMethod;
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          customer: request.customerRef,
          description: request.description,
          metadata: request.metadata,
          ...(offSession
            ? { payment_method: offSession, off_session: true, confirm: true }
            : { automatic_payment_methods: { enabled: true }, ...(request.saveForRenewals ? { setup_future_usage: 'off_session' as const } : {}) }),
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return { ref: intent.id, clientSecret: intent.client_secret, providerStatus: intent.status };
    } catch (error) {
      // A declined off-session charge still created an intent; its failure arrives as payment_intent.payment_failed.
      if (error instanceof Stripe.errors.StripeCardError && error.payment_intent) {
        return { ref: error.payment_intent.id, clientSecret: null, providerStatus: error.payment_intent.status };
      }
      asProviderError(error);
    }
  }

  async cancelPaymentIntent(ref: string): Promise<'canceled' | 'not-cancelable'> {
    try {
      await this.stripe.paymentIntents.cancel(ref, {}, { idempotencyKey: `cancel:${ref}` });
      return 'canceled';
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
      // Already succeeded, processing, or canceled before: look at what it is now.
      const intent = await this.stripe.paymentIntents.retrieve(ref);
      return intent.status === 'canceled' ? 'canceled' : 'not-cancelable';
    }
  }

  ownEvents(): [] {
    return [];
  }

  async refund(request: RefundRequest): Promise<{ ref: string }> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: request.paymentRef, amount: request.amount, metadata: request.metadata },
        { idempotencyKey: request.idempotencyKey },
      );
      return { ref: refund.id };
    } catch (error) {
      asProviderError(error);
    }
  }
}
