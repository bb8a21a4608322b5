import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Money } from '../common/money';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';
import { Partner } from './partner.types';

export enum InvoiceStatus {
  OPEN = 'OPEN',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  PAID = 'PAID',
  /** Closed at zero or below: the partner owed nothing at the end of the month. */
  NOTHING_DUE = 'NOTHING_DUE',
}
registerEnumType(InvoiceStatus, { name: 'InvoiceStatus' });

@ObjectType({ implements: Node, description: "A partner's monthly invoice in one currency, from its receivable; issued once the month has closed." })
export class PartnerInvoice extends Node {
  @Field({ description: 'e.g. KP-202611-1A2B3C4D5E6F-CNY' })
  number: string;

  @Field({ description: 'The month, "YYYY-MM" (UTC).' })
  month: string;

  @Field(() => Partner)
  partner: object;

  @Field()
  currency: string;

  @Field(() => Money, { description: 'Owed when the month began (unpaid earlier invoices).' })
  previousBalance: Money;

  @Field(() => Money, { description: 'Wholesale prices of the partner sales of the month.' })
  partnerSales: Money;

  @Field(() => Money)
  seatPacks: Money;

  @Field(() => Money, { description: "Refunds of the partner's sales and packs in the month (taken off)." })
  refunds: Money;

  @Field(() => Money, { description: 'Payments received in the month (taken off).' })
  paymentsReceived: Money;

  @Field(() => Money, {
    description: 'previousBalance + partnerSales + seatPacks − refunds − paymentsReceived: what the partner owed at the end of the month.',
  })
  amountDue: Money;

  @Field(() => Money, { description: 'Recorded against this invoice so far.' })
  amountPaid: Money;

  @Field({ description: '"YYYY-MM-DD": 30 days after the end of the month.' })
  dueDate: string;

  @Field(() => InvoiceStatus)
  status: InvoiceStatus;

  @Field(() => [InvoicePayment])
  payments: object[];

  @Field({ description: 'The invoice as CSV (invoice, month, due_date, currency, line, amount_minor_units, amount); also GET /exports/invoices/<id>.csv.' })
  csv: string;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: "A payment recorded against an invoice; booked as an INVOICE_PAYMENT journal (bank debited, the partner's receivable credited)." })
export class InvoicePayment {
  @Field()
  reference: string;

  @Field(() => Money)
  amount: Money;

  @Field()
  createdAt: Date;
}

export const PartnerInvoiceConnection = ConnectionType(PartnerInvoice, 'PartnerInvoice');

@ObjectType()
export class PartnerInvoicePayload {
  @Field(() => PartnerInvoice, { nullable: true })
  invoice?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class IssueInvoicesPayload {
  @Field(() => String, { nullable: true, description: 'The month issued, "YYYY-MM".' })
  month?: string;

  @Field(() => Int, { nullable: true, description: 'Invoices issued by this call; 0 when the month had been issued already.' })
  issued?: number;

  @Field(() => [UserError])
  errors: UserError[];
}
