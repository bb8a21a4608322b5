import { defineJob } from '../jobs/job-queue';
import { expireOrderJob } from './order-expiry';
import { providerLeaseMs } from './payments/payment-calls';
import { applyProviderEventJob } from './payments/payment-events';
import type { PaymentIntentRequest } from './payments/payment-provider';
import { createPaymentIntentJob } from './payments/payment-start';
import { processRefundJob } from './refund-processing';

/**
 * Recovery. Every money state machine enqueues its next step in the
 * transaction that enters a state, so in normal operation nothing waits on
 * this sweep. But a job that was running when its process was SIGKILLed
 * stays "active" in pg-boss until it expires (minutes); this sweep finds
 * the work it left from the tables themselves, once its lease is over, and
 * enqueues it again (each step checks its state first, so a duplicate is a
 * no-op): payments still CREATING, the test provider's outcomes of
 * payments and refunds not yet applied, unpaid orders past their expiry,
 * refunds approved or due for an attempt. It runs every minute and once a lease after every start.
 */
export const sweepMoney = defineJob<Record<string, never>>({
  name: 'commerce.sweep-money',
  schedule: '* * * * *',
  retryLimit: 0,
  runAfterStartSeconds: (services) => Math.ceil(providerLeaseMs(services.config) / 1000) + 1,
  async handle(_data, services) {
    const lease = Math.ceil(providerLeaseMs(services.config) / 1000);
    const creating: Array<{ id: string }> = await services.db.query(
      `SELECT id FROM payments WHERE status = 'CREATING' AND created_at < now() - make_interval(secs => $1) LIMIT 500`,
      [lease],
    );
    for (const p of creating) await services.jobs.enqueue(createPaymentIntentJob, { paymentId: p.id });
    const unsettled: Array<{ provider_ref: string; client_secret: string | null; request: PaymentIntentRequest }> = await services.db.query(
      `SELECT p.provider_ref, p.client_secret, p.request FROM payments p
        WHERE p.provider = $1 AND p.status = 'PENDING' AND p.request IS NOT NULL AND p.updated_at < now() - make_interval(secs => $2)
          AND NOT EXISTS (SELECT 1 FROM processed_events e WHERE e.provider = p.provider AND e.event_id = 'test_evt_' || p.provider_ref) LIMIT 500`,
      [services.payments.name, lease],
    );
    for (const p of unsettled) {
      const events = services.payments.ownEvents({
        kind: 'payment',
        request: p.request,
        result: { ref: p.provider_ref, clientSecret: p.client_secret, providerStatus: 'processing' },
      });
      for (const event of events) await services.jobs.enqueue(applyProviderEventJob, { event });
    }
    const overdue: Array<{ id: string }> = await services.db.query(
      `SELECT id FROM orders WHERE status IN ('PENDING_PAYMENT', 'FAILED') AND expires_at < now() - interval '5 seconds' LIMIT 500`,
    );
    for (const o of overdue) await services.jobs.enqueue(expireOrderJob, { orderId: o.id });
    const accepted: Array<{ id: string; order_id: string; amount: number; provider_ref: string; provider_idempotency_key: string; payment_ref: string }> =
      await services.db.query(
        `SELECT r.id, r.order_id, r.amount, r.provider_ref, r.provider_idempotency_key,
              (SELECT p.provider_ref FROM payments p WHERE p.order_id = r.order_id AND p.status = 'SUCCEEDED' ORDER BY p.created_at DESC LIMIT 1) AS payment_ref
         FROM refunds r WHERE r.status = 'PROCESSING' AND r.provider_ref IS NOT NULL AND r.provider_idempotency_key IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM processed_events e WHERE e.provider = $1 AND e.event_id = 'test_evt_' || r.provider_ref) LIMIT 500`,
        [services.payments.name],
      );
    for (const r of accepted) {
      const request = {
        paymentRef: r.payment_ref,
        amount: r.amount,
        idempotencyKey: r.provider_idempotency_key,
        metadata: { knowpay_refund_id: r.id, knowpay_order_id: r.order_id },
      };
      for (const event of services.payments.ownEvents({ kind: 'refund', request, ref: r.provider_ref }))
        await services.jobs.enqueue(applyProviderEventJob, { event });
    }
    const refunds: Array<{ id: string }> = await services.db.query(
      `SELECT id FROM refunds WHERE status IN ('APPROVED', 'PROCESSING') AND provider_ref IS NULL
          AND coalesce(next_attempt_at, resolved_at) < now() - make_interval(secs => $1) LIMIT 500`,
      [lease],
    );
    for (const r of refunds) await services.jobs.enqueue(processRefundJob, { refundId: r.id });
  },
});
