import { SelectQueryBuilder } from 'typeorm';
import { invalidInput } from '../common/errors';
import { idOfType } from '../common/global-id';
import { isSupportedCurrency } from '../common/money';
import { Connection, connectionFrom, PageRequest, pageRequest } from '../common/pagination';
import { badUserInput } from '../common/errors';
import type { DomainContext } from '../kernel/context';
import { preparedRows } from '../db/prepared-statements';
import { courseById } from './catalog.loaders';
import { coursesFromCards, withCourseCards } from './course-cards';
import { CourseFilter, CourseOrder } from './catalog.types';
import { CourseEntity, CourseStatus } from './course.entity';

export interface CoursePage {
  rows: CourseEntity[];
  totalCount: number;
}

export interface CourseScope {
  /** Restrict to one creator's courses. */
  creatorId?: string;
  /** Restrict to one category (and its children). */
  categoryId?: string;
  /** Include drafts and archived courses (the creator's own view). */
  includeUnpublished?: boolean;
  /** Exactly these statuses, suspended ones included (the admin panel's view); overrides includeUnpublished. */
  statuses?: CourseStatus[];
}

function statusCondition(scope: CourseScope): string {
  if (scope.statuses) return 'course.status IN (:...scopeStatuses)';
  return scope.includeUnpublished ? 'course.status <> :suspended' : 'course.status = :published';
}

const QUERY_MAX = 200;

/**
 * Catalog listing: filters, full-text relevance (English stems and Chinese
 * character grams, see the Foundation migration), orderings and one page
 * with its exact total, in one statement.
 */
export async function listCourses(
  ctx: DomainContext,
  page: PageRequest,
  filter: CourseFilter | null | undefined,
  orderBy: CourseOrder | null | undefined,
  scope: CourseScope = {},
): Promise<CoursePage> {
  const qb = ctx.db.getRepository(CourseEntity).createQueryBuilder('course');
  qb.where(statusCondition(scope), { published: CourseStatus.PUBLISHED, suspended: CourseStatus.SUSPENDED, scopeStatuses: scope.statuses });
  if (scope.creatorId) qb.andWhere('course.creator_id = :scopeCreator', { scopeCreator: scope.creatorId });
  if (scope.categoryId) qb.andWhere(inCategory('scopeCategory'), { scopeCategory: scope.categoryId });

  const searching = applyFilter(qb, filter);
  applyOrder(qb, orderBy ?? (searching ? CourseOrder.RELEVANCE : CourseOrder.POPULAR), searching);

  qb.offset(page.offset).limit(page.limit);
  const counting = qb.clone();
  const rows = await readCards(ctx, qb.addSelect('count(*) OVER ()', 'total_count'));
  const totalCount = rows.length ? Number(rows[0].total_count) : page.offset === 0 ? 0 : await counting.offset(undefined).limit(undefined).orderBy().getCount();
  return { rows: coursesFromCards(ctx, rows), totalCount };
}

/**
 * The query's courses with their cards (course-cards.ts), as one prepared statement: the query builder only writes
 * the SQL; rows are read plain, without TypeORM's hydration.
 */
async function readCards(ctx: DomainContext, qb: SelectQueryBuilder<CourseEntity>): Promise<Array<Record<string, unknown>>> {
  const [sql, parameters] = withCourseCards(qb).getQueryAndParameters();
  return preparedRows(ctx.db, sql, parameters);
}

/** One course by its slug, any status (the caller checks visibility), with its card: one statement; primes the course loader. */
export async function courseBySlug(ctx: DomainContext, slug: string): Promise<CourseEntity | null> {
  const qb = ctx.db.getRepository(CourseEntity).createQueryBuilder('course').where('course.slug = :slug', { slug });
  const course = coursesFromCards(ctx, await readCards(ctx, qb))[0] ?? null;
  if (course) ctx.loaders.get(courseById).prime(course.id, course);
  return course;
}

/** A page of courses as a Relay connection; the rows also prime the per-request course loader. */
export async function courseConnection(
  ctx: DomainContext,
  first: number | null | undefined,
  after: string | null | undefined,
  filter: CourseFilter | null | undefined,
  orderBy: CourseOrder | null | undefined,
  scope: CourseScope = {},
): Promise<Connection<CourseEntity>> {
  const page = pageRequest(first, after);
  const { rows, totalCount } = await listCourses(ctx, page, filter, orderBy, scope);
  for (const row of rows) ctx.loaders.get(courseById).prime(row.id, row);
  return connectionFrom(rows, totalCount, page);
}

