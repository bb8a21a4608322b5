import type { CreatorEntity } from '../catalog/creator.entity';
import type { MoneyValue } from '../common/money';
import type { DomainContext } from '../kernel/context';

export interface CreatorStatsValue {
  grossRevenue: MoneyValue;
  netRevenue: MoneyValue;
  tipsTotal: MoneyValue;
  refundsTotal: MoneyValue;
  sales: number;
  activeSubscribers: number;
  enrollments: number;
  completionRate: number;
}

/**
 * A creator's statement for a period, read from the ledger: gross is what
 * buyers paid for the creator's courses and plans (both shares), net is what
 * the creator earned (their share of sales and tips, less refunds), refunds
 * is what was paid back. Amounts are in the creator's main currency (the one
 * most of their journals are in); the rare other-currency sale is left out
 * rather than converted.
 */
export async function creatorStats(ctx: DomainContext, creator: CreatorEntity, from: Date | null, to: Date | null): Promise<CreatorStatsValue> {
  const period = [creator.id, from ?? new Date(0), to ?? new Date('9999-12-31T00:00:00Z')];
  const [currencyRow] = await ctx.db.query(
    `SELECT j.currency FROM ledger_postings p JOIN ledger_journals j ON j.id = p.journal_id WHERE p.creator_id = $1
      GROUP BY j.currency ORDER BY count(*) DESC LIMIT 1`,
    [creator.id],
  );
  const [fallback] = currencyRow
    ? []
    : await ctx.db.query(`SELECT price_currency AS currency FROM courses WHERE creator_id = $1 AND price_currency IS NOT NULL LIMIT 1`, [creator.id]);
  const currency: string = currencyRow?.currency ?? fallback?.currency ?? 'CNY';
  const [ledger] = await ctx.db.query(
    `SELECT
        coalesce(-sum(p.amount) FILTER (WHERE j.kind IN ('SALE', 'RENEWAL', 'PARTNER_SALE', 'SEAT_PACK') AND a.kind IN ('LIABILITY', 'REVENUE')), 0) AS gross,
        coalesce(-sum(p.amount) FILTER (WHERE j.kind = 'TIP' AND a.kind IN ('LIABILITY', 'REVENUE')), 0) AS tips,
        coalesce(sum(p.amount) FILTER (WHERE j.kind = 'REFUND' AND a.kind IN ('LIABILITY', 'REVENUE')), 0) AS refunds,
        coalesce(-sum(p.amount) FILTER (WHERE a.code = $5), 0) AS net,
        count(DISTINCT j.id) FILTER (WHERE j.kind IN ('SALE', 'RENEWAL', 'PARTNER_SALE', 'SEAT_PACK')) AS sales
       FROM ledger_postings p JOIN ledger_journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
      WHERE p.creator_id = $1 AND j.currency = $4 AND j.created_at >= $2 AND j.created_at < $3`,
    [...period, currency, `creator:${creator.id}:payable`],
  );
  const [learning] = await ctx.db.query(
    `SELECT count(*) AS enrollments, count(e.completed_at) AS completed
       FROM enrollments e JOIN courses c ON c.id = e.course_id
      WHERE c.creator_id = $1 AND e.enrolled_at >= $2 AND e.enrolled_at < $3`,
    period,
  );
  const [subscribers] = await ctx.db.query(
    `SELECT count(*) AS active FROM memberships m JOIN membership_plans p ON p.id = m.plan_id
      WHERE p.creator_id = $1 AND m.status IN ('TRIALING', 'ACTIVE', 'PAST_DUE')`,
    [creator.id],
  );
  const money = (amount: string | number) => ({ amount: Number(amount), currency });
  const enrollments = Number(learning.enrollments);
  return {
    grossRevenue: money(ledger.gross),
    netRevenue: money(ledger.net),
    tipsTotal: money(ledger.tips),
    refundsTotal: money(ledger.refunds),
    sales: Number(ledger.sales),
    activeSubscribers: Number(subscribers.active),
    enrollments,
    completionRate: enrollments ? Number(learning.completed) / enrollments : 0,
  };
}
