import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../common/errors';
import { MoneyInput } from '../common/money';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';
import { RefundStatus } from './refund.entity';

registerEnumType(RefundStatus, {
  name: 'RefundStatus',
  description: 'REQUESTED → APPROVED → PROCESSING → SETTLED (paid back) | FAILED; or REQUESTED → REJECTED.',
  valuesConfig: {
    PROCESSING: { description: 'Approved; the payment provider is being asked to pay it back (a durable job, retried with one idempotency key).' },
    SETTLED: { description: 'Paid back: the order, the ledger and access reflect it.' },
    FAILED: { description: 'The provider refused it or every attempt failed; see Refund.processing. It no longer blocks another refund of the order.' },
  },
});

@ObjectType({ description: 'How a refund is being paid back at the provider (admins).' })
export class RefundProcessing {
  @Field(() => String, { nullable: true, description: "The provider's refund id once it accepted the refund." })
  providerReference: string | null;

  @Field(() => String, { nullable: true, description: 'The idempotency key sent with every attempt, so the money goes back once.' })
  idempotencyKey: string | null;

  @Field(() => Int)
  attempts: number;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true, description: 'While PROCESSING without a provider reference: when the next attempt runs.' })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  settledAt: Date | null;

  @Field(() => Date, { nullable: true })
  failedAt: Date | null;
}

@ObjectType({ implements: Node })
export class Refund extends Node {
  @Field()
  reason: string;

  @Field(() => RefundStatus)
  status: RefundStatus;

  @Field()
  createdAt: Date;
}

export const RefundConnection = ConnectionType(Refund, 'Refund');

@InputType()
export class RequestRefundInput {
  @Field(() => ID)
  orderId: string;

  @Field()
  reason: string;

  @Field(() => MoneyInput, { nullable: true, description: 'Defaults to the whole refundable remainder.' })
  amount?: MoneyInput | null;
}

@ObjectType()
export class RefundPayload {
  @Field(() => Refund, { nullable: true })
  refund?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}
