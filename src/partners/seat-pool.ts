import { buySeatPack } from '../commerce/seat-packs';
import type { OrderEntity } from '../commerce/order.entity';
import { ErrorCode, UserFailure } from '../common/errors';
import { toGlobalId } from '../common/global-id';
import type { DomainContext } from '../kernel/context';
import type { Transaction } from '../kernel/transaction';
import { PartnerEntity } from './partner.entity';
import { recordPartnerEvent } from './webhook-events';
import { orderData } from './webhook-payloads';

/** A paid seat pack's seats join the organization's pool (OrderPaid of a SEAT_PACK order). */
export async function addPackToPool(tx: Transaction, organizationId: string, seats: number): Promise<void> {
  await tx.manager.query('UPDATE organizations SET seats_total = seats_total + $2 WHERE id = $1', [organizationId, seats]);
}

/** A refunded pack's seats leave the pool, never below the seats in use (the refund rolls back otherwise). */
export async function removeSeatsFromPool(tx: Transaction, organizationId: string, seats: number): Promise<void> {
  const [, changed]: [unknown[], number] = await tx.manager.query(
    'UPDATE organizations SET seats_total = seats_total - $2 WHERE id = $1 AND seats_total - $2 >= seats_used RETURNING id',
    [organizationId, seats],
  );
  if (!changed)
    throw new UserFailure(
      ErrorCode.REFUND_NOT_ALLOWED,
      `The organization now uses more seats than would be left after refunding ${seats}; revoke seats first.`,
      ['id'],
    );
}

/**
 * Buys a pack of `seats` for an organization (commerce/seat-packs.ts prices
 * and settles it), in the caller's transaction, and tells the organization's
 * partner with `order.paid`.
 */
export async function buyPackFor(
  ctx: DomainContext,
  tx: Transaction,
  org: { id: string; partnerId: string | null },
  seats: number,
  field: string[],
): Promise<OrderEntity> {
  const commissionBps = org.partnerId ? (await tx.manager.getRepository(PartnerEntity).findOneByOrFail({ id: org.partnerId })).commissionBps : 0;
  const { order, firstCourseId } = await buySeatPack(ctx, tx, { ...org, commissionBps }, seats, field);
  if (org.partnerId) {
    await recordPartnerEvent(ctx.jobs, tx.manager, {
      partnerId: org.partnerId,
      type: 'order.paid',
      subjectId: order.id,
      data: { order: { ...orderData(order, firstCourseId), organizationId: toGlobalId('Organization', org.id), seats } },
    });
  }
  return order;
}
