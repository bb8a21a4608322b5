import { randomUUID } from 'node:crypto';
import { adminToken, ledgerProblems } from '../commerce/commerce-fixtures';
import { publishedCourse } from '../harness/courses';
import { closedMonth, databaseNow, dayOf, moveJournalsTo } from '../harness/ledger-clock';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { waitUntil } from '../harness/subscriptions';
import { PARTNER_SALE, partnerWithKey } from './partner-fixtures';
import { WebhookReceiver } from './webhook-receiver';

const MONEY = 'amount currency';
const INVOICE = `id number month currency status dueDate previousBalance { ${MONEY} } partnerSales { ${MONEY} } seatPacks { ${MONEY} } refunds { ${MONEY} }
  paymentsReceived { ${MONEY} } amountDue { ${MONEY} } amountPaid { ${MONEY} } payments { reference amount { ${MONEY} } } partner { id }`;
const MY_INVOICES = `{ partner { id invoices(first: 10) { totalCount nodes { ${INVOICE} csv } } } }`;
const ADMIN_INVOICES = `query($month: String, $partnerId: ID) { partnerInvoices(month: $month, partnerId: $partnerId) { totalCount nodes { ${INVOICE} } } }`;
const ISSUE = `mutation($month: String!) { issuePartnerInvoices(month: $month) { month issued errors { code message field } } }`;
const RECORD = `mutation($id: ID!, $amount: Int!, $reference: String!) { recordInvoicePayment(invoiceId: $id, amount: $amount, reference: $reference) {
  invoice { ${INVOICE} } errors { code message field } } }`;
const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret errors { code message } } }`;
const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } errors { code message field } } }`;
const STATEMENTS = `{ viewer { creator { statements { nodes { month sales { amount } partnerCommissions { amount } platformFee { amount } closingBalance { amount } } } } } }`;
const ISSUE_STATEMENTS = `mutation($month: String!) { issueCreatorStatements(month: $month) { issued errors { code } } }`;

