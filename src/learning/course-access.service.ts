import { sectionById } from '../catalog/catalog.loaders';
import { CourseEntity, CourseStatus } from '../catalog/course.entity';
import { creatorRelation, isCourseEditor } from '../catalog/course-visibility';
import type { LessonEntity } from '../catalog/lesson.entity';
import { type LessonRelease, releaseOf } from '../catalog/lesson-release';
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
 * Lessons also wait for their section's scheduled release (lesson-release.ts).
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

/** Whether the viewer may open a lesson now, and if not, why: no access to the course, or a section not released yet (with when it opens). */
export type LessonOpening = { open: true } | { open: false; reason: 'NOT_ENTITLED' } | { open: false; reason: 'NOT_RELEASED'; opensAt: Date | null };

export async function lessonOpening(ctx: DomainContext, lesson: LessonEntity, course: CourseEntity): Promise<LessonOpening> {
  const access = await courseAccess(ctx, course);
  // The course's creator and admins see every lesson, released or not.
  if (access === 'CREATOR' || access === 'ADMIN') return { open: true };
  const entitled = access !== null || (lesson.isPreview && course.status === CourseStatus.PUBLISHED);
  if (!entitled) return { open: false, reason: 'NOT_ENTITLED' };
  // Scheduled release: nothing of a lesson reaches a learner before its section opens for them, previews included.
  const release = await lessonReleaseFor(ctx, lesson);
  return release.released ? { open: true } : { open: false, reason: 'NOT_RELEASED', opensAt: release.opensAt };
}

export async function canOpenLesson(ctx: DomainContext, lesson: LessonEntity, course: CourseEntity): Promise<boolean> {
  return (await lessonOpening(ctx, lesson, course)).open;
}

/**
 * Whether the viewer may read what a lesson holds besides its body (quiz
 * questions, a live session's links): it must be open to them, and not taken
 * down by moderation (the course's creator and admins still see it).
 */
export async function canReadLessonContent(ctx: DomainContext, lesson: LessonEntity, course: CourseEntity): Promise<boolean> {
  if (!(await canOpenLesson(ctx, lesson, course))) return false;
  return !lesson.removedAt || (await isCourseEditor(ctx, course));
}

/** The lesson's scheduled release for the signed-in (or anonymous) viewer, through per-request loaders. */
export async function lessonReleaseFor(ctx: DomainContext, lesson: Pick<LessonEntity, 'sectionId' | 'courseId'>): Promise<LessonRelease> {
  const section = await ctx.loaders.get(sectionById).load(lesson.sectionId);
  if (!section || (!section.releaseAt && !section.releaseAfterDays)) return { released: true, opensAt: null };
  const enrollment = section.releaseAfterDays ? await ctx.loaders.get(viewerEnrollmentByCourseId).load(lesson.courseId) : null;
  return releaseOf(section, enrollment?.enrolledAt ?? null);
}
