import type { DataSource } from 'typeorm';
import type { DomainContext } from '../kernel/context';
import { preparedRows } from '../db/prepared-statements';
import { entityFromAliasedRow, entityFromJsonRow } from '../db/row-loaders';
import {
  categoriesByCourseId,
  courseById,
  creatorWithProfileJson,
  creatorById,
  CreatorJson,
  DecodedCreator,
  decodeCreatorJson,
  lessonsBySectionId,
  lessonTotalsByCourseId,
  primeCreatorProfile,
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
 * by triggers in the writer's transaction; the creator and profile are read beside it. Each part primes the
 * per-request loader that the field resolvers would otherwise call, with what that loader would have read.
 *
 * A course is decoded into entities once per version (see CourseRowCache) and those entities are frozen and shared
 * by every request that shows that version: read paths only read them, and a write never starts from one (mutations
 * load what they change themselves; a frozen entity would throw at the first assignment).
 *
 * Domains above the catalog decode and prime their part of the card (commerce: `p`, the membership plans behind a
 * course's offers) with `addCourseCardPart` when their module loads.
 */
export interface CourseCardPart<D = unknown> {
  /** The part's key in `course_cards.card`. */
  key: string;
  /** The part's entities from its json, once per course version; deep-frozen and shared by the requests that show it. */
  decode(db: DataSource, course: CourseEntity, value: unknown): D;
  /** Primes this request's loaders with the decoded part. */
  prime(ctx: DomainContext, course: CourseEntity, decoded: D): void;
}

type LessonTuple = [string, string, LessonKind, number, number | null, boolean, string | null, string];
type SectionTuple = [string, string, number, string | null, number | null, string, LessonTuple[]];

const date = (value: string | null): Date | null => (value == null ? null : new Date(value));

const parts: CourseCardPart[] = [
  {
    key: 't',
    decode(_db, course, value) {
      const [lessonCount, totalDurationSeconds] = value as [number, number];
      return { courseId: course.id, lessonCount, totalDurationSeconds };
    },
    prime(ctx, course, totals) {
      ctx.loaders.get(lessonTotalsByCourseId).prime(course.id, totals as { courseId: string; lessonCount: number; totalDurationSeconds: number });
    },
  } satisfies CourseCardPart<{ courseId: string; lessonCount: number; totalDurationSeconds: number }>,
  {
    key: 'cat',
    decode: (db, _course, value) => (value as Array<Record<string, unknown>>).map((row) => entityFromJsonRow(db, CategoryEntity, row)),
    prime(ctx, course, categories) {
      ctx.loaders.get(categoriesByCourseId).prime(course.id, categories as CategoryEntity[]);
    },
  },
  {
    key: 's',
    decode(_db, course, value) {
      return (value as SectionTuple[]).map(([id, title, position, releaseAt, releaseAfterDays, createdAt, outline]) => ({
        section: Object.assign(new SectionEntity(), {
          id,
          courseId: course.id,
          title,
          position,
          releaseAt: date(releaseAt),
          releaseAfterDays,
          createdAt: new Date(createdAt),
        }),
        lessons: outline.map(([lessonId, lessonTitle, kind, lessonPosition, durationSeconds, isPreview, archivedAt, lessonCreatedAt]) =>
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
      }));
    },
    prime(ctx, course, decoded) {
      const outline = decoded as Array<{ section: SectionEntity; lessons: LessonEntity[] }>;
      const lessons = ctx.loaders.get(lessonsBySectionId);
      for (const { section, lessons: ofSection } of outline) lessons.prime(section.id, ofSection);
      ctx.loaders.get(sectionsByCourseId).prime(
        course.id,
        outline.map(({ section }) => section),
      );
    },
  },
];

export function addCourseCardPart<D>(part: CourseCardPart<D>): void {
  if (parts.some((p) => p.key === part.key)) throw new Error(`course card part ${part.key} is already defined`);
  parts.push(part as CourseCardPart);
}

/** What a decoded course is built from, beside `courses course`: its stored card, its creator and the creator's profile. */
export const CARD_JOINS = `LEFT JOIN course_cards stored_card ON stored_card.course_id = course.id
  LEFT JOIN creators card_creator ON card_creator.id = course.creator_id
  LEFT JOIN profiles card_profile ON card_profile.user_id = card_creator.user_id`;

/**
 * The version of a decoded course as of the statement that reads it: the row versions (`xmin`, the id of the
 * transaction that wrote the row version) of the four rows it is built from. Every committed write to any of them
 * makes a new row version with its writer's transaction id, so equal versions mean equal data (the same token EF
 * Core's Npgsql provider uses for optimistic concurrency).
 */
const CARD_VERSION = `course.xmin::text || '.' || coalesce(stored_card.xmin::text, '') || '.' || coalesce(card_creator.xmin::text, '') || '.' || coalesce(card_profile.xmin::text, '')`;

/** The select list of a statement that names the courses a read shows (`FROM courses course ${CARD_JOINS}`), for `coursesByCardKeys`. */
export const CARD_KEY = `course.id AS card_id, ${CARD_VERSION} AS card_version`;

export interface CardKey {
  card_id: string;
  card_version: string;
}

type CourseRow = Record<string, unknown>;

/** A course decoded from its row: frozen entities shared by every request that shows this version. */
interface DecodedCourse {
  course: CourseEntity;
  creator: DecodedCreator | null;
  parts: Array<[CourseCardPart, unknown]>;
}

/** Freezes an entity graph of plain objects and arrays (Dates are left as they are: nothing sets a Date in place). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function decodeCourse(db: DataSource, row: CourseRow): DecodedCourse {
  const course = deepFreeze(entityFromAliasedRow(db, CourseEntity, 'course', row));
  const creator = row.card_creator as CreatorJson | null;
  const card = row.card_stored as Record<string, unknown> | null;
  return Object.freeze({
    course,
    creator: creator ? deepFreeze(decodeCreatorJson(db, creator)) : null,
    // Every course gets its card when inserted; were one missing, the loaders would read its parts instead.
    parts: card ? parts.map((part): [CourseCardPart, unknown] => [part, deepFreeze(part.decode(db, course, card[part.key]))]) : [],
  });
}

/** Primes this request's loaders with a decoded course and everything on its card; returns the course. */
function primeCourse(ctx: DomainContext, { course, creator, parts: decoded }: DecodedCourse): CourseEntity {
  ctx.loaders.get(courseById).prime(course.id, course);
  if (creator) ctx.loaders.get(creatorById).prime(creator.creator.id, primeCreatorProfile(ctx, creator));
  for (const [part, value] of decoded) part.prime(ctx, course, value);
  return course;
}

/**
 * Decoded courses of this instance by course id, each valid for exactly one version. A read asks PostgreSQL for the
 * current versions in the statement that picks its courses, and only courses whose version changed (or that were
 * never read) are read again, so a decoded course is never older than what that statement saw. Entries expire after
 * MAX_AGE_MS as well: a transaction id could only repeat for the same row after about four billion transactions,
 * which no database runs in that time. Bounded by `courseRowCacheSize` (oldest first out).
 */
class CourseRowCache {
  static readonly MAX_AGE_MS = 10 * 60_000;
  private readonly courses = new Map<string, { version: string; decoded: DecodedCourse; at: number }>();

  constructor(private readonly max: number) {}

  get(id: string, version: string, now: number): DecodedCourse | undefined {
    const entry = this.courses.get(id);
    if (!entry || entry.version !== version || now - entry.at > CourseRowCache.MAX_AGE_MS) return undefined;
    return entry.decoded;
  }

  set(id: string, version: string, decoded: DecodedCourse, now: number): void {
    this.courses.delete(id);
    this.courses.set(id, { version, decoded, at: now });
    if (this.courses.size > this.max) this.courses.delete(this.courses.keys().next().value as string);
  }
}

/** One cache per database (a test process may run several servers); none when COURSE_ROW_CACHE_SIZE is 0. */
const caches = new WeakMap<DataSource, CourseRowCache | null>();

function cacheOf(ctx: DomainContext): CourseRowCache | null {
  let cache = caches.get(ctx.db);
  if (cache === undefined) {
    const size = ctx.config.courseRowCacheSize;
    caches.set(ctx.db, (cache = size > 0 ? new CourseRowCache(size) : null));
  }
  return cache;
}

const rowStatements = new WeakMap<DataSource, string>();

/** Whole course rows by id: every course column (as `course_<column>`), the stored card, the creator json and the version. */
function rowStatement(db: DataSource): string {
  let sql = rowStatements.get(db);
  if (!sql) {
    const columns = db
      .getMetadata(CourseEntity)
      .columns.filter((column) => !column.relationMetadata)
      .map((column) => `course.${column.databaseName} AS course_${column.databaseName}`);
    const creator = `CASE WHEN card_creator.id IS NULL THEN NULL ELSE ${creatorWithProfileJson('card_creator', 'card_profile')} END`;
    sql = `SELECT ${columns.join(', ')}, stored_card.card AS card_stored, ${creator} AS card_creator, ${CARD_VERSION} AS card_version
      FROM courses course ${CARD_JOINS} WHERE course.id = ANY($1::uuid[])`;
    rowStatements.set(db, sql);
  }
  return sql;
}

/**
 * The courses that `keys` name (rows of a statement selecting CARD_KEY), in their order: each from this instance's
 * decoded courses when its version is still current, the others read in one more statement. A course deleted between
 * the two statements is left out. Each course (the course loader) and everything on its card primes this request's
 * loaders.
 */
export async function coursesByCardKeys(ctx: DomainContext, keys: CardKey[]): Promise<CourseEntity[]> {
  const cache = cacheOf(ctx);
  const now = Date.now();
  const decoded = keys.map((key) => cache?.get(key.card_id, key.card_version, now));
  const missing = keys.filter((_, i) => decoded[i] === undefined).map((key) => key.card_id);
  if (missing.length > 0) {
    const read = new Map<string, DecodedCourse>();
    for (const row of await preparedRows<CourseRow>(ctx.db, rowStatement(ctx.db), [missing])) {
      const course = decodeCourse(ctx.db, row);
      read.set(course.course.id, course);
      cache?.set(course.course.id, row.card_version as string, course, now);
    }
    keys.forEach((key, i) => (decoded[i] ??= read.get(key.card_id)));
  }
  const courses: CourseEntity[] = [];
  for (const course of decoded) if (course) courses.push(primeCourse(ctx, course));
  return courses;
}

/**
 * The courses a condition on `courses course` picks (its values `$1`, `$2`, …), any status (the caller decides what to
 * show), through their cards: one statement when this instance has decoded them at their current versions.
 */
export async function coursesWhere(ctx: DomainContext, condition: string, parameters: unknown[]): Promise<CourseEntity[]> {
  return coursesByCardKeys(ctx, await preparedRows<CardKey>(ctx.db, `SELECT ${CARD_KEY} FROM courses course ${CARD_JOINS} WHERE ${condition}`, parameters));
}

/** Courses by id (see coursesWhere). */
export async function coursesByIds(ctx: DomainContext, ids: readonly string[]): Promise<Map<string, CourseEntity>> {
  const unique = [...new Set(ids)];
  const courses = unique.length ? await coursesWhere(ctx, 'course.id = ANY($1::uuid[])', [unique]) : [];
  return new Map(courses.map((course) => [course.id, course]));
}
