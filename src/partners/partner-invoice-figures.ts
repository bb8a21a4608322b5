import type { EntityManager } from 'typeorm';
import type { Month } from '../common/month';

export interface InvoiceFigures {
  partnerId: string;
  currency: string;
  previousBalance: string;
  partnerSales: string;
  seatPacks: string;
  refunds: string;
  paymentsReceived: string;
  amountDue: string;
}

/**
 * Every partner's invoice figures for `month`, per currency, from its
 * receivable account alone: partner sales (PARTNER_SALE journals debit it
 * with the wholesale price), seat packs (SEAT_PACK), refunds (REFUND credits
 * it back), payments received (INVOICE_PAYMENT), the balance before the month
 * and at its end (the amount due). Partners with nothing in the month and
 * nothing owed get no invoice.
 */
export async function invoiceFigures(manager: Pick<EntityManager, 'query'>, month: Month, partnerId: string | null = null): Promise<InvoiceFigures[]> {
  return manager.query(
    `WITH postings AS (
       SELECT substring(a.code FROM '^partner:(.*):receivable$')::uuid AS partner_id, j.currency, j.kind AS journal_kind, p.amount,
              j.created_at >= $1 AS in_month
         FROM ledger_postings p JOIN ledger_journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
        WHERE a.code LIKE 'partner:%:receivable' AND j.created_at < $2 AND ($3::text IS NULL OR a.code = 'partner:' || $3 || ':receivable')
     ),
     figures AS (
       SELECT partner_id, currency,
              coalesce(sum(amount) FILTER (WHERE NOT in_month), 0) AS previous_balance,
              coalesce(sum(amount) FILTER (WHERE in_month AND journal_kind = 'PARTNER_SALE'), 0) AS partner_sales,
              coalesce(sum(amount) FILTER (WHERE in_month AND journal_kind = 'SEAT_PACK'), 0) AS seat_packs,
              coalesce(-sum(amount) FILTER (WHERE in_month AND journal_kind = 'REFUND'), 0) AS refunds,
              coalesce(-sum(amount) FILTER (WHERE in_month AND journal_kind = 'INVOICE_PAYMENT'), 0) AS payments_received,
              sum(amount) AS amount_due,
              bool_or(in_month) AS active
         FROM postings GROUP BY partner_id, currency
     )
     SELECT partner_id AS "partnerId", currency, previous_balance::text AS "previousBalance", partner_sales::text AS "partnerSales",
            seat_packs::text AS "seatPacks", refunds::text AS "refunds", payments_received::text AS "paymentsReceived", amount_due::text AS "amountDue"
       FROM figures WHERE active OR amount_due <> 0 ORDER BY partner_id, currency`,
    [month.start, month.end, partnerId],
  );
}

/** What the partner owes now in `currency`: the most a payment may settle. */
export async function receivableBalance(manager: Pick<EntityManager, 'query'>, partnerId: string, currency: string): Promise<bigint> {
  const [row]: Array<{ balance: string }> = await manager.query(
    `SELECT coalesce(sum(p.amount), 0)::text AS balance
       FROM ledger_postings p JOIN ledger_journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
      WHERE a.code = $1 AND j.currency = $2`,
    [`partner:${partnerId}:receivable`, currency],
  );
  return BigInt(row.balance);
}
