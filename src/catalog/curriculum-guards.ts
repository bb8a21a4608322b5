import type { EntityManager } from 'typeorm';
import { requireUser } from '../common/auth-checker';
import { ErrorCode, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import type { DomainContext } from '../kernel/context';
import { assertCanEditCourse } from './course-editor';
import { CourseEntity, CourseStatus } from './course.entity';
import { LessonEntity } from './lesson.entity';
import { SectionEntity } from './section.entity';

/** A lesson and its course, for the course's creator or an admin (FORBIDDEN otherwise). */
export async function loadLessonForEditing(ctx: DomainContext, globalId: string, field: string[]): Promise<{ lesson: LessonEntity; course: CourseEntity }> {
  requireUser(ctx);
  const id = idOfType(globalId, 'Lesson');
  const lesson = id ? await ctx.db.getRepository(LessonEntity).findOneBy({ id }) : null;
  if (!lesson) throw notFound('No lesson with this ID.', field);
  const course = await ctx.db.getRepository(CourseEntity).findOneByOrFail({ id: lesson.courseId });
  await assertCanEditCourse(ctx, course);
  return { lesson, course };
}

export async function loadSectionForEditing(ctx: DomainContext, globalId: string, field: string[]): Promise<{ section: SectionEntity; course: CourseEntity }> {
  requireUser(ctx);
  const id = idOfType(globalId, 'Section');
  const section = id ? await ctx.db.getRepository(SectionEntity).findOneBy({ id }) : null;
  if (!section) throw notFound('No section with this ID.', field);
  const course = await ctx.db.getRepository(CourseEntity).findOneByOrFail({ id: section.courseId });
  await assertCanEditCourse(ctx, course);
  return { section, course };
}

/**
 * Deleting takes learners' records with it, so lessons some learner completed
 * (or took the quiz of) are archived instead. The lessons are locked first:
 * progress written concurrently waits for this transaction (its foreign key
 * locks the lesson row), so nothing completes between the check and the delete.
 */
export async function assertNoLearnerRecords(manager: EntityManager, lessonIds: string[], what: string, field: string[]): Promise<void> {
  if (!lessonIds.length) return;
  await manager.query(`SELECT 1 FROM lessons WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [lessonIds]);
  const [{ learners }]: Array<{ learners: number }> = await manager.query(
    `SELECT count(DISTINCT enrollment_id)::int AS learners FROM (
       SELECT enrollment_id FROM lesson_progress WHERE lesson_id = ANY($1::uuid[]) AND completed_at IS NOT NULL
       UNION ALL SELECT enrollment_id FROM quiz_attempts WHERE lesson_id = ANY($1::uuid[])) AS records`,
    [lessonIds],
  );
  if (learners > 0) {
    throw new UserFailure(
      ErrorCode.CONFLICT,
      `${learners} learner${learners === 1 ? ' has' : 's have'} completed ${what}; archive the lesson${lessonIds.length > 1 ? 's' : ''} instead (archiveLesson), so their progress and certificates stay.`,
      field,
    );
  }
}

/** A published course keeps at least one lesson that counts; to take everything down, archive the course. */
export async function assertKeepsALesson(manager: EntityManager, course: CourseEntity, leaving: string[], field: string[]): Promise<void> {
  if (course.status !== CourseStatus.PUBLISHED) return;
  const [{ remaining }]: Array<{ remaining: number }> = await manager.query(
    `SELECT count(*)::int AS remaining FROM lessons WHERE course_id = $1 AND archived_at IS NULL AND NOT (id = ANY($2::uuid[]))`,
    [course.id, leaving],
  );
  if (remaining === 0)
    throw new UserFailure(ErrorCode.CONFLICT, 'A published course keeps at least one lesson; archive the course instead (archiveCourse).', field);
}
