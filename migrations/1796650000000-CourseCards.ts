import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A read model of what a catalog card and a course page show besides the course row itself: lesson totals,
 * categories, the section and lesson outline, and the active membership plans that include the course. One json
 * value per course (`course_cards.card`), so a page of courses is one indexed read instead of building ~100 KB of
 * json per request (src/catalog/course-cards.ts reads it; issue 18).
 *
 * Kept current in the writer's own transaction by triggers on every table it is built from: whatever writes them
 * (a mutation, a job, a seed, a SQL console), the card a reader sees is never older than the rows it summarizes.
 * Outline arrays are positional to keep cards small:
 *   t: [lessonCount, totalDurationSeconds] (lessons not archived)
 *   cat: [category row as to_jsonb]
 *   s: [[id, title, position, releaseAt, releaseAfterDays, createdAt, [[id, title, kind, position, durationSeconds, isPreview, archivedAt, createdAt]]]]
 *   p: [membership plan row as to_jsonb], active plans that include the course, cheapest first
 * The creator and profile are read live with the page (follows change them often).
 */
export class CourseCards1796650000000 implements MigrationInterface {
  name = 'CourseCards1796650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE course_cards (
      course_id uuid PRIMARY KEY REFERENCES courses(id) ON DELETE CASCADE,
      card json NOT NULL,
      refreshed_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE FUNCTION knowpay_course_card(cid uuid) RETURNS json LANGUAGE sql STABLE AS $$
      SELECT json_build_object(
        't', (SELECT json_build_array(count(*), coalesce(sum(l.duration_seconds), 0)) FROM lessons l WHERE l.course_id = cid AND l.archived_at IS NULL),
        'cat', coalesce((SELECT json_agg(to_jsonb(cat) ORDER BY cat.position, cat.name)
                           FROM categories cat JOIN course_categories cc ON cc.category_id = cat.id WHERE cc.course_id = cid), '[]'),
        's', coalesce((SELECT json_agg(json_build_array(s.id, s.title, s.position, s.release_at, s.release_after_days, s.created_at,
                         coalesce((SELECT json_agg(json_build_array(l.id, l.title, l.kind, l.position, l.duration_seconds, l.is_preview, l.archived_at, l.created_at)
                                     ORDER BY l.position, l.created_at) FROM lessons l WHERE l.section_id = s.id), '[]'))
                         ORDER BY s.position, s.created_at) FROM sections s WHERE s.course_id = cid), '[]'),
        'p', coalesce((SELECT json_agg(to_jsonb(plan) ORDER BY plan.price_amount, plan.id)
                         FROM membership_plans plan JOIN plan_courses pc ON pc.plan_id = plan.id WHERE pc.course_id = cid AND plan.active), '[]'))
    $$`);
    await q.query(`CREATE FUNCTION knowpay_refresh_course_cards(ids uuid[]) RETURNS void LANGUAGE sql AS $$
      INSERT INTO course_cards (course_id, card, refreshed_at)
      SELECT id, knowpay_course_card(id), now() FROM courses WHERE id = ANY(ids)
      ON CONFLICT (course_id) DO UPDATE SET card = EXCLUDED.card, refreshed_at = EXCLUDED.refreshed_at
    $$`);
    await q.query(`CREATE FUNCTION knowpay_course_card_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids uuid[] := '{}';
      BEGIN
        IF TG_TABLE_NAME = 'courses' THEN
          ids := ARRAY[NEW.id];
        ELSIF TG_TABLE_NAME = 'categories' THEN
          ids := ARRAY(SELECT course_id FROM course_categories WHERE category_id = NEW.id);
        ELSIF TG_TABLE_NAME = 'membership_plans' THEN
          ids := ARRAY(SELECT course_id FROM plan_courses WHERE plan_id = NEW.id);
        ELSE
          IF TG_OP <> 'INSERT' THEN ids := ids || OLD.course_id; END IF;
          IF TG_OP <> 'DELETE' THEN ids := ids || NEW.course_id; END IF;
        END IF;
        PERFORM knowpay_refresh_course_cards(ids);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER courses_card AFTER INSERT ON courses FOR EACH ROW EXECUTE FUNCTION knowpay_course_card_changed()`);
    for (const table of ['sections', 'lessons', 'course_categories', 'plan_courses']) {
      await q.query(`CREATE TRIGGER ${table}_card AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION knowpay_course_card_changed()`);
    }
    for (const table of ['categories', 'membership_plans']) {
      await q.query(
        `CREATE TRIGGER ${table}_card AFTER UPDATE ON ${table} FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION knowpay_course_card_changed()`,
      );
    }
    await q.query(`SELECT knowpay_refresh_course_cards(ARRAY(SELECT id FROM courses))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['membership_plans', 'categories', 'plan_courses', 'course_categories', 'lessons', 'sections', 'courses']) {
      await q.query(`DROP TRIGGER ${table}_card ON ${table}`);
    }
    await q.query('DROP FUNCTION knowpay_course_card_changed()');
    await q.query('DROP FUNCTION knowpay_refresh_course_cards(uuid[])');
    await q.query('DROP FUNCTION knowpay_course_card(uuid)');
    await q.query('DROP TABLE course_cards');
  }
}
