import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity, catalog and the learning/membership tables that the demo seeds
 * already need. Later migrations extend them; nothing here is synchronized.
 */
export class Foundation1732300000000 implements MigrationInterface {
  name = 'Foundation1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text,
        roles text[] NOT NULL DEFAULT '{LEARNER}',
        token_version integer NOT NULL DEFAULT 0,
        banned_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_roles_check CHECK (roles <@ ARRAY['LEARNER','CREATOR','MODERATOR','ADMIN','PARTNER']::text[])
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);

    await q.query(`
      CREATE TABLE profiles (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        handle text NOT NULL,
        display_name text NOT NULL,
        bio text,
        avatar_url text,
        interests text[] NOT NULL DEFAULT '{}',
        palette jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX profiles_handle_key ON profiles (lower(handle))`);

    await q.query(`
      CREATE TABLE creators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
        follower_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE categories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        parent_id uuid REFERENCES categories(id),
        position integer NOT NULL DEFAULT 0
      )`);

    await q.query(`
      CREATE TABLE courses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        creator_id uuid NOT NULL REFERENCES creators(id),
        title text NOT NULL,
        subtitle text,
        description text NOT NULL,
        cover_url text,
        language text NOT NULL DEFAULT 'en',
        tags text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT','PUBLISHED','ARCHIVED','SUSPENDED')),
        price_amount integer CHECK (price_amount IS NULL OR price_amount > 0),
        price_currency char(3),
        rating_sum integer NOT NULL DEFAULT 0,
        rating_count integer NOT NULL DEFAULT 0,
        enrollment_count integer NOT NULL DEFAULT 0,
        search_vector tsvector NOT NULL DEFAULT ''::tsvector,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT courses_price_pair CHECK ((price_amount IS NULL) = (price_currency IS NULL))
      )`);
    await q.query(`CREATE INDEX courses_creator_idx ON courses (creator_id)`);
    await q.query(`CREATE INDEX courses_status_published_idx ON courses (status, published_at DESC)`);
    await q.query(`CREATE INDEX courses_search_idx ON courses USING gin (search_vector)`);
    await q.query(`CREATE INDEX courses_tags_idx ON courses USING gin (tags)`);
    await q.query(`CREATE INDEX courses_title_trgm_idx ON courses USING gin (lower(title) gin_trgm_ops)`);

    // PostgreSQL's parsers do not split Chinese, so CJK runs are indexed as
    // character unigrams and bigrams next to the English-stemmed words. A
    // trigger keeps the vector right for every writer (services and seeds).
    await q.query(`
      CREATE FUNCTION knowpay_cjk_grams(t text, with_unigrams boolean DEFAULT true) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        WITH runs AS (
          SELECT m[1] AS run, n
            FROM regexp_matches(coalesce(t, ''), '[\\u3400-\\u9fff\\uf900-\\ufaff]+', 'g') WITH ORDINALITY AS r(m, n)
        ), grams AS (
          SELECT n, i, 2 AS size, substr(run, i, 2) AS g FROM runs, generate_series(1, char_length(run) - 1) i
          UNION ALL
          SELECT n, i, 1, substr(run, i, 1) FROM runs, generate_series(1, char_length(run)) i
           WHERE with_unigrams OR char_length(run) = 1
        )
        SELECT coalesce(array_agg(g ORDER BY size DESC, n, i), '{}') FROM grams
      $$`);
    await q.query(`
      CREATE FUNCTION knowpay_weighted_text_vector(t text, w "char") RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('english', coalesce(t, '')) || to_tsvector('simple', array_to_string(knowpay_cjk_grams(t), ' ')), w)
      $$`);
    await q.query(`
      CREATE FUNCTION knowpay_course_search_vector(title text, subtitle text, description text, tags text[]) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT knowpay_weighted_text_vector(title, 'A')
            || knowpay_weighted_text_vector(array_to_string(tags, ' '), 'B')
            || knowpay_weighted_text_vector(subtitle, 'B')
            || knowpay_weighted_text_vector(description, 'C')
      $$`);
    // Every latin word is a prefix match (type-ahead); a CJK run matches through
    // its bigrams (or the single character), all ANDed.
    await q.query(`
      CREATE FUNCTION knowpay_search_query(q text) RETURNS tsquery
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        result tsquery;
        part tsquery;
        token text;
      BEGIN
        FOR token IN SELECT m[1] FROM regexp_matches(lower(coalesce(q, '')), '([a-z0-9\\u00c0-\\u024f]+)', 'g') m LOOP
          part := to_tsquery('english', token || ':*');
          IF numnode(part) > 0 THEN
            result := CASE WHEN result IS NULL THEN part ELSE result && part END;
          END IF;
        END LOOP;
        FOR token IN SELECT unnest(knowpay_cjk_grams(q, false)) LOOP
          part := quote_literal(token)::tsquery;
          result := CASE WHEN result IS NULL THEN part ELSE result && part END;
        END LOOP;
        -- NULL when the text has no searchable word: it matches nothing.
        RETURN result;
      END
      $$`);
    await q.query(`
      CREATE FUNCTION knowpay_courses_search_vector_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector := knowpay_course_search_vector(NEW.title, NEW.subtitle, NEW.description, NEW.tags);
        RETURN NEW;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER courses_search_vector BEFORE INSERT OR UPDATE OF title, subtitle, description, tags ON courses
      FOR EACH ROW EXECUTE FUNCTION knowpay_courses_search_vector_trigger()`);

    await q.query(`
      CREATE TABLE course_categories (
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        category_id uuid NOT NULL REFERENCES categories(id),
        PRIMARY KEY (course_id, category_id)
      )`);
    await q.query(`CREATE INDEX course_categories_category_idx ON course_categories (category_id)`);

    await q.query(`
      CREATE TABLE sections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        title text NOT NULL,
        position integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sections_course_idx ON sections (course_id, position)`);

    await q.query(`
      CREATE TABLE lessons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        section_id uuid NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        title text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('VIDEO','AUDIO','ARTICLE','QUIZ','LIVE')),
        position integer NOT NULL,
        duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
        is_preview boolean NOT NULL DEFAULT false,
        body text,
        media_url text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX lessons_section_idx ON lessons (section_id, position)`);
    await q.query(`CREATE INDEX lessons_course_idx ON lessons (course_id)`);

    await q.query(`
      CREATE TABLE membership_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        creator_id uuid NOT NULL REFERENCES creators(id),
        name text NOT NULL,
        price_amount integer NOT NULL CHECK (price_amount > 0),
        price_currency char(3) NOT NULL,
        billing_interval text NOT NULL CHECK (billing_interval IN ('MONTH','YEAR')),
        trial_days integer NOT NULL DEFAULT 0 CHECK (trial_days >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX membership_plans_creator_idx ON membership_plans (creator_id)`);
    await q.query(`
      CREATE TABLE plan_courses (
        plan_id uuid NOT NULL REFERENCES membership_plans(id) ON DELETE CASCADE,
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        PRIMARY KEY (plan_id, course_id)
      )`);
    await q.query(`CREATE INDEX plan_courses_course_idx ON plan_courses (course_id)`);

    await q.query(`
      CREATE TABLE enrollments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        source text NOT NULL CHECK (source IN ('FREE','PURCHASE','MEMBERSHIP','SEAT','PARTNER','GRANT')),
        completed_lesson_count integer NOT NULL DEFAULT 0,
        last_lesson_id uuid REFERENCES lessons(id) ON DELETE SET NULL,
        last_position_seconds integer NOT NULL DEFAULT 0 CHECK (last_position_seconds >= 0),
        completed_at timestamptz,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, course_id)
      )`);
    await q.query(`CREATE INDEX enrollments_course_idx ON enrollments (course_id)`);

    await q.query(`
      CREATE TABLE lesson_progress (
        enrollment_id uuid NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
        lesson_id uuid NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
        position_seconds integer NOT NULL DEFAULT 0 CHECK (position_seconds >= 0),
        completed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (enrollment_id, lesson_id)
      )`);

    await q.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
        body text,
        visibility text NOT NULL DEFAULT 'VISIBLE' CHECK (visibility IN ('VISIBLE','PENDING_REVIEW','REMOVED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (course_id, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'reviews',
      'lesson_progress',
      'enrollments',
      'plan_courses',
      'membership_plans',
      'lessons',
      'sections',
      'course_categories',
      'courses',
      'categories',
      'creators',
      'profiles',
      'users',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    for (const fn of [
      'knowpay_courses_search_vector_trigger()',
      'knowpay_search_query(text)',
      'knowpay_course_search_vector(text, text, text, text[])',
      'knowpay_weighted_text_vector(text, "char")',
      'knowpay_cjk_grams(text, boolean)',
    ]) {
      await q.query(`DROP FUNCTION IF EXISTS ${fn}`);
    }
  }
}
