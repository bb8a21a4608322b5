import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { payload } from '../common/payload';
import { Role } from '../identity/user.entity';
import { Viewer } from '../identity/identity.types';
import { registerNodeType } from '../common/node';
import type { DomainContext } from '../kernel/context';
import { CreatePlanInput, Membership, MembershipPayload, PlanPayload, SubscribeInput } from './commerce.types';
import { planById } from './membership-plan.loaders';
import { MembershipPlanEntity } from './membership-plan.entity';
import { MembershipPlan } from './membership-plan.types';
import { membershipById, membershipsByUserId } from './membership.loaders';
import { MembershipEntity } from './membership.entity';
import * as memberships from './membership.service';

registerNodeType('Membership', MembershipEntity, async (ctx, id) => {
  const membership = await ctx.loaders.get(membershipById).load(id);
  return membership && ctx.user && (membership.userId === ctx.user.id || ctx.user.roles.includes(Role.ADMIN)) ? membership : null;
});

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => MembershipPlan)
  async plan(@Root() membership: MembershipEntity, @Ctx() ctx: DomainContext): Promise<MembershipPlanEntity> {
    return (await ctx.loaders.get(planById).load(membership.planId))!;
  }

  @Authorized()
  @Mutation(() => PlanPayload)
  createPlan(@Arg('input') input: CreatePlanInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => memberships.createPlan(ctx, input),
      (plan) => ({ plan }),
    );
  }

  @Authorized()
  @Mutation(() => MembershipPayload)
  subscribe(@Arg('input') input: SubscribeInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => memberships.subscribe(ctx, input),
      (result) => result,
    );
  }

  @Authorized()
  @Mutation(() => MembershipPayload)
  cancelMembership(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => memberships.cancelMembership(ctx, id),
      (membership) => ({ membership }),
    );
  }

  @Authorized()
  @Mutation(() => MembershipPayload, { description: 'Saves a card (a provider payment method id such as pm_…) for membership renewals.' })
  savePaymentMethod(@Arg('paymentMethodId') paymentMethodId: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => memberships.savePaymentMethod(ctx, paymentMethodId),
      () => ({}),
    );
  }
}

@Resolver(() => Viewer)
export class ViewerMembershipsResolver {
  @FieldResolver(() => [Membership])
  memberships(@Root() viewer: Viewer, @Ctx() ctx: DomainContext): Promise<MembershipEntity[]> {
    return ctx.loaders.get(membershipsByUserId).load(viewer.userId);
  }
}
