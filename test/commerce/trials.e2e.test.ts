import { randomUUID } from 'node:crypto';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { knowpayStripeSettings, startStripeServer, StripeTestServer } from '../harness/stripe-server';
import { creatorWithCourse, rawId } from './commerce-fixtures';

const CREATE_PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } errors { code message } } }`;
const SUBSCRIBE = `mutation($input: SubscribeInput!) { subscribe(input: $input) { membership { id status trialEndsAt } payment { status } errors { code message field } } }`;
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token errors { code message } } }`;

async function accountWithEmail(t: TestServer, email: string): Promise<string> {
  const res = await t.gql(SIGN_UP, { input: { email, password: 'correct horse battery', displayName: `Trialist ${randomUUID().slice(0, 6)}` } });
  if (!res.data?.signUp?.token) throw new Error(JSON.stringify(res));
  return res.data.signUp.token;
}

async function trialPlan(t: TestServer): Promise<string> {
  const { creator, course } = await creatorWithCourse(t);
  const plan = await t.gql(
    CREATE_PLAN,
    { input: { name: 'Try it', price: { amount: 2900, currency: 'CNY' }, interval: 'MONTH', trialDays: 14, courseIds: [course.id] } },
    creator.token,
  );
  return plan.data.createPlan.plan.id;
}

const subscribe = async (t: TestServer, token: string, planId: string, paymentMethodId?: string) =>
  (await t.gql(SUBSCRIBE, { input: { planId, idempotencyKey: randomUUID(), paymentMethodId } }, token)).data.subscribe;

/**
 * One free trial per person and plan: new accounts with +tags or Gmail dots
 * are the same person, two sign-ups racing get one trial between them,
 * and with Stripe the card's fingerprint counts too. Who had the trial
 * subscribes without one (the first period is charged).
 */
describe('one trial per person per plan', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.stop());

  it('the same mailbox behind another account gets no second trial', async () => {
    const planId = await trialPlan(t);
    const tag = randomUUID().slice(0, 8);
    const first = await accountWithEmail(t, `ada.${tag}@gmail.com`);
    expect((await subscribe(t, first, planId)).membership).toMatchObject({ status: 'TRIALING', trialEndsAt: expect.any(String) });

    for (const email of [`ada.${tag}+again@gmail.com`, `a.da${tag}@googlemail.com`]) {
      const other = await accountWithEmail(t, email);
      const second = await subscribe(t, other, planId);
      expect(second).toMatchObject({ membership: { status: 'ACTIVE', trialEndsAt: null }, payment: { status: 'succeeded' }, errors: [] });
    }
    // Another person still gets theirs.
    const someoneElse = await accountWithEmail(t, `grace.${tag}+news@example.com`);
    expect((await subscribe(t, someoneElse, planId)).membership.status).toBe('TRIALING');
    const sameInbox = await accountWithEmail(t, `grace.${tag}@example.com`);
    expect((await subscribe(t, sameInbox, planId)).membership.status).toBe('ACTIVE');
  });

  it('two accounts of one person subscribing at once get one trial between them', async () => {
    const planId = await trialPlan(t);
    const tag = randomUUID().slice(0, 8);
    const tokens = await Promise.all([accountWithEmail(t, `race.${tag}+a@example.com`), accountWithEmail(t, `race.${tag}+b@example.com`)]);
    const results = await Promise.all(tokens.map((token) => subscribe(t, token, planId)));
    expect(results.map((r) => r.membership.status).sort()).toEqual(['ACTIVE', 'TRIALING']);
  });
});

describe('with Stripe, a trial needs a card, and one card gets one trial per plan', () => {
  let stripe: StripeTestServer;
  let t: TestServer;
  beforeAll(async () => {
    stripe = await startStripeServer();
    t = await startTestServer({ ...knowpayStripeSettings(stripe, 'whsec_trials') });
  });
  afterAll(async () => {
    await t.stop();
    await stripe.stop();
  });

  it('refuses a trial without a card, grants it with one, and not again for the same card on another account', async () => {
    const planId = await trialPlan(t);
    const first = await signUpUser(t, 'CardOne');
    expect((await subscribe(t, first.token, planId)).errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'paymentMethodId'] });
    expect((await subscribe(t, first.token, planId, 'pm_card_visa')).membership.status).toBe('TRIALING');
    // The card is the one the renewal at the trial's end charges.
    const [customer] = await t.db.dataSource.query(`SELECT default_payment_method FROM billing_customers WHERE user_id = $1`, [rawId(first.userId)]);
    expect(customer.default_payment_method).toBe('pm_card_visa');

    const second = await signUpUser(t, 'SameCard');
    const again = await subscribe(t, second.token, planId, 'pm_card_visa');
    expect(again).toMatchObject({ membership: { status: 'INCOMPLETE', trialEndsAt: null }, payment: { status: 'requires_confirmation' }, errors: [] });

    const third = await signUpUser(t, 'OtherCard');
    expect((await subscribe(t, third.token, planId, 'pm_card_mastercard')).membership.status).toBe('TRIALING');
  });
});
