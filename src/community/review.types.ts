import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';
import type { ReviewEntity } from './review.entity';

@ObjectType({ implements: Node })
export class Review extends Node {
  @Field(() => Int)
  stars: number;

  @Field(() => String, { nullable: true })
  body: string | null;

  @Field()
  createdAt: Date;
}

export const ReviewConnection = ConnectionType(Review, 'Review');

@InputType()
export class RateCourseInput {
  @Field(() => ID)
  courseId: string;

  @Field(() => Int, { description: '1 to 5.' })
  stars: number;

  @Field(() => String, { nullable: true })
  body?: string | null;
}

@ObjectType()
export class ReviewPayload {
  @Field(() => Review, { nullable: true })
  review?: ReviewEntity | null;

  @Field(() => [UserError])
  errors: UserError[];
}
