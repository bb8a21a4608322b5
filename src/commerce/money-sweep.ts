import { defineJob } from '../jobs/job-queue';
import { expireOrderJob } from './order-expiry';
import { providerLeaseMs } from './payments/payment-calls';
import { createPaymentIntentJob } from './payments/payment-start';
import { processRefundJob } from './refund-processing';

/**
 * Belt and braces: every money state machine enqueues its own next step in
 * the transaction that enters a state, so nothing waits on this sweep. It
 * only re-enqueues work whose job was lost anyway (retries exhausted while
 * the database was down, say): payments still CREATING, unpaid orders past
 * their expiry, refunds approved or processing past their next attempt.
 */
export const sweepMoney = defineJob<Record<string, never>>({
  name: 'commerce.sweep-money',
  schedule: '*/5 * * * *',
  retryLimit: 0,
  async handle(_data, services) {
    const graceSeconds = Math.ceil((2 * providerLeaseMs(services.config)) / 1000) + 60;
    const payments: Array<{ id: string }> = await services.db.query(
      `SELECT id FROM payments WHERE status = 'CREATING' AND created_at < now() - make_interval(secs => $1) LIMIT 500`, [graceSeconds]);
    for (const p of payments) await services.jobs.enqueue(createPaymentIntentJob, { paymentId: p.id });
    const orders: Array<{ id: string }> = await services.db.query(
      `SELECT id FROM orders WHERE status IN ('PENDING_PAYMENT', 'FAILED') AND expires_at < now() - make_interval(secs => $1) LIMIT 500`, [graceSeconds]);
    for (const o of orders) await services.jobs.enqueue(expireOrderJob, { orderId: o.id });
    const refunds: Array<{ id: string }> = await services.db.query(
      `SELECT id FROM refunds WHERE status IN ('APPROVED', 'PROCESSING') AND provider_ref IS NULL
          AND coalesce(next_attempt_at, resolved_at) < now() - make_interval(secs => $1) LIMIT 500`, [graceSeconds]);
    for (const r of refunds) await services.jobs.enqueue(processRefundJob, { refundId: r.id });
  },
});
