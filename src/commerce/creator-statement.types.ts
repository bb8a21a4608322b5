import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Creator } from '../catalog/catalog.types';
import { UserError } from '../common/errors';
import { Money } from '../common/money';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';

export enum StatementStatus {
  /** The statement closed with money owed to the creator, not paid out yet. */
  DUE = 'DUE',
  PAID = 'PAID',
  /** Closed at zero or below (a negative balance is carried into the next month). */
  NOTHING_DUE = 'NOTHING_DUE',
}
registerEnumType(StatementStatus, { name: 'StatementStatus' });

@ObjectType({ implements: Node, description: "A creator's monthly statement in one currency, from the ledger; issued once the month has closed." })
export class CreatorStatement extends Node {
  @Field({ description: 'The month, "YYYY-MM" (UTC).' })
  month: string;

  @Field(() => Creator)
  creator: object;

  @Field({ description: 'ISO 4217.' })
  currency: string;

  @Field(() => Money, { description: 'What Knowpay owed the creator when the month began (negative: the creator owed, e.g. after refunds of money paid out).' })
  openingBalance: Money;

  @Field(() => Money, { description: "Course sales: what buyers paid, and partner sales and seat packs at list price (before the partner's commission)." })
  sales: Money;

  @Field(() => Money, { description: 'Membership payments (first periods and renewals).' })
  memberships: Money;

  @Field(() => Money)
  tips: Money;

  @Field(() => Money, { description: 'Paid back to buyers this month (taken off the balance).' })
  refunds: Money;

  @Field(() => Money, { description: "Knowpay's share (taken off), net of what refunds gave back." })
  platformFee: Money;

  @Field(() => Money, { description: 'What partners kept of the list price on their sales and seat packs (taken off).' })
  partnerCommissions: Money;

  @Field(() => Money, { description: 'Paid out to the creator this month (taken off).' })
  payouts: Money;

  @Field(() => Money, { description: 'openingBalance + sales + memberships + tips − refunds − platformFee − partnerCommissions − payouts.' })
  closingBalance: Money;

  @Field(() => StatementStatus)
  status: StatementStatus;

  @Field(() => CreatorPayout, { nullable: true, description: 'The payout of this statement, once paid.' })
  payout: object | null;

  @Field({ description: 'The statement as CSV (month, creator, currency, line, amount_minor_units, amount); also GET /exports/statements/<id>.csv.' })
  csv: string;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: "Money paid out to a creator against a statement; booked as a PAYOUT journal (the creator's payable to the payouts account)." })
export class CreatorPayout {
  @Field(() => Money)
  amount: Money;

  @Field()
  createdAt: Date;
}

export const CreatorStatementConnection = ConnectionType(CreatorStatement, 'CreatorStatement');

@ObjectType()
export class CreatorStatementPayload {
  @Field(() => CreatorStatement, { nullable: true })
  statement?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class IssueStatementsPayload {
  @Field(() => String, { nullable: true, description: 'The month issued, "YYYY-MM".' })
  month?: string;

  @Field(() => Int, { nullable: true, description: 'Statements issued by this call; 0 when the month had been issued already.' })
  issued?: number;

  @Field(() => [UserError])
  errors: UserError[];
}
