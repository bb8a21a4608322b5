import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Order } from '../commerce/commerce.types';
import { UserError } from '../common/errors';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';
import { Enrollment } from '../learning/enrollment.types';

@ObjectType({ implements: Node, description: 'A platform that resells Knowpay courses.' })
export class Partner extends Node {
  @Field()
  name: string;

  @Field()
  createdAt: Date;
}

export const PartnerConnection = ConnectionType(Partner, 'Partner');

@ObjectType({ description: 'A partner API key. The secret itself is shown once, in ApiKeyPayload.secret.' })
export class ApiKey {
  @Field()
  label: string;

  @Field({ description: 'First characters only; the secret is shown once at creation.' })
  prefix: string;

  @Field(() => [String])
  scopes: string[];

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
}

@ObjectType()
export class ApiKeyPayload {
  @Field(() => ApiKey, { nullable: true })
  apiKey?: object | null;

  @Field(() => String, { nullable: true, description: 'The full secret, returned only here.' })
  secret?: string | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@InputType()
export class CreateApiKeyInput {
  @Field()
  label: string;

  @Field(() => [String], { description: 'Any of catalog:read, sales:write, seats:write, webhooks:write.' })
  scopes: string[];

  @Field(() => ID, { nullable: true, description: 'Admins: the partner the key is for. Partner members: defaults to their own partner.' })
  partnerId?: string | null;
}

@ObjectType()
export class PartnerPayload {
  @Field(() => Partner, { nullable: true })
  partner?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@InputType()
export class PartnerSaleInput {
  @Field(() => ID)
  courseId: string;

  @Field({ description: "The partner's own id for its customer." })
  externalCustomerRef: string;

  @Field()
  email: string;

  @Field()
  idempotencyKey: string;
}

@ObjectType()
export class PartnerSalePayload {
  @Field(() => Order, { nullable: true })
  order?: object | null;

  @Field(() => Enrollment, { nullable: true })
  enrollment?: object | null;

  @Field(() => String, {
    nullable: true,
    description:
      'For a customer new to Knowpay: a one-time token to pass on to them, redeemed with acceptInvitation(token, password) to ' +
      'choose their password. Null when the customer already had an account, and on idempotent replays.',
  })
  invitationToken?: string | null;

  @Field(() => [UserError])
  errors: UserError[];
}
