import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { idOfType } from '../common/global-id';
import { Money } from '../common/money';
import { parseClosedMonth } from '../common/month';
import { registerNodeType } from '../common/node';
import { connectionFrom, pageRequest } from '../common/pagination';
import { payload } from '../common/payload';
import type { DomainContext } from '../kernel/context';
import { Role } from '../kernel/roles';
import { invoiceCsv } from './partner-invoice-payload';
import { PartnerInvoiceEntity, PartnerInvoicePaymentEntity } from './partner-invoice.entity';
import { invoiceById, paymentsByInvoiceId } from './partner-invoice.loaders';
import * as invoices from './partner-invoice.service';
import { InvoicePayment, InvoiceStatus, IssueInvoicesPayload, PartnerInvoice, PartnerInvoiceConnection, PartnerInvoicePayload } from './partner-invoice.types';
import { PartnerEntity } from './partner.entity';
import { canSeePartner } from './partner.service';
import { Partner } from './partner.types';
import { partnerById } from './partners.loaders';

registerNodeType('PartnerInvoice', PartnerInvoiceEntity, async (ctx, id) => {
  const invoice = await ctx.loaders.get(invoiceById).load(id);
  return invoice && (await canSeePartner(ctx, invoice.partnerId)) ? invoice : null;
});

const money = (invoice: PartnerInvoiceEntity, amount: string | bigint) => Money.of({ amount, currency: invoice.currency });

async function invoicePage(ctx: DomainContext, partnerId: string | null, month: string | null, first?: number | null, after?: string | null) {
  const page = pageRequest(first, after);
  const query = ctx.db.getRepository(PartnerInvoiceEntity).createQueryBuilder('i');
  if (partnerId) query.andWhere('i.partner_id = :partnerId', { partnerId });
  if (month) query.andWhere('i.period_start = :start', { start: `${parseClosedMonth(month, ['month']).label}-01` });
  const [rows, totalCount] = await query.orderBy('i.period_start', 'DESC').addOrderBy('i.number').offset(page.offset).limit(page.limit).getManyAndCount();
  return connectionFrom(rows, totalCount, page);
}

async function paidSoFar(ctx: DomainContext, invoice: PartnerInvoiceEntity): Promise<bigint> {
  const payments = await ctx.loaders.get(paymentsByInvoiceId).load(invoice.id);
  return payments.reduce((sum, p) => sum + BigInt(p.amount), 0n);
}

@Resolver(() => Partner)
export class PartnerInvoicesResolver {
  @FieldResolver(() => PartnerInvoiceConnection, { description: "The partner's monthly invoices, newest first (the partner, its keys and admins)." })
  async invoices(
    @Root() partner: PartnerEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    if (!(await canSeePartner(ctx, partner.id))) return connectionFrom([], 0, pageRequest(first, after));
    return invoicePage(ctx, partner.id, null, first, after);
  }
}

@Resolver(() => PartnerInvoice)
export class PartnerInvoiceResolver {
  @Authorized(Role.ADMIN)
  @Query(() => PartnerInvoiceConnection, { description: 'Admins: every partner invoice, newest month first; `month` ("YYYY-MM") and `partnerId` narrow it.' })
  partnerInvoices(
    @Ctx() ctx: DomainContext,
    @Arg('month', () => String, { nullable: true }) month?: string | null,
    @Arg('partnerId', () => ID, { nullable: true }) partnerId?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const rawPartnerId = partnerId ? (idOfType(partnerId, 'Partner') ?? '00000000-0000-0000-0000-000000000000') : null;
    return invoicePage(ctx, rawPartnerId, month ?? null, first, after);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => IssueInvoicesPayload, {
    description:
      'Admins: issue the partner invoices of a closed month ("YYYY-MM") now, rather than waiting for the daily job. Idempotent; each new invoice is announced by an invoice.issued webhook.',
  })
  issuePartnerInvoices(@Arg('month') month: string, @Ctx() ctx: DomainContext) {
    return payload(
      async () => {
        const closed = parseClosedMonth(month, ['month']);
        return { month: closed.label, issued: await invoices.issueInvoicesOnDemand(ctx, closed) };
      },
      (result) => result,
    );
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => PartnerInvoicePayload, {
    description:
      "Admins: record a partner's payment against an invoice (amount in the invoice's minor units; reference: the bank's, which makes retries safe). Books an INVOICE_PAYMENT journal.",
  })
  recordInvoicePayment(
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Arg('amount', () => Int) amount: number,
    @Arg('reference') reference: string,
    @Ctx() ctx: DomainContext,
  ) {
    return payload(
      () => invoices.recordInvoicePayment(ctx, invoiceId, amount, reference),
      (invoice) => ({ invoice }),
    );
  }

  @FieldResolver(() => String) month(@Root() i: PartnerInvoiceEntity) {
    return i.periodStart.slice(0, 7);
  }
  @FieldResolver(() => Partner) partner(@Root() i: PartnerInvoiceEntity, @Ctx() ctx: DomainContext) {
    return ctx.loaders.get(partnerById).load(i.partnerId);
  }
  @FieldResolver(() => Money) previousBalance(@Root() i: PartnerInvoiceEntity) {
    return money(i, i.previousBalance);
  }
  @FieldResolver(() => Money) partnerSales(@Root() i: PartnerInvoiceEntity) {
    return money(i, i.partnerSales);
  }
  @FieldResolver(() => Money) seatPacks(@Root() i: PartnerInvoiceEntity) {
    return money(i, i.seatPacks);
  }
  @FieldResolver(() => Money) refunds(@Root() i: PartnerInvoiceEntity) {
    return money(i, i.refunds);
  }
  @FieldResolver(() => Money) paymentsReceived(@Root() i: PartnerInvoiceEntity) {
    return money(i, i.paymentsReceived);
  }
  @FieldResolver(() => Money) amountDue(@Root() i: PartnerInvoiceEntity) {
    return money(i, i.amountDue);
  }
  @FieldResolver(() => Money) async amountPaid(@Root() i: PartnerInvoiceEntity, @Ctx() ctx: DomainContext) {
    return money(i, await paidSoFar(ctx, i));
  }
  @FieldResolver(() => [InvoicePayment]) payments(@Root() i: PartnerInvoiceEntity, @Ctx() ctx: DomainContext) {
    return ctx.loaders.get(paymentsByInvoiceId).load(i.id);
  }
  @FieldResolver(() => String) csv(@Root() i: PartnerInvoiceEntity) {
    return invoiceCsv(i);
  }

  @FieldResolver(() => InvoiceStatus)
  async status(@Root() invoice: PartnerInvoiceEntity, @Ctx() ctx: DomainContext): Promise<InvoiceStatus> {
    const due = BigInt(invoice.amountDue);
    if (due <= 0n) return InvoiceStatus.NOTHING_DUE;
    const paid = await paidSoFar(ctx, invoice);
    return paid >= due ? InvoiceStatus.PAID : paid > 0n ? InvoiceStatus.PARTIALLY_PAID : InvoiceStatus.OPEN;
  }
}

@Resolver(() => InvoicePayment)
export class InvoicePaymentResolver {
  @FieldResolver(() => Money)
  async amount(@Root() payment: PartnerInvoicePaymentEntity, @Ctx() ctx: DomainContext): Promise<Money> {
    const invoice = await ctx.loaders.get(invoiceById).load(payment.invoiceId);
    return Money.of({ amount: payment.amount, currency: invoice!.currency });
  }
}
