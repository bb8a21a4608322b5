import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { manyByKey, oneByKey } from '../common/loader-results';
import { defineLoader } from '../server/context';
import { CategoryEntity } from './category.entity';
import { CourseEntity } from './course.entity';
import { CreatorEntity } from './creator.entity';
import { LessonEntity } from './lesson.entity';
import { SectionEntity } from './section.entity';

export const courseById = defineLoader((ctx) =>
  new DataLoader<string, CourseEntity | null>(async (ids) =>
    oneByKey(await ctx.db.getRepository(CourseEntity).findBy({ id: In([...ids]) }), ids, (c) => c.id)));

export const creatorById = defineLoader((ctx) =>
  new DataLoader<string, CreatorEntity | null>(async (ids) =>
    oneByKey(await ctx.db.getRepository(CreatorEntity).findBy({ id: In([...ids]) }), ids, (c) => c.id)));

export const creatorByUserId = defineLoader((ctx) =>
  new DataLoader<string, CreatorEntity | null>(async (ids) =>
    oneByKey(await ctx.db.getRepository(CreatorEntity).findBy({ userId: In([...ids]) }), ids, (c) => c.userId)));

export const categoryById = defineLoader((ctx) =>
  new DataLoader<string, CategoryEntity | null>(async (ids) =>
    oneByKey(await ctx.db.getRepository(CategoryEntity).findBy({ id: In([...ids]) }), ids, (c) => c.id)));

export const categoriesByCourseId = defineLoader((ctx) =>
  new DataLoader<string, CategoryEntity[]>(async (courseIds) => {
    const rows: Array<CategoryEntity & { courseId: string }> = await ctx.db.getRepository(CategoryEntity)
      .createQueryBuilder('c')
      .innerJoin('course_categories', 'cc', 'cc.category_id = c.id')
      .addSelect('cc.course_id', 'course_id')
      .where('cc.course_id IN (:...courseIds)', { courseIds })
      .orderBy('c.position').addOrderBy('c.name')
      .getRawAndEntities()
      .then(({ raw, entities }) => entities.map((entity, i) => Object.assign(entity, { courseId: raw[i].course_id as string })));
    return manyByKey(rows, courseIds, (row) => row.courseId);
  }));

export const sectionsByCourseId = defineLoader((ctx) =>
  new DataLoader<string, SectionEntity[]>(async (courseIds) =>
    manyByKey(await ctx.db.getRepository(SectionEntity).find({ where: { courseId: In([...courseIds]) }, order: { position: 'ASC', createdAt: 'ASC' } }),
      courseIds, (s) => s.courseId)));

export const sectionById = defineLoader((ctx) =>
  new DataLoader<string, SectionEntity | null>(async (ids) =>
    oneByKey(await ctx.db.getRepository(SectionEntity).findBy({ id: In([...ids]) }), ids, (s) => s.id)));

export const lessonsBySectionId = defineLoader((ctx) =>
  new DataLoader<string, LessonEntity[]>(async (sectionIds) =>
    manyByKey(await ctx.db.getRepository(LessonEntity).find({ where: { sectionId: In([...sectionIds]) }, order: { position: 'ASC', createdAt: 'ASC' } }),
      sectionIds, (l) => l.sectionId)));

export const lessonById = defineLoader((ctx) =>
  new DataLoader<string, LessonEntity | null>(async (ids) =>
    oneByKey(await ctx.db.getRepository(LessonEntity).findBy({ id: In([...ids]) }), ids, (l) => l.id)));

export interface LessonTotals {
  courseId: string;
  lessonCount: number;
  totalDurationSeconds: number;
}

export const lessonTotalsByCourseId = defineLoader((ctx) =>
  new DataLoader<string, LessonTotals>(async (courseIds) => {
    const rows: LessonTotals[] = await ctx.db.query(
      `SELECT course_id AS "courseId", count(*)::int AS "lessonCount", coalesce(sum(duration_seconds), 0)::int AS "totalDurationSeconds"
         FROM lessons WHERE course_id = ANY($1::uuid[]) GROUP BY course_id`, [courseIds]);
    return oneByKey(rows, courseIds, (r) => r.courseId).map((row, i) => row ?? { courseId: courseIds[i], lessonCount: 0, totalDurationSeconds: 0 });
  }));
