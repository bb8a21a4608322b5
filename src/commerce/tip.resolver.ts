import { shownText } from '../common/shown-text';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { courseById, creatorById, creatorByUserId } from '../catalog/catalog.loaders';
import { Course, Creator } from '../catalog/catalog.types';
import type { CourseEntity } from '../catalog/course.entity';
import type { CreatorEntity } from '../catalog/creator.entity';
import { Money } from '../common/money';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import { userById } from '../identity/identity.loaders';
import { User } from '../identity/identity.types';
import { Role, UserEntity } from '../identity/user.entity';
import { listen, startEvent } from '../realtime/subscription-events';
import type { DomainContext } from '../kernel/context';
import { tipById } from './commerce.loaders';
import { SendTipInput, Tip, TipPayload } from './commerce.types';
import { tipsTopic } from './tip-settlement';
import { TipEntity } from './tip.entity';
import * as tips from './tip.service';

/** The sender, the tipped creator and admins see a tip. */
async function canSeeTip(ctx: DomainContext, tip: TipEntity): Promise<boolean> {
  if (!ctx.user) return false;
  if (tip.fromUserId === ctx.user.id || ctx.user.roles.includes(Role.ADMIN)) return true;
  const creator = await ctx.loaders.get(creatorById).load(tip.creatorId);
  return creator?.userId === ctx.user.id;
}

registerNodeType('Tip', TipEntity, async (ctx, id) => {
  const tip = await ctx.loaders.get(tipById).load(id);
  return tip && (await canSeeTip(ctx, tip)) ? tip : null;
});

@Resolver(() => Tip)
export class TipResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Held messages show to their sender only; removed ones are null.' })
  message(@Root() tip: TipEntity, @Ctx() ctx: DomainContext): string | null {
    return shownText(ctx, tip.message, tip.messageVisibility, tip.fromUserId);
  }

  @FieldResolver(() => User, { nullable: true })
  from(@Root() tip: TipEntity, @Ctx() ctx: DomainContext): Promise<UserEntity | null> | null {
    return tip.fromUserId ? ctx.loaders.get(userById).load(tip.fromUserId) : null;
  }

  @FieldResolver(() => Creator)
  async to(@Root() tip: TipEntity, @Ctx() ctx: DomainContext): Promise<CreatorEntity> {
    return (await ctx.loaders.get(creatorById).load(tip.creatorId))!;
  }

  @FieldResolver(() => Course, { nullable: true })
  course(@Root() tip: TipEntity, @Ctx() ctx: DomainContext): Promise<CourseEntity | null> | null {
    return tip.courseId ? ctx.loaders.get(courseById).load(tip.courseId) : null;
  }

  @FieldResolver(() => Money)
  amount(@Root() tip: TipEntity): Money {
    return Money.of({ amount: tip.amount, currency: tip.currency });
  }

  @Authorized()
  @Mutation(() => TipPayload)
  sendTip(@Arg('input') input: SendTipInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => tips.sendTip(ctx, input),
      (result) => result,
    );
  }

  @Subscription(() => Tip, {
    description: 'Creators: tips received, once paid.',
    subscribe: async ({ context }) => {
      const ctx = context as DomainContext;
      const creator = ctx.user ? await ctx.loaders.get(creatorByUserId).load(ctx.user.id) : null;
      return listen(ctx, tipsTopic(creator?.id ?? ''), async () => !!creator, 'Only creators receive tips.');
    },
  })
  async tipReceived(@Root() event: { tipId: string }, @Ctx() ctx: DomainContext): Promise<TipEntity> {
    startEvent(ctx);
    return ctx.db.getRepository(TipEntity).findOneByOrFail({ id: event.tipId });
  }
}
