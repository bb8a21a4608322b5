import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';

@ObjectType({ implements: Node })
export class Enrollment extends Node {
  @Field(() => Int)
  lastPositionSeconds: number;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field()
  enrolledAt: Date;
}

export const EnrollmentConnection = ConnectionType(Enrollment, 'Enrollment');
