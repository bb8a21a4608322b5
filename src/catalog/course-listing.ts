import { invalidInput } from '../common/errors';
import { idOfType } from '../common/global-id';
import { isSupportedCurrency } from '../common/money';
import { Connection, connectionFrom, PageRequest, pageRequest } from '../common/pagination';
import { badUserInput } from '../common/errors';
import type { DomainContext } from '../kernel/context';
import { preparedRows } from '../db/prepared-statements';
import { CARD_JOINS, CARD_KEY, CardKey, coursesByCardKeys, coursesWhere } from './course-cards';
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

const QUERY_MAX = 200;

/**
 * A listing's SQL, written plainly: its values are numbered parameters (page size and offset included), so each
 * shape of listing (filters present, order) is one prepared statement text, planned once per connection.
 */
class ListingSql {
  readonly where: string[] = [];
  readonly params: unknown[] = [];
  readonly select: string[] = [];
  order = '';

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

function scopeConditions(sql: ListingSql, scope: CourseScope): void {
  if (scope.statuses) sql.where.push(`course.status = ANY(${sql.param(scope.statuses)}::text[])`);
  else if (scope.includeUnpublished) sql.where.push(`course.status <> ${sql.param(CourseStatus.SUSPENDED)}`);
  else sql.where.push(`course.status = ${sql.param(CourseStatus.PUBLISHED)}`);
  if (scope.creatorId) sql.where.push(`course.creator_id = ${sql.param(scope.creatorId)}`);
  if (scope.categoryId) {
    const category = sql.param(scope.categoryId);
    sql.where.push(
      `course.id IN (SELECT cc.course_id FROM course_categories cc JOIN categories cat ON cat.id = cc.category_id WHERE cat.id = ${category} OR cat.parent_id = ${category})`,
    );
  }
}

/**
 * Catalog listing: filters, full-text relevance (English stems and Chinese
 * character grams, see the Foundation migration), orderings and one page
 * with its exact total. One statement names the page's courses and their
 * versions; their decoded rows come from course-cards.ts (one more statement
 * only for courses this instance has not read at their current version).
 */
export async function listCourses(
  ctx: DomainContext,
  page: PageRequest,
  filter: CourseFilter | null | undefined,
  orderBy: CourseOrder | null | undefined,
  scope: CourseScope = {},
): Promise<CoursePage> {
  const sql = new ListingSql();
  scopeConditions(sql, scope);
  const searchQuery = applyFilter(sql, filter);
  applyOrder(sql, orderBy ?? (searchQuery ? CourseOrder.RELEVANCE : CourseOrder.POPULAR), searchQuery);
  const where = sql.where.join(' AND ');
  const text = `SELECT ${CARD_KEY}, count(*) OVER () AS total_count${sql.select.map((column) => `, ${column}`).join('')}
    FROM courses course ${CARD_JOINS} WHERE ${where} ORDER BY ${sql.order}
    LIMIT ${sql.param(page.limit)} OFFSET ${sql.param(page.offset)}`;
  const keys = await preparedRows<CardKey & { total_count: string }>(ctx.db, text, sql.params);
  let totalCount = keys.length ? Number(keys[0].total_count) : 0;
  if (!keys.length && page.offset > 0) {
    // Past the end: the total still counts the listing (its parameters are the page's, less limit and offset).
    const [{ count }] = await preparedRows<{ count: string }>(ctx.db, `SELECT count(*) AS count FROM courses course WHERE ${where}`, sql.params.slice(0, -2));
    totalCount = Number(count);
  }
  return { rows: await coursesByCardKeys(ctx, keys), totalCount };
}

/** One course by its slug, any status (the caller checks visibility), with its card; primes the course loader. */
export async function courseBySlug(ctx: DomainContext, slug: string): Promise<CourseEntity | null> {
  return (await coursesWhere(ctx, 'course.slug = $1', [slug]))[0] ?? null;
}

/** A page of courses as a Relay connection; the rows also prime the per-request course loader (course-cards.ts). */
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
  return connectionFrom(rows, totalCount, page);
}

