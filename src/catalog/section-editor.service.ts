import { invalidInput } from '../common/errors';
import { inTransaction } from '../kernel/transaction';
import { boundedText } from '../identity/identity.validation';
import type { DomainContext } from '../kernel/context';
import { SECTION_TITLE_MAX } from './course-content.service';
import { announceCourseEdit, forgetOutline, holdCourseIfHeld, screenCourseChange } from './course-edits';
import { position as parsePosition } from './course-input';
import { CourseEntity } from './course.entity';
import { assertKeepsALesson, assertNoLearnerRecords, loadSectionForEditing } from './curriculum-guards';
import { closeGap, lockCourse, moveChild, SECTIONS } from './curriculum-positions';
import type { MoveSectionInput, SectionReleaseInput, UpdateSectionInput } from './curriculum.types';
import { SectionEntity } from './section.entity';

const LATEST_RELEASE = Date.UTC(2100, 0, 1);

/** A release schedule from input: a fixed moment or days after enrollment, never both; neither releases at once. */
export function sectionRelease(input: SectionReleaseInput | null | undefined, field: string[]): Pick<SectionEntity, 'releaseAt' | 'releaseAfterDays'> {
  const at = input?.at ?? null;
  const days = input?.afterEnrollmentDays ?? null;
  if (at !== null && days !== null) throw invalidInput('Choose one: a fixed moment (at) or a number of days after enrollment (afterEnrollmentDays).', field);
  if (at !== null && (Number.isNaN(at.getTime()) || at.getTime() > LATEST_RELEASE))
    throw invalidInput('The release moment must be a valid date before 2100.', [...field, 'at']);
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650))
    throw invalidInput('afterEnrollmentDays must be a whole number from 1 to 3650.', [...field, 'afterEnrollmentDays']);
  return { releaseAt: at, releaseAfterDays: days };
}

export async function updateSection(ctx: DomainContext, input: UpdateSectionInput): Promise<SectionEntity> {
  const { section, course } = await loadSectionForEditing(ctx, input.id, ['input', 'id']);
  const changes: Partial<SectionEntity> = {};
  if (input.title != null) changes.title = boundedText(input.title, ['input', 'title'], { min: 1, max: SECTION_TITLE_MAX });
  if (input.release !== undefined) Object.assign(changes, sectionRelease(input.release, ['input', 'release']));
  if (!Object.keys(changes).length) return section;
  const screening = changes.title !== undefined ? await screenCourseChange(ctx, course, 'COURSE', changes.title, ['input', 'title']) : null;
  await inTransaction(ctx, async (tx) => {
    await lockCourse(tx.manager, course.id);
    await tx.manager.getRepository(SectionEntity).update({ id: section.id }, changes);
    await holdCourseIfHeld(ctx, tx, screening, course.id);
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: 'section.update',
      subjectType: 'Section',
      subjectId: section.id,
      data: {
        title: changes.title ?? section.title,
        fields: Object.keys(changes).sort(),
        ...(input.release !== undefined
          ? { release: { at: changes.releaseAt?.toISOString() ?? null, afterEnrollmentDays: changes.releaseAfterDays ?? null } }
          : {}),
      },
    });
  });
  forgetOutline(ctx, course.id, { sections: [section.id] });
  return ctx.db.getRepository(SectionEntity).findOneByOrFail({ id: section.id });
}

export async function moveSection(ctx: DomainContext, input: MoveSectionInput): Promise<CourseEntity> {
  const { section, course } = await loadSectionForEditing(ctx, input.id, ['input', 'id']);
  const requested = parsePosition(input.position, ['input', 'position']);
  await inTransaction(ctx, async (tx) => {
    await lockCourse(tx.manager, course.id);
    const [{ position: from }] = await tx.manager.query(`SELECT position FROM sections WHERE id = $1`, [section.id]);
    const to = await moveChild(tx.manager, SECTIONS, section.id, course.id, from, course.id, requested);
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: 'section.move',
      subjectType: 'Section',
      subjectId: section.id,
      data: { title: section.title, from, to },
    });
  });
  forgetOutline(ctx, course.id, { sections: [section.id] });
  return course;
}

/** Deletes a section and its lessons, unless a learner completed one of them (then archive those lessons, or move them out first). */
export async function deleteSection(ctx: DomainContext, globalId: string): Promise<{ deletedSectionId: string; course: CourseEntity }> {
  const { section, course } = await loadSectionForEditing(ctx, globalId, ['id']);
  let lessonIds: string[] = [];
  await inTransaction(ctx, async (tx) => {
    await lockCourse(tx.manager, course.id);
    lessonIds = ((await tx.manager.query(`SELECT id FROM lessons WHERE section_id = $1`, [section.id])) as Array<{ id: string }>).map((l) => l.id);
    await assertNoLearnerRecords(tx.manager, lessonIds, 'lessons of this section', ['id']);
    await assertKeepsALesson(tx.manager, course, lessonIds, ['id']);
    const [[{ position }]]: [Array<{ position: number }>, number] = await tx.manager.query(`DELETE FROM sections WHERE id = $1 RETURNING position`, [
      section.id,
    ]);
    await closeGap(tx.manager, SECTIONS, course.id, position);
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: 'section.delete',
      subjectType: 'Section',
      subjectId: section.id,
      data: { title: section.title, lessons: lessonIds.length },
      curriculumChanged: lessonIds.length > 0,
    });
  });
  forgetOutline(ctx, course.id, { sections: [section.id], lessons: lessonIds });
  return { deletedSectionId: section.id, course };
}
