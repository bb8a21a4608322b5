import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { CourseEntity } from '../../catalog/course.entity';
import type { MoneyValue } from '../../common/money';
import { defineLoader, type RequestContext } from '../../server/context';

/**
 * The evidence behind pricing suggestions: every price a visitor was shown
 * (an impression) and every purchase (an outcome). Conversion at a price is
 * outcomes ÷ visitors shown that price.
 *
 * Who records what:
 * - commerce: `recordPriceImpressions(manager, [{ …, context: 'QUOTE' }])` in
 *   priceQuote, `'CHECKOUT'` when a checkout starts, and
 *   `recordPurchaseOutcome(manager, { courseId, userId, orderId, price })` when
 *   an order's payment settles, once per course line, inside the transaction
 *   that marks the order paid (repeats for the same order and course are
 *   ignored, so a retried settlement counts once);
 * - every visitor counts once per course and window (firstImpressionInWindow);
 * - this module: 'COURSE_PAGE' when a single course's offers are resolved
 *   (`course(id|slug)` or `node(id)`, below). Catalog lists are not recorded:
 *   a list shows many prices in passing, and recording them would slow the
 *   hottest page for weak evidence.
 */

export type PriceImpressionContext = 'QUOTE' | 'COURSE_PAGE' | 'CHECKOUT';

export const PRICE_IMPRESSION_CONTEXTS: readonly PriceImpressionContext[] = ['QUOTE', 'COURSE_PAGE', 'CHECKOUT'];

export interface PriceImpression {
  courseId: string;
  /** Null for an anonymous visitor. */
  userId: string | null;
  /** The price shown, integer minor units. */
  price: MoneyValue;
  context: PriceImpressionContext;
}

export interface PurchaseOutcome {
  courseId: string;
  userId: string;
  orderId: string;
  /** The price paid for this course (after discounts), integer minor units. */
  price: MoneyValue;
}

function validPrice(price: MoneyValue): boolean {
  return Number.isSafeInteger(price.amount) && price.amount > 0 && /^[A-Z]{3}$/.test(price.currency);
}

/** Records impressions in one INSERT, inside the caller's transaction when `manager` is one. */
export async function recordPriceImpressions(manager: EntityManager, impressions: ReadonlyArray<PriceImpression>): Promise<void> {
  if (impressions.length === 0) return;
  for (const i of impressions) {
    if (!validPrice(i.price)) throw new RangeError(`price impression for course ${i.courseId}: ${JSON.stringify(i.price)} is not a positive amount in minor units with an ISO currency`);
    if (!PRICE_IMPRESSION_CONTEXTS.includes(i.context)) throw new RangeError(`price impression context must be one of ${PRICE_IMPRESSION_CONTEXTS.join(', ')}, got ${i.context}`);
  }
  await manager.query(
    `INSERT INTO price_impressions (course_id, user_id, price_amount, price_currency, context)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[])`,
    [impressions.map((i) => i.courseId), impressions.map((i) => i.userId), impressions.map((i) => i.price.amount),
      impressions.map((i) => i.price.currency), impressions.map((i) => i.context)],
  );
}

/** Records that `userId` bought `courseId` at `price` in `orderId`; false when that order's purchase was already recorded. */
export async function recordPurchaseOutcome(manager: EntityManager, outcome: PurchaseOutcome): Promise<boolean> {
  if (!validPrice(outcome.price)) throw new RangeError(`purchase outcome for course ${outcome.courseId}: ${JSON.stringify(outcome.price)} is not a positive amount in minor units with an ISO currency`);
  const inserted: unknown[] = await manager.query(
    `INSERT INTO purchase_outcomes (course_id, user_id, order_id, price_amount, price_currency)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id, course_id) DO NOTHING RETURNING id`,
    [outcome.courseId, outcome.userId, outcome.orderId, outcome.price.amount, outcome.price.currency],
  );
  return inserted.length > 0;
}

/**
 * A visitor (the signed-in user, else the client address) counts once per
 * course per PRICE_IMPRESSION_WINDOW_SECONDS, however often they reload the
 * page or ask for a quote: evidence is visitors shown a price, and an
 * anonymous loop must not be able to write a row per call. The window is
 * kept by the rate limiter (Redis across instances when REDIS_URL is set).
 */
export async function firstImpressionInWindow(ctx: RequestContext, courseId: string): Promise<boolean> {
  const visitor = ctx.user ? `user:${ctx.user.id}` : ctx.apiKey ? `key:${ctx.apiKey.id}` : `address:${ctx.clientAddress}`;
  const { allowed } = await ctx.rateLimiter.consume(`impression:${courseId}:${visitor}`, { limit: 1, windowSeconds: ctx.config.throttles.priceImpressionWindowSeconds });
  return allowed;
}

/** A `priceQuote` impression, once per visitor and course per window. */
export async function recordQuoteImpression(ctx: RequestContext, course: CourseEntity): Promise<void> {
  if (course.priceAmount == null || !(await firstImpressionInWindow(ctx, course.id))) return;
  await recordPriceImpressions(ctx.db.manager, [{ courseId: course.id, userId: ctx.user?.id ?? null, price: { amount: course.priceAmount, currency: course.priceCurrency!.trim() }, context: 'QUOTE' }]);
}

/** Per request: every COURSE_PAGE impression of one request goes out in a single INSERT. */
const coursePageImpressions = defineLoader((ctx) =>
  new DataLoader<PriceImpression, true>(async (impressions) => {
    await recordPriceImpressions(ctx.db.manager, impressions);
    return impressions.map(() => true as const);
  }, { cache: false }));

/**
 * Records the course's own price as a COURSE_PAGE impression when its offers
 * are resolved for a single-course view (the field's parent is a root field:
 * `course`, `node`). A failure is logged, never shown: the page matters more
 * than the evidence.
 */
export async function recordCoursePageImpression(ctx: RequestContext, info: GraphQLResolveInfo, course: CourseEntity): Promise<void> {
  if (course.priceAmount == null || info.path.prev?.typename !== info.schema.getQueryType()?.name) return;
  try {
    if (!(await firstImpressionInWindow(ctx, course.id))) return;
    await ctx.loaders.get(coursePageImpressions).load({
      courseId: course.id,
      userId: ctx.user?.id ?? null,
      price: { amount: course.priceAmount, currency: course.priceCurrency!.trim() },
      context: 'COURSE_PAGE',
    });
  } catch (error) {
    ctx.logger.warn(`could not record a price impression for course ${course.id}`, error instanceof Error ? error.message : error);
  }
}
