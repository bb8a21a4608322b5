import type { EntityManager } from 'typeorm';
import type { Transaction } from '../kernel/transaction';
import { lockById } from '../db/row-locks';
import type { AppServices } from '../kernel/context';
import { nowFor } from '../kernel/clock';
import { Account, JournalKind, postJournal, revenueSplit } from './ledger';
import { OrderEntity, OrderKind, OrderLineEntity, OrderStatus } from './order.entity';

export type SettleServices = Pick<AppServices, 'config' | 'pubsub' | 'jobs' | 'payments' | 'logger' | 'clock'>;

export const orderTopic = (orderId: string) => `order:${orderId}`;

const JOURNAL_KIND: Record<OrderKind, JournalKind> = {
  [OrderKind.PURCHASE]: 'SALE',
  [OrderKind.MEMBERSHIP]: 'RENEWAL',
  [OrderKind.PARTNER_SALE]: 'PARTNER_SALE',
  [OrderKind.SEAT_PACK]: 'SEAT_PACK',
};

/**
 * Money arrived for an order that had expired (the provider could not
 * cancel it in time): the sale stands, so it takes its coupon redemption
 * back. A coupon that filled up meanwhile is over-redeemed by this one
 * order rather than refusing money already taken; that is logged.
 */
async function retakeCoupon(services: SettleServices, tx: Transaction, order: OrderEntity): Promise<void> {
  const [, taken]: [unknown[], number] = await tx.manager.query(
    `UPDATE coupons SET redemptions = redemptions + 1 WHERE id = $1 AND (max_redemptions IS NULL OR redemptions < max_redemptions) RETURNING id`,
    [order.couponId],
  );
  if (!taken)
    services.logger.warn(
      `order ${order.code} was paid after it expired; its coupon ${order.couponId} is already fully redeemed, so this sale is not counted against it`,
    );
}

export function lockOrder(manager: EntityManager, orderId: string): Promise<OrderEntity | null> {
  return lockById(manager, OrderEntity, orderId);
}

/**
 * An order's money arrived: mark it PAID, announce OrderPaid (its handlers
 * grant what it bought, in this transaction), post the sale to the ledger
 * and publish it after commit. Runs inside the
 * transaction that records the payment event; a second call is a no-op.
 * `funding` is the asset account the money sits in (the provider's cash
 * account, or a partner's receivable).
 */
export async function settleOrderPaid(services: SettleServices, tx: Transaction, orderId: string, funding: Account): Promise<'paid' | 'already paid'> {
  const order = await lockOrder(tx.manager, orderId);
  if (!order) throw new Error(`order ${orderId} vanished`);
  if ([OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED].includes(order.status)) return 'already paid';
  if (order.status === OrderStatus.CANCELED && order.couponId) await retakeCoupon(services, tx, order);
  const paidAt = nowFor(services);
  await tx.manager.query(`UPDATE orders SET status = 'PAID', paid_at = $2, updated_at = $2 WHERE id = $1`, [order.id, paidAt]);
  const lines = await tx.manager.getRepository(OrderLineEntity).find({ where: { orderId: order.id }, order: { position: 'ASC' } });
  // What the order bought is granted by whoever owns it: enrollments (learning), the conversion (ml),
  // a membership period (membership-billing), a seat pool (partners).
  await tx.emit({
    type: 'OrderPaid',
    orderId: order.id,
    kind: order.kind,
    buyerId: order.buyerId,
    partnerId: order.partnerId,
    organizationId: order.organizationId,
    membershipId: order.membershipId,
    currency: order.currency,
    lines: lines.map((l) => ({ courseId: l.courseId, planId: l.planId, unitAmount: l.unitAmount, quantity: l.quantity })),
  });
  if (order.totalAmount > 0) {
    const kind = JOURNAL_KIND[order.kind];
    await postJournal(tx.manager, {
      kind,
      orderId: order.id,
      currency: order.currency,
      memo: `${kind.toLowerCase().replace('_', ' ')} ${order.code}`,
      postedAt: paidAt,
      postings: [
        { account: funding, amount: order.totalAmount },
        ...revenueSplit(
          lines.map((l) => ({ creatorId: l.creatorId, net: l.unitAmount * l.quantity - l.discountAmount })),
          services.config.commerce.creatorShareBps,
        ),
      ],
    });
  }
  tx.afterCommit(() => services.pubsub.publish(orderTopic(order.id), { orderId: order.id }));
  return 'paid';
}

/** A payment attempt for the order failed (declined card, expired authentication). */
export async function orderPaymentFailed(services: SettleServices, tx: Transaction, orderId: string, reason: string): Promise<string> {
  const order = await lockOrder(tx.manager, orderId);
  if (!order) throw new Error(`order ${orderId} vanished`);
  if (order.status !== OrderStatus.PENDING_PAYMENT && order.status !== OrderStatus.FAILED) return `ignored: order is ${order.status}`;
  await tx.manager.query(`UPDATE orders SET status = 'FAILED', updated_at = now() WHERE id = $1`, [order.id]);
  await tx.emit({ type: 'OrderPaymentFailed', orderId: order.id, membershipId: order.membershipId, reason });
  tx.afterCommit(() => services.pubsub.publish(orderTopic(order.id), { orderId: order.id }));
  return 'failed';
}

/** The payment was abandoned: the order is canceled and its coupon redemption returned. */
export async function orderCanceled(services: SettleServices, tx: Transaction, orderId: string): Promise<string> {
  const order = await lockOrder(tx.manager, orderId);
  if (!order) throw new Error(`order ${orderId} vanished`);
  if (order.status !== OrderStatus.PENDING_PAYMENT && order.status !== OrderStatus.FAILED) return `ignored: order is ${order.status}`;
  await tx.manager.query(`UPDATE orders SET status = 'CANCELED', updated_at = now() WHERE id = $1`, [order.id]);
  if (order.couponId) await tx.manager.query('UPDATE coupons SET redemptions = redemptions - 1 WHERE id = $1 AND redemptions > 0', [order.couponId]);
  tx.afterCommit(() => services.pubsub.publish(orderTopic(order.id), { orderId: order.id }));
  return 'canceled';
}
