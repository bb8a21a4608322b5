import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money that stays right when things fail (issue 16).
 *
 * - payments: a payment is reserved (`CREATING`, no provider reference yet)
 *   in the transaction that creates its order or tip, with the provider
 *   idempotency key and the exact request; the provider is called after
 *   that commit and its answer recorded in another transaction.
 * - orders: pending checkouts expire (`expires_at`); one pending order per
 *   buyer and cart (`cart_hash`); seat packs (`SEAT_PACK`, with the
 *   organization they are for).
 * - refunds: APPROVED → PROCESSING → SETTLED | FAILED, with the provider
 *   idempotency key, attempts and the last error kept for admins.
 * - trial_redemptions: one trial per plan for a user, for a person (email
 *   without +tags; Gmail dots ignored) and for a card fingerprint.
 * - seat_pack_purchases: idempotency keys of seat purchases.
 */
export class DurableMoney1796519700000 implements MigrationInterface {
  name = 'DurableMoney1796519700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payments ALTER COLUMN provider_ref DROP NOT NULL,
      ADD COLUMN idempotency_key text, ADD COLUMN request jsonb,
      DROP CONSTRAINT payments_status_check,
      ADD CONSTRAINT payments_status_check CHECK (status IN ('CREATING','PENDING','SUCCEEDED','FAILED','CANCELED')),
      ADD CONSTRAINT payments_reference_check CHECK (provider_ref IS NOT NULL OR status IN ('CREATING','FAILED','CANCELED'))`);
    await q.query(`CREATE UNIQUE INDEX payments_idempotency_uq ON payments (provider, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX payments_creating_idx ON payments (created_at) WHERE status = 'CREATING'`);

    await q.query(`ALTER TABLE orders ADD COLUMN cart_hash text, ADD COLUMN expires_at timestamptz,
      ADD COLUMN organization_id uuid REFERENCES organizations(id),
      DROP CONSTRAINT orders_kind_check,
      ADD CONSTRAINT orders_kind_check CHECK (kind IN ('PURCHASE','MEMBERSHIP','PARTNER_SALE','SEAT_PACK')),
      DROP CONSTRAINT orders_partner_sale_check,
      ADD CONSTRAINT orders_partner_check CHECK ((kind <> 'PARTNER_SALE' OR partner_id IS NOT NULL) AND (partner_id IS NULL OR kind IN ('PARTNER_SALE','SEAT_PACK'))),
      ADD CONSTRAINT orders_seat_pack_check CHECK ((kind = 'SEAT_PACK') = (organization_id IS NOT NULL))`);
    // A buyer who checks out the same cart again while an order for it waits for payment gets that order back.
    await q.query(`CREATE UNIQUE INDEX orders_pending_cart_uq ON orders (buyer_id, cart_hash) WHERE status = 'PENDING_PAYMENT' AND cart_hash IS NOT NULL`);
    await q.query(`CREATE INDEX orders_expiry_idx ON orders (expires_at) WHERE status IN ('PENDING_PAYMENT','FAILED') AND expires_at IS NOT NULL`);
    await q.query(`CREATE INDEX orders_organization_idx ON orders (organization_id) WHERE organization_id IS NOT NULL`);

    await q.query(`ALTER TABLE ledger_journals DROP CONSTRAINT ledger_journals_kind_check,
      ADD CONSTRAINT ledger_journals_kind_check CHECK (kind IN ('SALE','RENEWAL','TIP','REFUND','PARTNER_SALE','SEAT_PACK'))`);
    await q.query(`DROP INDEX ledger_journals_order_uq`);
    await q.query(`CREATE UNIQUE INDEX ledger_journals_order_uq ON ledger_journals (order_id) WHERE kind IN ('SALE','RENEWAL','PARTNER_SALE','SEAT_PACK')`);
    // A refund reads all of its order's journals (sale and earlier refunds): the partial index above cannot serve that.
    await q.query(`CREATE INDEX ledger_journals_order_idx ON ledger_journals (order_id) WHERE order_id IS NOT NULL`);

    await q.query(`ALTER TABLE refunds ADD COLUMN provider_idempotency_key text, ADD COLUMN attempts integer NOT NULL DEFAULT 0,
      ADD COLUMN last_error text, ADD COLUMN next_attempt_at timestamptz, ADD COLUMN failed_at timestamptz,
      DROP CONSTRAINT refunds_status_check,
      ADD CONSTRAINT refunds_status_check CHECK (status IN ('REQUESTED','APPROVED','PROCESSING','REJECTED','SETTLED','FAILED'))`);
    await q.query(`CREATE INDEX refunds_live_idx ON refunds (next_attempt_at) WHERE status IN ('APPROVED','PROCESSING')`);

    await q.query(`
      CREATE TABLE trial_redemptions (
        plan_id uuid NOT NULL REFERENCES membership_plans(id),
        user_id uuid NOT NULL REFERENCES users(id),
        person_key text NOT NULL,
        card_fingerprint text,
        membership_id uuid REFERENCES memberships(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (plan_id, user_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX trial_redemptions_person_uq ON trial_redemptions (plan_id, person_key)`);
    await q.query(`CREATE UNIQUE INDEX trial_redemptions_card_uq ON trial_redemptions (plan_id, card_fingerprint) WHERE card_fingerprint IS NOT NULL`);
    // Trials taken before this migration count too (person_key as src/commerce/trial-eligibility.ts computes it).
    await q.query(`
      INSERT INTO trial_redemptions (plan_id, user_id, person_key, membership_id, created_at)
      SELECT DISTINCT ON (m.plan_id, m.user_id) m.plan_id, m.user_id,
             CASE WHEN split_part(lower(u.email), '@', 2) IN ('gmail.com', 'googlemail.com')
                  THEN replace(split_part(split_part(lower(u.email), '@', 1), '+', 1), '.', '') || '@gmail.com'
                  ELSE split_part(split_part(lower(u.email), '@', 1), '+', 1) || '@' || split_part(lower(u.email), '@', 2) END,
             m.id, m.created_at
        FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.trial_ends_at IS NOT NULL
       ORDER BY m.plan_id, m.user_id, m.created_at
      ON CONFLICT DO NOTHING`);

    await q.query(`
      CREATE TABLE seat_pack_purchases (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        order_id uuid REFERENCES orders(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, idempotency_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS seat_pack_purchases');
    await q.query('DROP TABLE IF EXISTS trial_redemptions');
    await q.query(`DROP INDEX IF EXISTS refunds_live_idx`);
    await q.query(`UPDATE refunds SET status = 'APPROVED' WHERE status IN ('PROCESSING', 'FAILED')`);
    await q.query(`ALTER TABLE refunds DROP CONSTRAINT refunds_status_check,
      ADD CONSTRAINT refunds_status_check CHECK (status IN ('REQUESTED','APPROVED','REJECTED','SETTLED')),
      DROP COLUMN provider_idempotency_key, DROP COLUMN attempts, DROP COLUMN last_error, DROP COLUMN next_attempt_at, DROP COLUMN failed_at`);
    await q.query(`DROP INDEX IF EXISTS ledger_journals_order_idx`);
    await q.query(`DROP INDEX ledger_journals_order_uq`);
    await q.query(`CREATE UNIQUE INDEX ledger_journals_order_uq ON ledger_journals (order_id) WHERE kind IN ('SALE','RENEWAL','PARTNER_SALE')`);
    await q.query(`ALTER TABLE ledger_journals DROP CONSTRAINT ledger_journals_kind_check,
      ADD CONSTRAINT ledger_journals_kind_check CHECK (kind IN ('SALE','RENEWAL','TIP','REFUND','PARTNER_SALE'))`);
    await q.query(`DROP INDEX IF EXISTS orders_organization_idx`);
    await q.query(`DROP INDEX IF EXISTS orders_expiry_idx`);
    await q.query(`DROP INDEX IF EXISTS orders_pending_cart_uq`);
    await q.query(`ALTER TABLE orders DROP CONSTRAINT orders_seat_pack_check, DROP CONSTRAINT orders_partner_check,
      ADD CONSTRAINT orders_partner_sale_check CHECK ((kind = 'PARTNER_SALE') = (partner_id IS NOT NULL)),
      DROP CONSTRAINT orders_kind_check,
      ADD CONSTRAINT orders_kind_check CHECK (kind IN ('PURCHASE','MEMBERSHIP','PARTNER_SALE')),
      DROP COLUMN organization_id, DROP COLUMN expires_at, DROP COLUMN cart_hash`);
    await q.query(`DROP INDEX IF EXISTS payments_creating_idx`);
    await q.query(`DROP INDEX IF EXISTS payments_idempotency_uq`);
    await q.query(`DELETE FROM payments WHERE provider_ref IS NULL`);
    await q.query(`ALTER TABLE payments DROP CONSTRAINT payments_reference_check, DROP CONSTRAINT payments_status_check,
      ADD CONSTRAINT payments_status_check CHECK (status IN ('PENDING','SUCCEEDED','FAILED','CANCELED')),
      DROP COLUMN request, DROP COLUMN idempotency_key, ALTER COLUMN provider_ref SET NOT NULL`);
  }
}
