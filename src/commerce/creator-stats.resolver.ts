import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Creator } from '../catalog/catalog.types';
import type { CreatorEntity } from '../catalog/creator.entity';
import { Money } from '../common/money';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { CreatorStats } from './commerce.types';
import { creatorStats } from './creator-stats';

@Resolver(() => Creator)
export class CreatorStatsResolver {
  @FieldResolver(() => CreatorStats, { nullable: true, description: 'Visible to the creator and admins only.' })
  async stats(
    @Root() creator: CreatorEntity,
    @Ctx() ctx: DomainContext,
    @Arg('from', () => Date, { nullable: true }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true }) to?: Date | null,
  ): Promise<CreatorStats | null> {
    if (!ctx.user || (ctx.user.id !== creator.userId && !ctx.user.roles.includes(Role.ADMIN))) return null;
    const stats = await creatorStats(ctx, creator, from ?? null, to ?? null);
    return {
      ...stats,
      grossRevenue: Money.of(stats.grossRevenue),
      netRevenue: Money.of(stats.netRevenue),
      tipsTotal: Money.of(stats.tipsTotal),
      refundsTotal: Money.of(stats.refundsTotal),
    };
  }
}
