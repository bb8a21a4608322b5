import { defineJob } from '../jobs/job-queue';
import { inTransaction } from '../kernel/transaction';
import type { AppServices } from '../kernel/context';
import { lockOrder, orderCanceled } from './order-settlement';
import { OrderStatus } from './order.entity';
import { callProvider, providerLeaseMs } from './payments/payment-calls';

/**
 * Checkouts that are never paid expire: PENDING_PAYMENT → CANCELED (FAILED
 * ones too, a declined card that was never retried), and their coupon
 * redemption goes back. The job is enqueued with the order, in its
 * transaction, to run at `expires_at` (PENDING_ORDER_TTL_SECONDS).
 *
 * The provider's intent is canceled first, outside any transaction, so
 * that money cannot arrive for an order that gave its coupon back; an
 * intent that can no longer be canceled (it succeeded, or is being
 * processed) leaves the order alone, and its event settles it.
 */
type ExpiryServices = AppServices;

const LIVE = [OrderStatus.PENDING_PAYMENT, OrderStatus.FAILED];

export async function expireOrder(services: ExpiryServices, orderId: string): Promise<string> {
  const [order]: Array<{ status: OrderStatus; expires_at: Date | null }> = await services.db.query('SELECT status, expires_at FROM orders WHERE id = $1', [
    orderId,
  ]);
  if (!order || !LIVE.includes(order.status) || !order.expires_at) return 'nothing to expire';
  if (new Date(order.expires_at).getTime() > Date.now()) {
    await services.jobs.enqueue(expireOrderJob, { orderId }, { startAfter: new Date(order.expires_at) });
    return 'not due yet';
  }
  // A declined (FAILED) intent can still be confirmed with another card: it is canceled too.
  const intents: Array<{ provider: string; provider_ref: string }> = await services.db.query(
    `SELECT provider, provider_ref FROM payments WHERE order_id = $1 AND status IN ('PENDING', 'FAILED') AND provider_ref IS NOT NULL`,
    [orderId],
  );
  for (const intent of intents) {
    if (intent.provider !== services.payments.name) continue;
    const outcome = await callProvider(services.config, 'cancel a payment intent', () => services.payments.cancelPaymentIntent(intent.provider_ref));
    if (outcome === 'not-cancelable') {
      services.logger.info(`order ${orderId} is due to expire, but its payment ${intent.provider_ref} can no longer be canceled; its outcome will settle it`);
      await services.jobs.enqueue(expireOrderJob, { orderId }, { startAfter: new Date(Date.now() + providerLeaseMs(services.config)) });
      return 'payment in progress';
    }
  }
  return inTransaction(services, async (tx) => {
    const locked = await lockOrder(tx.manager, orderId);
    if (!locked || !LIVE.includes(locked.status)) return 'nothing to expire';
    // A payment still CREATING is never created now (the intent job checks the status first).
    await tx.manager.query(
      `UPDATE payments SET status = 'CANCELED', failure_message = 'the order expired unpaid', updated_at = now()
                             WHERE order_id = $1 AND status IN ('CREATING', 'PENDING')`,
      [orderId],
    );
    return orderCanceled(services, tx, orderId);
  });
}

export const expireOrderJob = defineJob<{ orderId: string }>({
  name: 'commerce.expire-order',
  batchSize: 10,
  retryLimit: 10,
  retryDelaySeconds: 30,
  retryBackoff: true,
  async handle({ orderId }, services) {
    await expireOrder(services, orderId);
  },
});
