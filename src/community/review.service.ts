import { EntityManager } from 'typeorm';
import { courseById } from '../catalog/catalog.loaders';
import { courseAccess } from '../learning/course-access.service';
import { requireUser } from '../common/auth-checker';
import { ErrorCode, invalidInput, UserFailure } from '../common/errors';
import { inTransaction } from '../kernel/transaction';
import type { DomainContext } from '../kernel/context';
import { assertCommunityMember, loadVisibleCourse } from './community-access';
import { acceptText } from './community-text';
import { RateCourseInput } from './review.types';
import { ReviewEntity, Visibility } from './review.entity';
import { recordScreening } from '../kernel/screening';

const REVIEW_BODY_MAX = 5000;

/** A review's weight in its course's rating: only visible reviews count. */
export interface RatingShare {
  stars: number;
  visibility: string;
}

/**
 * Moves courses.rating_sum/rating_count from one review state to the next
 * (null = no review) with one atomic UPDATE, inside the caller's transaction.
 * Moderation calls this too when it hides or restores a review.
 */
export async function adjustCourseRating(manager: EntityManager, courseId: string, before: RatingShare | null, after: RatingShare | null): Promise<void> {
  const counted = (share: RatingShare | null) => (share && share.visibility === Visibility.VISIBLE ? share : null);
  const sumDelta = (counted(after)?.stars ?? 0) - (counted(before)?.stars ?? 0);
  const countDelta = (counted(after) ? 1 : 0) - (counted(before) ? 1 : 0);
  if (sumDelta === 0 && countDelta === 0) return;
  await manager.query(`UPDATE courses SET rating_sum = rating_sum + $2, rating_count = rating_count + $3 WHERE id = $1`, [courseId, sumDelta, countDelta]);
}

/** One review per learner and course: the first call creates it, later calls replace stars and text. */
export async function rateCourse(ctx: DomainContext, input: RateCourseInput): Promise<ReviewEntity> {
  const user = requireUser(ctx);
  const course = await loadVisibleCourse(ctx, input.courseId, ['input', 'courseId']);
  await assertCommunityMember(ctx, course, ['input', 'courseId']);
  if ((await courseAccess(ctx, course)) === 'CREATOR')
    throw new UserFailure(ErrorCode.NOT_ENTITLED, 'Creators cannot rate their own course.', ['input', 'courseId']);
  if (!Number.isInteger(input.stars) || input.stars < 1 || input.stars > 5) throw invalidInput('Stars must be a whole number from 1 to 5.', ['input', 'stars']);
  const text =
    input.body == null || input.body.trim() === ''
      ? null
      : await acceptText(
          ctx,
          { kind: 'REVIEW', authorId: user.id, text: input.body, subjectId: course.id },
          { field: ['input', 'body'], max: REVIEW_BODY_MAX },
        );
  const next: RatingShare & { body: string | null } = { stars: input.stars, body: text?.body ?? null, visibility: text?.visibility ?? Visibility.VISIBLE };

  const reviewId = await inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    // The course's rating moves (or may): pages showing it are stale once this commits.
    await tx.emit({ type: 'CourseChanged', courseId: course.id });
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO reviews (course_id, user_id, stars, body, visibility) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (course_id, user_id) DO NOTHING RETURNING id`,
      [course.id, user.id, next.stars, next.body, next.visibility],
    );
    if (inserted.length) {
      await adjustCourseRating(manager, course.id, null, next);
      if (text) await recordScreening(tx, text.screening, inserted[0].id);
      return inserted[0].id;
    }
    const [previous]: Array<RatingShare & { id: string }> = await manager.query(
      `SELECT id, stars, visibility FROM reviews WHERE course_id = $1 AND user_id = $2 FOR UPDATE`,
      [course.id, user.id],
    );
    // A review a moderator removed stays removed; the learner may still change its stars and text.
    const visibility = previous.visibility === Visibility.REMOVED ? Visibility.REMOVED : next.visibility;
    await manager.query(`UPDATE reviews SET stars = $2, body = $3, visibility = $4, updated_at = now() WHERE id = $1`, [
      previous.id,
      next.stars,
      next.body,
      visibility,
    ]);
    await adjustCourseRating(manager, course.id, previous, { stars: next.stars, visibility });
    if (text && visibility !== Visibility.REMOVED) await recordScreening(tx, text.screening, previous.id);
    return previous.id;
  });
  ctx.loaders.get(courseById).clear(course.id);
  return ctx.db.getRepository(ReviewEntity).findOneByOrFail({ id: reviewId });
}
