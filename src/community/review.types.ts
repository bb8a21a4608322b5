import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';

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