/** Returns the full-text query's parameter when the filter carries one. */
function applyFilter(sql: ListingSql, filter: CourseFilter | null | undefined): string | null {
  if (!filter) return null;
  let searchQuery: string | null = null;
  if (filter.query != null && filter.query.trim() !== '') {
    if (filter.query.length > QUERY_MAX) throw badUserInput(`filter.query must be at most ${QUERY_MAX} characters.`, 'filter.query');
    searchQuery = sql.param(filter.query);
    sql.where.push(`course.search_vector @@ knowpay_search_query(${searchQuery})`);
  }
  if (filter.categorySlug != null) {
    const slug = sql.param(filter.categorySlug.trim().toLowerCase());
    sql.where.push(
      `course.id IN (SELECT cc.course_id FROM course_categories cc JOIN categories cat ON cat.id = cc.category_id
      WHERE cat.slug = ${slug} OR cat.parent_id = (SELECT id FROM categories WHERE slug = ${slug}))`,
    );
  }
  if (filter.creatorId != null) {
    const creatorId = idOfType(filter.creatorId, 'Creator');
    if (!creatorId) throw badUserInput('filter.creatorId is not a Creator ID.', 'filter.creatorId');
    sql.where.push(`course.creator_id = ${sql.param(creatorId)}`);
  }
  if (filter.tags != null && filter.tags.length > 0) {
    if (filter.tags.length > 12) throw badUserInput('filter.tags takes at most 12 tags.', 'filter.tags');
    sql.where.push(`course.tags @> ${sql.param(filter.tags.map((t) => t.trim().toLowerCase()))}::text[]`);
  }
  if (filter.freeOnly) sql.where.push('course.price_amount IS NULL');
  if (filter.maxPrice != null) {
    const currency = filter.maxPrice.currency.toUpperCase();
    if (!isSupportedCurrency(currency) || !Number.isInteger(filter.maxPrice.amount) || filter.maxPrice.amount < 0) {
      throw badUserInput('filter.maxPrice needs a supported currency and a non-negative amount in minor units.', 'filter.maxPrice');
    }
    sql.where.push(
      `(course.price_amount IS NULL OR (course.price_currency = ${sql.param(currency)} AND course.price_amount <= ${sql.param(filter.maxPrice.amount)}))`,
    );
  }
  return searchQuery;
}

function applyOrder(sql: ListingSql, order: CourseOrder, searchQuery: string | null): void {
  switch (order) {
    case CourseOrder.RELEVANCE:
      if (searchQuery) {
        // Relevance first; popularity breaks ties between equally good matches.
        sql.select.push(`ts_rank_cd(course.search_vector, knowpay_search_query(${searchQuery}), 1) AS rank`);
        sql.order = 'rank DESC, course.enrollment_count DESC';
      } else {
        sql.order = 'course.enrollment_count DESC';
      }
      break;
    case CourseOrder.NEWEST:
      sql.order = 'course.published_at DESC NULLS LAST, course.created_at DESC';
      break;
    case CourseOrder.POPULAR:
      sql.order = 'course.enrollment_count DESC';
      break;
    case CourseOrder.RATING:
      // Bayesian average: a course with two 5-star ratings does not outrank one with two hundred 4.8s.
      sql.order = '(course.rating_sum + 4.0 * 5) / (course.rating_count + 5) DESC';
      break;
    case CourseOrder.PRICE_ASC:
      sql.order = 'coalesce(course.price_amount, 0) ASC';
      break;
    case CourseOrder.PRICE_DESC:
      sql.order = 'coalesce(course.price_amount, 0) DESC';
      break;
    default:
      throw invalidInput('Unknown order.');
  }
  sql.order += ', course.id ASC';
}
