import { lessonById } from '../catalog/catalog.loaders';
import { requireUser } from '../common/auth-checker';
import { notFound } from '../common/errors';
import { idOfType } from '../common/global-id';
import { connectionFrom, pageRequest } from '../common/pagination';
import type { DomainContext } from '../kernel/context';
import { commentById, replyCountByCommentId } from './comment.loaders';
import { CommentEntity } from './comment.entity';
import { PostCommentInput } from './comment.types';
import { assertCommunityMember, loadVisibleCourse, threadShownTo } from './community-access';
import { acceptText } from './community-text';
import { inTransaction } from '../kernel/transaction';
import { recordScreening } from '../kernel/screening';

const COMMENT_BODY_MAX = 5000;

/** Learners with access (and the creator) comment on a course or one of its lessons, or reply in a thread. */
export async function postComment(ctx: DomainContext, input: PostCommentInput): Promise<CommentEntity> {
  const user = requireUser(ctx);
  const course = await loadVisibleCourse(ctx, input.courseId, ['input', 'courseId']);
  let lessonId: string | null = null;
  if (input.lessonId != null) {
    const id = idOfType(input.lessonId, 'Lesson');
    const lesson = id ? await ctx.loaders.get(lessonById).load(id) : null;
    if (!lesson || lesson.courseId !== course.id) throw notFound('No lesson with this ID in this course.', ['input', 'lessonId']);
    lessonId = lesson.id;
  }
  let parentId: string | null = null;
  if (input.parentId != null) {
    const id = idOfType(input.parentId, 'Comment');
    const parent = id ? await ctx.loaders.get(commentById).load(id) : null;
    if (!parent || parent.courseId !== course.id || parent.lessonId !== lessonId) {
      throw notFound('No comment with this ID on this course or lesson.', ['input', 'parentId']);
    }
    parentId = parent.id;
  }
  await assertCommunityMember(ctx, course, ['input', 'courseId']);
  const { body, visibility, screening } = await acceptText(
    ctx,
    { kind: 'COMMENT', authorId: user.id, text: input.body, subjectId: course.id },
    { field: ['input', 'body'], max: COMMENT_BODY_MAX },
  );
  const id = await inTransaction(ctx, async (tx) => {
    const { identifiers } = await tx.manager
      .getRepository(CommentEntity)
      .insert({ courseId: course.id, lessonId, parentId, userId: user.id, body, visibility });
    const inserted = identifiers[0].id as string;
    await recordScreening(tx, screening, inserted);
    return inserted;
  });
  if (parentId) ctx.loaders.get(replyCountByCommentId).clear(parentId);
  return ctx.db.getRepository(CommentEntity).findOneByOrFail({ id });
}

/**
 * One page of a thread: top-level comments of a course or lesson (newest
 * first) or the replies to a comment (oldest first, as a conversation reads).
 */
export async function commentPage(
  ctx: DomainContext,
  scope: { courseId: string; lessonId: string | null } | { parentId: string },
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const page = pageRequest(first, after);
  const query = ctx.db
    .getRepository(CommentEntity)
    .createQueryBuilder('c')
    .where(threadShownTo(':viewer', 'c.'), { viewer: ctx.user?.id ?? null });
  if ('parentId' in scope) {
    query.andWhere('c.parent_id = :parentId', { parentId: scope.parentId }).orderBy('c.created_at', 'ASC');
  } else {
    query
      .andWhere('c.course_id = :courseId AND c.parent_id IS NULL', { courseId: scope.courseId })
      .andWhere(scope.lessonId ? 'c.lesson_id = :lessonId' : 'c.lesson_id IS NULL', { lessonId: scope.lessonId })
      .orderBy('c.created_at', 'DESC');
  }
  const [rows, totalCount] = await query.addOrderBy('c.id', 'ASC').skip(page.offset).take(page.limit).getManyAndCount();
  return connectionFrom(rows, totalCount, page);
}
