import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../server/context';
import { pricingSuggestion } from './pricing-suggestion.service';
import { PricingSuggestion } from './pricing-suggestion.types';

@Resolver(() => PricingSuggestion)
export class PricingSuggestionResolver {
  @Authorized()
  @Query(() => PricingSuggestion, { nullable: true, description: 'Creator of the course or admin.' })
  pricingSuggestion(@Arg('courseId', () => ID) courseId: string, @Ctx() ctx: RequestContext): Promise<PricingSuggestion | null> {
    return pricingSuggestion(ctx, courseId);
  }
}
