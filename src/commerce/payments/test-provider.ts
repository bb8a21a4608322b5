import { createHash } from 'node:crypto';
import { PaymentEvent, PaymentIntentRequest, PaymentIntentResult, PaymentProvider, RefundRequest } from './payment-provider';

/** Saved cards the test provider declines, named like Stripe's test payment methods. */
const DECLINING_METHODS = new Set(['pm_card_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds']);

function refFor(prefix: string, key: string): string {
  return `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/**
 * The built-in provider: no network, no keys. Active only without
 * STRIPE_SECRET_KEY and never in production. Intents settle as soon as the
 * transaction that recorded them commits, through the same event path as a
 * Stripe webhook (so the demo exercises the real settlement code). Refs are
 * derived from idempotency keys, so retries get the same intent.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test' as const;
  private deliver: ((event: PaymentEvent) => Promise<unknown>) | null = null;

  /** Wires settlement: events go to `deliver` (the payment event handler). */
  connect(deliver: (event: PaymentEvent) => Promise<unknown>): void {
    this.deliver = deliver;
  }

  async ensureCustomer(user: { id: string }, existingRef: string | null): Promise<string> {
    return existingRef ?? `test_cus_${user.id.replace(/-/g, '')}`;
  }

  async attachPaymentMethod(): Promise<void> {}

  async createPaymentIntent(request: PaymentIntentRequest): Promise<PaymentIntentResult> {
    const ref = refFor('test_pi', request.idempotencyKey);
    return { ref, clientSecret: `${ref}_secret_test`, providerStatus: request.offSessionPaymentMethod ? 'processing' : 'requires_confirmation' };
  }

  async refund(request: RefundRequest): Promise<{ ref: string }> {
    return { ref: refFor('test_re', request.idempotencyKey) };
  }

  async afterCommit(object: Parameters<PaymentProvider['afterCommit']>[0]): Promise<void> {
    if (!this.deliver) throw new Error('test payment provider is not connected to settlement');
    if (object.kind === 'payment') {
      const declined = DECLINING_METHODS.has(object.request.offSessionPaymentMethod ?? '');
      await this.deliver({
        provider: 'test',
        eventId: `test_evt_${object.result.ref}`,
        type: declined ? 'payment.failed' : 'payment.succeeded',
        objectRef: object.result.ref,
        amount: object.request.amount,
        currency: object.request.currency,
        metadata: object.request.metadata,
        paymentMethod: object.request.offSessionPaymentMethod ?? 'pm_test_card',
        customerRef: object.request.customerRef,
        failureMessage: declined ? 'Your card was declined.' : null,
      });
    } else {
      await this.deliver({
        provider: 'test',
        eventId: `test_evt_${object.ref}`,
        type: 'refund.succeeded',
        objectRef: object.ref,
        amount: object.request.amount,
        currency: '',
        metadata: object.request.metadata,
      });
    }
  }
}
