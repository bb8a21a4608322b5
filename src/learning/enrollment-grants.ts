import type { EntityManager } from 'typeorm';
import { EnrollmentEntity, EnrollmentSource } from './enrollment.entity';

/**
 * The one way enrollments come into being and go away. Whatever grants
 * access (a free course, a paid order, a membership, a seat, a partner sale)
 * calls these inside its own transaction, so the enrollment and the state that
 * caused it commit together. courses.enrollment_count moves with them.
 *
 * One enrollment per learner and course (progress lives on it) records its
 * strongest grant: a purchase or partner sale (paid, for good) outranks a
 * seat (while the organization keeps it), which outranks a membership, a
 * free course or an open grant (while they last). A stronger grant
 * upgrades the enrollment, so buying a course reached through a membership
 * keeps it when the membership ends; a revoked grant falls back to the
 * strongest one left instead of taking the course away.
 */
const RANK: Record<EnrollmentSource, number> = {
  [EnrollmentSource.FREE]: 0,
  [EnrollmentSource.GRANT]: 0,
  [EnrollmentSource.MEMBERSHIP]: 0,
  [EnrollmentSource.SEAT]: 1,
  [EnrollmentSource.PURCHASE]: 2,
  [EnrollmentSource.PARTNER]: 2,
};

const weakerThan = (source: EnrollmentSource) => (Object.keys(RANK) as EnrollmentSource[]).filter((s) => RANK[s] < RANK[source]);

export async function grantEnrollment(
  manager: EntityManager,
  grant: { userId: string; courseId: string; source: EnrollmentSource },
): Promise<{ enrollment: EnrollmentEntity; created: boolean }> {
  const inserted: Array<{ id: string }> = await manager.query(
    `INSERT INTO enrollments (user_id, course_id, source) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, course_id) DO NOTHING RETURNING id`,
    [grant.userId, grant.courseId, grant.source],
  );
  if (!inserted.length) {
    await manager.query('UPDATE enrollments SET source = $3 WHERE user_id = $1 AND course_id = $2 AND source = ANY($4)', [
      grant.userId,
      grant.courseId,
      grant.source,
      weakerThan(grant.source),
    ]);
  } else {
    await manager.query('UPDATE courses SET enrollment_count = enrollment_count + 1 WHERE id = $1', [grant.courseId]);
  }
  const enrollment = await manager.getRepository(EnrollmentEntity).findOneByOrFail({ userId: grant.userId, courseId: grant.courseId });
  return { enrollment, created: inserted.length > 0 };
}

/**
 * Removes an enrollment that `source` granted (a refunded purchase, a revoked
 * seat). An enrollment granted some other way is left alone: revoking a seat
 * never takes away a course the learner bought. When another grant still
 * covers the course (a seat, a live membership that includes it) the
 * enrollment stays, downgraded to it (or as it is, when another paid order
 * of the learner still includes the course).
 */
export async function revokeEnrollment(manager: EntityManager, grant: { userId: string; courseId: string; source: EnrollmentSource }): Promise<boolean> {
  // Strongest first: another paid order for the course (bought twice, one refunded), a seat, a live membership.
  const [fallback]: Array<{ source: EnrollmentSource }> = await manager.query(
    `SELECT source FROM (
       SELECT 1 AS rank, CASE WHEN o.kind = 'PARTNER_SALE' THEN 'PARTNER' ELSE 'PURCHASE' END AS source
         FROM orders o JOIN order_lines l ON l.order_id = o.id
        WHERE o.buyer_id = $1 AND l.course_id = $2 AND o.kind IN ('PURCHASE', 'PARTNER_SALE') AND o.status IN ('PAID', 'PARTIALLY_REFUNDED')
       UNION ALL
       SELECT 2, 'SEAT' FROM organization_seats WHERE user_id = $1 AND course_id = $2 AND $3 <> 'SEAT'
       UNION ALL
       SELECT 3, 'MEMBERSHIP' FROM memberships m JOIN plan_courses pc ON pc.plan_id = m.plan_id
        WHERE m.user_id = $1 AND pc.course_id = $2 AND m.status IN ('TRIALING', 'ACTIVE', 'PAST_DUE')
     ) grants ORDER BY rank LIMIT 1`,
    [grant.userId, grant.courseId, grant.source],
  );
  if (fallback?.source === grant.source) return false;
  if (fallback) {
    const [, kept]: [unknown[], number] = await manager.query(
      'UPDATE enrollments SET source = $4 WHERE user_id = $1 AND course_id = $2 AND source = $3 RETURNING id',
      [grant.userId, grant.courseId, grant.source, fallback.source],
    );
    return kept > 0;
  }
  const deleted: [unknown[], number] = await manager.query('DELETE FROM enrollments WHERE user_id = $1 AND course_id = $2 AND source = $3 RETURNING id', [
    grant.userId,
    grant.courseId,
    grant.source,
  ]);
  const count = deleted[1];
  if (count) await manager.query('UPDATE courses SET enrollment_count = greatest(enrollment_count - 1, 0) WHERE id = $1', [grant.courseId]);
  return count > 0;
}
