import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../common/node';
import { BillingInterval } from './membership-plan.entity';

registerEnumType(BillingInterval, { name: 'BillingInterval' });

@ObjectType({ implements: Node })
export class MembershipPlan extends Node {
  @Field()
  name: string;

  @Field(() => BillingInterval)
  interval: BillingInterval;

  @Field(() => Int)
  trialDays: number;

  @Field()
  active: boolean;
}
