import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { creatorById } from '../catalog/catalog.loaders';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { couponById } from './commerce.loaders';
import { Coupon, CouponPayload, CreateCouponInput } from './commerce.types';
import { CouponEntity } from './coupon.entity';
import * as coupons from './coupon.service';

registerNodeType('Coupon', CouponEntity, async (ctx, id) => {
  const coupon = await ctx.loaders.get(couponById).load(id);
  if (!coupon || !ctx.user) return null;
  if (ctx.user.roles.includes(Role.ADMIN)) return coupon;
  return (await ctx.loaders.get(creatorById).load(coupon.creatorId))?.userId === ctx.user.id ? coupon : null;
});

@Resolver(() => Coupon)
export class CouponResolver {
  @Authorized()
  @Mutation(() => CouponPayload)
  createCoupon(@Arg('input') input: CreateCouponInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => coupons.createCoupon(ctx, input),
      (coupon) => ({ coupon }),
    );
  }
}
