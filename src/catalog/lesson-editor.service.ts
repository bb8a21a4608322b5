import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { inTransaction } from '../kernel/transaction';
import { recordScreening } from '../kernel/screening';
import type { DomainContext } from '../kernel/context';
import { announceCourseEdit, forgetOutline, screenCourseChange } from './course-edits';
import { position as parsePosition } from './course-input';
import { assertKeepsALesson, assertNoLearnerRecords, loadLessonForEditing } from './curriculum-guards';
import { closeGap, LESSONS, lockCourse, moveChild } from './curriculum-positions';
import type { MoveLessonInput, UpdateLessonInput } from './curriculum.types';
import { assertPlayable, lessonBody, lessonDuration, lessonKind, lessonTitle, optionalUrl } from './lesson-input';
import { LessonEntity, LessonKind } from './lesson.entity';
import { SectionEntity } from './section.entity';

async function reloadLesson(ctx: DomainContext, id: string): Promise<LessonEntity> {
  return ctx.db.getRepository(LessonEntity).findOneByOrFail({ id });
}

/** A quiz with questions or attempts, or a scheduled live session, keeps its kind: changing it would orphan them. */
async function assertKindChangeKeepsData(ctx: DomainContext, lesson: LessonEntity, kind: LessonKind): Promise<void> {
  if (kind === lesson.kind || (lesson.kind !== LessonKind.QUIZ && lesson.kind !== LessonKind.LIVE)) return;
  const [{ attached }]: Array<{ attached: boolean }> = await ctx.db.query(
    `SELECT EXISTS (SELECT 1 FROM quiz_questions WHERE lesson_id = $1) OR EXISTS (SELECT 1 FROM quiz_attempts WHERE lesson_id = $1)
         OR EXISTS (SELECT 1 FROM live_sessions WHERE lesson_id = $1) AS attached`,
    [lesson.id],
  );
  if (attached)
    throw new UserFailure(ErrorCode.CONFLICT, `This ${lesson.kind} lesson has questions or a schedule; add a new lesson instead of changing its kind.`, [
      'input',
      'kind',
    ]);
}

export async function updateLesson(ctx: DomainContext, input: UpdateLessonInput): Promise<LessonEntity> {
  const { lesson, course } = await loadLessonForEditing(ctx, input.id, ['input', 'id']);
  const changes: Partial<LessonEntity> = {};
  if (input.title != null) changes.title = lessonTitle(input.title, ['input', 'title']);
  if (input.kind != null) changes.kind = lessonKind(input.kind, ['input', 'kind']);
  if (input.durationSeconds != null) changes.durationSeconds = lessonDuration(input.durationSeconds, ['input', 'durationSeconds']);
  if (input.isPreview != null) changes.isPreview = input.isPreview;
  if (input.body !== undefined) changes.body = lessonBody(input.body, ['input', 'body']);
  if (input.mediaUrl !== undefined) changes.mediaUrl = optionalUrl(input.mediaUrl, ['input', 'mediaUrl']);
  const after = { ...lesson, ...changes };
  assertPlayable(after.kind, after.mediaUrl, after.body, ['input', 'mediaUrl']);
  if (changes.kind) await assertKindChangeKeepsData(ctx, lesson, changes.kind);
  if (!Object.keys(changes).length) return lesson;

  // Changed text of a live course is screened like new text; a held lesson's content waits hidden for a moderator.
  const textChanged = changes.title !== undefined || changes.body !== undefined;
  const screening = textChanged
    ? await screenCourseChange(ctx, course, 'LESSON', `${after.title}\n${after.body ?? ''}`, ['input', changes.body !== undefined ? 'body' : 'title'])
    : null;
  await inTransaction(ctx, async (tx) => {
    await lockCourse(tx.manager, course.id);
    await tx.manager.getRepository(LessonEntity).update({ id: lesson.id }, { ...changes, ...(screening?.status === 'HELD' ? { removedAt: new Date() } : {}) });
    if (screening) await recordScreening(tx, screening, lesson.id);
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: 'lesson.update',
      subjectType: 'Lesson',
      subjectId: lesson.id,
      data: { title: after.title, fields: Object.keys(changes).sort(), ...(screening ? { screening: screening.status } : {}) },
    });
  });
  forgetOutline(ctx, course.id, { sections: [lesson.sectionId], lessons: [lesson.id] });
  return reloadLesson(ctx, lesson.id);
}

