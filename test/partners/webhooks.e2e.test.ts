import { randomUUID } from 'node:crypto';
import { ACCESS, adminToken, ledgerProblems } from '../commerce/commerce-fixtures';
import { publishedCourse, rawId, TestCourse } from '../harness/courses';
import { retryDelayMs } from '../../src/partners/webhook-delivery';
import { createTestDatabase } from '../harness/database';
import { signUpUser, startTestServer, startTestServerOn, TestServer } from '../harness/server';
import { waitUntil } from '../harness/subscriptions';
import { createKey, PARTNER_SALE, partnerWithKey } from './partner-fixtures';
import { WebhookReceiver } from './webhook-receiver';

const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) {
  endpoint { id url events } secret errors { code message field } } }`;
const DELIVERIES = `{ partner { webhookEndpoints { id deliveries(first: 20) { totalCount nodes {
  id eventId eventType status attempts responseCode deliveredAt attemptLog { attempt statusCode error } } } } } }`;
const REPLAY = `mutation($id: ID!) { replayWebhookDelivery(id: $id) { delivery { id status } errors { code message } } }`;
const ACCEPT = `mutation($token: String!, $password: String!) { acceptInvitation(token: $token, password: $password) { token errors { code } } }`;
const RECORD = `mutation($input: RecordProgressInput!) { recordProgress(input: $input) { enrollment { completedAt } errors { code message } } }`;
const FAST_RETRIES = {
  WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_RETRY_MAX_MS: '400',
  JOB_POLL_SECONDS: '1',
  API_KEY_RATE_LIMIT: '1000',
};
const REQUEST_REFUND = `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id status } errors { code message } } }`;
const RESOLVE_REFUND = `mutation($id: ID!) { resolveRefund(id: $id, approve: true, note: "partner asked") { refund { id status order { status refundedTotal { amount } } } errors { code message } } }`;
const ALL_EVENTS = ['order.paid', 'enrollment.created', 'enrollment.completed', 'refund.settled'];

async function register(t: TestServer, key: string, url: string, events = ALL_EVENTS) {
  const res = await t.gql(REGISTER, { input: { url, events } }, key);
  return res.data?.registerWebhookEndpoint ?? res;
}

async function sell(t: TestServer, key: string, course: TestCourse, ref: string) {
  const res = await t.gql(
    PARTNER_SALE,
    { input: { courseId: course.id, externalCustomerRef: ref, email: `${ref}-${randomUUID().slice(0, 6)}@example.com`, idempotencyKey: randomUUID() } },
    key,
  );
  if (res.data?.partnerSale?.errors?.length !== 0) throw new Error(JSON.stringify(res));
  return res.data.partnerSale;
}

describe('outbound partner webhooks', () => {
  let t: TestServer;
  let admin: string;
  let course: TestCourse;

  beforeAll(async () => {
    t = await startTestServer(FAST_RETRIES);
    admin = await adminToken(t);
    const creator = await signUpUser(t, 'Creator');
    course = await publishedCourse(t, creator.token, { price: 9900, lessons: 2 });
  });
  afterAll(() => t?.stop());

  it('refuses endpoints on link-local and metadata addresses, unknown events, and keys without webhooks:write', async () => {
    const { partnerId, key } = await partnerWithKey(t, admin);
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://[fe80::1]/hook', 'http://0.0.0.0/hook', 'http://[::ffff:169.254.169.254]/x']) {
      expect((await register(t, key, url)).errors[0]).toMatchObject({ code: 'FORBIDDEN_HOST', field: ['input', 'url'] });
    }
    expect((await register(t, key, 'ftp://example.com/x')).errors[0].code).toBe('INVALID_INPUT');
    expect((await register(t, key, 'https://user:pw@example.com/x')).errors[0].code).toBe('INVALID_INPUT');
    expect((await register(t, key, 'http://127.0.0.1:9/x', ['order.shipped'])).errors[0]).toMatchObject({
      code: 'INVALID_INPUT',
      field: ['input', 'events', '0'],
    });
    const readOnly = await createKey(t, admin, partnerId, ['catalog:read']);
    const denied = await t.gql(REGISTER, { input: { url: 'http://127.0.0.1:9/x', events: ['order.paid'] } }, readOnly.secret);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const [{ count }] = await t.db.dataSource.query('SELECT count(*)::int AS count FROM webhook_endpoints');
    expect(count).toBe(0);
  });

  it('refuses loopback and private networks unless WEBHOOK_ALLOW_PRIVATE_HOSTS is on', async () => {
    const strict = await startTestServerOn(t.db, { JOB_WORKERS: 'false' });
    try {
      const { key } = await partnerWithKey(strict, admin);
      for (const url of ['http://127.0.0.1:8080/x', 'http://10.1.2.3/x', 'http://192.168.1.1/x', 'http://[::1]/x', 'http://localhost/x']) {
        expect((await register(strict, key, url)).errors[0]).toMatchObject({ code: 'FORBIDDEN_HOST' });
      }
    } finally {
      await strict.stop();
    }
  });

  it('delivers signed events, retrying failures with backoff, in order per subject, with a delivery log and replay', async () => {
    const receiver = await new WebhookReceiver(2).start();
    try {
      const { key } = await partnerWithKey(t, admin);
      const endpoint = await register(t, key, receiver.url);
      expect(endpoint.errors).toEqual([]);
      expect(endpoint.secret).toMatch(/^whsec_/);
      const sale = await sell(t, key, course, 'cust-a');
      const customer = (await t.gql(ACCEPT, { token: sale.invitationToken, password: 'customer password' })).data.acceptInvitation.token;
      for (const [i, lessonId] of course.lessonIds.entries()) {
        await t.gql(RECORD, { input: { lessonId, positionSeconds: 300, completed: true, clientEventId: `done-${i}` } }, customer);
      }
      await waitUntil(() => receiver.delivered().length === 3, 30_000, 'three events delivered');

      const delivered = receiver.delivered();
      expect(delivered.map((r) => r.type).sort()).toEqual(['enrollment.completed', 'enrollment.created', 'order.paid']);
      expect(receiver.allSigned(endpoint.secret)).toBe(true);
      expect(receiver.allSigned('whsec_wrong')).toBe(false);
      const bodies = delivered.map((r) => JSON.parse(r.body));
      const paid = bodies.find((b) => b.type === 'order.paid');
      expect(paid.data.order).toMatchObject({ id: sale.order.id, status: 'PAID', externalCustomerRef: 'cust-a', total: { amount: 8415, currency: 'CNY' } });
      // Ordering per subject: enrollment.completed is not sent before enrollment.created was accepted.
      const created = receiver.received.find((r) => r.type === 'enrollment.created' && r.status === 200)!;
      const firstCompleted = receiver.received.find((r) => r.type === 'enrollment.completed')!;
      expect(firstCompleted.at).toBeGreaterThan(created.at);

      const log = (await t.gql(DELIVERIES, {}, key)).data.partner.webhookEndpoints[0].deliveries;
      expect(log.totalCount).toBe(3);
      for (const d of log.nodes) {
        expect(d).toMatchObject({ status: 'SUCCEEDED', attempts: 3, responseCode: 200 });
        expect(d.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
      }
      const replayed = await t.gql(REPLAY, { id: log.nodes[0].id }, key);
      expect(replayed.data.replayWebhookDelivery.errors).toEqual([]);
      const before = receiver.received.length;
      await waitUntil(() => receiver.received.length > before, 15_000, 'the replay');
      expect(receiver.received[before].eventId).toBe(log.nodes[0].eventId);
      expect(receiver.allSigned(endpoint.secret)).toBe(true);
    } finally {
      await receiver.stop();
    }
  }, 70_000);

  it('a refunded partner sale settles against the partner at once, takes the access back and sends a signed refund.settled', async () => {
    const receiver = await new WebhookReceiver(0).start();
    try {
      const { key } = await partnerWithKey(t, admin);
      const endpoint = await register(t, key, receiver.url, ['refund.settled']);
      const sale = await sell(t, key, course, 'cust-refund');
      const customer = (await t.gql(ACCEPT, { token: sale.invitationToken, password: 'customer password' })).data.acceptInvitation.token;
      const requested = await t.gql(REQUEST_REFUND, { input: { orderId: sale.order.id, reason: 'Bought the wrong course' } }, customer);
      expect(requested.data.requestRefund.errors).toEqual([]);
      const resolved = await t.gql(RESOLVE_REFUND, { id: requested.data.requestRefund.refund.id }, admin);
      expect(resolved.data.resolveRefund).toMatchObject({
        errors: [],
        refund: { status: 'SETTLED', order: { status: 'REFUNDED', refundedTotal: { amount: 8415 } } },
      });
      expect((await t.gql(ACCESS, { id: course.id }, customer)).data.node.viewerHasAccess).toBe(false);
      // The order's books are back to zero on every account: the partner owes nothing for it.
      const left = await t.db.dataSource.query(
        `SELECT a.code, sum(p.amount)::int AS amount FROM ledger_postings p
        JOIN ledger_journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
        WHERE j.order_id = $1 GROUP BY a.code HAVING sum(p.amount) <> 0`,
        [rawId(sale.order.id)],
      );
      expect(left).toEqual([]);
      expect(await ledgerProblems(t)).toEqual([]);

      await waitUntil(() => receiver.delivered().length === 1, 30_000, 'refund.settled delivered');
      const event = JSON.parse(receiver.delivered()[0].body);
      expect(event).toMatchObject({
        type: 'refund.settled',
        data: { refund: { amount: { amount: 8415, currency: 'CNY' } }, order: { id: sale.order.id, status: 'REFUNDED' } },
      });
      expect(receiver.allSigned(endpoint.secret)).toBe(true);
      const again = await t.gql(RESOLVE_REFUND, { id: requested.data.requestRefund.refund.id }, admin);
      expect(again.data.resolveRefund.errors[0].code).toBe('CONFLICT');
    } finally {
      await receiver.stop();
    }
  }, 60_000);

  it('the retry delay doubles per attempt and is capped at WEBHOOK_RETRY_MAX_MS', async () => {
    expect([1, 2, 3, 4, 10, 40].map((n) => retryDelayMs(n, { retryBaseMs: 1000, retryMaxMs: 60_000 }))).toEqual([1000, 2000, 4000, 8000, 60_000, 60_000]);
  });
});

describe('webhook deliveries across a server restart', () => {
  it('loses no event: pending and failing deliveries go out from the next server', async () => {
    const db = await createTestDatabase();
    const receiver = await new WebhookReceiver(0).start();
    receiver.down = true;
    let first: TestServer | null = await startTestServerOn(db, FAST_RETRIES);
    let second: TestServer | null = null;
    try {
      const admin = await adminToken(first);
      const creator = await signUpUser(first, 'Creator');
      const course = await publishedCourse(first, creator.token, { price: 5000, lessons: 1 });
      const { key } = await partnerWithKey(first, admin);
      const endpoint = await register(first, key, receiver.url, ['order.paid', 'enrollment.created']);
      const sales = [];
      for (let i = 0; i < 3; i += 1) sales.push(await sell(first, key, course, `restart-${i}`));
      await waitUntil(() => receiver.received.length >= 2, 15_000, 'first (failing) attempts');
      await first.stop();
      first = null;
      const [{ pending }] = await db.dataSource.query(`SELECT count(*)::int AS pending FROM webhook_deliveries WHERE status = 'PENDING'`);
      expect(pending).toBe(6);
      receiver.down = false;

      second = await startTestServerOn(db, FAST_RETRIES);
      await waitUntil(() => receiver.delivered().length === 6, 60_000, 'all six events');
      expect(receiver.allSigned(endpoint.secret)).toBe(true);
      const orderIds = receiver
        .delivered()
        .filter((r) => r.type === 'order.paid')
        .map((r) => JSON.parse(r.body).data.order.id)
        .sort();
      expect(orderIds).toEqual(sales.map((s) => s.order.id).sort());
      // The receiver answers before the server records the answer.
      const succeeded = async () => (await db.dataSource.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'SUCCEEDED'`))[0].n;
      await waitUntil(async () => (await succeeded()) === 6, 15_000, 'six deliveries recorded as succeeded');
    } finally {
      await first?.stop();
      await second?.stop();
      await receiver.stop();
      await db.drop();
    }
  }, 120_000);
});
