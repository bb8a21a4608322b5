import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';
import type { CommentEntity } from './comment.entity';

@ObjectType({ implements: Node })
export class Comment extends Node {
  @Field({ description: 'VISIBLE, PENDING_REVIEW or REMOVED; removed bodies are blanked.' })
  visibility: string;

  @Field()
  createdAt: Date;
}

export const CommentConnection = ConnectionType(Comment, 'Comment');

@InputType()
export class PostCommentInput {
  @Field(() => ID)
  courseId: string;

  @Field(() => ID, { nullable: true, description: 'Comment on one lesson of the course instead of the course itself.' })
  lessonId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Reply to this comment (same course and lesson).' })
  parentId?: string | null;

  @Field()
  body: string;
}

@ObjectType()
export class CommentPayload {
  @Field(() => Comment, { nullable: true })
  comment?: CommentEntity | null;

  @Field(() => [UserError])
  errors: UserError[];
}
