import type { DataSource, EntityManager } from 'typeorm';

/**
 * Observed offers per course and price: how many distinct visitors were shown
 * the price (a signed-in visitor counts once however often they saw it; each
 * anonymous impression counts as a visitor) and how many bought at it.
 */

export interface PriceObservation {
  courseId: string;
  price: number;
  currency: string;
  visitors: number;
  purchases: number;
}

export interface PricedPeer {
  courseId: string;
  price: number;
  currency: string;
}

export async function readPriceObservations(db: DataSource | EntityManager, courseIds: readonly string[]): Promise<PriceObservation[]> {
  if (courseIds.length === 0) return [];
  const rows: Array<{ course_id: string; price_amount: number; price_currency: string; visitors: number; purchases: number }> = await db.query(
    `
    WITH shown AS (
      SELECT course_id, price_amount, price_currency,
             (count(DISTINCT user_id) + count(*) FILTER (WHERE user_id IS NULL))::int AS visitors
        FROM price_impressions WHERE course_id = ANY($1::uuid[])
       GROUP BY course_id, price_amount, price_currency
    ), bought AS (
      SELECT course_id, price_amount, price_currency, count(*)::int AS purchases
        FROM purchase_outcomes WHERE course_id = ANY($1::uuid[])
       GROUP BY course_id, price_amount, price_currency
    )
    SELECT course_id, price_amount, price_currency, coalesce(s.visitors, 0) AS visitors, coalesce(b.purchases, 0) AS purchases
      FROM shown s FULL JOIN bought b USING (course_id, price_amount, price_currency)`,
    [courseIds],
  );
  return rows.map((r) => ({
    courseId: r.course_id,
    price: r.price_amount,
    currency: r.price_currency.trim(),
    // A purchase without a recorded impression (recorded before impressions were) still had a visitor.
    visitors: Math.max(r.visitors, r.purchases),
    purchases: r.purchases,
  }));
}

/** Published courses sharing a category with `courseId`, priced in `currency`, with their current prices. */
export async function readPricedPeers(db: DataSource | EntityManager, courseId: string, currency: string | null): Promise<PricedPeer[]> {
  const rows: Array<{ id: string; price_amount: number; price_currency: string }> = await db.query(
    `
    SELECT DISTINCT c.id, c.price_amount, c.price_currency
      FROM course_categories mine
      JOIN course_categories theirs ON theirs.category_id = mine.category_id AND theirs.course_id <> mine.course_id
      JOIN courses c ON c.id = theirs.course_id
     WHERE mine.course_id = $1 AND c.status = 'PUBLISHED' AND c.price_amount IS NOT NULL
       AND ($2::text IS NULL OR c.price_currency = $2)`,
    [courseId, currency],
  );
  return rows.map((r) => ({ courseId: r.id, price: r.price_amount, currency: r.price_currency.trim() }));
}
