import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Money } from '../common/money';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { orderById, refundById } from './commerce.loaders';
import { Order } from './commerce.types';
import { Refund, RefundPayload, RefundProcessing, RequestRefundInput } from './refund.types';
import type { OrderEntity } from './order.entity';
import { RefundEntity, RefundStatus } from './refund.entity';
import * as refunds from './refund.service';

registerNodeType('Refund', RefundEntity, async (ctx, id) => {
  const refund = await ctx.loaders.get(refundById).load(id);
  if (!refund || !ctx.user) return null;
  if (ctx.user.roles.includes(Role.ADMIN)) return refund;
  const order = await ctx.loaders.get(orderById).load(refund.orderId);
  return order?.buyerId === ctx.user.id ? refund : null;
});

@Resolver(() => Refund)
export class RefundResolver {
  @FieldResolver(() => Order)
  async order(@Root() refund: RefundEntity, @Ctx() ctx: DomainContext): Promise<OrderEntity> {
    return (await ctx.loaders.get(orderById).load(refund.orderId))!;
  }

  @FieldResolver(() => Money)
  amount(@Root() refund: RefundEntity): Money {
    return Money.of({ amount: refund.amount, currency: refund.currency });
  }

  @FieldResolver(() => RefundProcessing, {
    nullable: true,
    description: 'Admins: the provider side of an approved refund (null for others, and before approval).',
  })
  processing(@Root() refund: RefundEntity, @Ctx() ctx: DomainContext): RefundProcessing | null {
    if (!ctx.user?.roles.includes(Role.ADMIN) || refund.status === RefundStatus.REQUESTED || refund.status === RefundStatus.REJECTED) return null;
    return {
      providerReference: refund.providerRef,
      idempotencyKey: refund.providerIdempotencyKey,
      attempts: refund.attempts,
      lastError: refund.lastError,
      nextAttemptAt: refund.nextAttemptAt,
      settledAt: refund.settledAt,
      failedAt: refund.failedAt,
    };
  }

  @Authorized()
  @Mutation(() => RefundPayload)
  requestRefund(@Arg('input') input: RequestRefundInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => refunds.requestRefund(ctx, input),
      (refund) => ({ refund }),
    );
  }

  @Authorized('ADMIN')
  @Mutation(() => RefundPayload, { description: 'Admins: approve or reject a refund request.' })
  resolveRefund(
    @Arg('id', () => ID) id: string,
    @Arg('approve') approve: boolean,
    @Ctx() ctx: DomainContext,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
  ) {
    return payload(
      () => refunds.resolveRefund(ctx, id, approve, note),
      (refund) => ({ refund }),
    );
  }
}
