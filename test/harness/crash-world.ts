import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import PgBoss from 'pg-boss';
import type Stripe from 'stripe';
import { parseGlobalId } from '../../src/common/global-id';
import { Sfc32 } from '../../src/common/sfc32';
import { GraphQLAnswer, postGraphQL } from './crash-server';
import { knowpayStripeSettings, type StripeTestServer } from './stripe-server';

/**
 * The world a crash test's load runs in: a creator's courses, a coupon, a
 * membership plan with paying members, a partner with an API key, a
 * webhook endpoint and an organization, and a pool of buyers, all made
 * through the public API of the server under test. Shared by
 * test/commerce/crash-rounds.e2e.test.ts and bench/crash-soak.ts.
 */

export const rawId = (globalId: string): string => parseGlobalId(globalId)!.id;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Gave up on an operation: the run is ending and the server kept failing it. */
export class GaveUp extends Error {}

/**
 * GraphQL calls that outlive the server: a refused or reset connection
 * (the process was killed) or a 5xx is retried after a short pause, with
 * the same variables (so the same idempotency key), until the server
 * answers or `deadline` passes.
 */
export class Api {
  /** Answers carrying INTERNAL_SERVER_ERROR (retried too), for the report. */
  internalErrors = 0;
  networkErrors = 0;

  constructor(
    readonly url: string,
    private readonly random: () => number,
  ) {}

  async call<T = any>(query: string, variables: Record<string, unknown>, token: string | null, deadlineMs = 90_000): Promise<GraphQLAnswer<T>> {
    const giveUpAt = Date.now() + deadlineMs;
    let last = '';
    for (;;) {
      try {
        const answer = await postGraphQL<T>(this.url, query, variables, token, 15_000);
        const internal = answer.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
        if (answer.status < 500 && !internal) return answer;
        if (internal) this.internalErrors += 1;
        last = `HTTP ${answer.status} ${JSON.stringify(answer.errors ?? '').slice(0, 200)}`;
      } catch (error) {
        this.networkErrors += 1;
        last = String((error as Error)?.cause ?? error);
      }
      if (Date.now() > giveUpAt) throw new GaveUp(`no answer from ${this.url} within ${deadlineMs} ms (last: ${last}) to ${query.slice(0, 60)}`);
      await sleep(100 + Math.floor(this.random() * 200));
    }
  }
}

export interface Person {
  token: string;
  userId: string;
  email: string;
}

export interface CrashWorld {
  api: Api;
  db: Pool;
  boss: PgBoss;
  stripe: StripeTestServer | null;
  /** Buyers confirm their PaymentIntents with it (null with the test provider, which settles at once). */
  stripeClient: Stripe | null;
  random: () => number;
  admin: string;
  creator: Person;
  courseIds: string[];
  couponCode: string;
  planId: string;
  partnerKey: string;
  organizationId: string;
  buyers: Person[];
  members: Array<Person & { membershipId: string }>;
  /** Checkout idempotency key → every order id the server answered it with. */
  answersByKey: Map<string, Set<string>>;
  /** Operations completed, by kind, and given up. */
  done: Record<string, number>;
}

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token viewer { user { id } } errors { code message } } }`;
const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`;
const CREATE_COURSE = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id } errors { code message } } }`;
const SECTION = `mutation($input: AddSectionInput!) { addSection(input: $input) { course { sections { id } } } }`;
const LESSON = `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id } } }`;
const PUBLISH = `mutation($id: ID!) { publishCourse(id: $id) { course { status } } }`;
const COUPON = `mutation($input: CreateCouponInput!) { createCoupon(input: $input) { coupon { id } errors { code message } } }`;
const PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } errors { code message } } }`;
const SUBSCRIBE = `mutation($input: SubscribeInput!) { subscribe(input: $input) { membership { id status } errors { code message } } }`;
const PARTNER = `mutation($name: String!, $rate: Float!) { createPartner(name: $name, commissionRate: $rate) { partner { id } errors { code message } } }`;
const KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret errors { code message } } }`;
const ENDPOINT = `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret errors { code message } } }`;
const ORGANIZATION = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } errors { code message } } }`;

