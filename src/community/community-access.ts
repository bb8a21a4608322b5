import { courseById, lessonById } from '../catalog/catalog.loaders';
import { canSeeCourse } from '../catalog/course-visibility';
import { canOpenLesson, courseAccess } from '../learning/course-access.service';
import type { CourseEntity } from '../catalog/course.entity';
import { ErrorCode, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import type { DomainContext } from '../kernel/context';

/**
 * Who takes part in a course's community (reviews, comments, chat): signed-in
 * users the access service lets open the course — its learners, whatever
 * gave them access, its creator and admins. Reading reviews and comments is
 * public; the chat is for members only.
 */
export async function isCommunityMember(ctx: DomainContext, course: CourseEntity): Promise<boolean> {
  return ctx.user !== null && (await courseAccess(ctx, course)) !== null;
}

export async function assertCommunityMember(ctx: DomainContext, course: CourseEntity, field: string[]): Promise<void> {
  if (!(await isCommunityMember(ctx, course))) {
    throw new UserFailure(ErrorCode.NOT_ENTITLED, "Only the course's learners and its creator can take part here; enroll first.", field);
  }
}

/**
 * Comments on a lesson are as private as the lesson: only those the access
 * service lets open it read them (a free preview's are public).
 */
export async function mayReadLessonThread(ctx: DomainContext, lessonId: string): Promise<boolean> {
  const lesson = await ctx.loaders.get(lessonById).load(lessonId);
  const course = lesson && (await ctx.loaders.get(courseById).load(lesson.courseId));
  return !!lesson && !!course && canOpenLesson(ctx, lesson, course);
}

/** A course the viewer can see, by global ID; NOT_FOUND (on `field`) for unknown, foreign-typed or hidden ones. */
export async function loadVisibleCourse(ctx: DomainContext, courseGlobalId: string, field: string[]): Promise<CourseEntity> {
  const id = idOfType(courseGlobalId, 'Course');
  const course = id ? await ctx.loaders.get(courseById).load(id) : null;
  if (!course || !(await canSeeCourse(ctx, course))) throw notFound('No course with this ID.', field);
  return course;
}

/**
 * SQL conditions for what a viewer sees of user texts ($n is the viewer's id
 * or null): held texts only by their author. Removed reviews and chat
 * messages disappear; removed comments stay in their thread, blanked.
 */
export const shownTo = (param: string, alias = '') =>
  `(${alias}visibility = 'VISIBLE' OR (${alias}visibility = 'PENDING_REVIEW' AND ${alias}user_id = CAST(${param} AS uuid)))`;

export const threadShownTo = (param: string, alias = '') => `(${alias}visibility <> 'PENDING_REVIEW' OR ${alias}user_id = CAST(${param} AS uuid))`;

/** The same rule for one loaded row. */
export function isShownTo(ctx: DomainContext, row: { visibility: string; userId: string }, removedStays = false): boolean {
  if (row.visibility === 'VISIBLE' || (removedStays && row.visibility === 'REMOVED')) return true;
  return row.visibility === 'PENDING_REVIEW' && row.userId === ctx.user?.id;
}
