import { recordScreening, screenContent, type Screening } from '../kernel/screening';
import { requireVerifiedEmail } from '../identity/email-verification';
import { courseAuthorId } from './course-author';
import { randomBytes } from 'node:crypto';
import { EntityManager, In, IsNull } from 'typeorm';
import { ErrorCode, invalidInput, UserFailure } from '../common/errors';
import { requireUser } from '../common/auth-checker';
import { inTransaction } from '../kernel/transaction';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { courseById, creatorByUserId } from './catalog.loaders';
import { CategoryEntity } from './category.entity';
import type { CreateCourseInput, UpdateCourseInput } from './catalog.types';
import { loadCourseForEditing } from './course-editor';
import { announceCourseEdit } from './course-edits';
import { optionalUrl } from './lesson-input';
import { courseDescription, courseLanguage, coursePrice, courseSubtitle, courseTags, courseTitle, MAX_CATEGORIES, slugFromTitle } from './course-input';
import { CourseEntity, CourseStatus } from './course.entity';
import { CreatorEntity } from './creator.entity';

async function categoryIds(manager: EntityManager, slugs: string[] | null | undefined, field: string[]): Promise<string[] | null> {
  if (slugs == null) return null;
  const unique = [...new Set(slugs.map((s) => s.trim().toLowerCase()))];
  if (unique.length > MAX_CATEGORIES) throw invalidInput(`At most ${MAX_CATEGORIES} categories.`, field);
  // Archived categories take no courses: they count as unknown here.
  const found = await manager.getRepository(CategoryEntity).findBy({ slug: In(unique), archivedAt: IsNull() });
  const missing = unique.filter((slug) => !found.some((c) => c.slug === slug));
  if (missing.length) throw invalidInput(`Unknown or archived category ${missing.map((s) => `"${s}"`).join(', ')}; see the categories query.`, field);
  return found.map((c) => c.id);
}

async function setCategories(manager: EntityManager, courseId: string, ids: string[]): Promise<void> {
  await manager.query(`DELETE FROM course_categories WHERE course_id = $1`, [courseId]);
  if (ids.length) await manager.query(`INSERT INTO course_categories (course_id, category_id) SELECT $1, unnest($2::uuid[])`, [courseId, ids]);
}

/** A free slug: the title's, or with a short random suffix when taken or not latin. */
async function freeSlug(manager: EntityManager, title: string): Promise<string> {
  const base = slugFromTitle(title);
  if (base.length >= 3) {
    const taken = await manager.query(`SELECT 1 FROM courses WHERE slug = $1`, [base]);
    if (taken.length === 0) return base;
  }
  return `${base.length >= 3 ? base : 'course'}-${randomBytes(3).toString('hex')}`;
}

