import { recordAudit } from '../audit/audit-log';
import { accounts, postJournal } from '../commerce/ledger';
import { requireRole } from '../common/auth-checker';
import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { formatMoney } from '../common/money';
import type { Month } from '../common/month';
import { lockForTransaction } from '../db/advisory-lock';
import type { AppServices, DomainContext } from '../kernel/context';
import { Role } from '../kernel/roles';
import { inTransaction } from '../kernel/transaction';
import { invoiceFigures, receivableBalance } from './partner-invoice-figures';
import { PartnerInvoiceEntity, PartnerInvoicePaymentEntity } from './partner-invoice.entity';
import { invoiceData } from './partner-invoice-payload';
import { recordPartnerEvent } from './webhook-events';

/** Days after the end of the month an invoice is due. */
export const INVOICE_PAYMENT_TERMS_DAYS = 30;

/** KP-202611-1A2B3C4D5E6F-CNY: month, the first 12 hex digits of the partner's id (48 bits: collisions are out of reach), currency. */
export const invoiceNumber = (partnerId: string, currency: string, month: Month) =>
  `KP-${month.label.replace('-', '')}-${partnerId.replace(/-/g, '').slice(0, 12).toUpperCase()}-${currency}`;

/**
 * Issues every partner's invoice for a closed month from its receivable,
 * and announces each new one to the partner (`invoice.issued` webhook,
 * through the outbox in the same transaction). Idempotent: an issued
 * invoice is kept, and a second run inserts and announces nothing.
 */
export async function issueInvoices(services: Pick<AppServices, 'db' | 'jobs'>, month: Month): Promise<number> {
  return inTransaction(services.db, async (tx) => {
    await lockForTransaction(tx.manager, `knowpay:invoices:${month.label}`);
    const figures = await invoiceFigures(tx.manager, month);
    if (!figures.length) return 0;
    const due = new Date(month.end.getTime() + INVOICE_PAYMENT_TERMS_DAYS * 86_400_000).toISOString().slice(0, 10);
    const ids: Array<{ id: string }> = await tx.manager.query(
      `INSERT INTO partner_invoices (partner_id, number, currency, period_start, previous_balance, partner_sales, seat_packs, refunds, payments_received, amount_due, due_date)
       SELECT f."partnerId", f.number, f.currency, $1::date, f."previousBalance", f."partnerSales", f."seatPacks", f.refunds, f."paymentsReceived", f."amountDue", $2::date
         FROM json_to_recordset($3::json) AS f("partnerId" uuid, number text, currency text, "previousBalance" bigint, "partnerSales" bigint,
              "seatPacks" bigint, refunds bigint, "paymentsReceived" bigint, "amountDue" bigint)
       ON CONFLICT (partner_id, currency, period_start) DO NOTHING RETURNING id`,
      [month.start.toISOString().slice(0, 10), due, JSON.stringify(figures.map((f) => ({ ...f, number: invoiceNumber(f.partnerId, f.currency, month) })))],
    );
    if (!ids.length) return 0;
    const issued = await tx.manager.getRepository(PartnerInvoiceEntity).findBy(ids.map(({ id }) => ({ id })));
    for (const invoice of issued) {
      await recordPartnerEvent(services.jobs, tx.manager, {
        partnerId: invoice.partnerId,
        type: 'invoice.issued',
        subjectId: invoice.id,
        data: { invoice: invoiceData(invoice) },
      });
    }
    return issued.length;
  });
}

export async function issueInvoicesOnDemand(ctx: DomainContext, month: Month): Promise<number> {
  const admin = requireRole(ctx, Role.ADMIN);
  const issued = await issueInvoices(ctx, month);
  await recordAudit(ctx.db.manager, { actorId: admin.id, action: 'invoices.issue', subjectType: 'Month', subjectId: month.label, data: { issued } });
  return issued;
}

