import type { FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { requireRole } from '../common/auth-checker';
import { Connection, connectionFrom, pageRequest } from '../common/pagination';
import { orderById, refundById } from '../commerce/commerce.loaders';
import { OrderEntity, OrderStatus } from '../commerce/order.entity';
import { RefundEntity, RefundStatus } from '../commerce/refund.entity';
import { Role } from '../identity/user.entity';
import type { LoaderFactory, DomainContext } from '../kernel/context';

interface RowsQuery<E extends ObjectLiteral> {
  entity: new () => E;
  where: FindOptionsWhere<E>;
  order: FindOptionsOrder<E>;
  /** The per-request loader the rows prime, so relations resolving them by id cost no query. */
  loader: LoaderFactory<string, E | null>;
}

/** Admins: one page of every owner's rows (orders, refunds) as a connection. */
async function adminRowsPage<E extends ObjectLiteral & { id: string }>(
  ctx: DomainContext,
  query: RowsQuery<E>,
  first?: number | null,
  after?: string | null,
): Promise<Connection<E>> {
  requireRole(ctx, Role.ADMIN, 'Only admins see every order and refund.');
  const page = pageRequest(first, after);
  const [rows, totalCount] = await ctx.db
    .getRepository(query.entity)
    .findAndCount({ where: query.where, order: query.order, skip: page.offset, take: page.limit });
  for (const row of rows) ctx.loaders.get(query.loader).prime(row.id, row);
  return connectionFrom(rows, totalCount, page);
}

/** All orders (any buyer), newest first, optionally in one status. */
export function ordersPage(ctx: DomainContext, status: OrderStatus | null | undefined, first?: number | null, after?: string | null) {
  return adminRowsPage(
    ctx,
    { entity: OrderEntity, where: status ? { status } : {}, order: { createdAt: 'DESC', id: 'DESC' }, loader: orderById },
    first,
    after,
  );
}

/** Refund requests oldest first, so the queue is decided in the order it was asked. */
export function refundsPage(ctx: DomainContext, status: RefundStatus | null | undefined, first?: number | null, after?: string | null) {
  return adminRowsPage(
    ctx,
    { entity: RefundEntity, where: status ? { status } : {}, order: { createdAt: 'ASC', id: 'ASC' }, loader: refundById },
    first,
    after,
  );
}
