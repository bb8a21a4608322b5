import type { EntityManager } from 'typeorm';
import { EnrollmentEntity, EnrollmentSource } from './enrollment.entity';

/**
 * The one way enrollments come into being and go away. Whatever grants
 * access (a free course, a paid order, a membership, a seat, a partner sale)
 * calls these inside its own transaction, so the enrollment and the state that
 * caused it commit together. courses.enrollment_count moves with them.
 */
export async function grantEnrollment(
  manager: EntityManager,
  grant: { userId: string; courseId: string; source: EnrollmentSource },
): Promise<{ enrollment: EnrollmentEntity; created: boolean }> {
  const inserted: Array<{ id: string }> = await manager.query(
    `INSERT INTO enrollments (user_id, course_id, source) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, course_id) DO NOTHING RETURNING id`,
    [grant.userId, grant.courseId, grant.source],
  );
  if (inserted.length) {
    await manager.query('UPDATE courses SET enrollment_count = enrollment_count + 1 WHERE id = $1', [grant.courseId]);
  }
  const enrollment = await manager.getRepository(EnrollmentEntity).findOneByOrFail({ userId: grant.userId, courseId: grant.courseId });
  return { enrollment, created: inserted.length > 0 };
}

/**
 * Removes an enrollment that `source` granted (a refunded purchase, a revoked
 * seat). An enrollment granted some other way is left alone: revoking a seat
 * never takes away a course the learner bought.
 */
export async function revokeEnrollment(
  manager: EntityManager,
  grant: { userId: string; courseId: string; source: EnrollmentSource },
): Promise<boolean> {
  const deleted: [unknown[], number] = await manager.query(
    'DELETE FROM enrollments WHERE user_id = $1 AND course_id = $2 AND source = $3 RETURNING id',
    [grant.userId, grant.courseId, grant.source],
  );
  const count = deleted[1];
  if (count) await manager.query('UPDATE courses SET enrollment_count = greatest(enrollment_count - 1, 0) WHERE id = $1', [grant.courseId]);
  return count > 0;
}
