import type { EntityManager } from 'typeorm';
import type { MoneyValue } from '../../common/money';

/**
 * The evidence behind pricing suggestions: every price a visitor was shown
 * (an impression) and every purchase (an outcome). Conversion at a price is
 * outcomes ÷ visitors shown that price.
 *
 * Who records what:
 * - commerce: `recordPriceImpressions(manager, [{ …, context: 'CHECKOUT' }])`
 *   when a checkout starts, and
 *   `recordPurchaseOutcome(manager, { courseId, userId, orderId, price })` when
 *   an order's payment settles, once per course line, inside the transaction
 *   that marks the order paid (repeats for the same order and course are
 *   ignored, so a retried settlement counts once);
 * - reads announce `PriceShown` ('QUOTE' from priceQuote, 'COURSE_PAGE' when a
 *   single course's offers are resolved: `course(id|slug)` or `node(id)`);
 *   price-impression-buffer.ts records one per visitor, course and window,
 *   off the read path. Catalog lists are not recorded:
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
    if (!validPrice(i.price))
      throw new RangeError(
        `price impression for course ${i.courseId}: ${JSON.stringify(i.price)} is not a positive amount in minor units with an ISO currency`,
      );
    if (!PRICE_IMPRESSION_CONTEXTS.includes(i.context))
      throw new RangeError(`price impression context must be one of ${PRICE_IMPRESSION_CONTEXTS.join(', ')}, got ${i.context}`);
  }
  await manager.query(
    `INSERT INTO price_impressions (course_id, user_id, price_amount, price_currency, context)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[])`,
    [
      impressions.map((i) => i.courseId),
      impressions.map((i) => i.userId),
      impressions.map((i) => i.price.amount),
      impressions.map((i) => i.price.currency),
      impressions.map((i) => i.context),
    ],
  );
}

/** Records that `userId` bought `courseId` at `price` in `orderId`; false when that order's purchase was already recorded. */
export async function recordPurchaseOutcome(manager: EntityManager, outcome: PurchaseOutcome): Promise<boolean> {
  if (!validPrice(outcome.price))
    throw new RangeError(
      `purchase outcome for course ${outcome.courseId}: ${JSON.stringify(outcome.price)} is not a positive amount in minor units with an ISO currency`,
    );
  const inserted: unknown[] = await manager.query(
    `INSERT INTO purchase_outcomes (course_id, user_id, order_id, price_amount, price_currency)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id, course_id) DO NOTHING RETURNING id`,
    [outcome.courseId, outcome.userId, outcome.orderId, outcome.price.amount, outcome.price.currency],
  );
  return inserted.length > 0;
}
