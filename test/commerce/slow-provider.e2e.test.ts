import { randomUUID } from 'node:crypto';
import { crashServer, CrashServer, postGraphQL } from '../harness/crash-server';
import { createTestDatabase, TestDatabase } from '../harness/database';
import { knowpayStripeSettings, startStripeServer, StripeTestServer } from '../harness/stripe-server';
import { waitUntil } from '../harness/subscriptions';
import { rawId } from './commerce-fixtures';

const SECRET = 'whsec_knowpay_slow_provider';
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token errors { code message } } }`;
const CREATE = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id } errors { code message } } }`;
const SECTION = `mutation($input: AddSectionInput!) { addSection(input: $input) { course { sections { id } } } }`;
const LESSON = `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id } } }`;
const PUBLISH = `mutation($id: ID!) { publishCourse(id: $id) { course { status } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id status payment { status clientSecret } } errors { code message } } }`;
const CATALOG = `{ courses(first: 10) { totalCount nodes { id title } } }`;

/**
 * The payment provider answers after 20 s. Checkout reserves its order in
 * a short transaction and calls the provider after the commit, so 50
 * checkouts waiting on the provider hold no database connection: catalog
 * reads and /readyz answer while every one of them is still waiting.
 */
describe('a slow payment provider', () => {
  let db: TestDatabase;
  let stripe: StripeTestServer;
  let server: CrashServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    stripe = await startStripeServer();
    server = await crashServer({
      databaseUrl: db.url,
      env: {
        ...knowpayStripeSettings(stripe, SECRET),
        PAYMENT_PROVIDER_TIMEOUT_MS: '4000',
      },
    });
    await server.start();
    stripe.webhooks.configure({ url: `${server.url}/webhooks/stripe`, secret: SECRET, events: ['payment_intent.succeeded', 'payment_intent.payment_failed'] });
  });
  afterAll(async () => {
    await server?.stop();
    await stripe?.stop();
    await db?.drop();
  });

  const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) => postGraphQL(server.url, query, variables, token, 60_000);
  async function signUp(name: string): Promise<string> {
    const res = await gql(SIGN_UP, { input: { email: `${name}-${randomUUID()}@example.com`, password: 'correct horse battery', displayName: name } });
    return res.data.signUp.token;
  }

  it('50 concurrent checkouts waiting 20 s on the provider do not stall catalog reads or /readyz', async () => {
    const creator = await signUp('creator');
    const courseId = (await gql(CREATE, { input: { title: 'Patience', description: 'Waiting well.', price: { amount: 5900, currency: 'CNY' } } }, creator)).data
      .createCourse.course.id;
    const sectionId = (await gql(SECTION, { input: { courseId, title: 'One' } }, creator)).data.addSection.course.sections[0].id;
    await gql(LESSON, { input: { sectionId, title: 'Only', kind: 'ARTICLE', durationSeconds: 60, body: 'Text' } }, creator);
    await gql(PUBLISH, { id: courseId }, creator);
    const buyers: string[] = [];
    for (let i = 0; i < 50; i += 1) buyers.push(await signUp(`buyer${i}`));
    const keys = buyers.map(() => randomUUID());

    stripe.setLatency(20_000, /^POST \/v1\/payment_intents$/);
    // (Caught, so that a failure below reports itself rather than the dangling requests.)
    const checkouts = buyers.map((token, i) =>
      gql(CHECKOUT, { input: { courseIds: [courseId], idempotencyKey: keys[i] } }, token).catch((error: Error) => ({ error }) as any),
    );
    // More checkouts wait at the provider than the server has pooled connections (10).
    await waitUntil(() => stripe.held >= 20, 20_000, 'checkouts waiting at the provider');

    const reads = await Promise.all(Array.from({ length: 20 }, () => gql(CATALOG)));
    const ready = await Promise.all(Array.from({ length: 5 }, () => fetch(`${server.url}/readyz`)));
    expect(reads.every((r) => r.data?.courses.totalCount === 1)).toBe(true);
    expect(ready.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    // All of that happened while the provider still held the checkouts.
    expect(stripe.held).toBeGreaterThanOrEqual(20);
    expect(stripe.requests.filter((r) => r.path === '/v1/payment_intents' && r.method === 'POST')).toHaveLength(0);

    // The bounded call gives up; each buyer has its order, waiting for its payment to be created.
    const answers = await Promise.all(checkouts);
    expect(answers.every((a) => a.data?.checkout.order.status === 'PENDING_PAYMENT')).toBe(true);
    expect(answers.filter((a) => a.data.checkout.order.payment.status === 'creating').length).toBeGreaterThan(0);

    // The provider recovers: a retry of the same key gets the client secret; one intent per order however often it was asked.
    stripe.setLatency(0);
    const retried = await Promise.all(buyers.map((token, i) => gql(CHECKOUT, { input: { courseIds: [courseId], idempotencyKey: keys[i] } }, token)));
    expect(retried.map((r) => r.data.checkout.order.id)).toEqual(answers.map((a) => a.data.checkout.order.id));
    expect(retried.every((r) => /^pi_.+_secret_/.test(r.data.checkout.order.payment.clientSecret ?? ''))).toBe(true);
    const orderIds = new Set(answers.map((a) => rawId(a.data.checkout.order.id)));
    const intents = [...stripe.store.paymentIntents.values()] as unknown as Array<{ metadata: Record<string, string> }>;
    const perOrder = new Map<string, number>();
    for (const intent of intents)
      if (orderIds.has(intent.metadata.knowpay_order_id))
        perOrder.set(intent.metadata.knowpay_order_id, (perOrder.get(intent.metadata.knowpay_order_id) ?? 0) + 1);
    expect(perOrder.size).toBe(50);
    expect([...perOrder.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});
