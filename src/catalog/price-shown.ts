import type { GraphQLResolveInfo } from 'graphql';
import type { DomainContext } from '../kernel/context';
import { announce } from '../kernel/transaction';
import type { CourseEntity } from './course.entity';

/**
 * What a reader was shown of a course's price, announced as `PriceShown`
 * (the model module turns it into pricing evidence, off the read path).
 */
/** Who was shown a price: the signed-in user, else the API key, else the client address. */
function visitorOf(ctx: DomainContext): string {
  return ctx.user ? `user:${ctx.user.id}` : ctx.apiKey ? `key:${ctx.apiKey.id}` : `address:${ctx.clientAddress}`;
}

/**
 * Reads announce the prices they showed (PriceShown); the model module
 * buffers them and records one per visitor and course per
 * PRICE_IMPRESSION_WINDOW_SECONDS, off the read path (PriceImpressionBuffer).
 */
async function announcePrice(ctx: DomainContext, course: CourseEntity, context: 'QUOTE' | 'COURSE_PAGE'): Promise<void> {
  if (course.priceAmount == null) return;
  await announce(ctx, {
    type: 'PriceShown',
    courseId: course.id,
    userId: ctx.user?.id ?? null,
    visitor: visitorOf(ctx),
    amount: course.priceAmount,
    currency: course.priceCurrency!.trim(),
    context,
  });
}

/** A `priceQuote` was answered. */
export function recordQuoteImpression(ctx: DomainContext, course: CourseEntity): Promise<void> {
  return announcePrice(ctx, course, 'QUOTE');
}

/**
 * A single course's offers were resolved (the field's parent is a root field:
 * `course`, `node`); catalog lists are not impressions. Never fails the page.
 * Null when there is nothing to record (a list, a mutation's payload, a free course).
 */
export function recordCoursePageImpression(ctx: DomainContext, info: GraphQLResolveInfo, course: CourseEntity): Promise<void> | null {
  // The parent is a root field when its path has no parent (compiled execution's paths carry no typename).
  if (info.operation.operation !== 'query' || !info.path.prev || info.path.prev.prev || course.priceAmount == null) return null;
  return announcePrice(ctx, course, 'COURSE_PAGE');
}
