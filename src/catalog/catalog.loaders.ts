import { RequestLoader } from '../kernel/request-loader';
import { DataSource, In } from 'typeorm';
import { manyByKey, oneByKey } from '../common/loader-results';
import { entityFromJsonRow, uniqueRowLoader } from '../db/row-loaders';
import { defineLoader, DomainContext } from '../kernel/context';
import { profileByUserId } from '../identity/identity.loaders';
import { ProfileEntity } from '../identity/profile.entity';
import { CategoryEntity } from './category.entity';
import { CourseEntity } from './course.entity';
import { CreatorEntity } from './creator.entity';
import { LessonEntity } from './lesson.entity';
import { SectionEntity } from './section.entity';

export const courseById = uniqueRowLoader(CourseEntity, 'id');

/**
 * A creator (the row aliased `creator`, left-joined to its profile aliased `profile`) with the whole profile row as one
 * json value (to_jsonb: a profile column added later reaches the primed entity without touching this SQL). The creator
 * loader and a course card read it alike.
 */
export function creatorWithProfileJson(creator: string, profile: string): string {
  return `json_build_object('id', ${creator}.id, 'userId', ${creator}.user_id, 'followerCount', ${creator}.follower_count, 'createdAt', ${creator}.created_at,
    'profile', CASE WHEN ${profile}.user_id IS NULL THEN NULL ELSE to_jsonb(${profile}) END)`;
}

export interface CreatorJson {
  id: string;
  userId: string;
  followerCount: number;
  createdAt: string;
  profile: Record<string, unknown> | null;
}

export interface DecodedCreator {
  creator: CreatorEntity;
  profile: ProfileEntity | null;
}

/** A creator and profile from creatorWithProfileJson, not yet primed anywhere (a course card decodes once per version). */
export function decodeCreatorJson(db: DataSource, { profile, createdAt, ...creator }: CreatorJson): DecodedCreator {
  return {
    creator: Object.assign(new CreatorEntity(), creator, { createdAt: new Date(createdAt) }),
    profile: profile ? entityFromJsonRow(db, ProfileEntity, profile) : null,
  };
}

/** Primes identity's `profileByUserId` with the creator's profile; returns the creator. */
export function primeCreatorProfile(ctx: DomainContext, { creator, profile }: DecodedCreator): CreatorEntity {
  if (profile) ctx.loaders.get(profileByUserId).prime(creator.userId, profile);
  return creator;
}

/**
 * Creators with their profiles in one statement (a catalog card shows the
 * creator's name): each profile primes identity's `profileByUserId`.
 */
export const creatorById = defineLoader(
  (ctx) =>
    new RequestLoader<string, CreatorEntity | null>(async (ids) => {
      const rows: Array<{ creator: CreatorJson }> = await ctx.db.query(
        `SELECT ${creatorWithProfileJson('c', 'p')} AS creator FROM creators c LEFT JOIN profiles p ON p.user_id = c.user_id WHERE c.id = ANY($1::uuid[])`,
        [ids],
      );
      return oneByKey(
        rows.map((row) => primeCreatorProfile(ctx, decodeCreatorJson(ctx.db, row.creator))),
        ids,
        (c) => c.id,
      );
    }),
);

export const creatorByUserId = uniqueRowLoader(CreatorEntity, 'userId');

export const categoryById = uniqueRowLoader(CategoryEntity, 'id');

/**
 * A course's categories as plain rows (no TypeORM hydration: a catalog page
 * reads dozens), one statement per batch.
 */
export const categoriesByCourseId = defineLoader(
  (ctx) =>
    new RequestLoader<string, CategoryEntity[]>(async (courseIds) => {
      const rows: Array<CategoryEntity & { courseId: string }> = await ctx.db.query(
        `SELECT cc.course_id AS "courseId", c.id, c.slug, c.name, c.name_zh AS "nameZh", c.parent_id AS "parentId", c.position, c.archived_at AS "archivedAt"
         FROM categories c JOIN course_categories cc ON cc.category_id = c.id
        WHERE cc.course_id = ANY($1::uuid[]) ORDER BY c.position, c.name`,
        [courseIds],
      );
      return manyByKey(rows, courseIds, (row) => row.courseId).map((group) =>
        group.map(({ courseId: _courseId, ...category }) => Object.assign(new CategoryEntity(), category)),
      );
    }),
);

