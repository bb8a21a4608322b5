import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Order } from '../commerce/commerce.types';
import { UserError } from '../common/errors';
import { Node } from '../common/node';

@ObjectType({ implements: Node, description: 'An enterprise customer with a pool of seats; a seat is one person.' })
export class Organization extends Node {
  @Field()
  name: string;

  @Field(() => Int, { description: 'Seats bought (every pack, less refunded seats); assignments never exceed it.' })
  seatsTotal: number;

  @Field(() => Int)
  seatsUsed: number;

  @Field()
  createdAt: Date;
}

@InputType()
export class BuySeatsInput {
  @Field(() => ID)
  organizationId: string;

  @Field(() => Int, { description: 'Seats in this pack; a seat opens every course of the organization.' })
  seats: number;

  @Field({ description: 'Retries with the same key return the same pack.' })
  idempotencyKey: string;
}

@ObjectType()
export class SeatPackPayload {
  @Field(() => Organization, { nullable: true })
  organization?: object | null;

  @Field(() => Order, {
    nullable: true,
    description:
      "The pack: one line per course, quantity = seats, at the partner's wholesale price (list price for organizations without a partner); PAID at once.",
  })
  order?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@InputType()
export class CreateOrganizationInput {
  @Field()
  name: string;

  @Field(() => Int, { description: 'Seats to buy now, as the first pack (0: none yet; buySeats adds packs).' })
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
