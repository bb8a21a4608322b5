import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Course } from '../catalog/catalog.types';
import { UserError } from '../common/errors';
import { MoneyInput, Money } from '../common/money';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';
import { Enrollment } from '../learning/enrollment.types';
import { CouponKind } from './coupon.entity';
import { BillingInterval } from './membership-plan.entity';
import { MembershipPlan } from './membership-plan.types';
import { MembershipStatus } from './membership.entity';
import { OrderStatus } from './order.entity';

registerEnumType(OrderStatus, { name: 'OrderStatus' });
registerEnumType(MembershipStatus, {
  name: 'MembershipStatus',
  valuesConfig: { INCOMPLETE: { description: 'Created; the first payment has not settled yet. No access.' } },
});
registerEnumType(CouponKind, { name: 'CouponKind' });

@ObjectType({ simpleResolvers: true })
export class PaymentSession {
  @Field()
  provider: string;

  @Field(() => String, { nullable: true, description: "Client secret for the provider's client-side confirmation (e.g. Stripe PaymentIntent)." })
  clientSecret: string | null;

  @Field()
  status: string;
}

@ObjectType({ implements: Node })
export class Order extends Node {
  @Field()
  code: string;

  @Field(() => OrderStatus)
  status: OrderStatus;

  @Field(() => String, { nullable: true, description: "Set for partner sales: the partner's reference for its own customer." })
  externalCustomerRef: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  paidAt: Date | null;
}

@ObjectType()
export class OrderLine {
  @Field()
  description: string;

  @Field(() => Int)
  quantity: number;
}

export const OrderConnection = ConnectionType(Order, 'Order');

@InputType()
export class CheckoutInput {
  @Field(() => [ID])
  courseIds: string[];

  @Field(() => String, { nullable: true })
  couponCode?: string | null;

  @Field()
  idempotencyKey: string;
}

@ObjectType()
export class CheckoutPayload {
  @Field(() => Order, { nullable: true })
  order?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class EnrollmentPayload {
  @Field(() => Enrollment, { nullable: true })
  enrollment?: object | null;

  @Field(() => String, {
    nullable: true,
    description:
      'assignSeat only: a one-time set-password token when the person had no Knowpay account yet (pass it on; acceptInvitation redeems it). Shown once.',
  })
  invitationToken?: string | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType({ implements: Node })
export class Membership extends Node {
  @Field(() => MembershipStatus)
  status: MembershipStatus;

  @Field()
  currentPeriodEnd: Date;

  @Field()
  cancelAtPeriodEnd: boolean;

  @Field(() => Date, { nullable: true })
  trialEndsAt: Date | null;
}

@InputType()
export class SubscribeInput {
  @Field(() => ID)
  planId: string;

  @Field()
  idempotencyKey: string;

  @Field(() => String, {
    nullable: true,
    description: "A card (provider payment method id) for the renewals. With Stripe, required to start a plan's free trial: one trial per person and card.",
  })
  paymentMethodId?: string | null;
}

@ObjectType()
export class MembershipPayload {
  @Field(() => Membership, { nullable: true })
  membership?: object | null;

  @Field(() => PaymentSession, { nullable: true })
  payment?: PaymentSession | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@InputType()
export class CreatePlanInput {
  @Field()
  name: string;

  @Field(() => MoneyInput)
  price: MoneyInput;

  @Field(() => BillingInterval)
  interval: BillingInterval;

  @Field(() => Int, { nullable: true })
  trialDays?: number | null;

  @Field(() => [ID], { nullable: true })
  courseIds?: string[] | null;
}

@ObjectType()
export class PlanPayload {
  @Field(() => MembershipPlan, { nullable: true })
  plan?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType({ implements: Node })
export class Tip extends Node {
  @Field(() => OrderStatus)
  status: OrderStatus;

  @Field()
  createdAt: Date;
}

export const TipConnection = ConnectionType(Tip, 'Tip');

@InputType()
export class SendTipInput {
  @Field(() => ID)
  creatorId: string;

  @Field(() => ID, { nullable: true })
  courseId?: string | null;

  @Field(() => MoneyInput)
  amount: MoneyInput;

  @Field(() => String, { nullable: true })
  message?: string | null;

  @Field()
  idempotencyKey: string;
}

@ObjectType()
export class TipPayload {
  @Field(() => Tip, { nullable: true })
  tip?: object | null;

  @Field(() => PaymentSession, { nullable: true })
  payment?: PaymentSession | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@InputType()
export class CreateCouponInput {
  @Field()
  code: string;

  @Field(() => CouponKind)
  kind: CouponKind;

  @Field(() => Int, { description: 'Percent 1..100 for PERCENT, minor units for FIXED.' })
  value: number;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => [ID], { nullable: true })
  courseIds?: string[] | null;

  @Field(() => Int, { nullable: true })
  maxRedemptions?: number | null;

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;
}

@ObjectType({ implements: Node })
export class Coupon extends Node {
  @Field()
  code: string;

  @Field(() => CouponKind)
  kind: CouponKind;

  @Field(() => Int)
  value: number;

  @Field(() => Int)
  redemptions: number;

  @Field(() => Int, { nullable: true })
  maxRedemptions: number | null;

  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;
}

@ObjectType()
export class CouponPayload {
  @Field(() => Coupon, { nullable: true })
  coupon?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class PriceQuote {
  @Field(() => Course)
  course: object;

  @Field(() => Money)
  listPrice: Money;

  @Field(() => Money)
  discount: Money;

  @Field(() => Money)
  total: Money;

  @Field(() => String, { nullable: true })
  couponApplied: string | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class CreatorStats {
  @Field(() => Money)
  grossRevenue: Money;

  @Field(() => Money)
  netRevenue: Money;

  @Field(() => Money)
  tipsTotal: Money;

  @Field(() => Money)
  refundsTotal: Money;

  @Field(() => Int)
  sales: number;

  @Field(() => Int)
  activeSubscribers: number;

  @Field(() => Int)
  enrollments: number;

  @Field(() => Float)
  completionRate: number;
}
