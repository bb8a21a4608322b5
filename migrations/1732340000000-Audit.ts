import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one row per moderator decision and admin action (refund
 * decisions, role changes, course suspensions, API keys, …). Append-only in
 * the database itself: the same trigger function that guards the ledger
 * rejects UPDATE and DELETE row by row, and a statement trigger rejects
 * TRUNCATE, so no code path (or hand-typed SQL) can rewrite history.
 */
export class Audit1732340000000 implements MigrationInterface {
  name = 'Audit1732340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
        action text NOT NULL CHECK (action ~ '^[a-z][a-z_]*(\\.[a-z][a-z_]*)+$'),
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        data jsonb,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        seq bigserial NOT NULL UNIQUE
      )`);
    await q.query('CREATE INDEX audit_entries_seq_idx ON audit_entries (seq DESC)');
    await q.query('CREATE INDEX audit_entries_action_idx ON audit_entries (action, seq DESC)');
    await q.query('CREATE INDEX audit_entries_subject_idx ON audit_entries (subject_id, seq DESC)');
    await q.query(`CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION knowpay_append_only()`);
    await q.query(`CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION knowpay_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS audit_entries CASCADE');
  }
}
