import type { EntityManager } from 'typeorm';
import { requireRole } from '../common/auth-checker';
import { alreadyExists, ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { connectionFrom, pageRequest } from '../common/pagination';
import { inTransaction, type Transaction } from '../kernel/transaction';
import { boundedText } from '../identity/identity.validation';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { categoryById } from './catalog.loaders';
import { CategoryEntity } from './category.entity';
import type { CreateCategoryInput, UpdateCategoryInput } from './category.types';
import { position as parsePosition } from './course-input';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function categorySlug(value: string, field: string[]): string {
  const slug = value.trim().toLowerCase();
  if (slug.length > 60 || !SLUG.test(slug))
    throw invalidInput('A slug is lowercase letters, digits and single hyphens ("data-science"), at most 60 characters.', field);
  return slug;
}

const categoryName = (value: string, field: string[]) => boundedText(value, field, { min: 1, max: 60 });

/** A parent must exist, be active and be top-level (one level of nesting); a category with children stays top-level. */
async function parentFor(manager: EntityManager, raw: string | null | undefined, self: string | null, field: string[]): Promise<string | null> {
  if (raw == null) return null;
  const id = idOfType(raw, 'Category');
  const parent = id ? await manager.getRepository(CategoryEntity).findOneBy({ id }) : null;
  if (!parent) throw notFound('No category with this ID.', field);
  if (parent.id === self) throw invalidInput('A category cannot be its own parent.', field);
  if (parent.parentId) throw invalidInput('Categories nest one level deep: pick a top-level parent.', field);
  if (parent.archivedAt) throw invalidInput('The parent is archived; restore it first.', field);
  if (self) {
    const [{ children }] = await manager.query(`SELECT count(*)::int AS children FROM categories WHERE parent_id = $1`, [self]);
    if (children > 0) throw invalidInput('This category has subcategories, so it stays top-level.', field);
  }
  return parent.id;
}

async function assertSlugFree(manager: EntityManager, slug: string, self: string | null, field: string[]): Promise<void> {
  const taken = await manager.query(`SELECT 1 FROM categories WHERE slug = $1 AND id IS DISTINCT FROM $2`, [slug, self]);
  if (taken.length) throw alreadyExists(`The slug "${slug}" is taken.`, field);
}

async function announce(ctx: DomainContext, tx: Transaction, categoryId: string, change: string, data: Record<string, unknown>): Promise<void> {
  await tx.emit({ type: 'CategoryChanged', categoryId, actorId: requireRole(ctx, Role.ADMIN).id, change, data });
}

/** Categories lock one table-wide advisory lock per change, so slugs and nesting checks cannot race. */
async function lockCategories(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('knowpay:categories'))`);
}

async function reloaded(ctx: DomainContext, id: string): Promise<CategoryEntity> {
  ctx.loaders.get(categoryById).clear(id);
  return ctx.db.getRepository(CategoryEntity).findOneByOrFail({ id });
}

export async function createCategory(ctx: DomainContext, input: CreateCategoryInput): Promise<CategoryEntity> {
  requireRole(ctx, Role.ADMIN);
  const slug = categorySlug(input.slug, ['input', 'slug']);
  const name = categoryName(input.nameEn, ['input', 'nameEn']);
  const nameZh = categoryName(input.nameZh, ['input', 'nameZh']);
  const requested = parsePosition(input.position, ['input', 'position']);
  const id = await inTransaction(ctx, async (tx) => {
    await lockCategories(tx.manager);
    await assertSlugFree(tx.manager, slug, null, ['input', 'slug']);
    const parentId = await parentFor(tx.manager, input.parentId, null, ['input', 'parentId']);
    const [{ next }] = await tx.manager.query(`SELECT coalesce(max(position), 0) + 1 AS next FROM categories WHERE parent_id IS NOT DISTINCT FROM $1`, [
      parentId,
    ]);
    const [{ id: created }] = await tx.manager.query(
      `INSERT INTO categories (slug, name, name_zh, parent_id, position) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [slug, name, nameZh, parentId, requested ?? next],
    );
    await announce(ctx, tx, created, 'create', { slug, nameEn: name, nameZh, parentId });
    return created as string;
  });
  return reloaded(ctx, id);
}

async function loadCategory(ctx: DomainContext, globalId: string, field: string[]): Promise<CategoryEntity> {
  requireRole(ctx, Role.ADMIN);
  const id = idOfType(globalId, 'Category');
  const category = id ? await ctx.db.getRepository(CategoryEntity).findOneBy({ id }) : null;
  if (!category) throw notFound('No category with this ID.', field);
  return category;
}

