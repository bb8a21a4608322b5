import type { Transaction } from '../kernel/transaction';
import { lockById } from '../db/row-locks';
import { nowFor } from '../kernel/clock';
import { postJournal, refundReversal } from './ledger';
import { lockOrder, orderTopic, SettleServices } from './order-settlement';
import { OrderKind, OrderLineEntity, OrderStatus } from './order.entity';
import { RefundEntity, RefundStatus } from './refund.entity';
import { seatsRefunded } from './seat-packs';

/**
 * The provider paid the refund back: the order's refunded total grows, the
 * ledger reverses that share of the sale, and a full refund takes back the
 * access the order granted (and ends a refunded membership period at once).
 * A refund marked FAILED (its attempts ran out on timeouts) still settles
 * when the provider reports it did pay it back: the books follow the money.
 */
export async function settleRefund(services: SettleServices, tx: Transaction, refundId: string): Promise<string> {
  const refund = await lockById(tx.manager, RefundEntity, refundId);
  if (!refund) throw new Error(`refund ${refundId} vanished`);
  if (refund.status === RefundStatus.SETTLED) return 'already settled';
  if (![RefundStatus.APPROVED, RefundStatus.PROCESSING, RefundStatus.FAILED].includes(refund.status)) return `ignored: refund is ${refund.status}`;
  const order = (await lockOrder(tx.manager, refund.orderId))!;
  const refunded = order.refundedAmount + refund.amount;
  if (refunded > order.totalAmount) throw new Error(`refund ${refund.id} would refund more than order ${order.code} took`);
  const full = refunded === order.totalAmount;
  const settledAt = nowFor(services);
  await tx.manager.query(`UPDATE refunds SET status = 'SETTLED', settled_at = $2, next_attempt_at = NULL, failed_at = NULL WHERE id = $1`, [
    refund.id,
    settledAt,
  ]);
  await tx.manager.query('UPDATE orders SET refunded_amount = $2, status = $3, updated_at = $4 WHERE id = $1', [
    order.id,
    refunded,
    full ? OrderStatus.REFUNDED : OrderStatus.PARTIALLY_REFUNDED,
    settledAt,
  ]);
  await postJournal(tx.manager, {
    kind: 'REFUND',
    orderId: order.id,
    refundId: refund.id,
    currency: order.currency,
    memo: `refund ${order.code}`,
    postedAt: settledAt,
    postings: await refundReversal(tx.manager, order.id, refund.amount),
  });
  if (full && order.membershipId) {
    await tx.manager.query(
      `UPDATE memberships SET status = 'CANCELED', ended_at = now(), updated_at = now()
                            WHERE id = $1 AND status IN ('ACTIVE', 'PAST_DUE', 'TRIALING')`,
      [order.membershipId],
    );
  }
  // Access the order granted (learning), the partner's refund.settled and a refunded seat pool (partners) follow from the event.
  const lines = await tx.manager.getRepository(OrderLineEntity).findBy({ orderId: order.id });
  await tx.emit({
    type: 'RefundSettled',
    refundId: refund.id,
    orderId: order.id,
    kind: order.kind,
    buyerId: order.buyerId,
    partnerId: order.partnerId,
    organizationId: order.organizationId,
    amount: refund.amount,
    currency: order.currency,
    orderFullyRefunded: full,
    courseIds: lines.flatMap((l) => (l.courseId ? [l.courseId] : [])),
    packSeats: order.kind === OrderKind.SEAT_PACK ? await seatsRefunded(tx.manager, order, refund.amount) : 0,
  });
  tx.afterCommit(() => services.pubsub.publish(orderTopic(order.id), { orderId: order.id }));
  return full ? 'refunded' : 'partially refunded';
}

/** The refund could not be paid back (the provider refused it, or every attempt failed): FAILED, with the reason for admins. */
export async function refundFailed(tx: Transaction, refundId: string, reason: string): Promise<string> {
  const [, changed]: [unknown[], number] = await tx.manager.query(
    `UPDATE refunds SET status = 'FAILED', failed_at = now(), last_error = $2, next_attempt_at = NULL
      WHERE id = $1 AND status IN ('APPROVED', 'PROCESSING') RETURNING id`,
    [refundId, reason.slice(0, 1000)],
  );
  return changed ? 'refund failed' : 'ignored: refund is no longer in progress';
}
