import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { CoursePayload } from '../../catalog/catalog.types';
import { payload } from '../../common/payload';
import { setPriceGuardrails } from './price-guardrails.service';
import type { DomainContext } from '../../kernel/context';
import { pricingSuggestion } from './pricing-suggestion.service';
import { PricingSuggestion, SetPriceGuardrailsInput } from './pricing-suggestion.types';

@Resolver(() => PricingSuggestion)
export class PricingSuggestionResolver {
  @Authorized()
  @Query(() => PricingSuggestion, { nullable: true, description: 'Creator of the course or admin.' })
  pricingSuggestion(@Arg('courseId', () => ID) courseId: string, @Ctx() ctx: DomainContext): Promise<PricingSuggestion | null> {
    return pricingSuggestion(ctx, courseId);
  }

  @Authorized()
  @Mutation(() => CoursePayload, { description: "Creator of the course or admin: bounds pricing suggestions to [min, max] in the course's currency." })
  setPriceGuardrails(@Arg('input') input: SetPriceGuardrailsInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => setPriceGuardrails(ctx, input.courseId, input.min, input.max),
      (course) => ({ course }),
    );
  }
}
