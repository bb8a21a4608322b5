import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { courseById } from '../catalog/catalog.loaders';
import { Course } from '../catalog/catalog.types';
import { CourseEntity } from '../catalog/course.entity';
import { idOfType } from '../common/global-id';
import { Money } from '../common/money';
import { registerNodeType } from '../common/node';
import { connectionFrom, pageRequest } from '../common/pagination';
import { payload } from '../common/payload';
import { userById } from '../identity/identity.loaders';
import { User } from '../identity/identity.types';
import { Role } from '../identity/user.entity';
import { UserEntity } from '../identity/user.entity';
import { Viewer } from '../identity/identity.types';
import { EnrollmentEntity } from '../learning/enrollment.entity';
import { listen, startEvent } from '../realtime/subscription-events';
import type { DomainContext } from '../kernel/context';
import * as checkoutService from './checkout.service';
import { latestPaymentByOrderId, orderById, orderLinesByOrderId } from './commerce.loaders';
import { CheckoutInput, CheckoutPayload, EnrollmentPayload, Order, OrderConnection, OrderLine, PaymentSession, PriceQuote } from './commerce.types';
import { planById } from './membership-plan.loaders';
import { MembershipPlan } from './membership-plan.types';
import { MembershipPlanEntity } from './membership-plan.entity';
import { orderTopic } from './order-settlement';
import { OrderEntity, OrderLineEntity } from './order.entity';
import { paymentSessionOf } from './payments/payment-start';

/** Buyers see their own orders; admins see all. */
function canSeeOrder(ctx: DomainContext, order: OrderEntity): boolean {
  return !!ctx.user && (order.buyerId === ctx.user.id || ctx.user.roles.includes(Role.ADMIN));
}

registerNodeType('Order', OrderEntity, async (ctx, id) => {
  const order = await ctx.loaders.get(orderById).load(id);
  return order && canSeeOrder(ctx, order) ? order : null;
});

@Resolver(() => Order)
export class OrderResolver {
  @FieldResolver(() => [OrderLine])
  lines(@Root() order: OrderEntity, @Ctx() ctx: DomainContext): Promise<OrderLineEntity[]> {
    return ctx.loaders.get(orderLinesByOrderId).load(order.id);
  }

  @FieldResolver(() => Money)
  subtotal(@Root() order: OrderEntity): Money {
    return Money.of({ amount: order.subtotalAmount, currency: order.currency });
  }

  @FieldResolver(() => Money)
  discount(@Root() order: OrderEntity): Money {
    return Money.of({ amount: order.discountAmount, currency: order.currency });
  }

  @FieldResolver(() => Money)
  total(@Root() order: OrderEntity): Money {
    return Money.of({ amount: order.totalAmount, currency: order.currency });
  }

  @FieldResolver(() => Money)
  refundedTotal(@Root() order: OrderEntity): Money {
    return Money.of({ amount: order.refundedAmount, currency: order.currency });
  }

  @FieldResolver(() => PaymentSession, { nullable: true })
  async payment(@Root() order: OrderEntity, @Ctx() ctx: DomainContext): Promise<PaymentSession | null> {
    return paymentSessionOf(await ctx.loaders.get(latestPaymentByOrderId).load(order.id));
  }

  @FieldResolver(() => User, { nullable: true })
  buyer(@Root() order: OrderEntity, @Ctx() ctx: DomainContext): Promise<UserEntity | null> | null {
    return order.buyerId ? ctx.loaders.get(userById).load(order.buyerId) : null;
  }

  @Authorized()
  @Mutation(() => CheckoutPayload)
  checkout(@Arg('input') input: CheckoutInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => checkoutService.checkout(ctx, input),
      (order) => ({ order }),
    );
  }

  @Authorized()
  @Mutation(() => EnrollmentPayload)
  enrollFree(@Arg('courseId', () => ID) courseId: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => checkoutService.enrollFree(ctx, courseId),
      (enrollment: EnrollmentEntity) => ({ enrollment }),
    );
  }

  @Query(() => PriceQuote)
  async priceQuote(
    @Arg('courseId', () => ID) courseId: string,
    @Ctx() ctx: DomainContext,
    @Arg('couponCode', () => String, { nullable: true }) couponCode?: string | null,
  ): Promise<PriceQuote> {
    const { course, cart, couponApplied, errors } = await checkoutService.priceQuote(ctx, courseId, couponCode);
    const money = (amount: number) => Money.of({ amount, currency: cart.currency });
    return {
      course,
      listPrice: money(cart.subtotal),
      discount: money(cart.discount),
      total: money(cart.total),
      couponApplied,
      errors: errors.map((e) => e.toUserError()),
    };
  }

  @Subscription(() => Order, {
    description: 'The buyer: status changes of one of their orders.',
    subscribe: async ({ args, context }) => {
      const ctx = context as DomainContext;
      const id = idOfType(args.orderId as string, 'Order');
      const order = id ? await ctx.db.getRepository(OrderEntity).findOneBy({ id }) : null;
      return listen(ctx, orderTopic(id ?? ''), async () => !!order && canSeeOrder(ctx, order), 'You can follow only your own orders.');
    },
  })
  async orderUpdated(@Root() event: { orderId: string }, @Arg('orderId', () => ID) _orderId: string, @Ctx() ctx: DomainContext): Promise<OrderEntity> {
    startEvent(ctx);
    return ctx.db.getRepository(OrderEntity).findOneByOrFail({ id: event.orderId });
  }
}

@Resolver(() => OrderLine)
export class OrderLineResolver {
  @FieldResolver(() => Course, { nullable: true })
  course(@Root() line: OrderLineEntity, @Ctx() ctx: DomainContext): Promise<CourseEntity | null> | null {
    return line.courseId ? ctx.loaders.get(courseById).load(line.courseId) : null;
  }

  @FieldResolver(() => MembershipPlan, { nullable: true })
  plan(@Root() line: OrderLineEntity, @Ctx() ctx: DomainContext): Promise<MembershipPlanEntity | null> | null {
    return line.planId ? ctx.loaders.get(planById).load(line.planId) : null;
  }

  @FieldResolver(() => Money)
  unitPrice(@Root() line: OrderLineEntity, @Ctx() ctx: DomainContext): Promise<Money> {
    return this.withCurrency(line, ctx, line.unitAmount);
  }

  @FieldResolver(() => Money, { description: "Quantity times unit price, less this line's share of the discount." })
  total(@Root() line: OrderLineEntity, @Ctx() ctx: DomainContext): Promise<Money> {
    return this.withCurrency(line, ctx, line.unitAmount * line.quantity - line.discountAmount);
  }

  private async withCurrency(line: OrderLineEntity, ctx: DomainContext, amount: number): Promise<Money> {
    const order = await ctx.loaders.get(orderById).load(line.orderId);
    return Money.of({ amount, currency: order!.currency });
  }
}

@Resolver(() => Viewer)
export class ViewerOrdersResolver {
  @FieldResolver(() => OrderConnection)
  async orders(
    @Root() viewer: Viewer,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = pageRequest(first, after);
    const [rows, totalCount] = await ctx.db.getRepository(OrderEntity).findAndCount({
      where: { buyerId: viewer.userId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: page.offset,
      take: page.limit,
    });
    for (const row of rows) ctx.loaders.get(orderById).prime(row.id, row);
    return connectionFrom(rows, totalCount, page);
  }
}
