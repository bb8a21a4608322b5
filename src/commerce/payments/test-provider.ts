import { createHash } from 'node:crypto';
import { PaymentEvent, PaymentIntentRequest, PaymentIntentResult, PaymentProvider, RecordedAtProvider, RefundRequest } from './payment-provider';

/** Saved cards the test provider declines, named like Stripe's test payment methods. */
const DECLINING_METHODS = new Set(['pm_card_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds']);

function refFor(prefix: string, key: string): string {
  return `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/**
 * The built-in provider: no network, no keys. Active only without
 * STRIPE_SECRET_KEY and never in production. Its intents succeed (or, for a
 * declining saved card, fail) as soon as they are recorded: `ownEvents`
 * hands the outcome to the caller, which enqueues it in the recording
 * transaction and applies it through the same event path as a Stripe
 * webhook (so the demo exercises the real settlement code, and a crash
 * cannot lose it). Refs are derived from idempotency keys, so retries get
 * the same intent.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test' as const;

  async ensureCustomer(user: { id: string }, existingRef: string | null): Promise<string> {
    return existingRef ?? `test_cus_${user.id.replace(/-/g, '')}`;
  }

  async attachPaymentMethod(_customerRef: string, paymentMethod: string): Promise<{ fingerprint: string | null }> {
    return { fingerprint: `test_fp_${createHash('sha256').update(paymentMethod).digest('hex').slice(0, 16)}` };
  }

  async createPaymentIntent(request: PaymentIntentRequest): Promise<PaymentIntentResult> {
    const ref = refFor('test_pi', request.idempotencyKey);
    return { ref, clientSecret: `${ref}_secret_test`, providerStatus: request.offSessionPaymentMethod ? 'processing' : 'requires_confirmation' };
  }

  /** Its intents are decided the moment they exist (the outcome is already queued), so there is nothing left to cancel. */
  async cancelPaymentIntent(): Promise<'not-cancelable'> {
    return 'not-cancelable';
  }

  async refund(request: RefundRequest): Promise<{ ref: string }> {
    return { ref: refFor('test_re', request.idempotencyKey) };
  }

  ownEvents(object: RecordedAtProvider): PaymentEvent[] {
    if (object.kind === 'payment') {
      const declined = DECLINING_METHODS.has(object.request.offSessionPaymentMethod ?? '');
      return [
        {
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
        },
      ];
    }
    return [
      {
        provider: 'test',
        eventId: `test_evt_${object.ref}`,
        type: 'refund.succeeded',
        objectRef: object.ref,
        amount: object.request.amount,
        currency: '',
        metadata: object.request.metadata,
      },
    ];
  }
}
