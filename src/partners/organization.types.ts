import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Node } from '../common/node';

@ObjectType({ implements: Node, description: 'An enterprise customer with a pool of seats; a seat is one person.' })
export class Organization extends Node {
  @Field()
  name: string;

  @Field(() => Int)
  seatsTotal: number;

  @Field(() => Int)
  seatsUsed: number;

  @Field()
  createdAt: Date;
}

@InputType()
export class CreateOrganizationInput {
  @Field()
  name: string;

  @Field(() => Int)
  seatsTotal: number;

  @Field(() => [ID])
  courseIds: string[];

  @Field(() => ID, { nullable: true, description: 'The reselling partner, when a partner sold the seats.' })
  partnerId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Emails of existing Knowpay users who may assign and revoke seats.' })
  adminEmails?: string[] | null;
}

@ObjectType()
export class OrganizationPayload {
  @Field(() => Organization, { nullable: true })
  organization?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@InputType()
export class AssignSeatInput {
  @Field(() => ID)
  organizationId: string;

  @Field()
  email: string;

  @Field(() => ID)
  courseId: string;
}
