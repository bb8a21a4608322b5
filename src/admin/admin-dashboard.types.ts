import { Field, Int, ObjectType } from 'type-graphql';
import { Money } from '../common/money';

@ObjectType({ description: 'One UTC day of revenue in one currency.' })
export class DashboardRevenueDay {
  @Field({ description: 'YYYY-MM-DD (UTC).' })
  day: string;

  @Field(() => Int, { description: 'Orders paid that day.' })
  paidOrders: number;

  @Field(() => Money, { description: 'Totals of the orders paid that day.' })
  gross: Money;

  @Field(() => Money, { description: 'Refunds settled that day.' })
  refunded: Money;

  @Field(() => Money, { description: 'gross − refunded.' })
  net: Money;
}

@ObjectType({ description: 'Daily revenue in one currency; every day of the period is present.' })
export class DashboardRevenueSeries {
  @Field()
  currency: string;

  @Field(() => Money, { description: 'Net revenue over the period.' })
  total: Money;

  @Field(() => [DashboardRevenueDay])
  days: DashboardRevenueDay[];
}

@ObjectType({ simpleResolvers: true })
export class DashboardCountDay {
  @Field({ description: 'YYYY-MM-DD (UTC).' })
  day: string;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class AdminDashboardTotals {
  @Field(() => [Money], { description: 'Net revenue over the period, one entry per currency.' })
  revenue: Money[];

  @Field(() => Int)
  paidOrders: number;

  @Field(() => Int)
  newEnrollments: number;

  @Field(() => Int)
  newUsers: number;

  @Field(() => Int, { description: 'Refund requests waiting for a decision now (not limited to the period).' })
  openRefundRequests: number;
}

@ObjectType({ description: 'Admins: the last `days` UTC days, today included.' })
export class AdminDashboard {
  @Field(() => Int)
  days: number;

  @Field({ description: 'First day of the period, YYYY-MM-DD (UTC).' })
  from: string;

  @Field({ description: 'Last day of the period (today), YYYY-MM-DD (UTC).' })
  to: string;

  @Field(() => [DashboardRevenueSeries], { description: 'One series per currency that had paid orders or settled refunds.' })
  revenue: DashboardRevenueSeries[];

  @Field(() => [DashboardCountDay])
  newEnrollments: DashboardCountDay[];

  @Field(() => [DashboardCountDay])
  newUsers: DashboardCountDay[];

  @Field(() => AdminDashboardTotals)
  totals: AdminDashboardTotals;
}
