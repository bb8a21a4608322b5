import { requireRole } from '../common/auth-checker';
import { Connection, connectionFrom, pageRequest } from '../common/pagination';
import { orderById, refundById } from '../commerce/commerce.loaders';
import { OrderEntity, OrderStatus } from '../commerce/order.entity';
import { RefundEntity, RefundStatus } from '../commerce/refund.entity';
import { Role } from '../identity/user.entity';
import type { RequestContext } from '../server/context';


/** Admins: all orders (any buyer), newest first, optionally in one status. */
export async function ordersPage(ctx: RequestContext, status: OrderStatus | null | undefined, first?: number | null, after?: string | null): Promise<Connection<OrderEntity>> {
  requireRole(ctx, Role.ADMIN, 'Only admins see every order and refund.');
  const page = pageRequest(first, after);
  const [rows, totalCount] = await ctx.db.getRepository(OrderEntity).findAndCount({
    where: status ? { status } : {}, order: { createdAt: 'DESC', id: 'DESC' }, skip: page.offset, take: page.limit,
  });
  for (const row of rows) ctx.loaders.get(orderById).prime(row.id, row);
  return connectionFrom(rows, totalCount, page);
}

/** Admins: refund requests oldest first, so the queue is decided in the order it was asked. */
export async function refundsPage(ctx: RequestContext, status: RefundStatus | null | undefined, first?: number | null, after?: string | null): Promise<Connection<RefundEntity>> {
  requireRole(ctx, Role.ADMIN, 'Only admins see every order and refund.');
  const page = pageRequest(first, after);
  const [rows, totalCount] = await ctx.db.getRepository(RefundEntity).findAndCount({
    where: status ? { status } : {}, order: { createdAt: 'ASC', id: 'ASC' }, skip: page.offset, take: page.limit,
  });
  for (const row of rows) ctx.loaders.get(refundById).prime(row.id, row);
  return connectionFrom(rows, totalCount, page);
}
