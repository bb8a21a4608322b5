import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { manyByKey, oneByKey } from '../common/loader-results';
import { uniqueRowLoader } from '../db/row-loaders';
import { defineLoader } from '../kernel/context';
import { CategoryEntity } from './category.entity';
import { CourseEntity } from './course.entity';
import { CreatorEntity } from './creator.entity';
import { LessonEntity } from './lesson.entity';
import { SectionEntity } from './section.entity';

export const courseById = uniqueRowLoader(CourseEntity, 'id');

export const creatorById = uniqueRowLoader(CreatorEntity, 'id');

export const creatorByUserId = uniqueRowLoader(CreatorEntity, 'userId');

export const categoryById = uniqueRowLoader(CategoryEntity, 'id');

export const categoriesByCourseId = defineLoader((ctx) =>
  new DataLoader<string, CategoryEntity[]>(async (courseIds) => {
    const { entities, raw } = await ctx.db.getRepository(CategoryEntity)
      .createQueryBuilder('c')
      .innerJoin('course_categories', 'cc', 'cc.category_id = c.id')
      .addSelect('cc.course_id', 'course_id')
      .where('cc.course_id IN (:...courseIds)', { courseIds })
      .orderBy('c.position').addOrderBy('c.name')
      .getRawAndEntities();
    // TypeORM de-duplicates entities shared by several courses, so pair each raw row with its entity by id.
    const byId = new Map(entities.map((category) => [category.id, category]));
    const rows = raw.map((r: { course_id: string; c_id: string }) => ({ courseId: r.course_id, category: byId.get(r.c_id)! }));
    return manyByKey(rows, courseIds, (row) => row.courseId).map((group) => group.map((row) => row.category));
  }));

export const sectionsByCourseId = defineLoader((ctx) =>
  new DataLoader<string, SectionEntity[]>(async (courseIds) =>
    manyByKey(await ctx.db.getRepository(SectionEntity).find({ where: { courseId: In([...courseIds]) }, order: { position: 'ASC', createdAt: 'ASC' } }),
      courseIds, (s) => s.courseId)));

export const sectionById = uniqueRowLoader(SectionEntity, 'id');

/**
 * Lesson outlines without their content (bodies can be long; only
 * `Lesson.content` needs them). A catalog page loads hundreds of outlines, so
 * this reads plain rows instead of going through TypeORM's slower hydration.
 */
export const lessonsBySectionId = defineLoader((ctx) =>
  new DataLoader<string, LessonEntity[]>(async (sectionIds) => {
    const rows: LessonEntity[] = await ctx.db.query(
      `SELECT id, section_id AS "sectionId", course_id AS "courseId", title, kind, position, duration_seconds AS "durationSeconds",
              is_preview AS "isPreview", archived_at AS "archivedAt", created_at AS "createdAt"
         FROM lessons WHERE section_id = ANY($1::uuid[]) ORDER BY position, created_at`, [sectionIds]);
    return manyByKey(rows.map((row) => Object.assign(new LessonEntity(), row)), sectionIds, (l) => l.sectionId);
  }));

export interface LessonBody {
  id: string;
  body: string | null;
  mediaUrl: string | null;
  removedAt: Date | null;
}

export const lessonContentById = defineLoader((ctx) =>
  new DataLoader<string, LessonBody | null>(async (ids) =>
    oneByKey(await ctx.db.getRepository(LessonEntity).find({ select: ['id', 'body', 'mediaUrl', 'removedAt'], where: { id: In([...ids]) } }), ids, (l) => l.id)));

export const lessonById = uniqueRowLoader(LessonEntity, 'id');

/** What counts toward completion: the course's lessons that are not archived. */
export interface LessonTotals {
  courseId: string;
  lessonCount: number;
  totalDurationSeconds: number;
}

export const lessonTotalsByCourseId = defineLoader((ctx) =>
  new DataLoader<string, LessonTotals>(async (courseIds) => {
    const rows: LessonTotals[] = await ctx.db.query(
      `SELECT course_id AS "courseId", count(*)::int AS "lessonCount", coalesce(sum(duration_seconds), 0)::int AS "totalDurationSeconds"
         FROM lessons WHERE course_id = ANY($1::uuid[]) AND archived_at IS NULL GROUP BY course_id`, [courseIds]);
    return oneByKey(rows, courseIds, (r) => r.courseId).map((row, i) => row ?? { courseId: courseIds[i], lessonCount: 0, totalDurationSeconds: 0 });
  }));
