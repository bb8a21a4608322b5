import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Commerce: orders, payments, coupons, memberships, tips, refunds,
 * idempotency records, processed provider events and the double-entry
 * ledger. Invariants that money depends on are constraints here, not only
 * code: amounts are non-negative integers, an order's total is its subtotal
 * less its discount, refunds never exceed what was paid, every journal
 * balances (a deferred constraint trigger checks it at COMMIT), and the
 * ledger is append-only.
 */
export class Commerce1732310000000 implements MigrationInterface {
  name = 'Commerce1732310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE coupons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        creator_id uuid NOT NULL REFERENCES creators(id),
        code text NOT NULL CHECK (code ~ '^[A-Z0-9_-]{3,32}$'),
        kind text NOT NULL CHECK (kind IN ('PERCENT','FIXED')),
        value integer NOT NULL CHECK (value > 0),
        currency char(3),
        max_redemptions integer CHECK (max_redemptions > 0),
        redemptions integer NOT NULL DEFAULT 0 CHECK (redemptions >= 0),
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind <> 'PERCENT' OR value <= 100),
        CHECK ((kind = 'FIXED') = (currency IS NOT NULL)),
        CHECK (max_redemptions IS NULL OR redemptions <= max_redemptions),
        UNIQUE (code)
      )`);
    await q.query(`
      CREATE TABLE coupon_courses (
        coupon_id uuid NOT NULL REFERENCES coupons(id) ON DELETE CASCADE,
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        PRIMARY KEY (coupon_id, course_id)
      )`);

    await q.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        plan_id uuid NOT NULL REFERENCES membership_plans(id),
        status text NOT NULL CHECK (status IN ('INCOMPLETE','TRIALING','ACTIVE','PAST_DUE','CANCELED','EXPIRED')),
        current_period_start timestamptz NOT NULL,
        current_period_end timestamptz NOT NULL,
        trial_ends_at timestamptz,
        cancel_at_period_end boolean NOT NULL DEFAULT false,
        past_due_since timestamptz,
        renewal_attempts integer NOT NULL DEFAULT 0,
        ended_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (current_period_end > current_period_start)
      )`);
    // One live membership per learner and plan.
    await q.query(`CREATE UNIQUE INDEX memberships_live_uq ON memberships (user_id, plan_id) WHERE status IN ('INCOMPLETE','TRIALING','ACTIVE','PAST_DUE')`);
    await q.query(`CREATE INDEX memberships_plan_idx ON memberships (plan_id, status)`);

    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('PURCHASE','MEMBERSHIP','PARTNER_SALE')),
        buyer_id uuid REFERENCES users(id),
        status text NOT NULL CHECK (status IN ('PENDING_PAYMENT','PAID','PARTIALLY_REFUNDED','REFUNDED','CANCELED','FAILED')),
        currency char(3) NOT NULL,
        subtotal_amount integer NOT NULL CHECK (subtotal_amount >= 0),
        discount_amount integer NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
        total_amount integer NOT NULL CHECK (total_amount >= 0),
        refunded_amount integer NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
        coupon_id uuid REFERENCES coupons(id),
        membership_id uuid REFERENCES memberships(id),
        period_start timestamptz,
        period_end timestamptz,
        external_customer_ref text,
        created_at timestamptz NOT NULL DEFAULT now(),
        paid_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (total_amount = subtotal_amount - discount_amount),
        CHECK (refunded_amount <= total_amount),
        CHECK ((kind = 'MEMBERSHIP') = (membership_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX orders_buyer_idx ON orders (buyer_id, created_at DESC)`);
    // One charge per membership period, however often the renewal job runs.
    await q.query(`CREATE UNIQUE INDEX orders_membership_period_uq ON orders (membership_id, period_start) WHERE membership_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE order_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        position integer NOT NULL,
        course_id uuid REFERENCES courses(id),
        plan_id uuid REFERENCES membership_plans(id),
        creator_id uuid NOT NULL REFERENCES creators(id),
        description text NOT NULL,
        unit_amount integer NOT NULL CHECK (unit_amount >= 0),
        quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
        discount_amount integer NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
        CHECK ((course_id IS NULL) <> (plan_id IS NULL)),
        CHECK (discount_amount <= unit_amount * quantity),
        UNIQUE (order_id, position)
      )`);
    await q.query(`CREATE INDEX order_lines_course_idx ON order_lines (course_id)`);
    await q.query(`CREATE INDEX order_lines_creator_idx ON order_lines (creator_id)`);

    await q.query(`
      CREATE TABLE tips (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_user_id uuid REFERENCES users(id),
        creator_id uuid NOT NULL REFERENCES creators(id),
        course_id uuid REFERENCES courses(id),
        amount integer NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        message text,
        status text NOT NULL CHECK (status IN ('PENDING_PAYMENT','PAID','FAILED','CANCELED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        paid_at timestamptz
      )`);
    await q.query(`CREATE INDEX tips_creator_idx ON tips (creator_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE billing_customers (
        user_id uuid NOT NULL REFERENCES users(id),
        provider text NOT NULL,
        customer_ref text NOT NULL,
        default_payment_method text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, provider),
        UNIQUE (provider, customer_ref)
      )`);
    await q.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider text NOT NULL,
        provider_ref text NOT NULL,
        order_id uuid REFERENCES orders(id),
        tip_id uuid REFERENCES tips(id),
        amount integer NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING','SUCCEEDED','FAILED','CANCELED')),
        client_secret text,
        failure_message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider, provider_ref),
        CHECK ((order_id IS NULL) <> (tip_id IS NULL))
      )`);
    await q.query(`CREATE INDEX payments_order_idx ON payments (order_id)`);
    await q.query(`CREATE INDEX payments_tip_idx ON payments (tip_id)`);

    await q.query(`
      CREATE TABLE refunds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders(id),
        requested_by uuid REFERENCES users(id),
        amount integer NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        reason text NOT NULL,
        status text NOT NULL CHECK (status IN ('REQUESTED','APPROVED','REJECTED','SETTLED')),
        resolved_by uuid REFERENCES users(id),
        resolution_note text,
        provider_ref text,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        settled_at timestamptz
      )`);
    await q.query(`CREATE INDEX refunds_order_idx ON refunds (order_id)`);
    await q.query(`CREATE UNIQUE INDEX refunds_provider_ref_uq ON refunds (provider_ref) WHERE provider_ref IS NOT NULL`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id),
        operation text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, operation, key)
      )`);
    await q.query(`
      CREATE TABLE processed_events (
        provider text NOT NULL,
        event_id text NOT NULL,
        type text NOT NULL,
        outcome text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, event_id)
      )`);

    // ---------------------------------------------------------------- ledger
    await q.query(`
      CREATE TABLE ledger_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('ASSET','LIABILITY','REVENUE','EXPENSE')),
        creator_id uuid REFERENCES creators(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ledger_journals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('SALE','RENEWAL','TIP','REFUND','PARTNER_SALE')),
        order_id uuid REFERENCES orders(id),
        tip_id uuid REFERENCES tips(id),
        refund_id uuid REFERENCES refunds(id),
        currency char(3) NOT NULL,
        memo text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A payment or a refund posts once, however often its event arrives.
    await q.query(`CREATE UNIQUE INDEX ledger_journals_order_uq ON ledger_journals (order_id) WHERE kind IN ('SALE','RENEWAL','PARTNER_SALE')`);
    await q.query(`CREATE UNIQUE INDEX ledger_journals_tip_uq ON ledger_journals (tip_id) WHERE kind = 'TIP'`);
    await q.query(`CREATE UNIQUE INDEX ledger_journals_refund_uq ON ledger_journals (refund_id) WHERE kind = 'REFUND'`);
    await q.query(`CREATE INDEX ledger_journals_created_idx ON ledger_journals (created_at)`);
    await q.query(`
      CREATE TABLE ledger_postings (
        id bigserial PRIMARY KEY,
        journal_id uuid NOT NULL REFERENCES ledger_journals(id),
        account_id uuid NOT NULL REFERENCES ledger_accounts(id),
        -- Debits positive, credits negative, in the journal's currency.
        amount bigint NOT NULL CHECK (amount <> 0),
        -- Whose sale this share came from, for creator statements.
        creator_id uuid REFERENCES creators(id)
      )`);
    await q.query(`CREATE INDEX ledger_postings_journal_idx ON ledger_postings (journal_id)`);
    await q.query(`CREATE INDEX ledger_postings_account_idx ON ledger_postings (account_id)`);
    await q.query(`CREATE INDEX ledger_postings_creator_idx ON ledger_postings (creator_id)`);
    await q.query(`
      CREATE FUNCTION knowpay_journal_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total numeric;
      BEGIN
        SELECT coalesce(sum(amount), 0) INTO total FROM ledger_postings WHERE journal_id = NEW.journal_id;
        IF total <> 0 THEN
          RAISE EXCEPTION 'ledger journal % does not balance (off by %)', NEW.journal_id, total USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER ledger_postings_balance AFTER INSERT ON ledger_postings
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION knowpay_journal_balances()`);
    await q.query(`
      CREATE FUNCTION knowpay_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER ledger_journals_append_only BEFORE UPDATE OR DELETE ON ledger_journals FOR EACH ROW EXECUTE FUNCTION knowpay_append_only()`);
    await q.query(`CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings FOR EACH ROW EXECUTE FUNCTION knowpay_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'ledger_postings',
      'ledger_journals',
      'ledger_accounts',
      'processed_events',
      'idempotency_keys',
      'refunds',
      'payments',
      'billing_customers',
      'tips',
      'order_lines',
      'orders',
      'memberships',
      'coupon_courses',
      'coupons',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query('DROP FUNCTION IF EXISTS knowpay_journal_balances()');
    await q.query('DROP FUNCTION IF EXISTS knowpay_append_only()');
  }
}
