import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money going out and coming in, month by month: creator statements (what
 * the ledger says a creator earned in a month, and what is owed to them) with
 * the payouts that settle them, and partner invoices (what a partner's
 * receivable says it owes) with the payments recorded against them. Each
 * statement and invoice is issued once per owner, currency and month (unique
 * indexes make issuing idempotent); a payout or invoice payment is a ledger
 * journal of its own (kinds PAYOUT and INVOICE_PAYMENT).
 */
export class Statements1796620000000 implements MigrationInterface {
  name = 'Statements1796620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ledger_journals DROP CONSTRAINT ledger_journals_kind_check,
      ADD CONSTRAINT ledger_journals_kind_check CHECK (kind IN ('SALE','RENEWAL','TIP','REFUND','PARTNER_SALE','SEAT_PACK','PAYOUT','INVOICE_PAYMENT'))`);
    await q.query(`
      CREATE TABLE creator_statements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        creator_id uuid NOT NULL REFERENCES creators(id),
        currency char(3) NOT NULL,
        period_start date NOT NULL CHECK (extract(day FROM period_start) = 1),
        opening_balance bigint NOT NULL,
        sales bigint NOT NULL,
        memberships bigint NOT NULL,
        tips bigint NOT NULL,
        refunds bigint NOT NULL,
        platform_fee bigint NOT NULL,
        partner_commissions bigint NOT NULL,
        payouts bigint NOT NULL,
        closing_balance bigint NOT NULL,
        CHECK (closing_balance = opening_balance + sales + memberships + tips - refunds - platform_fee - partner_commissions - payouts),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (creator_id, currency, period_start)
      )`);
    await q.query(`CREATE INDEX creator_statements_period_idx ON creator_statements (period_start DESC)`);
    await q.query(`
      CREATE TABLE creator_payouts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        statement_id uuid NOT NULL UNIQUE REFERENCES creator_statements(id),
        creator_id uuid NOT NULL REFERENCES creators(id),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        journal_id uuid NOT NULL REFERENCES ledger_journals(id),
        paid_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE partner_invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partners(id),
        number text NOT NULL UNIQUE,
        currency char(3) NOT NULL,
        period_start date NOT NULL CHECK (extract(day FROM period_start) = 1),
        previous_balance bigint NOT NULL,
        partner_sales bigint NOT NULL,
        seat_packs bigint NOT NULL,
        refunds bigint NOT NULL,
        payments_received bigint NOT NULL,
        amount_due bigint NOT NULL,
        CHECK (amount_due = previous_balance + partner_sales + seat_packs - refunds - payments_received),
        due_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (partner_id, currency, period_start)
      )`);
    await q.query(`CREATE INDEX partner_invoices_period_idx ON partner_invoices (period_start DESC)`);
    await q.query(`
      CREATE TABLE partner_invoice_payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_id uuid NOT NULL REFERENCES partner_invoices(id),
        reference text NOT NULL CHECK (char_length(reference) BETWEEN 1 AND 100),
        amount bigint NOT NULL CHECK (amount > 0),
        journal_id uuid NOT NULL REFERENCES ledger_journals(id),
        recorded_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (invoice_id, reference)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['partner_invoice_payments', 'partner_invoices', 'creator_payouts', 'creator_statements'])
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    await q.query(`ALTER TABLE ledger_journals DROP CONSTRAINT ledger_journals_kind_check,
      ADD CONSTRAINT ledger_journals_kind_check CHECK (kind IN ('SALE','RENEWAL','TIP','REFUND','PARTNER_SALE','SEAT_PACK'))`);
  }
}
