import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { courseById } from '../catalog/catalog.loaders';
import { Course, Lesson } from '../catalog/catalog.types';
import { canSeeCourse } from '../catalog/course-visibility';
import { CourseEntity } from '../catalog/course.entity';
import { LessonEntity } from '../catalog/lesson.entity';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import { userById } from '../identity/identity.loaders';
import { User } from '../identity/identity.types';
import { UserEntity } from '../identity/user.entity';
import { connectionFrom, pageRequest } from '../common/pagination';
import type { DomainContext } from '../kernel/context';
import { mayReadLessonThread } from './community-access';
import { commentById, replyCountByCommentId } from './comment.loaders';
import { CommentEntity } from './comment.entity';
import { commentPage, postComment } from './comment.service';
import { Comment, CommentConnection, CommentPayload, PostCommentInput } from './comment.types';

registerNodeType('Comment', CommentEntity, async (ctx, id) => {
  const comment = await ctx.loaders.get(commentById).load(id);
  const course = comment && (await ctx.loaders.get(courseById).load(comment.courseId));
  if (!comment || !course || !(await canSeeCourse(ctx, course))) return null;
  return !comment.lessonId || (await mayReadLessonThread(ctx, comment.lessonId)) ? comment : null;
});

@Resolver(() => Comment)
export class CommentResolver {
  @FieldResolver(() => User)
  async author(@Root() comment: CommentEntity, @Ctx() ctx: DomainContext): Promise<UserEntity> {
    return (await ctx.loaders.get(userById).load(comment.userId))!;
  }

  @FieldResolver(() => String)
  body(@Root() comment: CommentEntity): string {
    return comment.visibility === 'REMOVED' || comment.visibility === 'AUTHOR_BANNED' ? '' : comment.body;
  }

  @FieldResolver(() => Comment, { nullable: true })
  parent(@Root() comment: CommentEntity, @Ctx() ctx: DomainContext): Promise<CommentEntity | null> | null {
    return comment.parentId ? ctx.loaders.get(commentById).load(comment.parentId) : null;
  }

  @FieldResolver(() => Int)
  replyCount(@Root() comment: CommentEntity, @Ctx() ctx: DomainContext): Promise<number> {
    return ctx.loaders.get(replyCountByCommentId).load(comment.id);
  }

  @FieldResolver(() => CommentConnection, { description: 'Replies, oldest first.' })
  replies(
    @Root() comment: CommentEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return commentPage(ctx, { parentId: comment.id }, first, after);
  }

  @Authorized()
  @Mutation(() => CommentPayload, { description: 'Learners with access and the creator: comment on a course or lesson, or reply to a comment.' })
  postComment(@Arg('input') input: PostCommentInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => postComment(ctx, input),
      (comment) => ({ comment }),
    );
  }
}

@Resolver(() => Course)
export class CourseCommentsResolver {
  @FieldResolver(() => CommentConnection, { description: 'Top-level comments on the course itself, newest first.' })
  comments(
    @Root() course: CourseEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return commentPage(ctx, { courseId: course.id, lessonId: null }, first, after);
  }
}

@Resolver(() => Lesson)
export class LessonCommentsResolver {
  @FieldResolver(() => CommentConnection, { description: 'Top-level comments on this lesson, newest first; empty for viewers who may not open the lesson.' })
  async comments(
    @Root() lesson: LessonEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    if (!(await mayReadLessonThread(ctx, lesson.id))) return connectionFrom([], 0, pageRequest(first, after));
    return commentPage(ctx, { courseId: lesson.courseId, lessonId: lesson.id }, first, after);
  }
}