const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('partner invoices', () => {
  let t: TestServer;
  let admin: string;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await startTestServer({ WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true', JOB_POLL_SECONDS: '1', API_KEY_RATE_LIMIT: '1000' });
    admin = await adminToken(t);
    receiver = await new WebhookReceiver(0).start();
  });
  afterAll(async () => {
    await receiver?.stop();
    await t?.stop();
  });

  it("a partner's month closes into an invoice it is told about by webhook and can download; the admin records its payments", async () => {
    const [october, november] = [closedMonth(1), closedMonth(0)];
    const creator = await signUpUser(t, 'Author');
    const course = await publishedCourse(t, creator.token, { price: 9900, lessons: 1 });
    const { partnerId, key } = await partnerWithKey(t, admin, 0.2);
    const other = await partnerWithKey(t, admin, 0.1);
    expect((await t.gql(REGISTER, { input: { url: receiver.url, events: ['invoice.issued'] } }, key)).data.registerWebhookEndpoint.errors).toEqual([]);

    // October: one partner sale (¥99 less 20%: ¥79.20 owed) and an organization with a pack of 2 seats (¥158.40)
    const since = await databaseNow(t.db.dataSource);
    const sale = await t.gql(
      PARTNER_SALE,
      { input: { courseId: course.id, externalCustomerRef: 'c-1', email: `c1-${randomUUID().slice(0, 6)}@example.com`, idempotencyKey: randomUUID() } },
      key,
    );
    expect(sale.data.partnerSale.errors).toEqual([]);
    expect((await t.gql(CREATE_ORG, { input: { name: 'Globex', seatsTotal: 2, courseIds: [course.id] } }, key)).data.createOrganization.errors).toEqual([]);
    await moveJournalsTo(t.db.dataSource, since, dayOf(october, 3));

    const issued = (await t.gql(ISSUE, { month: october.label }, admin)).data.issuePartnerInvoices;
    expect(issued).toEqual({ month: october.label, issued: 1, errors: [] });
    expect((await t.gql(ISSUE, { month: october.label }, admin)).data.issuePartnerInvoices.issued).toBe(0);

    const mine = (await t.gql(MY_INVOICES, {}, key)).data.partner;
    expect(mine.id).toBe(partnerId);
    expect(mine.invoices.totalCount).toBe(1);
    const invoice = mine.invoices.nodes[0];
    const dueDate = new Date(october.end.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(invoice).toMatchObject({
      month: october.label,
      currency: 'CNY',
      status: 'OPEN',
      dueDate,
      number: expect.stringMatching(new RegExp(`^KP-${october.label.replace('-', '')}-[0-9A-F]{12}-CNY$`)),
      previousBalance: cny(0),
      partnerSales: cny(7920),
      seatPacks: cny(2 * 7920),
      refunds: cny(0),
      paymentsReceived: cny(0),
      amountDue: cny(3 * 7920),
      amountPaid: cny(0),
      payments: [],
    });
    expect(invoice.csv.split('\r\n')).toContain(`${invoice.number},${october.label},${dueDate},CNY,amount_due,23760,¥237.60`);

    // the partner hears of it once, signed, with the same figures
    await waitUntil(async () => receiver.delivered().length === 1, 15_000);
    const [event] = receiver.delivered();
    expect(event.type).toBe('invoice.issued');
    expect(JSON.parse(event.body).data.invoice).toMatchObject({ id: invoice.id, number: invoice.number, amountDue: cny(23760), dueDate });

    // the CSV download answers the partner's key, and nobody else's
    const download = (token: string) => fetch(`${t.url}/exports/invoices/${invoice.id}.csv`, { headers: { authorization: `Bearer ${token}` } });
    const csv = await download(key);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="${invoice.number}.csv"`);
    expect(await csv.text()).toBe(invoice.csv);
    expect((await download(other.key)).status).toBe(404);
    expect((await t.gql(MY_INVOICES, {}, other.key)).data.partner.invoices.totalCount).toBe(0);

    // the creator's October statement shows the list price and what the partner kept
    await t.gql(ISSUE_STATEMENTS, { month: october.label }, admin);
    expect((await t.gql(STATEMENTS, {}, creator.token)).data.viewer.creator.statements.nodes[0]).toEqual({
      month: october.label,
      sales: { amount: 3 * 9900 },
      partnerCommissions: { amount: 3 * 1980 },
      platformFee: { amount: 3 * 1584 },
      closingBalance: { amount: 3 * 6336 },
    });

    // November: payments against the invoice, a retry of one, and amounts it cannot take
    const paymentsSince = await databaseNow(t.db.dataSource);
    const first = (await t.gql(RECORD, { id: invoice.id, amount: 10000, reference: 'BANK-1' }, admin)).data.recordInvoicePayment;
    expect(first).toMatchObject({
      invoice: { status: 'PARTIALLY_PAID', amountPaid: cny(10000), payments: [{ reference: 'BANK-1', amount: cny(10000) }] },
      errors: [],
    });
    expect((await t.gql(RECORD, { id: invoice.id, amount: 10000, reference: 'BANK-1' }, admin)).data.recordInvoicePayment.invoice.amountPaid).toEqual(
      cny(10000),
    );
    expect((await t.gql(RECORD, { id: invoice.id, amount: 9999, reference: 'BANK-1' }, admin)).data.recordInvoicePayment.errors[0].code).toBe(
      'IDEMPOTENCY_CONFLICT',
    );
    expect((await t.gql(RECORD, { id: invoice.id, amount: 13761, reference: 'BANK-2' }, admin)).data.recordInvoicePayment.errors[0]).toMatchObject({
      code: 'AMOUNT_EXCEEDS_BALANCE',
      field: ['amount'],
      message: expect.stringContaining('¥137.60'),
    });
    expect((await t.gql(RECORD, { id: invoice.id, amount: 0, reference: 'BANK-3' }, admin)).data.recordInvoicePayment.errors[0].code).toBe('INVALID_INPUT');
    expect((await t.gql(RECORD, { id: invoice.id, amount: 100, reference: 'BANK-3' }, key)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(RECORD, { id: invoice.id, amount: 13760, reference: 'BANK-2' }, admin)).data.recordInvoicePayment.invoice).toMatchObject({
      status: 'PAID',
      amountPaid: cny(23760),
    });
    expect((await t.gql(RECORD, { id: invoice.id, amount: 1, reference: 'BANK-4' }, admin)).data.recordInvoicePayment.errors[0].code).toBe('CONFLICT');
    await moveJournalsTo(t.db.dataSource, paymentsSince, dayOf(november, 1));

    expect((await t.gql(ISSUE, { month: november.label }, admin)).data.issuePartnerInvoices.issued).toBe(1);
    const [novemberInvoice] = (await t.gql(ADMIN_INVOICES, { month: november.label, partnerId }, admin)).data.partnerInvoices.nodes;
    expect(novemberInvoice).toMatchObject({
      status: 'NOTHING_DUE',
      previousBalance: cny(23760),
      partnerSales: cny(0),
      paymentsReceived: cny(23760),
      amountDue: cny(0),
    });
    await waitUntil(async () => receiver.delivered().length === 2, 15_000);
    expect(await ledgerProblems(t)).toEqual([]);
  });
});
