import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';

import { CourseConnection, Creator, Offer } from '../catalog/catalog.types';
import { creatorById, courseById } from '../catalog/catalog.loaders';
import { CourseEntity, CourseStatus } from '../catalog/course.entity';
import { CreatorEntity } from '../catalog/creator.entity';
import { badUserInput } from '../common/errors';
import { idOfType } from '../common/global-id';
import { Money } from '../common/money';
import { registerNodeType } from '../common/node';
import { connectionFrom, pageRequest } from '../common/pagination';
import type { DomainContext } from '../kernel/context';
import { MembershipPlanEntity } from './membership-plan.entity';
import { planById, plansByCreatorId } from './membership-plan.loaders';
import { MembershipPlan } from './membership-plan.types';

registerNodeType('MembershipPlan', MembershipPlanEntity, (ctx, id) => ctx.loaders.get(planById).load(id));

@Resolver(() => MembershipPlan)
export class MembershipPlanResolver {
  @Query(() => [MembershipPlan])
  async plans(@Ctx() ctx: DomainContext, @Arg('creatorId', () => ID, { nullable: true }) creatorId?: string | null): Promise<MembershipPlanEntity[]> {
    if (creatorId == null) return ctx.db.getRepository(MembershipPlanEntity).find({ where: { active: true }, order: { priceAmount: 'ASC' }, take: 100 });
    const id = idOfType(creatorId, 'Creator');
    if (!id) throw badUserInput('creatorId is not a Creator ID.', 'creatorId');
    return ctx.loaders.get(plansByCreatorId).load(id);
  }

  @FieldResolver(() => Creator, { nullable: true })
  creator(@Root() plan: MembershipPlanEntity, @Ctx() ctx: DomainContext): Promise<CreatorEntity | null> {
    return ctx.loaders.get(creatorById).load(plan.creatorId);
  }

  @FieldResolver(() => Money)
  price(@Root() plan: MembershipPlanEntity): Money {
    return Money.of({ amount: plan.priceAmount, currency: plan.priceCurrency });
  }

  @FieldResolver(() => CourseConnection)
  async courses(
    @Root() plan: MembershipPlanEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = pageRequest(first, after);
    const [rows, totalCount] = await ctx.db
      .getRepository(CourseEntity)
      .createQueryBuilder('course')
      .innerJoin('plan_courses', 'pc', 'pc.course_id = course.id AND pc.plan_id = :planId', { planId: plan.id })
      .where('course.status = :published', { published: CourseStatus.PUBLISHED })
      .orderBy('course.title')
      .addOrderBy('course.id')
      .offset(page.offset)
      .limit(page.limit)
      .getManyAndCount();
    for (const row of rows) ctx.loaders.get(courseById).prime(row.id, row);
    return connectionFrom(rows, totalCount, page);
  }
}

@Resolver(() => Offer)
export class OfferResolver {
  @FieldResolver(() => MembershipPlan, { nullable: true, description: 'For MEMBERSHIP offers: the plan that includes this course.' })
  plan(@Root() offer: Offer, @Ctx() ctx: DomainContext): MembershipPlanEntity | null | Promise<MembershipPlanEntity | null> {
    return offer.planId ? ctx.loaders.now(planById, offer.planId) : null;
  }
}

@Resolver(() => Creator)
export class CreatorPlansResolver {
  @FieldResolver(() => [MembershipPlan])
  plans(@Root() creator: CreatorEntity, @Ctx() ctx: DomainContext): Promise<MembershipPlanEntity[]> {
    return ctx.loaders.get(plansByCreatorId).load(creator.id);
  }
}
