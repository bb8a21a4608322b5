import { defineJob } from '../jobs/job-queue';
import { inTransaction } from '../kernel/transaction';
import { lockById } from '../db/row-locks';
import type { AppServices } from '../kernel/context';
import { callProvider, providerLeaseMs } from './payments/payment-calls';
import { deliverOwnEvents } from './payments/payment-events';
import { PaymentProviderError, RefundRequest } from './payments/payment-provider';
import { refundFailed } from './refund-settlement';
import { RefundEntity, RefundStatus } from './refund.entity';

/**
 * Paying an approved refund back, as a durable state machine:
 *
 *   APPROVED ──attempt──▶ PROCESSING ──provider's event──▶ SETTLED
 *                             │  ▲
 *            provider down ───┘  └── retry (backoff), up to REFUND_MAX_ATTEMPTS
 *                             │
 *            refused, or out of attempts ──▶ FAILED
 *
 * Each attempt is reserve → call → record: a short transaction claims it
 * (PROCESSING, attempts + 1, the lease in `next_attempt_at`, and a watchdog
 * job at the lease's end, so a process that dies mid-call is taken over);
 * the provider is called outside any transaction, always with the refund's
 * one idempotency key (`refund:<id>`), so however many attempts run the
 * money goes back once; another short transaction records the provider's
 * reference (or the error, and the next retry). The refund is SETTLED only
 * by the provider's event (a Stripe webhook, or the test provider's own
 * event), through the one settlement path.
 */
type RefundServices = AppServices;

interface ClaimedAttempt {
  attempt: number;
  request: RefundRequest;
}

async function claimAttempt(services: RefundServices, refundId: string): Promise<ClaimedAttempt | null> {
  return inTransaction(services, async (tx) => {
    const refund = await lockById(tx.manager, RefundEntity, refundId);
    if (!refund) return null;
    const due =
      refund.status === RefundStatus.APPROVED ||
      (refund.status === RefundStatus.PROCESSING && !refund.providerRef && (!refund.nextAttemptAt || refund.nextAttemptAt.getTime() <= Date.now()));
    if (!due) return null;
    const [payment]: Array<{ provider: string; provider_ref: string } | undefined> = await tx.manager.query(
      `SELECT provider, provider_ref FROM payments WHERE order_id = $1 AND status = 'SUCCEEDED' ORDER BY created_at DESC LIMIT 1`,
      [refund.orderId],
    );
    if (!payment) {
      await refundFailed(tx, refund.id, 'this order has no captured payment to refund');
      return null;
    }
    if (payment.provider !== services.payments.name) {
      await refundFailed(tx, refund.id, `the order was paid through ${payment.provider}, which this server does not run`);
      return null;
    }
    const attempt = refund.attempts + 1;
    const idempotencyKey = refund.providerIdempotencyKey ?? `refund:${refund.id}`;
    const lease = new Date(Date.now() + providerLeaseMs(services.config));
    await tx.manager.query(`UPDATE refunds SET status = 'PROCESSING', attempts = $2, provider_idempotency_key = $3, next_attempt_at = $4 WHERE id = $1`, [
      refund.id,
      attempt,
      idempotencyKey,
      lease,
    ]);
    await services.jobs.enqueue(processRefundJob, { refundId: refund.id }, { manager: tx.manager, startAfter: lease });
    return {
      attempt,
      request: {
        paymentRef: payment.provider_ref,
        amount: refund.amount,
        idempotencyKey,
        metadata: { knowpay_refund_id: refund.id, knowpay_order_id: refund.orderId },
      },
    };
  });
}

/** After a failed call: retry later with backoff, or FAILED when the provider refused or the attempts ran out. */
async function recordFailedAttempt(services: RefundServices, refundId: string, attempt: number, error: unknown): Promise<void> {
  const { refundMaxAttempts, refundRetrySeconds } = services.config.commerce;
  const refused = error instanceof PaymentProviderError;
  const message = `attempt ${attempt}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000);
  services.logger.warn(`refund ${refundId} ${message}`);
  await inTransaction(services, async (tx) => {
    const refund = await lockById(tx.manager, RefundEntity, refundId);
    if (!refund || refund.status !== RefundStatus.PROCESSING || refund.attempts !== attempt || refund.providerRef) return;
    if (refused || attempt >= refundMaxAttempts) {
      await refundFailed(tx, refund.id, refused ? `the provider refused: ${message}` : `gave up after ${attempt} attempts; last ${message}`);
      return;
    }
    const next = new Date(Date.now() + refundRetrySeconds * 1000 * 2 ** Math.min(attempt - 1, 16));
    await tx.manager.query('UPDATE refunds SET last_error = $2, next_attempt_at = $3 WHERE id = $1', [refund.id, message, next]);
    await services.jobs.enqueue(processRefundJob, { refundId: refund.id }, { manager: tx.manager, startAfter: next });
  });
}

/** One attempt, if one is due; a no-op otherwise (the job and the approving request may both call it). */
export async function processRefund(services: RefundServices, refundId: string): Promise<void> {
  const claimed = await claimAttempt(services, refundId);
  if (!claimed) return;
  let ref: string;
  try {
    ({ ref } = await callProvider(services.config, 'refund a payment', () => services.payments.refund(claimed.request)));
  } catch (error) {
    await recordFailedAttempt(services, refundId, claimed.attempt, error);
    return;
  }
  await inTransaction(services, async (tx) => {
    // The provider's event may have settled it already (it can outrun this commit); the reference is recorded either way.
    await tx.manager.query('UPDATE refunds SET provider_ref = $2, last_error = NULL, next_attempt_at = NULL WHERE id = $1 AND provider_ref IS NULL', [
      refundId,
      ref,
    ]);
    await deliverOwnEvents(services, tx, services.payments.ownEvents({ kind: 'refund', request: claimed.request, ref }));
  });
}

export const processRefundJob = defineJob<{ refundId: string }>({
  name: 'commerce.process-refund',
  batchSize: 10,
  retryLimit: 10,
  retryDelaySeconds: 10,
  retryBackoff: true,
  handle: ({ refundId }, services) => processRefund(services, refundId),
});
