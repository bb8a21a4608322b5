import type { DomainContext } from '../kernel/context';
import { entityFromAliasedRow, entityFromJsonRow } from '../db/row-loaders';
import {
  categoriesByCourseId,
  CREATOR_WITH_PROFILE_JSON,
  creatorById,
  creatorFromJson,
  CreatorJson,
  lessonsBySectionId,
  lessonTotalsByCourseId,
  sectionsByCourseId,
} from './catalog.loaders';
import { CategoryEntity } from './category.entity';
import { CourseEntity } from './course.entity';
import { LessonEntity, LessonKind } from './lesson.entity';
import { SectionEntity } from './section.entity';

/**
 * Course cards: everything a catalog page or a course page shows about a course, read in the same statement as the
 * course (a page of 20 courses is one statement, not one per kind of thing on it). Most of it is the read model
 * `course_cards` (migrations/1796650000000-CourseCards.ts: outline, categories, lesson totals, plans), kept current
 * by triggers in the writer's transaction; the creator and profile are read live beside it. Each part primes the
 * per-request loader that the field resolvers would otherwise call, with what that loader would have read.
 *
 * Domains above the catalog prime their part of the card (commerce: `p`, the membership plans behind a course's
 * offers) with `addCourseCardPart` when their module loads.
 */
export interface CourseCardPart {
  /** The part's key in `course_cards.card`. */
  key: string;
  prime(ctx: DomainContext, course: CourseEntity, value: unknown): void;
}

type LessonTuple = [string, string, LessonKind, number, number | null, boolean, string | null, string];
type SectionTuple = [string, string, number, string | null, number | null, string, LessonTuple[]];

const date = (value: string | null): Date | null => (value == null ? null : new Date(value));

const parts: CourseCardPart[] = [
  {
    key: 't',
    prime(ctx, course, value) {
      const [lessonCount, totalDurationSeconds] = value as [number, number];
      ctx.loaders.get(lessonTotalsByCourseId).prime(course.id, { courseId: course.id, lessonCount, totalDurationSeconds });
    },
  },
  {
    key: 'cat',
    prime(ctx, course, value) {
      const categories = (value as Array<Record<string, unknown>>).map((row) => entityFromJsonRow(ctx.db, CategoryEntity, row));
      ctx.loaders.get(categoriesByCourseId).prime(course.id, categories);
    },
  },
  {
    key: 's',
    prime(ctx, course, value) {
      const lessons = ctx.loaders.get(lessonsBySectionId);
      const sections = (value as SectionTuple[]).map(([id, title, position, releaseAt, releaseAfterDays, createdAt, outline]) => {
        lessons.prime(
          id,
          outline.map(([lessonId, lessonTitle, kind, lessonPosition, durationSeconds, isPreview, archivedAt, lessonCreatedAt]) =>
            Object.assign(new LessonEntity(), {
              id: lessonId,
              sectionId: id,
              courseId: course.id,
              title: lessonTitle,
              kind,
              position: lessonPosition,
              durationSeconds,
              isPreview,
              archivedAt: date(archivedAt),
              createdAt: new Date(lessonCreatedAt),
            }),
          ),
        );
        return Object.assign(new SectionEntity(), {
          id,
          courseId: course.id,
          title,
          position,
          releaseAt: date(releaseAt),
          releaseAfterDays,
          createdAt: new Date(createdAt),
        });
      });
      ctx.loaders.get(sectionsByCourseId).prime(course.id, sections);
    },
  },
];

export function addCourseCardPart(part: CourseCardPart): void {
  if (parts.some((p) => p.key === part.key)) throw new Error(`course card part ${part.key} is already defined`);
  parts.push(part);
}

/** The creator with their profile, read live beside the stored card. */
const CREATOR_JSON = `(SELECT ${CREATOR_WITH_PROFILE_JSON} FROM creators c LEFT JOIN profiles p ON p.user_id = c.user_id WHERE c.id = course.creator_id)`;

/** The card's columns and join, for a statement that reads `courses` as `course` (its default selection kept). */
export function withCourseCards<Q extends { addSelect(sql: string, alias: string): Q; leftJoin(table: string, alias: string, on: string): Q }>(qb: Q): Q {
  return qb
    .leftJoin('course_cards', 'stored_card', 'stored_card.course_id = course.id')
    .addSelect('stored_card.card', 'card_stored')
    .addSelect(CREATOR_JSON, 'card_creator');
}

/** Courses from rows of `withCourseCards`; each course and everything on its card primes this request's loaders. */
export function coursesFromCards(ctx: DomainContext, rows: Array<Record<string, unknown>>): CourseEntity[] {
  return rows.map((row) => {
    const course = entityFromAliasedRow(ctx.db, CourseEntity, 'course', row);
    const creator = row.card_creator as CreatorJson | null;
    if (creator) ctx.loaders.get(creatorById).prime(creator.id, creatorFromJson(ctx, creator));
    const card = row.card_stored as Record<string, unknown> | null;
    // Every course gets its card when inserted; were one missing, the loaders would read its parts instead.
    if (card) for (const part of parts) part.prime(ctx, course, card[part.key]);
    return course;
  });
}
