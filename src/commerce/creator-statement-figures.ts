import type { EntityManager } from 'typeorm';
import type { Month } from '../common/month';

/** A statement's figures in minor units (as exact strings from PostgreSQL's bigint sums). */
export interface StatementFigures {
  creatorId: string;
  currency: string;
  openingBalance: string;
  sales: string;
  memberships: string;
  tips: string;
  refunds: string;
  platformFee: string;
  partnerCommissions: string;
  payouts: string;
  closingBalance: string;
}

/**
 * Every creator's figures for `month`, per currency, from the ledger alone
 * (plus the commission partners kept, which never reaches the ledger: it is
 * the discount on a partner sale's or seat pack's lines). Each creator's
 * postings carry the creator, so one pass over them splits by journal kind:
 *
 * - sales: what buyers paid for the creator's courses (SALE) and what partner
 *   sales and seat packs earned at list price (PARTNER_SALE, SEAT_PACK: the
 *   wholesale amount booked plus the partner's commission);
 * - memberships (RENEWAL) and tips (TIP), both shares;
 * - refunds: both shares paid back (REFUND);
 * - platform fee: Knowpay's share, net of the part refunds gave back;
 * - partner commissions: the partners' part of the list price;
 * - payouts: PAYOUT journals;
 * - balances: the creator's payable account before and at the end of the month.
 *
 * closing = opening + sales + memberships + tips − refunds − platform fee −
 * partner commissions − payouts, exactly (the table checks it too). Creators
 * with nothing in the month and nothing owed either way get no statement.
 */
export async function statementFigures(manager: Pick<EntityManager, 'query'>, month: Month, creatorId: string | null = null): Promise<StatementFigures[]> {
  return manager.query(
    `WITH postings AS (
       SELECT p.creator_id, j.currency, j.kind AS journal_kind, a.code, p.amount, j.created_at >= $1 AS in_month
         FROM ledger_postings p JOIN ledger_journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
        WHERE p.creator_id IS NOT NULL AND j.created_at < $2 AND ($3::uuid IS NULL OR p.creator_id = $3)
     ),
     shares AS (
       SELECT creator_id, currency,
              coalesce(-sum(amount) FILTER (WHERE NOT in_month AND code = 'creator:' || creator_id || ':payable'), 0) AS opening_balance,
              coalesce(-sum(amount) FILTER (WHERE in_month AND journal_kind IN ('SALE', 'PARTNER_SALE', 'SEAT_PACK')), 0) AS booked_sales,
              coalesce(-sum(amount) FILTER (WHERE in_month AND journal_kind = 'RENEWAL'), 0) AS memberships,
              coalesce(-sum(amount) FILTER (WHERE in_month AND journal_kind = 'TIP'), 0) AS tips,
              coalesce(sum(amount) FILTER (WHERE in_month AND journal_kind = 'REFUND'), 0) AS refunds,
              coalesce(-sum(amount) FILTER (WHERE in_month AND code = 'platform:revenue'), 0) AS platform_fee,
              coalesce(sum(amount) FILTER (WHERE in_month AND journal_kind = 'PAYOUT'), 0) AS payouts,
              coalesce(-sum(amount) FILTER (WHERE code = 'creator:' || creator_id || ':payable'), 0) AS closing_balance,
              bool_or(in_month) AS active
         FROM postings GROUP BY creator_id, currency
     ),
     commissions AS (
       SELECT l.creator_id, j.currency, sum(l.discount_amount) AS partner_commissions
         FROM ledger_journals j JOIN order_lines l ON l.order_id = j.order_id
        WHERE j.kind IN ('PARTNER_SALE', 'SEAT_PACK') AND j.created_at >= $1 AND j.created_at < $2 AND ($3::uuid IS NULL OR l.creator_id = $3)
        GROUP BY l.creator_id, j.currency
     )
     SELECT s.creator_id AS "creatorId", s.currency AS "currency", s.opening_balance::text AS "openingBalance",
            (s.booked_sales + coalesce(c.partner_commissions, 0))::text AS "sales", s.memberships::text AS "memberships", s.tips::text AS "tips",
            s.refunds::text AS "refunds", s.platform_fee::text AS "platformFee", coalesce(c.partner_commissions, 0)::text AS "partnerCommissions",
            s.payouts::text AS "payouts", s.closing_balance::text AS "closingBalance"
       FROM shares s LEFT JOIN commissions c ON c.creator_id = s.creator_id AND c.currency = s.currency
      WHERE s.active OR s.closing_balance <> 0
      ORDER BY s.creator_id, s.currency`,
    [month.start, month.end, creatorId],
  );
}

/** What the creator's payable account holds now in `currency`: the most a payout may take. */
export async function availableBalance(manager: Pick<EntityManager, 'query'>, creatorId: string, currency: string): Promise<bigint> {
  const [row]: Array<{ balance: string }> = await manager.query(
    `SELECT coalesce(-sum(p.amount), 0)::text AS balance
       FROM ledger_postings p JOIN ledger_journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
      WHERE a.code = $1 AND j.currency = $2`,
    [`creator:${creatorId}:payable`, currency],
  );
  return BigInt(row.balance);
}