export async function moveLesson(ctx: DomainContext, input: MoveLessonInput): Promise<LessonEntity> {
  const { lesson, course } = await loadLessonForEditing(ctx, input.id, ['input', 'id']);
  let targetId = lesson.sectionId;
  if (input.sectionId != null) {
    const raw = idOfType(input.sectionId, 'Section');
    const target = raw ? await ctx.db.getRepository(SectionEntity).findOneBy({ id: raw }) : null;
    if (!target) throw notFound('No section with this ID.', ['input', 'sectionId']);
    if (target.courseId !== course.id)
      throw invalidInput('A lesson moves only between sections of its own course; add a new lesson to the other course instead.', ['input', 'sectionId']);
    targetId = target.id;
  }
  const requested = parsePosition(input.position, ['input', 'position']);
  await inTransaction(ctx, async (tx) => {
    await lockCourse(tx.manager, course.id);
    const [now]: Array<{ sectionId: string; position: number }> = await tx.manager.query(
      `SELECT section_id AS "sectionId", position FROM lessons WHERE id = $1`,
      [lesson.id],
    );
    const position = await moveChild(tx.manager, LESSONS, lesson.id, now.sectionId, now.position, targetId, requested);
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: 'lesson.move',
      subjectType: 'Lesson',
      subjectId: lesson.id,
      data: { title: lesson.title, from: { sectionId: now.sectionId, position: now.position }, to: { sectionId: targetId, position } },
    });
  });
  forgetOutline(ctx, course.id, { sections: [lesson.sectionId, targetId], lessons: [lesson.id] });
  return reloadLesson(ctx, lesson.id);
}

/** Returns the section the lesson was in. */
export async function deleteLesson(ctx: DomainContext, globalId: string): Promise<{ deletedLessonId: string; section: SectionEntity }> {
  const { lesson, course } = await loadLessonForEditing(ctx, globalId, ['id']);
  await inTransaction(ctx, async (tx) => {
    await lockCourse(tx.manager, course.id);
    await assertNoLearnerRecords(tx.manager, [lesson.id], 'this lesson', ['id']);
    await assertKeepsALesson(tx.manager, course, [lesson.id], ['id']);
    // DELETE … RETURNING answers [rows, count].
    const [[current]]: [Array<{ sectionId: string; position: number }>, number] = await tx.manager.query(
      `DELETE FROM lessons WHERE id = $1 RETURNING section_id AS "sectionId", position`,
      [lesson.id],
    );
    await closeGap(tx.manager, LESSONS, current.sectionId, current.position);
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: 'lesson.delete',
      subjectType: 'Lesson',
      subjectId: lesson.id,
      data: { title: lesson.title, kind: lesson.kind },
      curriculumChanged: true,
    });
  });
  forgetOutline(ctx, course.id, { sections: [lesson.sectionId], lessons: [lesson.id] });
  return { deletedLessonId: lesson.id, section: await ctx.db.getRepository(SectionEntity).findOneByOrFail({ id: lesson.sectionId }) };
}

/**
 * Archiving takes a lesson out of the outline and out of what completion
 * counts; learners' progress on it stays, certificates already issued stay,
 * and learners who have now completed every remaining lesson complete the
 * course (learning settles that in the same transaction). Restoring counts
 * it again. Both are idempotent.
 */
export async function setLessonArchived(ctx: DomainContext, globalId: string, archived: boolean): Promise<LessonEntity> {
  const { lesson, course } = await loadLessonForEditing(ctx, globalId, ['id']);
  if ((lesson.archivedAt !== null) === archived) return lesson;
  await inTransaction(ctx, async (tx) => {
    await lockCourse(tx.manager, course.id);
    if (archived) await assertKeepsALesson(tx.manager, course, [lesson.id], ['id']);
    const [, changed]: [unknown[], number] = await tx.manager.query(
      `UPDATE lessons SET archived_at = ${archived ? 'now()' : 'NULL'} WHERE id = $1 AND (archived_at IS NULL) = $2`,
      [lesson.id, archived],
    );
    if (!changed) return;
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: archived ? 'lesson.archive' : 'lesson.restore',
      subjectType: 'Lesson',
      subjectId: lesson.id,
      data: { title: lesson.title },
      curriculumChanged: true,
    });
  });
  forgetOutline(ctx, course.id, { sections: [lesson.sectionId], lessons: [lesson.id] });
  return reloadLesson(ctx, lesson.id);
}
