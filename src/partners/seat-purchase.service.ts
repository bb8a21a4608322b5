import { recordAudit } from '../audit/audit-log';
import { requestHash, validateIdempotencyKey } from '../commerce/idempotency';
import { OrderEntity } from '../commerce/order.entity';
import { ErrorCode, invalidInput, notFound, unauthenticated, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { inTransaction } from '../kernel/transaction';
import type { DomainContext } from '../kernel/context';
import { OrganizationEntity } from './organization.entity';
import { canBuySeats } from './organization.service';
import type { BuySeatsInput } from './organization.types';
import { buyPackFor } from './seat-pool';

export interface SeatPurchase {
  organization: OrganizationEntity;
  order: OrderEntity;
}

/**
 * Buys another pack of seats for an organization (its partner, or Knowpay
 * admins). Idempotent per organization and key: a retry returns the first
 * pack; the same key for another number of seats is IDEMPOTENCY_CONFLICT.
 */
export async function buySeats(ctx: DomainContext, input: BuySeatsInput): Promise<SeatPurchase> {
  if (!ctx.user && !ctx.apiKey) throw unauthenticated();
  const id = idOfType(input.organizationId, 'Organization');
  if (!id) throw invalidInput('Not an Organization ID.', ['input', 'organizationId']);
  const key = validateIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
  const org = await ctx.db.getRepository(OrganizationEntity).findOneBy({ id });
  if (!org || !(await canBuySeats(ctx, org)))
    throw notFound('No organization with this ID that you may buy seats for (its partner or Knowpay admins buy them).', ['input', 'organizationId']);
  const hash = requestHash({ seats: input.seats });
  return inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    // The organization's row first: claiming the key below takes a key-share lock on it (a foreign key), and two
    // purchases upgrading that lock to the pack's row lock would deadlock.
    await manager.query('SELECT 1 FROM organizations WHERE id = $1 FOR NO KEY UPDATE', [org.id]);
    const claimed: unknown[] = await manager.query(
      'INSERT INTO seat_pack_purchases (organization_id, idempotency_key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
      [org.id, key, hash],
    );
    if (!claimed.length) {
      const [done]: Array<{ request_hash: string; order_id: string | null }> = await manager.query(
        'SELECT request_hash, order_id FROM seat_pack_purchases WHERE organization_id = $1 AND idempotency_key = $2',
        [org.id, key],
      );
      if (done.request_hash !== hash)
        throw new UserFailure(
          ErrorCode.IDEMPOTENCY_CONFLICT,
          'This idempotencyKey was already used for another number of seats; use a new key for a new pack.',
          ['input', 'idempotencyKey'],
        );
      if (!done.order_id)
        throw new UserFailure(ErrorCode.CONFLICT, 'A purchase with this idempotencyKey is still being processed; retry shortly.', ['input', 'idempotencyKey']);
      return {
        organization: await manager.getRepository(OrganizationEntity).findOneByOrFail({ id: org.id }),
        order: await manager.getRepository(OrderEntity).findOneByOrFail({ id: done.order_id }),
      };
    }
    const order = await buyPackFor(ctx, tx, org, input.seats, ['input', 'seats']);
    await manager.query('UPDATE seat_pack_purchases SET order_id = $3 WHERE organization_id = $1 AND idempotency_key = $2', [org.id, key, order.id]);
    await recordAudit(manager, {
      actorId: ctx.user?.id ?? null,
      action: 'seat.buy',
      subjectType: 'Organization',
      subjectId: org.id,
      data: { seats: input.seats, orderId: order.id, total: order.totalAmount, currency: order.currency, apiKeyId: ctx.apiKey?.id ?? null },
    });
    return { organization: await manager.getRepository(OrganizationEntity).findOneByOrFail({ id: org.id }), order };
  });
}