/** Server settings for crash runs: leases of a few seconds, unpaid orders expire after 8 s, fast retries. */
export function crashServerEnv(stripeUrl: string | null): Record<string, string> {
  return {
    ...(stripeUrl ? knowpayStripeSettings({ url: stripeUrl }, CRASH_WEBHOOK_SECRET) : {}),
    PAYMENT_PROVIDER_TIMEOUT_MS: '2000',
    PENDING_ORDER_TTL_SECONDS: '8',
    REFUND_RETRY_SECONDS: '1',
    RENEWAL_RETRY_SECONDS: '2',
    WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
    WEBHOOK_TIMEOUT_MS: '1000',
    WEBHOOK_RETRY_BASE_MS: '200',
    WEBHOOK_RETRY_MAX_MS: '2000',
    API_KEY_RATE_LIMIT: '100000',
    API_KEY_RATE_PER_MINUTE: '1000000',
  };
}

export const CRASH_WEBHOOK_SECRET = 'whsec_knowpay_crash_rounds';

/** Stripe retries a failed webhook for days; the stand-in every few seconds for a few minutes (the server is down for most of a round). */
export const STRIPE_RETRIES = [250, 500, 1000, 2000, ...Array.from({ length: 60 }, () => 3000)];

/**
 * Points the Stripe stand-in's webhooks at the server, misbehaving: events
 * late (so they overtake each other), 30% of them twice, and a failed
 * delivery sent again until the server takes it.
 */
export function connectStripe(stripe: StripeTestServer, serverUrl: string, seed: number): void {
  stripe.webhooks.configure({
    url: `${serverUrl}/webhooks/stripe`,
    secret: CRASH_WEBHOOK_SECRET,
    events: ['payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled', 'refund.created', 'refund.updated'],
  });
  const prng = new Sfc32(seed ^ 0x5eed);
  stripe.webhooks.chaos({ duplicateRate: 0.3, maxDelayMs: 400, retryDelaysMs: STRIPE_RETRIES, random: () => prng.next() });
}

export interface WorldOptions {
  url: string;
  databaseUrl: string;
  /** The Stripe stand-in when the server runs Stripe; null for the built-in test provider. */
  stripe: StripeTestServer | null;
  partnerWebhookUrl: string;
  seed: number;
  buyers?: number;
  members?: number;
}

export async function signUp(api: Api, name: string): Promise<Person> {
  const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
  const res = await api.call(SIGN_UP, { input: { email, password: 'correct horse battery', displayName: `${name} ${randomUUID().slice(0, 6)}` } }, null);
  if (!res.data?.signUp?.token) throw new Error(`signUp failed: ${JSON.stringify(res)}`);
  return { token: res.data.signUp.token, userId: res.data.signUp.viewer.user.id, email };
}

async function must<T = any>(api: Api, query: string, variables: Record<string, unknown>, token: string | null, pick: (data: any) => T): Promise<T> {
  const res = await api.call(query, variables, token);
  const value = res.data ? pick(res.data) : undefined;
  if (value === undefined || value === null) throw new Error(`setup step failed: ${JSON.stringify(res)}`);
  return value;
}

export async function buildWorld(options: WorldOptions): Promise<CrashWorld> {
  const prng = new Sfc32(options.seed);
  const random = () => prng.next();
  const api = new Api(options.url, random);
  const db = new Pool({ connectionString: options.databaseUrl, max: 3 });
  db.on('error', () => undefined); // idle connections dropped when the test database goes
  const boss = new PgBoss({ connectionString: options.databaseUrl, schema: 'pgboss', max: 1, supervise: false, schedule: false });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    return await populate(options, api, db, boss, random);
  } catch (error) {
    await boss.stop({ graceful: false, wait: true });
    await db.end();
    throw error;
  }
}