function inCategory(param: string): string {
  return `course.id IN (SELECT cc.course_id FROM course_categories cc JOIN categories cat ON cat.id = cc.category_id WHERE cat.id = :${param} OR cat.parent_id = :${param})`;
}

/** Returns true when the filter carries a full-text query. */
function applyFilter(qb: SelectQueryBuilder<CourseEntity>, filter: CourseFilter | null | undefined): boolean {
  if (!filter) return false;
  let searching = false;
  if (filter.query != null && filter.query.trim() !== '') {
    if (filter.query.length > QUERY_MAX) throw badUserInput(`filter.query must be at most ${QUERY_MAX} characters.`, 'filter.query');
    qb.andWhere('course.search_vector @@ knowpay_search_query(:q)', { q: filter.query });
    searching = true;
  }
  if (filter.categorySlug != null) {
    qb.andWhere(
      `course.id IN (SELECT cc.course_id FROM course_categories cc JOIN categories cat ON cat.id = cc.category_id
      WHERE cat.slug = :categorySlug OR cat.parent_id = (SELECT id FROM categories WHERE slug = :categorySlug))`,
      { categorySlug: filter.categorySlug.trim().toLowerCase() },
    );
  }
  if (filter.creatorId != null) {
    const creatorId = idOfType(filter.creatorId, 'Creator');
    if (!creatorId) throw badUserInput('filter.creatorId is not a Creator ID.', 'filter.creatorId');
    qb.andWhere('course.creator_id = :creatorId', { creatorId });
  }
  if (filter.tags != null && filter.tags.length > 0) {
    if (filter.tags.length > 12) throw badUserInput('filter.tags takes at most 12 tags.', 'filter.tags');
    qb.andWhere('course.tags @> :tags', { tags: filter.tags.map((t) => t.trim().toLowerCase()) });
  }
  if (filter.freeOnly) qb.andWhere('course.price_amount IS NULL');
  if (filter.maxPrice != null) {
    const currency = filter.maxPrice.currency.toUpperCase();
    if (!isSupportedCurrency(currency) || !Number.isInteger(filter.maxPrice.amount) || filter.maxPrice.amount < 0) {
      throw badUserInput('filter.maxPrice needs a supported currency and a non-negative amount in minor units.', 'filter.maxPrice');
    }
    qb.andWhere('(course.price_amount IS NULL OR (course.price_currency = :maxCurrency AND course.price_amount <= :maxAmount))', {
      maxCurrency: currency,
      maxAmount: filter.maxPrice.amount,
    });
  }
  return searching;
}

function applyOrder(qb: SelectQueryBuilder<CourseEntity>, order: CourseOrder, searching: boolean): void {
  switch (order) {
    case CourseOrder.RELEVANCE:
      if (searching) {
        // Relevance first; popularity breaks ties between equally good matches.
        qb.addSelect('ts_rank_cd(course.search_vector, knowpay_search_query(:q), 1)', 'rank')
          .orderBy('rank', 'DESC')
          .addOrderBy('course.enrollment_count', 'DESC');
      } else {
        qb.orderBy('course.enrollment_count', 'DESC');
      }
      break;
    case CourseOrder.NEWEST:
      qb.orderBy('course.published_at', 'DESC', 'NULLS LAST').addOrderBy('course.created_at', 'DESC');
      break;
    case CourseOrder.POPULAR:
      qb.orderBy('course.enrollment_count', 'DESC');
      break;
    case CourseOrder.RATING:
      // Bayesian average: a course with two 5-star ratings does not outrank one with two hundred 4.8s.
      qb.addSelect('(course.rating_sum + 4.0 * 5) / (course.rating_count + 5)', 'bayesian_rating').orderBy('bayesian_rating', 'DESC');
      break;
    case CourseOrder.PRICE_ASC:
      qb.orderBy('coalesce(course.price_amount, 0)', 'ASC');
      break;
    case CourseOrder.PRICE_DESC:
      qb.orderBy('coalesce(course.price_amount, 0)', 'DESC');
      break;
    default:
      throw invalidInput('Unknown order.');
  }
  qb.addOrderBy('course.id', 'ASC');
}
