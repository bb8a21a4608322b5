import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Course } from '../../catalog/catalog.types';
import type { CourseEntity } from '../../catalog/course.entity';
import { Money, MoneyInput } from '../../common/money';

@ObjectType({ description: 'A price for the creator to consider, with the evidence behind it.' })
export class PricingSuggestion {
  @Field(() => Course)
  course: CourseEntity;

  @Field(() => Money, { nullable: true })
  currentPrice: Money | null;

  @Field(() => Money)
  suggestedPrice: Money;

  @Field(() => Float, { description: 'Estimated purchase probability at the suggested price, 0..1.' })
  expectedConversionRate: number;

  @Field(() => Money)
  expectedRevenuePerVisitor: Money;

  @Field(() => Int, { description: 'Number of observed offers the estimate rests on.' })
  evidence: number;

  @Field({ description: 'Plain-language explanation shown to the creator.' })
  explanation: string;

  @Field(() => [String], { description: 'Limits that shaped the price: insufficient-evidence, min, max, max-step, rounding.' })
  guardrails: string[];

  @Field(() => Money, { nullable: true, description: "The creator's lower bound for suggestions (setPriceGuardrails)." })
  minPrice: Money | null;

  @Field(() => Money, { nullable: true, description: "The creator's upper bound for suggestions (setPriceGuardrails)." })
  maxPrice: Money | null;
}

@InputType()
export class SetPriceGuardrailsInput {
  @Field(() => ID)
  courseId: string;

  @Field(() => MoneyInput, { nullable: true, description: 'No suggestion below this; null lifts the bound.' })
  min?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true, description: 'No suggestion above this; null lifts the bound.' })
  max?: MoneyInput | null;
}