export async function updateCategory(ctx: DomainContext, input: UpdateCategoryInput): Promise<CategoryEntity> {
  const category = await loadCategory(ctx, input.id, ['input', 'id']);
  const changes: Partial<CategoryEntity> = {};
  if (input.slug != null) changes.slug = categorySlug(input.slug, ['input', 'slug']);
  if (input.nameEn != null) changes.name = categoryName(input.nameEn, ['input', 'nameEn']);
  if (input.nameZh != null) changes.nameZh = categoryName(input.nameZh, ['input', 'nameZh']);
  if (input.position != null) changes.position = parsePosition(input.position, ['input', 'position'])!;
  await inTransaction(ctx, async (tx) => {
    await lockCategories(tx.manager);
    if (changes.slug && changes.slug !== category.slug) await assertSlugFree(tx.manager, changes.slug, category.id, ['input', 'slug']);
    if (input.parentId !== undefined) changes.parentId = await parentFor(tx.manager, input.parentId, category.id, ['input', 'parentId']);
    // Moved under another parent (or to the top) without a position: it goes after its new siblings.
    if (changes.parentId !== undefined && changes.parentId !== category.parentId && changes.position === undefined) {
      const [{ next }] = await tx.manager.query(`SELECT coalesce(max(position), 0) + 1 AS next FROM categories WHERE parent_id IS NOT DISTINCT FROM $1`, [
        changes.parentId,
      ]);
      changes.position = next;
    }
    if (!Object.keys(changes).length) return;
    await tx.manager.query(`UPDATE categories SET updated_at = now() WHERE id = $1`, [category.id]);
    await tx.manager.getRepository(CategoryEntity).update({ id: category.id }, changes);
    await announce(ctx, tx, category.id, 'update', {
      slug: changes.slug ?? category.slug,
      fields: Object.keys(changes)
        .map((f) => (f === 'name' ? 'nameEn' : f))
        .sort(),
    });
  });
  return reloaded(ctx, category.id);
}

/**
 * Archived categories leave `categories` and take no new courses. A category
 * that courses still use, or with active subcategories, is not archived
 * (CONFLICT): move those courses first, so no course points at an archived one.
 */
export async function setCategoryArchived(ctx: DomainContext, globalId: string, archived: boolean): Promise<CategoryEntity> {
  const category = await loadCategory(ctx, globalId, ['id']);
  if ((category.archivedAt !== null) === archived) return category;
  await inTransaction(ctx, async (tx) => {
    await lockCategories(tx.manager);
    if (archived) {
      const [{ courses, children }] = await tx.manager.query(
        `SELECT (SELECT count(*)::int FROM course_categories WHERE category_id = $1) AS courses,
                (SELECT count(*)::int FROM categories WHERE parent_id = $1 AND archived_at IS NULL) AS children`,
        [category.id],
      );
      if (courses > 0)
        throw new UserFailure(
          ErrorCode.CONFLICT,
          `${courses} course${courses === 1 ? ' is' : 's are'} filed under this category; move ${courses === 1 ? 'it' : 'them'} to another one first.`,
          ['id'],
        );
      if (children > 0) throw new UserFailure(ErrorCode.CONFLICT, 'Archive its subcategories first.', ['id']);
    } else if (category.parentId) {
      const [parent] = await tx.manager.query(`SELECT archived_at FROM categories WHERE id = $1`, [category.parentId]);
      if (parent?.archived_at) throw new UserFailure(ErrorCode.CONFLICT, 'Its parent is archived; restore the parent first.', ['id']);
    }
    await tx.manager.query(`UPDATE categories SET archived_at = ${archived ? 'now()' : 'NULL'}, updated_at = now() WHERE id = $1`, [category.id]);
    await announce(ctx, tx, category.id, archived ? 'archive' : 'restore', { slug: category.slug });
  });
  return reloaded(ctx, category.id);
}

/** Storefront order: each top-level category (by position, then name) followed by its subcategories. */
const OUTLINE_ORDER = 'coalesce(p.position, c.position), coalesce(p.name, c.name), c.parent_id IS NOT NULL, c.position, c.name';
const CATEGORY_COLUMNS = 'c.id, c.slug, c.name, c.name_zh AS "nameZh", c.parent_id AS "parentId", c.position, c.archived_at AS "archivedAt"';

/** The public list: active categories in storefront order. */
export async function activeCategories(ctx: DomainContext): Promise<CategoryEntity[]> {
  const rows: CategoryEntity[] = await ctx.db.query(
    `SELECT ${CATEGORY_COLUMNS} FROM categories c LEFT JOIN categories p ON p.id = c.parent_id WHERE c.archived_at IS NULL ORDER BY ${OUTLINE_ORDER}`,
  );
  return rows.map((row) => Object.assign(new CategoryEntity(), row));
}

/** The admin panel's list: every category, archived ones too when asked, in storefront order. */
export async function categoryPage(ctx: DomainContext, first: number | null | undefined, after: string | null | undefined, includeArchived: boolean) {
  const page = pageRequest(first, after);
  const rows: Array<CategoryEntity & { totalCount: number }> = await ctx.db.query(
    `SELECT ${CATEGORY_COLUMNS}, count(*) OVER ()::int AS "totalCount"
       FROM categories c LEFT JOIN categories p ON p.id = c.parent_id
      WHERE $1 OR c.archived_at IS NULL
      ORDER BY ${OUTLINE_ORDER} OFFSET $2 LIMIT $3`,
    [includeArchived, page.offset, page.limit],
  );
  const totalCount =
    rows[0]?.totalCount ?? (await ctx.db.query(`SELECT count(*)::int AS n FROM categories WHERE $1 OR archived_at IS NULL`, [includeArchived]))[0].n;
  return connectionFrom(
    rows.map(({ totalCount: _, ...row }) => Object.assign(new CategoryEntity(), row)),
    totalCount,
    page,
  );
}
