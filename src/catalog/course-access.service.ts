import { Role } from '../identity/user.entity';
import { viewerEnrollmentByCourseId } from '../learning/learning.loaders';
import type { RequestContext } from '../server/context';
import { creatorById } from './catalog.loaders';
import { CourseEntity, CourseStatus } from './course.entity';
import type { LessonEntity } from './lesson.entity';

/**
 * The single place that decides who may open a course's lessons. Today: the
 * creator, admins, everyone for a free published course, and any learner
 * enrolled (the enrollment records how: purchase, membership, seat, …).
 * Commerce extends this with live memberships; everything asks here.
 */
export type AccessReason = 'CREATOR' | 'ADMIN' | 'FREE' | 'ENROLLED';

export async function courseAccess(ctx: RequestContext, course: CourseEntity): Promise<AccessReason | null> {
  const user = ctx.user;
  if (user?.roles.includes(Role.ADMIN)) return 'ADMIN';
  if (user) {
    const creator = await ctx.loaders.get(creatorById).load(course.creatorId);
    if (creator?.userId === user.id) return 'CREATOR';
  }
  if (course.status !== CourseStatus.PUBLISHED) return null;
  if (course.priceAmount == null) return 'FREE';
  if (user && (await ctx.loaders.get(viewerEnrollmentByCourseId).load(course.id))) return 'ENROLLED';
  return null;
}

export async function canOpenLesson(ctx: RequestContext, lesson: LessonEntity, course: CourseEntity): Promise<boolean> {
  if (lesson.isPreview && (course.status === CourseStatus.PUBLISHED || (await courseAccess(ctx, course)) !== null)) return true;
  return (await courseAccess(ctx, course)) !== null;
}

/** Whether the viewer may see a course at all: published ones for everyone, others for their creator and admins. */
export async function canSeeCourse(ctx: RequestContext, course: CourseEntity): Promise<boolean> {
  if (course.status === CourseStatus.PUBLISHED) return true;
  const reason = await courseAccess(ctx, course);
  return reason === 'CREATOR' || reason === 'ADMIN';
}
