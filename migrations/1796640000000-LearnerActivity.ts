import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version per learner that moves whenever something the recommender reads
 * about them changes (src/ml/recommend/course-activity.ts): an enrollment
 * granted, changed or revoked (purchases, seats, memberships, refunds), lesson
 * progress (it orders the history), a review, a repeat course-page view, the
 * declared interests. Triggers bump it in the transaction that makes the
 * change, whoever makes it (a mutation, a job, a SQL console), so a cached
 * recommendation list keyed by it is stale in no request after the commit,
 * on any instance. No foreign key: the bump also runs while a user's rows
 * are deleted by cascade, and a leftover row is harmless.
 */
export class LearnerActivity1796640000000 implements MigrationInterface {
  name = 'LearnerActivity1796640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE learner_activity (
        user_id uuid PRIMARY KEY,
        version bigint NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE FUNCTION knowpay_bump_learner_activity() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE subject record;
      DECLARE learner uuid;
      BEGIN
        IF TG_OP = 'DELETE' THEN subject := OLD; ELSE subject := NEW; END IF;
        IF TG_TABLE_NAME = 'lesson_progress' THEN
          SELECT e.user_id INTO learner FROM enrollments e WHERE e.id = subject.enrollment_id;
        ELSE
          learner := subject.user_id;
        END IF;
        IF learner IS NOT NULL THEN
          INSERT INTO learner_activity AS a (user_id) VALUES (learner)
            ON CONFLICT (user_id) DO UPDATE SET version = a.version + 1;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER enrollments_learner_activity AFTER INSERT OR DELETE OR UPDATE OF source ON enrollments
      FOR EACH ROW EXECUTE FUNCTION knowpay_bump_learner_activity()`);
    await q.query(`CREATE TRIGGER lesson_progress_learner_activity AFTER INSERT OR UPDATE ON lesson_progress
      FOR EACH ROW EXECUTE FUNCTION knowpay_bump_learner_activity()`);
    await q.query(`CREATE TRIGGER reviews_learner_activity AFTER INSERT OR DELETE OR UPDATE OF stars ON reviews
      FOR EACH ROW EXECUTE FUNCTION knowpay_bump_learner_activity()`);
    await q.query(`CREATE TRIGGER price_impressions_learner_activity AFTER INSERT ON price_impressions
      FOR EACH ROW WHEN (NEW.user_id IS NOT NULL AND NEW.context = 'COURSE_PAGE') EXECUTE FUNCTION knowpay_bump_learner_activity()`);
    await q.query(`CREATE TRIGGER profiles_learner_activity AFTER UPDATE OF interests ON profiles
      FOR EACH ROW WHEN (OLD.interests IS DISTINCT FROM NEW.interests) EXECUTE FUNCTION knowpay_bump_learner_activity()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER profiles_learner_activity ON profiles');
    await q.query('DROP TRIGGER price_impressions_learner_activity ON price_impressions');
    await q.query('DROP TRIGGER reviews_learner_activity ON reviews');
    await q.query('DROP TRIGGER lesson_progress_learner_activity ON lesson_progress');
    await q.query('DROP TRIGGER enrollments_learner_activity ON enrollments');
    await q.query('DROP FUNCTION knowpay_bump_learner_activity()');
    await q.query('DROP TABLE learner_activity');
  }
}
