import { In } from 'typeorm';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Creator } from '../catalog/catalog.types';
import type { CreatorEntity } from '../catalog/creator.entity';
import { connectionFrom, pageRequest } from '../common/pagination';
import { Viewer } from '../identity/identity.types';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { tipById } from './commerce.loaders';
import { TipConnection } from './commerce.types';
import { OrderStatus } from './order.entity';
import { TipEntity } from './tip.entity';

/**
 * Tips as lists, newest first, through the one pagination helper; each tip's
 * tipper, course and creator resolve through the Tip type's loaders. A
 * creator's received tips are theirs (and admins') to read: anyone else gets
 * null. Received means paid (later refunds included, with their status).
 */
const RECEIVED = [OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED];

async function tipPage(ctx: DomainContext, where: Record<string, unknown>, first?: number | null, after?: string | null) {
  const page = pageRequest(first, after);
  const [rows, totalCount] = await ctx.db
    .getRepository(TipEntity)
    .findAndCount({ where, order: { createdAt: 'DESC', id: 'DESC' }, skip: page.offset, take: page.limit });
  for (const row of rows) ctx.loaders.get(tipById).prime(row.id, row);
  return connectionFrom(rows, totalCount, page);
}

@Resolver(() => Creator)
export class CreatorTipsResolver {
  @FieldResolver(() => TipConnection, {
    nullable: true,
    description: 'Paid tips this creator received (tipper, amount, message, course); the creator themself and admins, null for anyone else.',
  })
  async tipsReceived(
    @Root() creator: CreatorEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    if (!ctx.user || (ctx.user.id !== creator.userId && !ctx.user.roles.includes(Role.ADMIN))) return null;
    return tipPage(ctx, { creatorId: creator.id, status: In(RECEIVED) }, first, after);
  }
}

@Resolver(() => Viewer)
export class ViewerTipsResolver {
  @FieldResolver(() => TipConnection, { description: 'Tips the viewer sent, whatever became of them (pending, paid, failed, refunded).' })
  tipsSent(
    @Root() viewer: Viewer,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return tipPage(ctx, { fromUserId: viewer.userId }, first, after);
  }
}
