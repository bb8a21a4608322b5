import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';

/** The answer of account requests that return nothing but success (mail was queued, a link was followed). */
@ObjectType()
export class AccountActionPayload {
  @Field({ description: 'True when the request was taken; false with errors.' })
  ok: boolean;

  @Field(() => [UserError])
  errors: UserError[];
}
