import type { EntityManager } from 'typeorm';
import { courseAccess } from './course-access.service';
import type { CourseEntity } from '../catalog/course.entity';
import { ErrorCode, UserFailure } from '../common/errors';
import type { DomainContext } from '../kernel/context';
import { EnrollmentSource } from './enrollment.entity';
import { grantEnrollment } from './enrollment-grants';
import { viewerEnrollmentByCourseId } from './learning.loaders';

/** How access that needs no purchase turns into an enrollment when the learner first records progress or takes a quiz. */
const SOURCE_BY_ACCESS: Record<string, EnrollmentSource> = { FREE: EnrollmentSource.FREE, MEMBERSHIP: EnrollmentSource.MEMBERSHIP };

/** What a learner's write (progress, a quiz attempt) stands on: their enrollment, or access that grants one. */
export interface LearnerStanding {
  userId: string;
  courseId: string;
  hasEnrollment: boolean;
}

/** Before the transaction: NOT_ENTITLED (with `refusal`) when the viewer has neither an enrollment nor access that grants one. */
export async function learnerStanding(
  ctx: DomainContext,
  userId: string,
  course: CourseEntity,
  refusal: string,
  field: string[],
): Promise<LearnerStanding & { access: string | null }> {
  const hasEnrollment = (await ctx.loaders.get(viewerEnrollmentByCourseId).load(course.id)) !== null;
  const access = hasEnrollment ? null : await courseAccess(ctx, course);
  if (!hasEnrollment && !access) throw new UserFailure(ErrorCode.NOT_ENTITLED, refusal, field);
  return { userId, courseId: course.id, hasEnrollment, access };
}

/**
 * Inside the transaction: grants the enrollment the access calls for (a free
 * course, a membership) and locks the learner's enrollment row, so writes
 * from several devices serialize. Returns the enrollment's id.
 */
export async function lockLearnerEnrollment(manager: EntityManager, standing: LearnerStanding & { access: string | null }, field: string[]): Promise<string> {
  if (!standing.hasEnrollment) {
    await grantEnrollment(manager, {
      userId: standing.userId,
      courseId: standing.courseId,
      source: SOURCE_BY_ACCESS[standing.access!] ?? EnrollmentSource.GRANT,
    });
  }
  const locked: Array<{ id: string }> = await manager.query(`SELECT id FROM enrollments WHERE user_id = $1 AND course_id = $2 FOR UPDATE`, [
    standing.userId,
    standing.courseId,
  ]);
  if (!locked.length) throw new UserFailure(ErrorCode.NOT_ENTITLED, 'Your enrollment in this course has ended.', field);
  return locked[0].id;
}
