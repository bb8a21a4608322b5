import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Learning, community and real-time: idempotent progress events,
 * certificates, threaded comments and course chat messages. Reviews and
 * lesson progress already exist (Foundation); this only extends them.
 */
export class Learning1732320000000 implements MigrationInterface {
  name = 'Learning1732320000000';

  async up(q: QueryRunner): Promise<void> {
    // Resume follows the newest event by the client's clock, so a late event cannot move it back.
    await q.query(`ALTER TABLE enrollments ADD COLUMN last_progress_at timestamptz`);
    await q.query(`ALTER TABLE enrollments ADD CONSTRAINT enrollments_completed_lessons_nonnegative CHECK (completed_lesson_count >= 0)`);

    await q.query(`
      CREATE TABLE progress_events (
        enrollment_id uuid NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
        client_event_id text NOT NULL,
        lesson_id uuid NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
        position_seconds integer NOT NULL,
        completed boolean NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT progress_events_client_event_id_length CHECK (char_length(client_event_id) BETWEEN 1 AND 100),
        CONSTRAINT progress_events_position_nonnegative CHECK (position_seconds >= 0),
        CONSTRAINT progress_events_once UNIQUE (enrollment_id, client_event_id)
      )`);

    await q.query(`
      CREATE TABLE certificates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrollment_id uuid NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        code text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT certificates_one_per_enrollment UNIQUE (enrollment_id),
        CONSTRAINT certificates_code_unique UNIQUE (code),
        CONSTRAINT certificates_code_shape CHECK (code ~ '^[A-Za-z0-9_-]{22,64}$')
      )`);

    await q.query(`
      CREATE TABLE comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        lesson_id uuid REFERENCES lessons(id) ON DELETE CASCADE,
        parent_id uuid REFERENCES comments(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        body text NOT NULL,
        visibility text NOT NULL DEFAULT 'VISIBLE',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT comments_visibility CHECK (visibility IN ('VISIBLE','PENDING_REVIEW','REMOVED')),
        CONSTRAINT comments_body_length CHECK (char_length(body) BETWEEN 1 AND 5000),
        CONSTRAINT comments_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
      )`);
    await q.query(`CREATE INDEX comments_thread_idx ON comments (course_id, lesson_id, created_at DESC) WHERE parent_id IS NULL`);
    await q.query(`CREATE INDEX comments_replies_idx ON comments (parent_id, created_at) WHERE parent_id IS NOT NULL`);

    // A course's chat room is identified by the course itself (one room per course).
    await q.query(`
      CREATE TABLE chat_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL,
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        body text NOT NULL,
        visibility text NOT NULL DEFAULT 'VISIBLE',
        client_message_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chat_messages_visibility CHECK (visibility IN ('VISIBLE','PENDING_REVIEW','REMOVED')),
        CONSTRAINT chat_messages_body_length CHECK (char_length(body) BETWEEN 1 AND 2000),
        CONSTRAINT chat_messages_client_message_id_length CHECK (char_length(client_message_id) BETWEEN 1 AND 100),
        CONSTRAINT chat_messages_seq_unique UNIQUE (seq),
        CONSTRAINT chat_messages_once UNIQUE (course_id, user_id, client_message_id)
      )`);
    await q.query(`CREATE INDEX chat_messages_history_idx ON chat_messages (course_id, seq DESC)`);

    await q.query(`ALTER TABLE reviews ADD CONSTRAINT reviews_body_length CHECK (body IS NULL OR char_length(body) <= 5000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reviews DROP CONSTRAINT IF EXISTS reviews_body_length`);
    for (const table of ['chat_messages', 'comments', 'certificates', 'progress_events']) await q.query(`DROP TABLE IF EXISTS ${table}`);
    await q.query(`ALTER TABLE enrollments DROP CONSTRAINT IF EXISTS enrollments_completed_lessons_nonnegative`);
    await q.query(`ALTER TABLE enrollments DROP COLUMN IF EXISTS last_progress_at`);
  }
}
