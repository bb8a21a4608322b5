import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facts that decide what a signed-in socket may hear (a user's token version,
 * ban and roles; an enrollment; a membership's status; a course's status)
 * announce their change on the `knowpay_access` channel. NOTIFY is
 * transactional: listeners hear of a change only once it commits, from
 * whichever process or instance made it (src/realtime/access-signals.ts).
 */
export class AccessSignals1796500000000 implements MigrationInterface {
  name = 'AccessSignals1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION knowpay_notify_access() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE subject record;
      DECLARE signal json;
      BEGIN
        IF TG_OP = 'DELETE' THEN subject := OLD; ELSE subject := NEW; END IF;
        IF TG_TABLE_NAME = 'users' THEN
          signal := json_build_object('kind', 'user', 'userId', subject.id);
        ELSIF TG_TABLE_NAME = 'courses' THEN
          signal := json_build_object('kind', 'course', 'courseId', subject.id);
        ELSE
          signal := json_build_object('kind', 'access', 'userId', subject.user_id);
        END IF;
        PERFORM pg_notify('knowpay_access', signal::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER users_access_changed AFTER UPDATE OF token_version, banned_at, roles ON users FOR EACH ROW
      WHEN (OLD.token_version IS DISTINCT FROM NEW.token_version OR OLD.banned_at IS DISTINCT FROM NEW.banned_at OR OLD.roles IS DISTINCT FROM NEW.roles)
      EXECUTE FUNCTION knowpay_notify_access()`);
    await q.query(
      `CREATE TRIGGER enrollments_access_changed AFTER DELETE OR UPDATE OF source ON enrollments FOR EACH ROW EXECUTE FUNCTION knowpay_notify_access()`,
    );
    await q.query(`CREATE TRIGGER memberships_access_changed AFTER UPDATE OF status ON memberships FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION knowpay_notify_access()`);
    await q.query(`CREATE TRIGGER courses_access_changed AFTER UPDATE OF status ON courses FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION knowpay_notify_access()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER courses_access_changed ON courses');
    await q.query('DROP TRIGGER memberships_access_changed ON memberships');
    await q.query('DROP TRIGGER enrollments_access_changed ON enrollments');
    await q.query('DROP TRIGGER users_access_changed ON users');
    await q.query('DROP FUNCTION knowpay_notify_access()');
  }
}
