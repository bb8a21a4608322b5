import { requireUser } from '../common/auth-checker';
import { invalidInput } from '../common/errors';
import type { Transaction } from '../kernel/transaction';
import type { EventOf } from '../kernel/domain-events';
import { recordScreening, screenContent, type Screening, type ScreenedKind } from '../kernel/screening';
import { courseAuthorId } from './course-author';
import type { DomainContext } from '../kernel/context';
import { courseById, lessonById, lessonContentById, lessonsBySectionId, lessonTotalsByCourseId, sectionById, sectionsByCourseId } from './catalog.loaders';
import { CourseStatus, type CourseEntity } from './course.entity';

/**
 * Announces one edit of a course inside its transaction: the audit log
 * records it and, when the lessons that count toward completion changed,
 * learning settles progress and certificates again (both through their
 * handlers of CourseEdited).
 */
export async function announceCourseEdit(
  ctx: DomainContext,
  tx: Transaction,
  edit: Omit<EventOf<'CourseEdited'>, 'type' | 'actorId' | 'data' | 'curriculumChanged'> & { data?: Record<string, unknown>; curriculumChanged?: boolean },
): Promise<void> {
  await tx.emit({ type: 'CourseEdited', actorId: requireUser(ctx).id, data: {}, curriculumChanged: false, ...edit });
}

/** After an edit: this request's loaders forget the course's outline. */
export function forgetOutline(ctx: DomainContext, courseId: string, ids: { sections?: string[]; lessons?: string[] } = {}): void {
  ctx.loaders.get(courseById).clear(courseId);
  ctx.loaders.get(sectionsByCourseId).clear(courseId);
  ctx.loaders.get(lessonTotalsByCourseId).clear(courseId);
  for (const id of ids.sections ?? []) {
    ctx.loaders.get(sectionById).clear(id);
    ctx.loaders.get(lessonsBySectionId).clear(id);
  }
  for (const id of ids.lessons ?? []) {
    ctx.loaders.get(lessonById).clear(id);
    ctx.loaders.get(lessonContentById).clear(id);
  }
}

/**
 * New or changed text of a live course passes the screening before anything
 * is stored (a draft's is screened at publish): REJECTED is INVALID_INPUT on
 * `field`; null for drafts.
 */
export async function screenCourseChange(
  ctx: DomainContext,
  course: CourseEntity,
  kind: ScreenedKind,
  text: string,
  field: string[],
): Promise<Screening | null> {
  if (course.status !== CourseStatus.PUBLISHED) return null;
  const screening = await screenContent(ctx, { kind, authorId: await courseAuthorId(ctx, course), text, subjectId: course.id });
  if (screening.status === 'REJECTED') throw invalidInput(`This text cannot be published: ${screening.reason}`, field);
  return screening;
}

/**
 * Inside the storing transaction: a held change of course-level text (a section title) takes the
 * course out of the catalog until a moderator approves it, as a held course description does.
 */
export async function holdCourseIfHeld(ctx: DomainContext, tx: Transaction, screening: Screening | null, courseId: string): Promise<void> {
  if (!screening) return;
  if (screening.status === 'HELD') {
    await tx.manager.query(`UPDATE courses SET status = 'SUSPENDED', moderation_hold = 'HELD' WHERE id = $1 AND status = 'PUBLISHED'`, [courseId]);
  }
  await recordScreening(tx, screening, courseId);
}