export async function amountPaid(manager: DomainContext['db']['manager'], invoiceId: string): Promise<bigint> {
  const [row]: Array<{ paid: string }> = await manager.query(
    'SELECT coalesce(sum(amount), 0)::text AS paid FROM partner_invoice_payments WHERE invoice_id = $1',
    [invoiceId],
  );
  return BigInt(row.paid);
}

/**
 * Admins: a partner paid (part of) an invoice. Books an INVOICE_PAYMENT
 * journal: the bank account is debited and the partner's receivable
 * credited. At most what is still open on the invoice, and at most what the
 * partner owes now (a refund since may have lowered it). `reference` (the
 * bank's) makes it idempotent: the same reference again returns the invoice
 * without a second payment; with another amount it is IDEMPOTENCY_CONFLICT.
 */
export async function recordInvoicePayment(ctx: DomainContext, invoiceGlobalId: string, amount: number, referenceInput: string): Promise<PartnerInvoiceEntity> {
  const admin = requireRole(ctx, Role.ADMIN);
  const invoiceId = idOfType(invoiceGlobalId, 'PartnerInvoice');
  if (!invoiceId) throw notFound('No such invoice.', ['invoiceId']);
  const reference = referenceInput.trim();
  if (!reference || reference.length > 100) throw invalidInput("The payment reference is 1 to 100 characters (the bank transfer's reference).", ['reference']);
  if (!Number.isSafeInteger(amount) || amount <= 0) throw invalidInput('A payment is a positive amount in minor units.', ['amount']);
  return inTransaction(ctx, async (tx) => {
    const [invoice] = await tx.manager.getRepository(PartnerInvoiceEntity).find({ where: { id: invoiceId }, lock: { mode: 'pessimistic_write' } });
    if (!invoice) throw notFound('No such invoice.', ['invoiceId']);
    const existing = await tx.manager.getRepository(PartnerInvoicePaymentEntity).findOneBy({ invoiceId, reference });
    if (existing) {
      if (BigInt(existing.amount) !== BigInt(amount)) {
        throw new UserFailure(ErrorCode.IDEMPOTENCY_CONFLICT, `Payment "${reference}" was already recorded with another amount.`, ['reference']);
      }
      return invoice;
    }
    const money = (value: bigint) => formatMoney({ amount: value, currency: invoice.currency });
    const open = BigInt(invoice.amountDue) - (await amountPaid(tx.manager, invoice.id));
    if (open <= 0n) throw new UserFailure(ErrorCode.CONFLICT, 'This invoice is paid in full.', ['invoiceId']);
    if (BigInt(amount) > open)
      throw new UserFailure(ErrorCode.AMOUNT_EXCEEDS_BALANCE, `${money(open)} is open on this invoice; record at most that.`, ['amount']);
    await lockForTransaction(tx.manager, `knowpay:receivable:${invoice.partnerId}`);
    const owed = await receivableBalance(tx.manager, invoice.partnerId, invoice.currency);
    if (BigInt(amount) > owed) {
      throw new UserFailure(
        ErrorCode.AMOUNT_EXCEEDS_BALANCE,
        `The partner owes ${money(owed)} now (refunds or payments since the invoice lowered it); record at most that.`,
        ['amount'],
      );
    }
    const journalId = await postJournal(tx.manager, {
      kind: 'INVOICE_PAYMENT',
      currency: invoice.currency,
      memo: `payment ${reference} of invoice ${invoice.number}`,
      postings: [
        { account: accounts.bank(), amount },
        { account: accounts.partnerReceivable(invoice.partnerId), amount: -amount },
      ],
    });
    await tx.manager.query('INSERT INTO partner_invoice_payments (invoice_id, reference, amount, journal_id, recorded_by) VALUES ($1, $2, $3, $4, $5)', [
      invoice.id,
      reference,
      amount,
      journalId,
      admin.id,
    ]);
    await recordAudit(tx.manager, {
      actorId: admin.id,
      action: 'invoice.payment',
      subjectType: 'PartnerInvoice',
      subjectId: invoice.id,
      data: { amount, reference },
    });
    return invoice;
  });
}