/** The caller's creator record, made on their first course (they become a CREATOR; only with a verified email address). */
async function ensureCreator(ctx: DomainContext, manager: EntityManager, userId: string): Promise<CreatorEntity> {
  const existing = await manager.getRepository(CreatorEntity).findOneBy({ userId });
  if (existing) return existing;
  await requireVerifiedEmail(ctx, userId, manager);
  await manager.query(`INSERT INTO creators (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, [userId]);
  await manager.query(`UPDATE users SET roles = array_append(roles, 'CREATOR') WHERE id = $1 AND NOT ('CREATOR' = ANY(roles))`, [userId]);
  return manager.getRepository(CreatorEntity).findOneByOrFail({ userId });
}

export async function createCourse(ctx: DomainContext, input: CreateCourseInput): Promise<CourseEntity> {
  const user = requireUser(ctx);
  const fields = {
    title: courseTitle(input.title, ['input', 'title']),
    subtitle: courseSubtitle(input.subtitle, ['input', 'subtitle']),
    description: courseDescription(input.description, ['input', 'description']),
    language: courseLanguage(input.language, ['input', 'language']),
    tags: courseTags(input.tags, ['input', 'tags']),
    coverUrl: optionalUrl(input.coverUrl, ['input', 'coverUrl']),
    certificateRequiresQuizPass: input.certificateRequiresQuizPass ?? false,
  };
  const price = coursePrice(input.price, ['input', 'price']);
  const course = await inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    const categories = await categoryIds(manager, input.categorySlugs, ['input', 'categorySlugs']);
    const creator = await ensureCreator(ctx, manager, user.id);
    const repository = manager.getRepository(CourseEntity);
    const created = await repository.save(
      repository.create({
        ...fields,
        slug: await freeSlug(manager, fields.title),
        creatorId: creator.id,
        status: CourseStatus.DRAFT,
        priceAmount: price?.amount ?? null,
        priceCurrency: price?.currency ?? null,
        ratingSum: 0,
        ratingCount: 0,
        enrollmentCount: 0,
      }),
    );
    if (categories) await setCategories(manager, created.id, categories);
    await announceCourseEdit(ctx, tx, {
      courseId: created.id,
      change: 'course.create',
      subjectType: 'Course',
      subjectId: created.id,
      data: { title: created.title },
    });
    return created;
  });
  if (!user.roles.includes(Role.CREATOR)) user.roles = [...user.roles, Role.CREATOR];
  ctx.loaders.get(creatorByUserId).clear(user.id);
  return course;
}

export async function updateCourse(ctx: DomainContext, input: UpdateCourseInput): Promise<CourseEntity> {
  const course = await loadCourseForEditing(ctx, input.id, ['input', 'id']);
  const changes: Partial<CourseEntity> = {};
  if (input.title != null) changes.title = courseTitle(input.title, ['input', 'title']);
  if (input.subtitle !== undefined) changes.subtitle = courseSubtitle(input.subtitle, ['input', 'subtitle']);
  if (input.description != null) changes.description = courseDescription(input.description, ['input', 'description']);
  if (input.tags != null) changes.tags = courseTags(input.tags, ['input', 'tags']);
  if (input.price != null) {
    const price = coursePrice(input.price, ['input', 'price'])!;
    changes.priceAmount = price.amount;
    changes.priceCurrency = price.currency;
  }
  if (input.coverUrl !== undefined) changes.coverUrl = optionalUrl(input.coverUrl, ['input', 'coverUrl']);
  if (input.certificateRequiresQuizPass != null) changes.certificateRequiresQuizPass = input.certificateRequiresQuizPass;
  // A live course's new text is screened now; a held change takes the course out of the catalog until a moderator approves it.
  const textChanged = changes.title !== undefined || changes.subtitle !== undefined || changes.description !== undefined;
  const screening =
    course.status === CourseStatus.PUBLISHED && textChanged
      ? await screenContent(ctx, {
          kind: 'COURSE',
          authorId: await courseAuthorId(ctx, course),
          subjectId: course.id,
          text: [changes.title ?? course.title, changes.subtitle ?? course.subtitle ?? '', changes.description ?? course.description].join('\n'),
        })
      : null;
  if (screening?.status === 'REJECTED') throw invalidInput(`This course text cannot be published: ${screening.reason}`, ['input', 'description']);
  await inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    const categories = await categoryIds(manager, input.categorySlugs, ['input', 'categorySlugs']);
    if (Object.keys(changes).length) await manager.getRepository(CourseEntity).update({ id: course.id }, changes);
    if (categories) await setCategories(manager, course.id, categories);
    if (screening?.status === 'HELD') {
      await manager.query(`UPDATE courses SET status = 'SUSPENDED', moderation_hold = 'HELD' WHERE id = $1 AND status = 'PUBLISHED'`, [course.id]);
    }
    if (screening) await recordScreening(tx, screening, course.id);
    const fields = [...Object.keys(changes), ...(categories ? ['categories'] : [])].sort();
    // Dropping the quiz requirement can complete learners who finished every lesson; learning settles that.
    const loosened = changes.certificateRequiresQuizPass === false && course.certificateRequiresQuizPass;
    if (fields.length) {
      await announceCourseEdit(ctx, tx, {
        courseId: course.id,
        change: 'course.update',
        subjectType: 'Course',
        subjectId: course.id,
        data: { title: changes.title ?? course.title, fields, ...(screening ? { screening: screening.status } : {}) },
        curriculumChanged: loosened,
      });
    }
  });
  return reloaded(ctx, course.id);
}

async function reloaded(ctx: DomainContext, id: string): Promise<CourseEntity> {
  ctx.loaders.get(courseById).clear(id);
  return ctx.db.getRepository(CourseEntity).findOneByOrFail({ id });
}

export async function publishCourse(ctx: DomainContext, courseGlobalId: string): Promise<CourseEntity> {
  const course = await loadCourseForEditing(ctx, courseGlobalId, ['id']);
  if (course.status === CourseStatus.SUSPENDED)
    throw new UserFailure(ErrorCode.CONFLICT, 'This course is suspended by moderation and cannot be published.', ['id']);
  if (course.status === CourseStatus.PUBLISHED) return course;
  const [{ lessons }] = await ctx.db.query(`SELECT count(*)::int AS lessons FROM lessons WHERE course_id = $1`, [course.id]);
  if (lessons === 0) throw invalidInput('Add at least one section with a lesson before publishing.', ['id']);
  const screening = await screenCourseText(ctx, course);
  if (screening.status === 'REJECTED') throw invalidInput(`This course cannot be published: ${screening.reason}`, ['id']);
  await inTransaction(ctx, async (tx) => {
    // A held course waits SUSPENDED (hold HELD), visible to its creator, until a moderator approves it.
    const held = screening.status === 'HELD';
    await tx.manager.query(
      `UPDATE courses SET status = $2, moderation_hold = $3, published_at = CASE WHEN $2 = 'PUBLISHED' THEN coalesce(published_at, now()) ELSE published_at END,
         updated_at = now() WHERE id = $1 AND status IN ('DRAFT', 'ARCHIVED')`,
      [course.id, held ? CourseStatus.SUSPENDED : CourseStatus.PUBLISHED, held ? 'HELD' : null],
    );
    await recordScreening(tx, screening, course.id);
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: 'course.publish',
      subjectType: 'Course',
      subjectId: course.id,
      data: { title: course.title, screening: screening.status },
    });
  });
  return reloaded(ctx, course.id);
}

/**
 * The course's own text and every lesson's, screened together at publish:
 * the worst of them decides, and the case (kind COURSE) shows that text.
 */
async function screenCourseText(ctx: DomainContext, course: CourseEntity): Promise<Screening> {
  const lessonTexts: Array<{ text: string }> = await ctx.db.query(
    `SELECT title || E'\n' || coalesce(body, '') AS text FROM lessons WHERE course_id = $1 AND removed_at IS NULL ORDER BY position`,
    [course.id],
  );
  const texts = [[course.title, course.subtitle ?? '', course.description].join('\n'), ...lessonTexts.map((l) => l.text)];
  const authorId = await courseAuthorId(ctx, course);
  const screenings = await Promise.all(texts.map((text) => screenContent(ctx, { kind: 'COURSE', authorId, text, subjectId: course.id })));
  return screenings.reduce((worst, next) => (next.badScore > worst.badScore || (next.needsReview && !worst.needsReview) ? next : worst));
}

export async function archiveCourse(ctx: DomainContext, courseGlobalId: string): Promise<CourseEntity> {
  const course = await loadCourseForEditing(ctx, courseGlobalId, ['id']);
  if (course.status === CourseStatus.SUSPENDED)
    throw new UserFailure(ErrorCode.CONFLICT, 'This course is suspended by moderation; it cannot be archived.', ['id']);
  await inTransaction(ctx, async (tx) => {
    const [, changed]: [unknown, number] = await tx.manager.query(
      `UPDATE courses SET status = 'ARCHIVED', updated_at = now() WHERE id = $1 AND status IN ('DRAFT', 'PUBLISHED')`,
      [course.id],
    );
    if (changed)
      await announceCourseEdit(ctx, tx, {
        courseId: course.id,
        change: 'course.archive',
        subjectType: 'Course',
        subjectId: course.id,
        data: { title: course.title },
      });
  });
  return reloaded(ctx, course.id);
}