async function populate(options: WorldOptions, api: Api, db: Pool, boss: PgBoss, random: () => number): Promise<CrashWorld> {
  const admin = await must(api, SIGN_IN, { e: 'admin@knowpay.test', p: 'admin-password' }, null, (d) => d.signIn.token);
  const creator = await signUp(api, 'Creator');
  const courseIds: string[] = [];
  for (const [title, amount] of [
    ['Ledgers', 9900],
    ['Queues', 4900],
    ['Crashes', 2900],
  ] as const) {
    const id = await must(
      api,
      CREATE_COURSE,
      { input: { title, description: 'Crash-tested.', price: { amount, currency: 'CNY' } } },
      creator.token,
      (d) => d.createCourse.course?.id,
    );
    const sectionId = await must(api, SECTION, { input: { courseId: id, title: 'One' } }, creator.token, (d) => d.addSection.course.sections[0].id);
    await must(
      api,
      LESSON,
      { input: { sectionId, title: 'Only', kind: 'ARTICLE', durationSeconds: 60, body: 'Text' } },
      creator.token,
      (d) => d.addLesson.lesson.id,
    );
    await must(api, PUBLISH, { id }, creator.token, (d) => d.publishCourse.course.status);
    courseIds.push(id);
  }
  const couponCode = `CRASH-${options.seed}`;
  await must(api, COUPON, { input: { code: couponCode, kind: 'PERCENT', value: 20, maxRedemptions: 12 } }, creator.token, (d) => d.createCoupon.coupon?.id);
  const planId = await must(
    api,
    PLAN,
    { input: { name: 'Monthly', price: { amount: 1990, currency: 'CNY' }, interval: 'MONTH', courseIds: [courseIds[0]] } },
    creator.token,
    (d) => d.createPlan.plan?.id,
  );
  const partnerId = await must(api, PARTNER, { name: 'Reseller', rate: 0.15 }, admin, (d) => d.createPartner.partner?.id);
  const partnerKey = await must(
    api,
    KEY,
    { input: { label: 'crash', scopes: ['catalog:read', 'sales:write', 'seats:write', 'webhooks:write'], partnerId } },
    admin,
    (d) => d.createApiKey.secret,
  );
  await must(
    api,
    ENDPOINT,
    { input: { url: options.partnerWebhookUrl, events: ['order.paid', 'enrollment.created', 'refund.settled'] } },
    partnerKey,
    (d) => d.registerWebhookEndpoint.secret,
  );
  const organizationId = await must(
    api,
    ORGANIZATION,
    { input: { name: 'Crashco', seatsTotal: 3, courseIds: courseIds.slice(0, 2) } },
    partnerKey,
    (d) => d.createOrganization.organization?.id,
  );

  const buyers: Person[] = [];
  for (let i = 0; i < (options.buyers ?? 24); i++) buyers.push(await signUp(api, `Buyer${i}`));
  const stripeClient = options.stripe?.client() ?? null;
  const members: CrashWorld['members'] = [];
  for (let i = 0; i < (options.members ?? 3); i++) {
    const person = await signUp(api, `Member${i}`);
    const membershipId = await must(api, SUBSCRIBE, { input: { planId, idempotencyKey: randomUUID() } }, person.token, (d) => d.subscribe.membership?.id);
    if (stripeClient) {
      const [payment] = (
        await db.query(`SELECT p.provider_ref FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.buyer_id = $1 AND p.provider_ref IS NOT NULL`, [
          rawId(person.userId),
        ])
      ).rows;
      await stripeClient.paymentIntents.confirm(payment.provider_ref, { payment_method: 'pm_card_visa', return_url: 'https://shop.example/r' });
    }
    members.push({ ...person, membershipId });
  }
  return {
    api,
    db,
    boss,
    stripe: options.stripe,
    stripeClient,
    random,
    admin,
    creator,
    courseIds,
    couponCode,
    planId,
    partnerKey,
    organizationId,
    buyers,
    members,
    answersByKey: new Map(),
    done: {},
  };
}

export async function closeWorld(world: CrashWorld): Promise<void> {
  await world.boss.stop({ graceful: false, wait: true });
  await world.db.end();
}
