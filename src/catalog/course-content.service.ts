import { EntityManager } from 'typeorm';
import { invalidInput, notFound } from '../common/errors';
import { idOfType } from '../common/global-id';
import { boundedText, httpUrl } from '../identity/identity.validation';
import { inTransaction } from '../kernel/transaction';
import type { DomainContext } from '../kernel/context';
import type { AddLessonInput, AddSectionInput } from './catalog.types';
import { courseById, lessonsBySectionId, lessonTotalsByCourseId, sectionsByCourseId } from './catalog.loaders';
import { assertCanEditCourse, loadCourseForEditing } from './course-editor';
import { LESSON_BODY_MAX, position as parsePosition } from './course-input';
import { CourseEntity } from './course.entity';
import { LessonEntity, LessonKind } from './lesson.entity';
import { SectionEntity } from './section.entity';
import { recordScreening, screenContent } from '../kernel/screening';
import { courseAuthorId } from './course-author';

const MAX_LESSON_SECONDS = 24 * 3600;

/**
 * Positions are 1-based and gapless (1..n). Inserts at `requested` (or
 * appends) and shifts the siblings after it. Runs inside the caller's
 * transaction with the parent row locked, so concurrent inserts serialize.
 */
async function placeAt(manager: EntityManager, table: 'sections' | 'lessons', parentColumn: string, parentId: string, requested: number | null): Promise<number> {
  const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM ${table} WHERE ${parentColumn} = $1`, [parentId]);
  const at = requested == null || requested > count ? count + 1 : requested;
  if (at <= count) await manager.query(`UPDATE ${table} SET position = position + 1 WHERE ${parentColumn} = $1 AND position >= $2`, [parentId, at]);
  return at;
}

export async function addSection(ctx: DomainContext, input: AddSectionInput): Promise<CourseEntity> {
  const course = await loadCourseForEditing(ctx, input.courseId, ['input', 'courseId']);
  const title = boundedText(input.title, ['input', 'title'], { min: 1, max: 120 });
  const requested = parsePosition(input.position, ['input', 'position']);
  await inTransaction(ctx, async ({ manager }) => {
    await manager.query(`SELECT 1 FROM courses WHERE id = $1 FOR UPDATE`, [course.id]);
    const position = await placeAt(manager, 'sections', 'course_id', course.id, requested);
    await manager.getRepository(SectionEntity).insert({ courseId: course.id, title, position });
  });
  ctx.loaders.get(sectionsByCourseId).clear(course.id);
  ctx.loaders.get(courseById).clear(course.id);
  return course;
}

export async function addLesson(ctx: DomainContext, input: AddLessonInput): Promise<LessonEntity> {
  const sectionId = idOfType(input.sectionId, 'Section');
  const section = sectionId ? await ctx.db.getRepository(SectionEntity).findOneBy({ id: sectionId }) : null;
  if (!section) throw notFound('No section with this ID.', ['input', 'sectionId']);
  const course = await ctx.db.getRepository(CourseEntity).findOneByOrFail({ id: section.courseId });
  await assertCanEditCourse(ctx, course);

  const title = boundedText(input.title, ['input', 'title'], { min: 1, max: 120 });
  if (!Object.values(LessonKind).includes(input.kind)) throw invalidInput('Unknown lesson kind.', ['input', 'kind']);
  if (!Number.isInteger(input.durationSeconds) || input.durationSeconds < 0 || input.durationSeconds > MAX_LESSON_SECONDS) {
    throw invalidInput(`Duration must be 0 to ${MAX_LESSON_SECONDS} seconds.`, ['input', 'durationSeconds']);
  }
  const body = input.body == null ? null : boundedText(input.body, ['input', 'body'], { max: LESSON_BODY_MAX }) || null;
  const mediaUrl = input.mediaUrl == null || input.mediaUrl.trim() === '' ? null : httpUrl(input.mediaUrl, ['input', 'mediaUrl']);
  if ((input.kind === LessonKind.VIDEO || input.kind === LessonKind.AUDIO) && !mediaUrl && !body) {
    throw invalidInput('Video and audio lessons need a mediaUrl.', ['input', 'mediaUrl']);
  }
  const requested = parsePosition(input.position, ['input', 'position']);

  // Text added to a live course is screened now (a draft's is screened at publish); a held lesson's content waits hidden.
  const screening = course.status === 'PUBLISHED'
    ? await screenContent(ctx, { kind: 'LESSON', authorId: await courseAuthorId(ctx, course), text: `${title}\n${body ?? ''}`, subjectId: course.id })
    : null;
  if (screening?.status === 'REJECTED') throw invalidInput(`This lesson cannot be published: ${screening.reason}`, ['input', 'body']);

  const lesson = await inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    await manager.query(`SELECT 1 FROM sections WHERE id = $1 FOR UPDATE`, [section.id]);
    const position = await placeAt(manager, 'lessons', 'section_id', section.id, requested);
    const repository = manager.getRepository(LessonEntity);
    const saved = await repository.save(repository.create({
      sectionId: section.id, courseId: course.id, title, kind: input.kind, position,
      durationSeconds: input.durationSeconds, isPreview: input.isPreview ?? false, body, mediaUrl,
      removedAt: screening?.status === 'HELD' ? new Date() : null,
    }));
    if (screening) await recordScreening(tx, screening, saved.id);
    return saved;
  });
  ctx.loaders.get(lessonsBySectionId).clear(section.id);
  ctx.loaders.get(lessonTotalsByCourseId).clear(course.id);
  return lesson;
}
