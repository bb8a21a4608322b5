import { randomUUID } from 'node:crypto';
import { checkout } from '../../src/commerce/checkout.service';
import { requestRefund, resolveRefund } from '../../src/commerce/refund.service';
import { sendTip } from '../../src/commerce/tip.service';
import { subscribe } from '../../src/commerce/membership.service';
import { toGlobalId } from '../../src/common/global-id';
import { allocate, splitShare } from '../../src/common/money';
import { createDomainContext, type AuthUser, type DomainContext } from '../../src/kernel/context';
import { Role } from '../../src/kernel/roles';
import { createOrganization } from '../../src/partners/organization.service';
import { partnerSale } from '../../src/partners/partner-sale.service';
import { buySeats } from '../../src/partners/seat-purchase.service';
import { publishedCourse, rawId } from '../harness/courses';
import { closedMonth, databaseNow, dayOf, moveJournalsTo } from '../harness/ledger-clock';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { createKey, createPartner } from '../partners/partner-fixtures';
import { adminToken, ledgerProblems } from './commerce-fixtures';

/**
 * Six months of a small marketplace, over 1,000 operations in random order
 * (seeded): course orders, tips, memberships, partner sales, seat packs,
 * refunds of any of them (also of earlier months, also after payouts),
 * payouts and invoice payments. The test keeps its own books from what it
 * did — the documented splits (80% of sales, 95% of tips, the partner's
 * commission off the list price, refunds taken back in proportion of what is
 * left) — and each closed month's statements and invoices, read through the
 * API, must equal them to the fen. Operations go through the domain services
 * with the test payment provider (HTTP for each would take minutes); the
 * month's journals are then moved into that month (test/harness/ledger-clock.ts).
 */

const MONTHS = 6;
const OPS_PER_MONTH = 175;
const CREATOR_SHARE_BPS = 8000;
const TIP_SHARE_BPS = 9500;
const PARALLEL = 4;

interface Figures {
  sales: number;
  memberships: number;
  tips: number;
  refunds: number;
  platformFee: number;
  partnerCommissions: number;
  payouts: number;
}
interface InvoiceFigures {
  partnerSales: number;
  seatPacks: number;
  refunds: number;
  paymentsReceived: number;
}
interface OrderBook {
  id: string;
  creatorKey: string;
  partnerKey: string | null;
  creatorLeft: number;
  platformLeft: number;
  left: number;
  perSeat: number;
  seatsLeft: number;
}

const STATEMENTS = `query($month: String!, $after: String) { creatorStatements(month: $month, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id creator { id } currency openingBalance { exactAmount } sales { exactAmount } memberships { exactAmount } tips { exactAmount } refunds { exactAmount }
          platformFee { exactAmount } partnerCommissions { exactAmount } payouts { exactAmount } closingBalance { exactAmount } } } }`;
const INVOICES = `query($month: String!) { partnerInvoices(month: $month, first: 100) { totalCount
  nodes { id partner { id } currency previousBalance { exactAmount } partnerSales { exactAmount } seatPacks { exactAmount } refunds { exactAmount }
          paymentsReceived { exactAmount } amountDue { exactAmount } } } }`;
const ISSUE = `mutation($month: String!) { issueCreatorStatements(month: $month) { issued errors { code message } } issuePartnerInvoices(month: $month) { issued errors { code message } } }`;
const PAY = `mutation($id: ID!, $amount: Int) { payCreatorStatement(statementId: $id, amount: $amount) { errors { code message } } }`;
const RECORD = `mutation($id: ID!, $amount: Int!, $reference: String!) { recordInvoicePayment(invoiceId: $id, amount: $amount, reference: $reference) { errors { code message } } }`;

