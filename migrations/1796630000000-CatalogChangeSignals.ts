import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a public catalog page shows announces its change on the
 * `knowpay_catalog` channel, with the course's id (or `*` for changes that
 * show on many pages: categories, membership plans, profiles). The response
 * cache of every instance listens (src/server/response-cache): domain events
 * drop cached pages at once for the writer; this catches every other writer
 * (an enrollment count, a moderation hold, a job, a SQL console). NOTIFY is
 * transactional and PostgreSQL folds repeats within a transaction.
 */
export class CatalogChangeSignals1796630000000 implements MigrationInterface {
  name = 'CatalogChangeSignals1796630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION knowpay_notify_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE subject record;
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify('knowpay_catalog', '*');
          RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' THEN subject := OLD; ELSE subject := NEW; END IF;
        IF TG_TABLE_NAME = 'courses' THEN
          PERFORM pg_notify('knowpay_catalog', subject.id::text);
        ELSE
          PERFORM pg_notify('knowpay_catalog', subject.course_id::text);
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['courses', 'sections', 'lessons', 'course_categories', 'plan_courses']) {
      await q.query(
        `CREATE TRIGGER ${table}_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION knowpay_notify_catalog()`,
      );
    }
    for (const table of ['categories', 'membership_plans']) {
      await q.query(
        `CREATE TRIGGER ${table}_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION knowpay_notify_catalog()`,
      );
    }
    await q.query(
      `CREATE TRIGGER profiles_catalog_changed AFTER UPDATE OF handle, display_name, avatar_url ON profiles FOR EACH STATEMENT EXECUTE FUNCTION knowpay_notify_catalog()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['profiles', 'membership_plans', 'categories', 'plan_courses', 'course_categories', 'lessons', 'sections', 'courses']) {
      await q.query(`DROP TRIGGER ${table}_catalog_changed ON ${table}`);
    }
    await q.query('DROP FUNCTION knowpay_notify_catalog()');
  }
}
