import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moderation: cases in the review queue, user reports, the labelled examples
 * moderator decisions leave for the audit model, and sanctions (warnings,
 * bans). Content tables learn two more states: AUTHOR_BANNED (hidden because
 * its author is banned; restored on unban), and holds on profiles bios, tip
 * messages and courses.
 */
export class Moderation1732345000000 implements MigrationInterface {
  name = 'Moderation1732345000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE moderation_cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        content_kind text NOT NULL CHECK (content_kind IN ('COURSE','LESSON','COMMENT','REVIEW','CHAT_MESSAGE','PROFILE','TIP')),
        content_id uuid NOT NULL,
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        excerpt text NOT NULL,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','IN_REVIEW','RESOLVED','APPEALED')),
        priority integer NOT NULL DEFAULT 0,
        held boolean NOT NULL DEFAULT false,
        scores jsonb NOT NULL DEFAULT '[]',
        report_count integer NOT NULL DEFAULT 0,
        reasons text[] NOT NULL DEFAULT '{}',
        assignee_id uuid REFERENCES users(id) ON DELETE SET NULL,
        resolution text CHECK (resolution IN ('APPROVE','REMOVE','SUSPEND_CONTENT','WARN_USER','BAN_USER')),
        resolution_note text,
        resolved_by uuid REFERENCES users(id) ON DELETE SET NULL,
        resolved_at timestamptz,
        appeal_message text,
        appealed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one case in the queue per item: reports and re-screens join it.
    await q.query(`CREATE UNIQUE INDEX moderation_cases_live_key ON moderation_cases (content_kind, content_id) WHERE status <> 'RESOLVED'`);
    await q.query(`CREATE INDEX moderation_cases_queue_idx ON moderation_cases (status, priority DESC, created_at)`);
    await q.query(`CREATE INDEX moderation_cases_content_idx ON moderation_cases (content_id)`);

    await q.query(`
      CREATE TABLE moderation_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES moderation_cases(id) ON DELETE CASCADE,
        reporter_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        content_kind text NOT NULL,
        content_id uuid NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (reporter_id, content_kind, content_id)
      )`);

    // Every moderator decision as a labelled example; model_label is what the model said at screening.
    await q.query(`
      CREATE TABLE moderation_labels (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES moderation_cases(id) ON DELETE CASCADE,
        content_kind text NOT NULL,
        text text NOT NULL,
        label text NOT NULL,
        model_label text,
        model_flagged boolean NOT NULL,
        model_version text,
        decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX moderation_labels_decided_idx ON moderation_labels (decided_at)`);

    await q.query(`
      CREATE TABLE user_sanctions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('WARN','BAN','UNBAN')),
        case_id uuid REFERENCES moderation_cases(id) ON DELETE SET NULL,
        note text,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX user_sanctions_user_idx ON user_sanctions (user_id, created_at DESC)`);

    for (const table of ['comments', 'chat_messages', 'reviews']) {
      const constraint = table === 'reviews' ? await this.reviewVisibilityConstraint(q) : `${table}_visibility`;
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_visibility CHECK (visibility IN ('VISIBLE','PENDING_REVIEW','REMOVED','AUTHOR_BANNED'))`);
    }
    await q.query(`ALTER TABLE profiles ADD COLUMN bio_visibility text NOT NULL DEFAULT 'VISIBLE'
      CHECK (bio_visibility IN ('VISIBLE','PENDING_REVIEW','REMOVED','AUTHOR_BANNED'))`);
    await q.query(`ALTER TABLE tips ADD COLUMN message_visibility text NOT NULL DEFAULT 'VISIBLE'
      CHECK (message_visibility IN ('VISIBLE','PENDING_REVIEW','REMOVED','AUTHOR_BANNED'))`);
    await q.query(`ALTER TABLE lessons ADD COLUMN removed_at timestamptz`);
    // Why a course is SUSPENDED: HELD (screened at publish, awaiting review), SUSPENDED (a moderator's action), AUTHOR_BANNED.
    await q.query(`ALTER TABLE courses ADD COLUMN moderation_hold text CHECK (moderation_hold IN ('HELD','SUSPENDED','AUTHOR_BANNED'))`);
  }

  private async reviewVisibilityConstraint(q: QueryRunner): Promise<string> {
    const [row] = await q.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'reviews'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%visibility%'`,
    );
    return row.conname;
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE courses DROP COLUMN moderation_hold');
    await q.query('ALTER TABLE lessons DROP COLUMN removed_at');
    await q.query('ALTER TABLE tips DROP COLUMN message_visibility');
    await q.query('ALTER TABLE profiles DROP COLUMN bio_visibility');
    for (const table of ['comments', 'chat_messages', 'reviews']) {
      await q.query(`UPDATE ${table} SET visibility = 'REMOVED' WHERE visibility = 'AUTHOR_BANNED'`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_visibility`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_visibility CHECK (visibility IN ('VISIBLE','PENDING_REVIEW','REMOVED'))`);
    }
    for (const table of ['user_sanctions', 'moderation_labels', 'moderation_reports', 'moderation_cases'])
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
  }
}
