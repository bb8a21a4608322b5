import { defineJob, JobServices } from '../jobs/job-queue';
import { inTransaction } from '../kernel/transaction';
import { postWebhook, WebhookResponse } from './webhook-http';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

/**
 * Delivers webhook deliveries as durable jobs: at least once, signed,
 * retried with capped exponential backoff, every attempt logged. Deliveries
 * of one subject (an order, an enrollment) to one endpoint go out in the
 * order their events happened: a later one waits while an earlier one is
 * still pending.
 */
interface DeliverJob {
  deliveryId: string;
  attempt?: number;
}

/** How long a later event of a subject waits before looking again whether the earlier one went out. */
const ORDER_WAIT_MS = 1_000;

export const deliverWebhook = defineJob<DeliverJob>({
  name: 'partners.deliver-webhook',
  // pg-boss retries only crashes (the process died, the database blipped); HTTP failures are scheduled below.
  retryLimit: 5,
  retryDelaySeconds: 5,
  expireInSeconds: 120,
  // Deliveries are I/O-bound and independent (ordering is enforced per subject in the handler).
  batchSize: 20,
  handle: (data, services) => attemptDelivery(services, data.deliveryId),
});

/** How long one attempt owns a delivery: a sender that has not recorded its attempt by then is presumed dead. */
const leaseMsOf = (webhooks: { timeoutMs: number }) => 2 * webhooks.timeoutMs + 5_000;

/**
 * Every minute, and once a lease after every start: deliveries whose job was
 * lost (a job still "active" in pg-boss because its process was SIGKILLed
 * stays so until it expires) or whose sender died past its lease get a new job.
 */
export const sweepWebhookDeliveries = defineJob<object>({
  name: 'partners.sweep-webhook-deliveries',
  schedule: '* * * * *',
  retryLimit: 0,
  runAfterStartSeconds: (services) => Math.ceil(leaseMsOf(services.config.webhooks) / 1000) + 1,
  async handle(_data, services) {
    const stuck: Array<{ id: string; attempts: number }> = await services.db.query(
      `SELECT id, attempts FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at < now() - make_interval(secs => $1) ORDER BY next_attempt_at LIMIT 500`,
      [Math.ceil(leaseMsOf(services.config.webhooks) / 1000)],
    );
    for (const d of stuck) await services.jobs.enqueue(deliverWebhook, { deliveryId: d.id }, { singletonKey: `${d.id}:sweep:${d.attempts}` });
  },
});

export function retryDelayMs(attempt: number, config: { retryBaseMs: number; retryMaxMs: number }): number {
  const exponential = config.retryBaseMs * 2 ** Math.min(attempt - 1, 30);
  return Math.min(config.retryMaxMs, Math.round(exponential));
}

interface DueDelivery {
  id: string;
  status: string;
  endpoint_id: string;
  subject_id: string;
  sequence: string;
  url: string;
  secret: string;
  endpoint_disabled: boolean;
  event_id: string;
  type: string;
  payload: Record<string, unknown>;
  event_created_at: Date;
}

export function webhookBody(event: { id: string; type: string; createdAt: Date; data: Record<string, unknown> }): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt.toISOString(), data: event.data });
}

export async function attemptDelivery(services: JobServices, deliveryId: string): Promise<void> {
  const { webhooks } = services.config;
  const [d]: DueDelivery[] = await services.db.query(
    `SELECT d.id, d.status, d.endpoint_id, d.subject_id, d.sequence, e.url, e.secret, e.disabled_at IS NOT NULL AS endpoint_disabled,
            ev.id AS event_id, ev.type, ev.payload, ev.created_at AS event_created_at
       FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN webhook_events ev ON ev.id = d.event_id
      WHERE d.id = $1`,
    [deliveryId],
  );
  if (!d || d.status !== 'PENDING') return;
  if (d.endpoint_disabled) {
    await services.db.query(
      `UPDATE webhook_deliveries SET status = 'FAILED', last_error = 'endpoint disabled', next_attempt_at = NULL WHERE id = $1 AND status = 'PENDING'`,
      [d.id],
    );
    return;
  }
  const earlier = await services.db.query(
    `SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1 AND subject_id = $2 AND sequence < $3 AND status = 'PENDING' LIMIT 1`,
    [d.endpoint_id, d.subject_id, d.sequence],
  );
  if (earlier.length) {
    await services.jobs.enqueue(deliverWebhook, { deliveryId: d.id }, { startAfter: new Date(Date.now() + ORDER_WAIT_MS) });
    return;
  }
  // Claim the attempt: one sender at a time. The lease lapses if this process dies mid-request; the watchdog job
  // enqueued with the claim (same transaction) then sends it again, so a crash delays a delivery by one lease, no more.
  const leaseMs = leaseMsOf(webhooks);
  const attempt = await inTransaction(services, async ({ manager }) => {
    const [claimed]: [Array<{ attempts: number }>, number] = await manager.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
        WHERE id = $1 AND status = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= now()) RETURNING attempts`,
      [d.id, leaseMs / 1000],
    );
    if (!claimed.length) return null;
    await services.jobs.enqueue(deliverWebhook, { deliveryId: d.id }, { manager, startAfter: new Date(Date.now() + leaseMs + 1_000) });
    return claimed[0].attempts;
  });
  if (attempt === null) return;

  const body = webhookBody({ id: d.event_id, type: d.type, createdAt: d.event_created_at, data: d.payload });
  const headers = {
    [SIGNATURE_HEADER]: signatureHeader(d.secret, body, Math.floor(Date.now() / 1000)),
    'Knowpay-Event-Id': d.event_id,
    'Knowpay-Event-Type': d.type,
    'Knowpay-Delivery-Attempt': String(attempt),
  };
  const response = await postWebhook(d.url, body, headers, webhooks);
  await recordAttempt(services, d.id, attempt, response);
}

async function recordAttempt(services: JobServices, deliveryId: string, attempt: number, response: WebhookResponse): Promise<void> {
  const { webhooks } = services.config;
  const succeeded = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
  const error = succeeded ? null : (response.error ?? `HTTP ${response.statusCode}`);
  await inTransaction(services, async ({ manager }) => {
    await manager.query(
      `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, status_code, response_body, error, duration_ms)
       VALUES ($1, (SELECT count(*) + 1 FROM webhook_delivery_attempts WHERE delivery_id = $1), $2, $3, $4, $5)`,
      [deliveryId, response.statusCode, response.responseBody, error, response.durationMs],
    );
    if (succeeded) {
      await manager.query(
        `UPDATE webhook_deliveries SET status = 'SUCCEEDED', delivered_at = now(), last_status_code = $2, last_error = NULL, next_attempt_at = NULL WHERE id = $1`,
        [deliveryId, response.statusCode],
      );
    } else if (attempt >= webhooks.maxAttempts) {
      await manager.query(`UPDATE webhook_deliveries SET status = 'FAILED', last_status_code = $2, last_error = $3, next_attempt_at = NULL WHERE id = $1`, [
        deliveryId,
        response.statusCode,
        error,
      ]);
    } else {
      const next = new Date(Date.now() + retryDelayMs(attempt, webhooks));
      await manager.query('UPDATE webhook_deliveries SET last_status_code = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1', [
        deliveryId,
        response.statusCode,
        error,
        next,
      ]);
      await services.jobs.enqueue(
        deliverWebhook,
        { deliveryId, attempt: attempt + 1 },
        { manager, startAfter: next, singletonKey: `${deliveryId}:${attempt + 1}` },
      );
    }
  });
}
