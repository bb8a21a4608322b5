import { CourseEntity, CourseStatus } from '../catalog/course.entity';
import { creatorRelation } from '../catalog/course-visibility';
import type { LessonEntity } from '../catalog/lesson.entity';
import type { DomainContext } from '../kernel/context';
import { EnrollmentSource } from './enrollment.entity';
import { viewerEnrollmentByCourseId } from './learning.loaders';

/**
 * The single place that decides who may open a course's lessons: the
 * creator, admins, everyone for a free published course, a learner whose
 * enrollment came from a purchase, seat, partner sale or grant, and a
 * learner with a live membership (trialing, active, or past due within the
 * grace period) whose plan includes the course. A membership enrollment
 * alone grants nothing: it records progress, the membership gives access.
 * Everything asks here, through per-request DataLoaders; memberships are
 * asked through the membership access port (commerce answers).
 */
export type AccessReason = 'CREATOR' | 'ADMIN' | 'FREE' | 'ENROLLED' | 'MEMBERSHIP';

export async function courseAccess(ctx: DomainContext, course: CourseEntity): Promise<AccessReason | null> {
  const user = ctx.user;
  const relation = await creatorRelation(ctx, course);
  if (relation) return relation;
  if (course.status !== CourseStatus.PUBLISHED) return null;
  if (course.priceAmount == null) return 'FREE';
  if (!user) return null;
  const [enrollment, viaMembership] = await Promise.all([
    ctx.loaders.get(viewerEnrollmentByCourseId).load(course.id),
    ctx.membershipAccess.coversCourse(ctx, course.id),
  ]);
  if (enrollment && enrollment.source !== EnrollmentSource.MEMBERSHIP) return 'ENROLLED';
  if (viaMembership) return 'MEMBERSHIP';
  return null;
}

export async function canOpenLesson(ctx: DomainContext, lesson: LessonEntity, course: CourseEntity): Promise<boolean> {
  if (lesson.isPreview && (course.status === CourseStatus.PUBLISHED || (await courseAccess(ctx, course)) !== null)) return true;
  return (await courseAccess(ctx, course)) !== null;
}
