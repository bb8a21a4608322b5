import { notFound } from '../common/errors';
import { idOfType } from '../common/global-id';
import { boundedText } from '../identity/identity.validation';
import { inTransaction } from '../kernel/transaction';
import { recordScreening } from '../kernel/screening';
import type { DomainContext } from '../kernel/context';
import type { AddLessonInput, AddSectionInput } from './catalog.types';
import { assertCanEditCourse, loadCourseForEditing } from './course-editor';
import { announceCourseEdit, forgetOutline, holdCourseIfHeld, screenCourseChange } from './course-edits';
import { position as parsePosition } from './course-input';
import { CourseEntity } from './course.entity';
import { LESSONS, lockCourse, placeAt, SECTIONS } from './curriculum-positions';
import { assertPlayable, lessonBody, lessonDuration, lessonKind, lessonTitle, optionalUrl } from './lesson-input';
import { LessonEntity } from './lesson.entity';
import { SectionEntity } from './section.entity';

export const SECTION_TITLE_MAX = 120;

export async function addSection(ctx: DomainContext, input: AddSectionInput): Promise<CourseEntity> {
  const course = await loadCourseForEditing(ctx, input.courseId, ['input', 'courseId']);
  const title = boundedText(input.title, ['input', 'title'], { min: 1, max: SECTION_TITLE_MAX });
  const requested = parsePosition(input.position, ['input', 'position']);
  const screening = await screenCourseChange(ctx, course, 'COURSE', title, ['input', 'title']);
  await inTransaction(ctx, async (tx) => {
    await lockCourse(tx.manager, course.id);
    const position = await placeAt(tx.manager, SECTIONS, course.id, requested);
    const [{ id }] = await tx.manager.query(`INSERT INTO sections (course_id, title, position) VALUES ($1, $2, $3) RETURNING id`, [course.id, title, position]);
    await holdCourseIfHeld(ctx, tx, screening, course.id);
    await announceCourseEdit(ctx, tx, { courseId: course.id, change: 'section.add', subjectType: 'Section', subjectId: id, data: { title, position } });
  });
  forgetOutline(ctx, course.id);
  return course;
}

export async function addLesson(ctx: DomainContext, input: AddLessonInput): Promise<LessonEntity> {
  const sectionId = idOfType(input.sectionId, 'Section');
  const section = sectionId ? await ctx.db.getRepository(SectionEntity).findOneBy({ id: sectionId }) : null;
  if (!section) throw notFound('No section with this ID.', ['input', 'sectionId']);
  const course = await ctx.db.getRepository(CourseEntity).findOneByOrFail({ id: section.courseId });
  await assertCanEditCourse(ctx, course);

  const title = lessonTitle(input.title, ['input', 'title']);
  const kind = lessonKind(input.kind, ['input', 'kind']);
  const durationSeconds = lessonDuration(input.durationSeconds, ['input', 'durationSeconds']);
  const body = lessonBody(input.body, ['input', 'body']);
  const mediaUrl = optionalUrl(input.mediaUrl, ['input', 'mediaUrl']);
  assertPlayable(kind, mediaUrl, body, ['input', 'mediaUrl']);
  const requested = parsePosition(input.position, ['input', 'position']);

  // Text added to a live course is screened now (a draft's is screened at publish); a held lesson's content waits hidden.
  const screening = await screenCourseChange(ctx, course, 'LESSON', `${title}\n${body ?? ''}`, ['input', 'body']);

  const lesson = await inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    await lockCourse(manager, course.id);
    const position = await placeAt(manager, LESSONS, section.id, requested);
    const repository = manager.getRepository(LessonEntity);
    const saved = await repository.save(
      repository.create({
        sectionId: section.id,
        courseId: course.id,
        title,
        kind,
        position,
        durationSeconds,
        isPreview: input.isPreview ?? false,
        body,
        mediaUrl,
        removedAt: screening?.status === 'HELD' ? new Date() : null,
        archivedAt: null,
      }),
    );
    if (screening) await recordScreening(tx, screening, saved.id);
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: 'lesson.add',
      subjectType: 'Lesson',
      subjectId: saved.id,
      data: { title, kind, sectionId: section.id },
    });
    return saved;
  });
  forgetOutline(ctx, course.id, { sections: [section.id] });
  return lesson;
}