interface LessonOutlineJson {
  id: string;
  sectionId: string;
  courseId: string;
  title: string;
  kind: string;
  position: number;
  durationSeconds: number | null;
  isPreview: boolean;
  archivedAt: string | null;
  createdAt: string;
}

/**
 * Sections with their lesson outlines in one statement (a course page and a
 * catalog page show both): each section's lessons prime `lessonsBySectionId`,
 * so `sections { lessons { … } }` costs one statement, not two.
 */
export const sectionsByCourseId = defineLoader(
  (ctx) =>
    new RequestLoader<string, SectionEntity[]>(async (courseIds) => {
      const rows: Array<SectionEntity & { lessons: LessonOutlineJson[] }> = await ctx.db.query(
        `SELECT s.id, s.course_id AS "courseId", s.title, s.position, s.release_at AS "releaseAt", s.release_after_days AS "releaseAfterDays", s.created_at AS "createdAt",
              coalesce((SELECT json_agg(json_build_object('id', l.id, 'sectionId', l.section_id, 'courseId', l.course_id, 'title', l.title, 'kind', l.kind,
                          'position', l.position, 'durationSeconds', l.duration_seconds, 'isPreview', l.is_preview, 'archivedAt', l.archived_at, 'createdAt', l.created_at)
                          ORDER BY l.position, l.created_at) FROM lessons l WHERE l.section_id = s.id), '[]') AS lessons
         FROM sections s WHERE s.course_id = ANY($1::uuid[]) ORDER BY s.position, s.created_at`,
        [courseIds],
      );
      const lessons = ctx.loaders.get(lessonsBySectionId);
      const sections = rows.map(({ lessons: outline, ...section }) => {
        lessons.prime(
          section.id,
          outline.map((l) =>
            Object.assign(new LessonEntity(), l, { archivedAt: l.archivedAt ? new Date(l.archivedAt) : null, createdAt: new Date(l.createdAt) }),
          ),
        );
        return Object.assign(new SectionEntity(), section);
      });
      return manyByKey(sections, courseIds, (s) => s.courseId);
    }),
);

export const sectionById = uniqueRowLoader(SectionEntity, 'id');

/**
 * Lesson outlines without their content (bodies can be long; only
 * `Lesson.content` needs them). A catalog page loads hundreds of outlines, so
 * this reads plain rows instead of going through TypeORM's slower hydration.
 */
export const lessonsBySectionId = defineLoader(
  (ctx) =>
    new RequestLoader<string, LessonEntity[]>(async (sectionIds) => {
      const rows: LessonEntity[] = await ctx.db.query(
        `SELECT id, section_id AS "sectionId", course_id AS "courseId", title, kind, position, duration_seconds AS "durationSeconds",
              is_preview AS "isPreview", archived_at AS "archivedAt", created_at AS "createdAt"
         FROM lessons WHERE section_id = ANY($1::uuid[]) ORDER BY position, created_at`,
        [sectionIds],
      );
      return manyByKey(
        rows.map((row) => Object.assign(new LessonEntity(), row)),
        sectionIds,
        (l) => l.sectionId,
      );
    }),
);

export interface LessonBody {
  id: string;
  body: string | null;
  mediaUrl: string | null;
  removedAt: Date | null;
}

export const lessonContentById = defineLoader(
  (ctx) =>
    new RequestLoader<string, LessonBody | null>(async (ids) =>
      oneByKey(
        await ctx.db.getRepository(LessonEntity).find({ select: ['id', 'body', 'mediaUrl', 'removedAt'], where: { id: In([...ids]) } }),
        ids,
        (l) => l.id,
      ),
    ),
);

export const lessonById = uniqueRowLoader(LessonEntity, 'id');

/** What counts toward completion: the course's lessons that are not archived. */
export interface LessonTotals {
  courseId: string;
  lessonCount: number;
  totalDurationSeconds: number;
}

export const lessonTotalsByCourseId = defineLoader(
  (ctx) =>
    new RequestLoader<string, LessonTotals>(async (courseIds) => {
      const rows: LessonTotals[] = await ctx.db.query(
        `SELECT course_id AS "courseId", count(*)::int AS "lessonCount", coalesce(sum(duration_seconds), 0)::int AS "totalDurationSeconds"
         FROM lessons WHERE course_id = ANY($1::uuid[]) AND archived_at IS NULL GROUP BY course_id`,
        [courseIds],
      );
      return oneByKey(rows, courseIds, (r) => r.courseId).map((row, i) => row ?? { courseId: courseIds[i], lessonCount: 0, totalDurationSeconds: 0 });
    }),
);
