import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a creator needs to run a school: bilingual categories an admin keeps
 * (with a base set, so a fresh production database is usable), archived
 * lessons, scheduled (drip) release per section, quizzes that grade, and
 * live sessions with seats and reminders.
 */
export class School1796600000000 implements MigrationInterface {
  name = 'School1796600000000';

  async up(q: QueryRunner): Promise<void> {
    // `name` is the English name; `name_zh` the Chinese one. Archived categories take no new courses.
    await q.query(`ALTER TABLE categories
      ADD COLUMN name_zh text NOT NULL DEFAULT '',
      ADD COLUMN archived_at timestamptz,
      ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT categories_slug_shape CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 60) NOT VALID,
      ADD CONSTRAINT categories_not_own_parent CHECK (parent_id IS DISTINCT FROM id)`);
    await q.query(`CREATE INDEX categories_parent_idx ON categories (parent_id, position)`);
    await this.baseCategories(q);

    await q.query(`ALTER TABLE courses ADD COLUMN certificate_requires_quiz_pass boolean NOT NULL DEFAULT false`);

    // Drip: a section opens at a fixed moment, or N days after the learner's enrollment, never both.
    await q.query(`ALTER TABLE sections
      ADD COLUMN release_at timestamptz,
      ADD COLUMN release_after_days integer CHECK (release_after_days BETWEEN 1 AND 3650),
      ADD CONSTRAINT sections_one_release_rule CHECK (release_at IS NULL OR release_after_days IS NULL)`);

    // Archived lessons leave the outline and the course's counts; their progress rows stay.
    await q.query(`ALTER TABLE lessons ADD COLUMN archived_at timestamptz`);

    await q.query(`
      CREATE TABLE quizzes (
        lesson_id uuid PRIMARY KEY REFERENCES lessons(id) ON DELETE CASCADE,
        pass_percent integer NOT NULL DEFAULT 60 CHECK (pass_percent BETWEEN 0 AND 100),
        max_attempts integer CHECK (max_attempts BETWEEN 1 AND 100),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Questions are never deleted once written (attempts grade against them): a removed one keeps its row with removed_at.
    await q.query(`
      CREATE TABLE quiz_questions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lesson_id uuid NOT NULL REFERENCES quizzes(lesson_id) ON DELETE CASCADE,
        position integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'SHORT_TEXT')),
        prompt text NOT NULL CHECK (char_length(prompt) BETWEEN 1 AND 2000),
        points integer NOT NULL CHECK (points BETWEEN 1 AND 100),
        choices jsonb NOT NULL DEFAULT '[]',
        correct_choice_ids text[] NOT NULL DEFAULT '{}',
        accepted_answers text[] NOT NULL DEFAULT '{}',
        explanation text,
        removed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX quiz_questions_lesson_idx ON quiz_questions (lesson_id, position) WHERE removed_at IS NULL`);
    await q.query(`
      CREATE TABLE quiz_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lesson_id uuid NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
        enrollment_id uuid NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        client_attempt_id text NOT NULL CHECK (char_length(client_attempt_id) BETWEEN 1 AND 100),
        attempt_number integer NOT NULL CHECK (attempt_number >= 1),
        answers_digest text NOT NULL,
        score integer NOT NULL CHECK (score >= 0),
        max_score integer NOT NULL CHECK (max_score >= 0),
        passed boolean NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT quiz_attempts_client_id_once UNIQUE (enrollment_id, lesson_id, client_attempt_id),
        CONSTRAINT quiz_attempts_number_once UNIQUE (enrollment_id, lesson_id, attempt_number)
      )`);
    await q.query(`CREATE INDEX quiz_attempts_lesson_idx ON quiz_attempts (lesson_id, submitted_at)`);
    await q.query(`
      CREATE TABLE quiz_answers (
        attempt_id uuid NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
        question_id uuid NOT NULL REFERENCES quiz_questions(id) ON DELETE CASCADE,
        choice_ids text[] NOT NULL DEFAULT '{}',
        text_answer text,
        correct boolean NOT NULL,
        points_awarded integer NOT NULL CHECK (points_awarded >= 0),
        PRIMARY KEY (attempt_id, question_id)
      )`);
    await q.query(`CREATE INDEX quiz_answers_question_idx ON quiz_answers (question_id)`);

    await q.query(`
      CREATE TABLE live_sessions (
        lesson_id uuid PRIMARY KEY REFERENCES lessons(id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
        time_zone text NOT NULL,
        join_url text NOT NULL,
        capacity integer CHECK (capacity BETWEEN 1 AND 100000),
        recording_url text,
        reminder_sent_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX live_sessions_reminder_due_idx ON live_sessions (starts_at) WHERE reminder_sent_at IS NULL`);
    await q.query(`
      CREATE TABLE live_session_seats (
        lesson_id uuid NOT NULL REFERENCES live_sessions(lesson_id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reserved_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (lesson_id, user_id)
      )`);
  }

  /** Top-level subjects and one level below, in both languages; slugs already present are left as they are. */
  private async baseCategories(q: QueryRunner): Promise<void> {
    const top: Array<[string, string, string]> = [
      ['programming', 'Programming', '编程开发'],
      ['data-science', 'Data Science', '数据科学'],
      ['design', 'Design', '设计'],
      ['business', 'Business', '商业管理'],
      ['marketing', 'Marketing', '市场营销'],
      ['personal-finance', 'Personal Finance', '个人理财'],
      ['languages', 'Languages', '语言学习'],
      ['music', 'Music', '音乐'],
      ['photography', 'Photography', '摄影'],
      ['health-fitness', 'Health & Fitness', '健康健身'],
      ['personal-growth', 'Personal Growth', '个人成长'],
      ['exam-prep', 'Exam Preparation', '考试备考'],
    ];
    const children: Array<[string, string, string, string]> = [
      ['programming', 'web-development', 'Web Development', 'Web 开发'],
      ['programming', 'mobile-development', 'Mobile Development', '移动开发'],
      ['data-science', 'machine-learning', 'Machine Learning', '机器学习'],
      ['data-science', 'data-analysis', 'Data Analysis', '数据分析'],
      ['design', 'ui-ux-design', 'UI & UX Design', '界面与体验设计'],
      ['business', 'entrepreneurship', 'Entrepreneurship', '创业'],
      ['languages', 'english', 'English', '英语'],
      ['languages', 'chinese', 'Chinese', '中文'],
      ['exam-prep', 'professional-certificates', 'Professional Certificates', '职业资格'],
    ];
    await q.query(
      `INSERT INTO categories (slug, name, name_zh, position)
       SELECT slug, name, name_zh, position FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(slug, name, name_zh, position)
       ON CONFLICT (slug) DO NOTHING`,
      [top.map((c) => c[0]), top.map((c) => c[1]), top.map((c) => c[2])],
    );
    // Categories that existed before (seeded demo ones) get their Chinese name when they have none.
    await q.query(
      `UPDATE categories c SET name_zh = t.name_zh FROM unnest($1::text[], $2::text[]) AS t(slug, name_zh) WHERE c.slug = t.slug AND c.name_zh = ''`,
      [top.map((c) => c[0]), top.map((c) => c[2])],
    );
    await q.query(
      `INSERT INTO categories (slug, name, name_zh, parent_id, position)
       SELECT t.slug, t.name, t.name_zh, p.id, row_number() OVER (PARTITION BY t.parent ORDER BY t.ord)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(parent, slug, name, name_zh, ord)
         JOIN categories p ON p.slug = t.parent AND p.parent_id IS NULL
       ON CONFLICT (slug) DO NOTHING`,
      [children.map((c) => c[0]), children.map((c) => c[1]), children.map((c) => c[2]), children.map((c) => c[3])],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['live_session_seats', 'live_sessions', 'quiz_answers', 'quiz_attempts', 'quiz_questions', 'quizzes']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`ALTER TABLE lessons DROP COLUMN archived_at`);
    await q.query(`ALTER TABLE sections DROP CONSTRAINT sections_one_release_rule, DROP COLUMN release_after_days, DROP COLUMN release_at`);
    await q.query(`ALTER TABLE courses DROP COLUMN certificate_requires_quiz_pass`);
    await q.query(`DROP INDEX IF EXISTS categories_parent_idx`);
    await q.query(`ALTER TABLE categories DROP CONSTRAINT categories_not_own_parent, DROP CONSTRAINT categories_slug_shape,
      DROP COLUMN updated_at, DROP COLUMN created_at, DROP COLUMN archived_at, DROP COLUMN name_zh`);
  }
}
