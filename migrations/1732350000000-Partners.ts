import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partners and enterprise: reseller partners and their API keys (only a
 * hash of each secret is kept), partner sales (idempotent by key, linked to
 * the order they created), customer invitations (one-time set-password
 * tokens, hashed), organizations with a pool of seats (the pool's limit is a
 * CHECK, so no code path can overfill it), and outbound webhooks as a
 * transactional outbox: events, one delivery per endpoint, and every attempt.
 */
export class Partners1732350000000 implements MigrationInterface {
  name = 'Partners1732350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partners (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        -- The partner's share of list price, in basis points (1500 = 15%).
        commission_bps integer NOT NULL CHECK (commission_bps BETWEEN 0 AND 10000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX partners_created_idx ON partners (created_at DESC, id)`);
    await q.query(`
      CREATE TABLE partner_members (
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, user_id)
      )`);
    await q.query(`CREATE INDEX partner_members_user_idx ON partner_members (user_id)`);
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partners(id),
        label text NOT NULL,
        prefix text NOT NULL,
        -- sha256 of the whole secret; the secret itself is never stored.
        secret_hash bytea NOT NULL UNIQUE,
        scopes text[] NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_keys_partner_idx ON api_keys (partner_id, created_at)`);

    await q.query(`ALTER TABLE orders ADD COLUMN partner_id uuid REFERENCES partners(id)`);
    await q.query(`ALTER TABLE orders ADD CONSTRAINT orders_partner_sale_check CHECK ((kind = 'PARTNER_SALE') = (partner_id IS NOT NULL))`);
    await q.query(`CREATE INDEX orders_partner_idx ON orders (partner_id, created_at DESC) WHERE partner_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE partner_customers (
        partner_id uuid NOT NULL REFERENCES partners(id),
        external_customer_ref text NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, external_customer_ref)
      )`);
    await q.query(`
      CREATE TABLE partner_sales (
        partner_id uuid NOT NULL REFERENCES partners(id),
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        order_id uuid REFERENCES orders(id),
        enrollment_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, idempotency_key)
      )`);
    await q.query(`
      CREATE TABLE user_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash bytea NOT NULL UNIQUE,
        partner_id uuid REFERENCES partners(id),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX user_invitations_user_idx ON user_invitations (user_id)`);

    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        partner_id uuid REFERENCES partners(id),
        seats_total integer NOT NULL CHECK (seats_total BETWEEN 0 AND 1000000),
        seats_used integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (seats_used BETWEEN 0 AND seats_total)
      )`);
    await q.query(`CREATE INDEX organizations_partner_idx ON organizations (partner_id) WHERE partner_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE organization_courses (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        course_id uuid NOT NULL REFERENCES courses(id),
        PRIMARY KEY (organization_id, course_id)
      )`);
    await q.query(`
      CREATE TABLE organization_admins (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        PRIMARY KEY (organization_id, user_id)
      )`);
    await q.query(`CREATE INDEX organization_admins_user_idx ON organization_admins (user_id)`);
    // A seat is a person; the rows are the courses that person opened through it.
    await q.query(`
      CREATE TABLE organization_seats (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        course_id uuid NOT NULL REFERENCES courses(id),
        assigned_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, user_id, course_id),
        FOREIGN KEY (organization_id, course_id) REFERENCES organization_courses (organization_id, course_id)
      )`);
    await q.query(`CREATE INDEX organization_seats_user_idx ON organization_seats (user_id, course_id)`);

    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partners(id),
        url text NOT NULL CHECK (length(url) <= 2048),
        events text[] NOT NULL,
        -- The HMAC key: needed in clear to sign, shown to the partner once.
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz
      )`);
    await q.query(`CREATE INDEX webhook_endpoints_partner_idx ON webhook_endpoints (partner_id)`);
    await q.query(`
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sequence bigserial NOT NULL UNIQUE,
        partner_id uuid NOT NULL REFERENCES partners(id),
        type text NOT NULL,
        subject_id uuid NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES webhook_events(id),
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id),
        -- Copied from the event: deliveries of one subject to one endpoint go out in this order.
        subject_id uuid NOT NULL,
        sequence bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING','SUCCEEDED','FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        next_attempt_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_id, endpoint_id)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC)`);
    await q.query(`CREATE INDEX webhook_deliveries_subject_idx ON webhook_deliveries (endpoint_id, subject_id, sequence) WHERE status = 'PENDING'`);
    await q.query(`
      CREATE TABLE webhook_delivery_attempts (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id),
        attempt integer NOT NULL,
        status_code integer,
        response_body text,
        error text,
        duration_ms integer NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, attempt)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'webhook_delivery_attempts',
      'webhook_deliveries',
      'webhook_events',
      'webhook_endpoints',
      'organization_seats',
      'organization_admins',
      'organization_courses',
      'organizations',
      'user_invitations',
      'partner_sales',
      'partner_customers',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query('ALTER TABLE orders DROP COLUMN IF EXISTS partner_id');
    for (const table of ['api_keys', 'partner_members', 'partners']) await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
  }
}
