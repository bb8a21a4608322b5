import { csvDocument } from '../common/csv';
import { toGlobalId } from '../common/global-id';
import { formatMoney } from '../common/money';
import type { PartnerInvoiceEntity } from './partner-invoice.entity';

const LINES = [
  ['previous_balance', 'previousBalance'],
  ['partner_sales', 'partnerSales'],
  ['seat_packs', 'seatPacks'],
  ['refunds', 'refunds'],
  ['payments_received', 'paymentsReceived'],
  ['amount_due', 'amountDue'],
] as const;

/** The `invoice.issued` webhook's data: global IDs and Money-shaped amounts, like the GraphQL API. */
export function invoiceData(invoice: PartnerInvoiceEntity): Record<string, unknown> {
  const money = (amount: string) => ({ amount: Number(amount), currency: invoice.currency });
  return {
    id: toGlobalId('PartnerInvoice', invoice.id),
    number: invoice.number,
    month: invoice.periodStart.slice(0, 7),
    dueDate: invoice.dueDate,
    previousBalance: money(invoice.previousBalance),
    partnerSales: money(invoice.partnerSales),
    seatPacks: money(invoice.seatPacks),
    refunds: money(invoice.refunds),
    paymentsReceived: money(invoice.paymentsReceived),
    amountDue: money(invoice.amountDue),
  };
}

/** The invoice as CSV: one line per figure, amounts in minor units (exact) and formatted. Refunds and payments are listed as positive amounts taken off. */
export function invoiceCsv(invoice: PartnerInvoiceEntity): string {
  const month = invoice.periodStart.slice(0, 7);
  return csvDocument(
    ['invoice', 'month', 'due_date', 'currency', 'line', 'amount_minor_units', 'amount'],
    LINES.map(([line, key]) => [
      invoice.number,
      month,
      invoice.dueDate,
      invoice.currency,
      line,
      invoice[key],
      formatMoney({ amount: BigInt(invoice[key]), currency: invoice.currency }),
    ]),
  );
}
