import { viewerMembershipAccess } from '../commerce/membership.loaders';
import { Role } from '../identity/user.entity';
import { EnrollmentSource } from '../learning/enrollment.entity';
import { viewerEnrollmentByCourseId } from '../learning/learning.loaders';
import type { DomainContext } from '../kernel/context';
import { creatorById } from './catalog.loaders';
import { CourseEntity, CourseStatus } from './course.entity';
import type { LessonEntity } from './lesson.entity';

/**
 * The single place that decides who may open a course's lessons: the
 * creator, admins, everyone for a free published course, a learner whose
 * enrollment came from a purchase, seat, partner sale or grant, and a
 * learner with a live membership (trialing, active, or past due within the
 * grace period) whose plan includes the course. A membership enrollment
 * alone grants nothing: it records progress, the membership gives access.
 * Everything asks here, through per-request DataLoaders.
 */
export type AccessReason = 'CREATOR' | 'ADMIN' | 'FREE' | 'ENROLLED' | 'MEMBERSHIP';

export async function courseAccess(ctx: DomainContext, course: CourseEntity): Promise<AccessReason | null> {
  const user = ctx.user;
  if (user?.roles.includes(Role.ADMIN)) return 'ADMIN';
  if (user) {
    const creator = await ctx.loaders.get(creatorById).load(course.creatorId);
    if (creator?.userId === user.id) return 'CREATOR';
  }
  if (course.status !== CourseStatus.PUBLISHED) return null;
  if (course.priceAmount == null) return 'FREE';
  if (!user) return null;
  const [enrollment, viaMembership] = await Promise.all([
    ctx.loaders.get(viewerEnrollmentByCourseId).load(course.id),
    ctx.loaders.get(viewerMembershipAccess).load(course.id),
  ]);
  if (enrollment && enrollment.source !== EnrollmentSource.MEMBERSHIP) return 'ENROLLED';
  if (viaMembership) return 'MEMBERSHIP';
  return null;
}

export async function canOpenLesson(ctx: DomainContext, lesson: LessonEntity, course: CourseEntity): Promise<boolean> {
  if (lesson.isPreview && (course.status === CourseStatus.PUBLISHED || (await courseAccess(ctx, course)) !== null)) return true;
  return (await courseAccess(ctx, course)) !== null;
}

/** Whether the viewer may see a course at all: published ones for everyone, others for their creator and admins. */
export async function canSeeCourse(ctx: DomainContext, course: CourseEntity): Promise<boolean> {
  if (course.status === CourseStatus.PUBLISHED) return true;
  const reason = await courseAccess(ctx, course);
  return reason === 'CREATOR' || reason === 'ADMIN';
}
