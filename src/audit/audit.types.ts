import { Field, ObjectType } from 'type-graphql';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';

@ObjectType({ implements: Node })
export class AuditEntry extends Node {
  @Field({ description: 'e.g. moderation.resolve, refund.approve, course.publish.' })
  action: string;

  @Field()
  subjectType: string;

  @Field()
  at: Date;
}

export const AuditEntryConnection = ConnectionType(AuditEntry, 'AuditEntry');
