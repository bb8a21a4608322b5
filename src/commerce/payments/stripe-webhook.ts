import type { IncomingMessage, ServerResponse } from 'node:http';
import Stripe from 'stripe';
import { BodyTooLargeError, readBody, sendJson } from '../../common/http-body';
import type { AppServices } from '../../kernel/context';
import { applyPaymentEvent } from './payment-events';
import type { PaymentEvent } from './payment-provider';
import { StripePaymentProvider } from './stripe-provider';

const MAX_WEBHOOK_BYTES = 512 * 1024;

const idOf = (value: string | { id: string } | null | undefined): string | null => (value == null ? null : typeof value === 'string' ? value : value.id);

/** Stripe's event → Knowpay's payment event; null for events Knowpay does not act on. */
export function paymentEventFromStripe(event: Stripe.Event): PaymentEvent | null {
  const base = { provider: 'stripe' as const, eventId: event.id };
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled': {
      const intent = event.data.object;
      const type =
        event.type === 'payment_intent.succeeded' ? 'payment.succeeded' : event.type === 'payment_intent.canceled' ? 'payment.canceled' : 'payment.failed';
      return {
        ...base,
        type,
        objectRef: intent.id,
        amount: intent.amount,
        currency: intent.currency,
        metadata: intent.metadata ?? {},
        paymentMethod: idOf(intent.payment_method),
        customerRef: idOf(intent.customer),
        failureMessage: intent.last_payment_error?.message ?? (event.type === 'payment_intent.canceled' ? intent.cancellation_reason : null) ?? null,
      };
    }
    case 'refund.created':
    case 'refund.updated': {
      const refund = event.data.object;
      if (refund.status !== 'succeeded' && refund.status !== 'failed') return null;
      return {
        ...base,
        type: refund.status === 'succeeded' ? 'refund.succeeded' : 'refund.failed',
        objectRef: refund.id,
        amount: refund.amount,
        currency: refund.currency,
        metadata: refund.metadata ?? {},
        failureMessage: refund.failure_reason ?? null,
      };
    }
    default:
      return null;
  }
}

/**
 * POST /webhooks/stripe. The raw body's signature is checked with
 * STRIPE_WEBHOOK_SECRET (forged or stale → 400, nothing changes); verified
 * events go through the one settlement path. 200 means applied, already
 * applied, or not relevant; 404 means the object is unknown (Stripe retries,
 * which covers an event that outran our own commit).
 */
export async function handleStripeWebhook(services: AppServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Stripe webhooks are POSTed.' } });
  const provider = services.payments;
  const secret = services.config.payments.stripeWebhookSecret;
  if (!(provider instanceof StripePaymentProvider) || !secret) {
    return sendJson(res, 404, {
      error: { code: 'NOT_FOUND', message: 'Stripe is not configured on this server (set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET).' },
    });
  }
  let raw: string;
  try {
    raw = await readBody(req, MAX_WEBHOOK_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: error.message } });
    throw error;
  }
  let event: Stripe.Event;
  try {
    event = provider.stripe.webhooks.constructEvent(raw, String(req.headers['stripe-signature'] ?? ''), secret);
  } catch (error) {
    services.logger.warn(`rejected a Stripe webhook: ${(error as Error).message}`);
    return sendJson(res, 400, {
      error: { code: 'SIGNATURE_INVALID', message: "The Stripe-Signature header does not verify against this endpoint's secret, or its timestamp is too old." },
    });
  }
  const paymentEvent = paymentEventFromStripe(event);
  if (!paymentEvent) return sendJson(res, 200, { received: true, outcome: 'ignored', type: event.type });
  const outcome = await applyPaymentEvent(services, paymentEvent);
  if (outcome.status === 'unknown') return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: outcome.detail } });
  return sendJson(res, 200, { received: true, outcome: outcome.status, detail: outcome.detail });
}
