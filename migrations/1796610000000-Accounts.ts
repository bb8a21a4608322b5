import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account lifecycle and transactional mail: verified and deleted accounts,
 * the language mail is written in, single-use account tokens (email
 * verification, password reset, email change; only a hash is stored), and
 * the mail outbox the send job works from.
 */
export class Accounts1796610000000 implements MigrationInterface {
  name = 'Accounts1796610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_verified_at timestamptz, ADD COLUMN deleted_at timestamptz`);
    // Accounts made before verification existed keep doing what they did: they count as verified.
    await q.query(`UPDATE users SET email_verified_at = created_at`);
    await q.query(`ALTER TABLE profiles ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'zh'))`);

    await q.query(`
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        purpose text NOT NULL CHECK (purpose IN ('VERIFY_EMAIL', 'RESET_PASSWORD', 'CHANGE_EMAIL')),
        token_hash bytea NOT NULL UNIQUE,
        email text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose)`);

    await q.query(`
      CREATE TABLE mail_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users(id),
        to_address text NOT NULL,
        locale text NOT NULL CHECK (locale IN ('en', 'zh')),
        template text NOT NULL,
        data jsonb NOT NULL,
        dedupe_key text UNIQUE,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT')),
        attempts integer NOT NULL DEFAULT 0,
        -- While a sender holds the row (one attempt at a time, even when a sweep re-enqueues it).
        leased_until timestamptz,
        last_error text,
        message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX mail_messages_user_idx ON mail_messages (user_id, created_at)`);
    await q.query(`CREATE INDEX mail_messages_pending_idx ON mail_messages (created_at) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_messages`);
    await q.query(`DROP TABLE account_tokens`);
    await q.query(`ALTER TABLE profiles DROP COLUMN locale`);
    await q.query(`ALTER TABLE users DROP COLUMN deleted_at, DROP COLUMN email_verified_at`);
  }
}