describe('monthly statements and invoices agree with an independent account of 1,000+ random operations', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ API_KEY_RATE_LIMIT: '100000' });
  });
  afterAll(async () => t?.stop());

  it('every closed month, every creator statement and partner invoice equals the sums of what happened', async () => {
    let seed = 2026;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const admin = await adminToken(t);
    const services = t.server.services;
    const as = (user: AuthUser | null, apiKey: DomainContext['apiKey'] = null) => createDomainContext({ ...services, user, apiKey });
    const adminId = rawId((await t.gql('{ viewer { user { id } } }', {}, admin)).data.viewer.user.id);
    const adminCtx = as({ id: adminId, roles: [Role.ADMIN] });

    // Three creators (one selling in USD), four courses and a monthly plan each; twenty learners; two partners with an organization each.
    const creators: Array<{ id: string; currency: string; courses: Array<{ id: string; price: number }>; plan: { id: string; price: number } }> = [];
    for (const [index, currency] of ['CNY', 'CNY', 'USD'].entries()) {
      const user = await signUpUser(t, `Creator${index}`);
      const courses = [];
      for (const price of [1990, 4900, 9900, 12800]) {
        const course = await publishedCourse(t, user.token, { price: { amount: price + index, currency }, lessons: 1 });
        courses.push({ id: course.id, price: price + index, creatorId: course.creatorId });
      }
      const plan = await t.gql(
        `mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } errors { message } } }`,
        { input: { name: 'Monthly', price: { amount: 2990, currency }, interval: 'MONTH', courseIds: [courses[0].id] } },
        user.token,
      );
      creators.push({ id: courses[0].creatorId, currency, courses, plan: { id: plan.data.createPlan.plan.id, price: 2990 } });
    }
    const learners = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const user = await signUpUser(t, `Learner${i}`);
        return { ctx: as({ id: rawId(user.userId), roles: [Role.LEARNER] }), owned: new Set<string>(), plans: new Set<string>() };
      }),
    );
    const partners: Array<{ id: string; bps: number; ctx: DomainContext; org: { id: string; course: { id: string; price: number } } }> = [];
    for (const rate of [0.15, 0.3]) {
      const partnerId = await createPartner(t, admin, `Reseller ${rate}`, rate);
      const key = await createKey(t, admin, partnerId);
      const ctx = as(null, { id: rawId(key.id), partnerId: rawId(partnerId), scopes: ['catalog:read', 'sales:write', 'seats:write', 'webhooks:write'] });
      const course = pick(creators.filter((c) => c.currency === 'CNY')).courses[0];
      const org = await createOrganization(ctx, { name: `Org ${rate}`, seatsTotal: 0, courseIds: [course.id] });
      partners.push({ id: rawId(partnerId), bps: Math.round(rate * 10_000), ctx, org: { id: toGlobalId('Organization', org.id), course } });
    }
    const creatorOf = (courseId: string) => creators.find((c) => c.courses.some((course) => course.id === courseId))!;

    // The test's own books.
    const balances = new Map<string, number>();
    const receivables = new Map<string, number>();
    let figures = new Map<string, Figures>();
    let invoiceFigures = new Map<string, InvoiceFigures>();
    const orders: OrderBook[] = [];
    const refunding = new Set<OrderBook>();
    const zero = (): Figures => ({ sales: 0, memberships: 0, tips: 0, refunds: 0, platformFee: 0, partnerCommissions: 0, payouts: 0 });
    const month = (key: string) => figures.get(key) ?? figures.set(key, zero()).get(key)!;
    const invoiceMonth = (key: string) =>
      invoiceFigures.get(key) ?? invoiceFigures.set(key, { partnerSales: 0, seatPacks: 0, refunds: 0, paymentsReceived: 0 }).get(key)!;
    const add = (map: Map<string, number>, key: string, amount: number) => map.set(key, (map.get(key) ?? 0) + amount);
    const creatorKey = (creatorGlobalId: string, currency: string) => `${rawId(creatorGlobalId)}|${currency}`;

    /** A paid order's creator lines (one creator per order): list price, the partner's commission, what was booked. */
    function booked(
      key: string,
      lines: Array<{ list: number; commission: number }>,
      kind: 'sales' | 'memberships',
      partnerKey: string | null,
      orderId: string,
      seats = 0,
    ) {
      let creatorShare = 0,
        platform = 0,
        total = 0;
      const f = month(key);
      for (const line of lines) {
        const { share, rest } = splitShare(line.list - line.commission, CREATOR_SHARE_BPS);
        creatorShare += share;
        platform += rest;
        total += line.list - line.commission;
        f[kind] += line.list;
        f.partnerCommissions += line.commission;
      }
      f.platformFee += platform;
      add(balances, key, creatorShare);
      if (partnerKey) add(receivables, partnerKey, total);
      orders.push({
        id: orderId,
        creatorKey: key,
        partnerKey,
        creatorLeft: creatorShare,
        platformLeft: platform,
        left: total,
        perSeat: seats ? total / seats : 0,
        seatsLeft: seats,
      });
    }

    const operations: Record<string, () => Promise<boolean>> = {
      async order() {
        const learner = pick(learners);
        const creator = pick(creators);
        const open = creator.courses.filter((c) => !learner.owned.has(c.id));
        if (!open.length) return false;
        const cart = open.slice(0, 1 + Math.floor(random() * Math.min(2, open.length)));
        cart.forEach((c) => learner.owned.add(c.id));
        const order = await checkout(learner.ctx, { courseIds: cart.map((c) => c.id), idempotencyKey: randomUUID() });
        expect(order.status).toBe('PAID');
        booked(
          creatorKey(creator.id, creator.currency),
          cart.map((c) => ({ list: c.price, commission: 0 })),
          'sales',
          null,
          toGlobalId('Order', order.id),
        );
        return true;
      },
      async tip() {
        const creator = pick(creators);
        const amount = 100 + Math.floor(random() * 4900);
        await sendTip(pick(learners).ctx, { creatorId: creator.id, amount: { amount, currency: creator.currency }, idempotencyKey: randomUUID() });
        const key = creatorKey(creator.id, creator.currency);
        const { share, rest } = splitShare(amount, TIP_SHARE_BPS);
        month(key).tips += amount;
        month(key).platformFee += rest;
        add(balances, key, share);
        return true;
      },
      async membership() {
        const learner = pick(learners);
        const creator = pick(creators);
        if (learner.plans.has(creator.plan.id)) return false;
        learner.plans.add(creator.plan.id);
        const { membership } = await subscribe(learner.ctx, { planId: creator.plan.id, idempotencyKey: randomUUID() });
        const [order] = await t.db.dataSource.query(`SELECT id FROM orders WHERE membership_id = $1 AND status = 'PAID'`, [membership.id]);
        booked(creatorKey(creator.id, creator.currency), [{ list: creator.plan.price, commission: 0 }], 'memberships', null, toGlobalId('Order', order.id));
        return true;
      },
      async partnerSale() {
        const partner = pick(partners);
        const creator = pick(creators);
        const course = pick(creator.courses);
        const sold = await partnerSale(partner.ctx, {
          courseId: course.id,
          externalCustomerRef: randomUUID(),
          email: `${randomUUID()}@example.com`,
          idempotencyKey: randomUUID(),
        });
        const commission = splitShare(course.price, partner.bps).share;
        booked(
          creatorKey(creator.id, creator.currency),
          [{ list: course.price, commission }],
          'sales',
          `${partner.id}|${creator.currency}`,
          toGlobalId('Order', sold.order.id),
        );
        invoiceMonth(`${partner.id}|${creator.currency}`).partnerSales += course.price - commission;
        return true;
      },
      async seatPack() {
        const partner = pick(partners);
        const seats = 1 + Math.floor(random() * 5);
        const { order } = await buySeats(partner.ctx, { organizationId: partner.org.id, seats, idempotencyKey: randomUUID() });
        const course = partner.org.course;
        const creator = creatorOf(course.id);
        const commission = splitShare(course.price, partner.bps).share;
        booked(
          creatorKey(creator.id, creator.currency),
          [{ list: course.price * seats, commission: commission * seats }],
          'sales',
          `${partner.id}|CNY`,
          toGlobalId('Order', order.id),
          seats,
        );
        invoiceMonth(`${partner.id}|CNY`).seatPacks += (course.price - commission) * seats;
        return true;
      },
      async refund() {
        const open = orders.filter((o) => o.left > 0 && (!o.perSeat || o.seatsLeft > 0) && !refunding.has(o));
        if (!open.length) return false;
        const order = pick(open);
        refunding.add(order);
        const amount = order.perSeat
          ? order.perSeat * (1 + Math.floor(random() * order.seatsLeft))
          : random() < 0.3
            ? order.left
            : 1 + Math.floor(random() * order.left);
        const currency = order.creatorKey.split('|')[1];
        const refund = await requestRefund(adminCtx, { orderId: order.id, reason: 'random refund', amount: { amount, currency } });
        expect((await resolveRefund(adminCtx, toGlobalId('Refund', refund.id), true, 'ok')).status).toBe('SETTLED');
        const [creatorPart, platformPart] = allocate(amount, [order.creatorLeft, order.platformLeft]);
        order.creatorLeft -= creatorPart;
        order.platformLeft -= platformPart;
        order.left -= amount;
        if (order.perSeat) order.seatsLeft -= amount / order.perSeat;
        month(order.creatorKey).refunds += amount;
        month(order.creatorKey).platformFee -= platformPart;
        add(balances, order.creatorKey, -creatorPart);
        if (order.partnerKey) {
          invoiceMonth(order.partnerKey).refunds += amount;
          add(receivables, order.partnerKey, -amount);
        }
        refunding.delete(order);
        return true;
      },
    };
    const weights: Array<[string, number]> = [
      ['order', 30],
      ['tip', 15],
      ['membership', 8],
      ['partnerSale', 15],
      ['seatPack', 7],
      ['refund', 25],
    ];
    const chooseOperation = () => {
      let roll = random() * 100;
      for (const [name, weight] of weights) if ((roll -= weight) < 0) return name;
      return 'refund';
    };

    let operationCount = 0;
    let lastMonth: { statements: any[]; invoices: any[] } = { statements: [], invoices: [] };
    for (let m = 0; m < MONTHS; m += 1) {
      const current = closedMonth(MONTHS - 1 - m);
      const since = await databaseNow(t.db.dataSource);
      const openingBalances = new Map(balances);
      const openingReceivables = new Map(receivables);
      figures = new Map();
      invoiceFigures = new Map();

      // Early in the month: last month's statements are paid out (never more than the creator holds now) and invoices paid in part or in full.
      for (const statement of lastMonth.statements) {
        const key = `${rawId(statement.creator.id)}|${statement.currency}`;
        const amount = Math.min(Number(statement.closingBalance.exactAmount), balances.get(key) ?? 0);
        if (amount <= 0 || random() < 0.3) continue;
        expect((await t.gql(PAY, { id: statement.id, amount }, admin)).data.payCreatorStatement.errors).toEqual([]);
        month(key).payouts += amount;
        add(balances, key, -amount);
        operationCount += 1;
      }
      for (const invoice of lastMonth.invoices) {
        const key = `${rawId(invoice.partner.id)}|${invoice.currency}`;
        const most = Math.min(Number(invoice.amountDue.exactAmount), receivables.get(key) ?? 0);
        if (most <= 0 || random() < 0.2) continue;
        const amount = random() < 0.5 ? most : 1 + Math.floor(random() * most);
        expect((await t.gql(RECORD, { id: invoice.id, amount, reference: `BANK-${m}-${key}` }, admin)).data.recordInvoicePayment.errors).toEqual([]);
        invoiceMonth(key).paymentsReceived += amount;
        add(receivables, key, -amount);
        operationCount += 1;
      }

      // Four at a time, as a live server would see them; an order being refunded is not picked by another refund meanwhile.
      let started = 0;
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (started < OPS_PER_MONTH) {
            started += 1;
            if (await operations[chooseOperation()]()) operationCount += 1;
            else started -= 1;
          }
        }),
      );
      await moveJournalsTo(t.db.dataSource, since, dayOf(current, 1 + m));

      const issued = (await t.gql(ISSUE, { month: current.label }, admin)).data;
      expect([issued.issueCreatorStatements.errors, issued.issuePartnerInvoices.errors]).toEqual([[], []]);
      const statements = (await t.gql(STATEMENTS, { month: current.label }, admin)).data.creatorStatements;
      const invoices = (await t.gql(INVOICES, { month: current.label }, admin)).data.partnerInvoices;

      // What the test's books say each statement and invoice must read.
      const expectedStatements = [...new Set([...figures.keys(), ...[...balances].filter(([, b]) => b !== 0).map(([k]) => k)])].sort().map((key) => {
        const f = figures.get(key) ?? zero();
        const [creator, currency] = key.split('|');
        return { creator, currency, openingBalance: openingBalances.get(key) ?? 0, ...f, closingBalance: balances.get(key) ?? 0 };
      });
      const actualStatements = statements.nodes
        .map((s: any) => ({
          creator: rawId(s.creator.id),
          currency: s.currency,
          openingBalance: Number(s.openingBalance.exactAmount),
          sales: Number(s.sales.exactAmount),
          memberships: Number(s.memberships.exactAmount),
          tips: Number(s.tips.exactAmount),
          refunds: Number(s.refunds.exactAmount),
          platformFee: Number(s.platformFee.exactAmount),
          partnerCommissions: Number(s.partnerCommissions.exactAmount),
          payouts: Number(s.payouts.exactAmount),
          closingBalance: Number(s.closingBalance.exactAmount),
        }))
        .sort((a: any, b: any) => `${a.creator}|${a.currency}`.localeCompare(`${b.creator}|${b.currency}`));
      expect({ month: current.label, statements: actualStatements }).toEqual({ month: current.label, statements: expectedStatements });

      const expectedInvoices = [...new Set([...invoiceFigures.keys(), ...[...receivables].filter(([, b]) => b !== 0).map(([k]) => k)])].sort().map((key) => {
        const [partner, currency] = key.split('|');
        return {
          partner,
          currency,
          previousBalance: openingReceivables.get(key) ?? 0,
          ...(invoiceFigures.get(key) ?? { partnerSales: 0, seatPacks: 0, refunds: 0, paymentsReceived: 0 }),
          amountDue: receivables.get(key) ?? 0,
        };
      });
      const actualInvoices = invoices.nodes
        .map((i: any) => ({
          partner: rawId(i.partner.id),
          currency: i.currency,
          previousBalance: Number(i.previousBalance.exactAmount),
          partnerSales: Number(i.partnerSales.exactAmount),
          seatPacks: Number(i.seatPacks.exactAmount),
          refunds: Number(i.refunds.exactAmount),
          paymentsReceived: Number(i.paymentsReceived.exactAmount),
          amountDue: Number(i.amountDue.exactAmount),
        }))
        .sort((a: any, b: any) => `${a.partner}|${a.currency}`.localeCompare(`${b.partner}|${b.currency}`));
      expect({ month: current.label, invoices: actualInvoices }).toEqual({ month: current.label, invoices: expectedInvoices });
      lastMonth = { statements: statements.nodes, invoices: invoices.nodes };
    }
    expect(operationCount).toBeGreaterThanOrEqual(1000);
    expect(await ledgerProblems(t)).toEqual([]);
  }, 120_000);
});
