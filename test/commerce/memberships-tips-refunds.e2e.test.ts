import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { renewMembership, sweepMemberships } from '../../src/commerce/membership-billing';
import { tipsTopic } from '../../src/commerce/tip-settlement';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { waitForSubscribers, waitUntil } from '../harness/subscriptions';
import { adminToken, checkout, creatorWithCourse, hasAccess, ledgerProblems, publishedCourse, rawId } from './commerce-fixtures';

const CREATE_PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id name trialDays price { amount currency } courses { totalCount } } errors { code message field } } }`;
const SUBSCRIBE = `mutation($input: SubscribeInput!) { subscribe(input: $input) { membership { id status trialEndsAt cancelAtPeriodEnd currentPeriodEnd plan { id } } payment { provider status } errors { code message field } } }`;
const CANCEL = `mutation($id: ID!) { cancelMembership(id: $id) { membership { id status cancelAtPeriodEnd } errors { code message } } }`;
const TIP = `mutation($input: SendTipInput!) { sendTip(input: $input) { tip { id status amount { amount currency } message to { id } from { id } } payment { provider } errors { code message field } } }`;
const REQUEST_REFUND = `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id status amount { amount } order { id } } errors { code message field } } }`;
const RESOLVE_REFUND = `mutation($id: ID!, $approve: Boolean!) { resolveRefund(id: $id, approve: $approve, note: "ok") { refund { id status order { status refundedTotal { amount } } } errors { code message } } }`;
const STATS = `{ viewer { creator { stats { grossRevenue { amount currency } netRevenue { amount } tipsTotal { amount } refundsTotal { amount } sales enrollments activeSubscribers } } } }`;

describe('commerce: memberships, tips, refunds and the books', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ RENEWAL_RETRY_SECONDS: '1', RENEWAL_RETRIES: '2', JOB_POLL_SECONDS: '1' });
  });
  afterAll(async () => t.stop());

  it('a learner trials a plan, gets access at once, cancels, and loses access when the period ends', async () => {
    const { creator, course } = await creatorWithCourse(t);
    const plan = await t.gql(
      CREATE_PLAN,
      { input: { name: 'All access', price: { amount: 3000, currency: 'CNY' }, interval: 'MONTH', trialDays: 7, courseIds: [course.id] } },
      creator.token,
    );
    expect(plan.data.createPlan).toMatchObject({ plan: { trialDays: 7, price: { amount: 3000 }, courses: { totalCount: 1 } }, errors: [] });
    const planId = plan.data.createPlan.plan.id;
    const learner = await signUpUser(t, 'Trial');
    const key = randomUUID();
    const sub = await t.gql(SUBSCRIBE, { input: { planId, idempotencyKey: key } }, learner.token);
    expect(sub.data.subscribe).toMatchObject({ membership: { status: 'TRIALING', cancelAtPeriodEnd: false }, payment: null, errors: [] });
    const membership = sub.data.subscribe.membership;
    expect(Date.parse(membership.trialEndsAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);
    // the renewal at the trial's end waits in the durable queue
    const jobs = await t.db.dataSource.query(`SELECT start_after FROM pgboss.job WHERE name = 'membership.renew' AND data->>'membershipId' = $1`, [
      rawId(membership.id),
    ]);
    expect(jobs).toHaveLength(1);
    expect(new Date(jobs[0].start_after).toISOString()).toBe(new Date(membership.trialEndsAt).toISOString());
    // a retry of subscribe is the same membership; a second membership of the plan is refused
    expect((await t.gql(SUBSCRIBE, { input: { planId, idempotencyKey: key } }, learner.token)).data.subscribe.membership.id).toBe(membership.id);
    expect((await t.gql(SUBSCRIBE, { input: { planId, idempotencyKey: randomUUID() } }, learner.token)).data.subscribe.errors[0].code).toBe('ALREADY_EXISTS');

    const canceled = await t.gql(CANCEL, { id: membership.id }, learner.token);
    expect(canceled.data.cancelMembership.membership).toMatchObject({ status: 'TRIALING', cancelAtPeriodEnd: true });
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);
    // the period ends (time moves by SQL), the sweep finds it due and the worker ends the membership
    await t.db.dataSource.query(
      `UPDATE memberships SET current_period_end = now() - interval '1 second', current_period_start = now() - interval '8 days' WHERE id = $1`,
      [rawId(membership.id)],
    );
    await t.server.services.jobs.runNow(sweepMemberships, {});
    await waitUntil(
      async () => (await t.gql(`{ viewer { memberships { status } } }`, {}, learner.token)).data.viewer.memberships[0].status === 'CANCELED',
      10_000,
    );
    expect(await hasAccess(t, learner.token, course.id)).toBe(false);
    expect((await t.gql(CANCEL, { id: membership.id }, learner.token)).data.cancelMembership.errors[0].code).toBe('CONFLICT');
  });

  it('a paid plan activates on payment, renews each period, and goes PAST_DUE then EXPIRED when the card fails', async () => {
    const { creator, course } = await creatorWithCourse(t);
    const planId = (
      await t.gql(
        CREATE_PLAN,
        { input: { name: 'Yearly', price: { amount: 29900, currency: 'CNY' }, interval: 'YEAR', courseIds: [course.id] } },
        creator.token,
      )
    ).data.createPlan.plan.id;
    const learner = await signUpUser(t, 'Member');
    const sub = (await t.gql(SUBSCRIBE, { input: { planId, idempotencyKey: randomUUID() } }, learner.token)).data.subscribe;
    expect(sub).toMatchObject({ membership: { status: 'ACTIVE' }, payment: { provider: 'test' }, errors: [] });
    const id = rawId(sub.membership.id);
    const firstEnd = new Date(sub.membership.currentPeriodEnd);
    expect(firstEnd.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 1);

    // renewal: the period is over; the job charges the saved card and the membership runs another year
    await t.db.dataSource.query(
      `UPDATE memberships SET current_period_end = now() - interval '1 second', current_period_start = now() - interval '1 year' WHERE id = $1`,
      [id],
    );
    const [{ current_period_end: due }] = await t.db.dataSource.query('SELECT current_period_end FROM memberships WHERE id = $1', [id]);
    await t.server.services.jobs.runNow(renewMembership, { membershipId: id, periodEnd: new Date(due).toISOString() });
    await t.server.services.jobs.runNow(renewMembership, { membershipId: id, periodEnd: new Date(due).toISOString() }); // a duplicate job is harmless
    const [renewed] = await t.db.dataSource.query(
      `SELECT status, current_period_end, (SELECT count(*)::int FROM orders WHERE membership_id = $1 AND status = 'PAID') AS paid FROM memberships WHERE id = $1`,
      [id],
    );
    expect(renewed).toMatchObject({ status: 'ACTIVE', paid: 2 });
    expect(new Date(renewed.current_period_end).getTime()).toBeGreaterThan(Date.now() + 360 * 86_400_000);

    // the card starts failing: PAST_DUE (access kept through the grace period), retries, then EXPIRED
    await t.db.dataSource.query(`UPDATE billing_customers SET default_payment_method = 'pm_card_chargeDeclined' WHERE user_id = $1`, [rawId(learner.userId)]);
    await t.db.dataSource.query(`UPDATE memberships SET current_period_end = now() - interval '1 second' WHERE id = $1`, [id]);
    const [{ current_period_end: due2 }] = await t.db.dataSource.query('SELECT current_period_end FROM memberships WHERE id = $1', [id]);
    await t.server.services.jobs.runNow(renewMembership, { membershipId: id, periodEnd: new Date(due2).toISOString() });
    expect((await t.db.dataSource.query('SELECT status FROM memberships WHERE id = $1', [id]))[0].status).toBe('PAST_DUE');
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);
    // retry jobs (1 s apart here) run on the queue's workers until the retries are used up
    await waitUntil(async () => (await t.db.dataSource.query('SELECT status FROM memberships WHERE id = $1', [id]))[0].status === 'EXPIRED', 20_000);
    expect(await hasAccess(t, learner.token, course.id)).toBe(false);
    expect(await ledgerProblems(t)).toEqual([]);
  });

  it('a learner tips a creator; the creator hears about it in real time; bad tips are refused', async () => {
    const { creator, course } = await creatorWithCourse(t);
    const fan = await signUpUser(t, 'Fan');
    const me = await t.gql(`{ viewer { creator { id } } }`, {}, creator.token);
    const creatorId = me.data.viewer.creator.id;
    const client = createClient({
      url: t.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${creator.token}` },
      retryAttempts: 0,
    });
    const received: any[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: 'subscription { tipReceived { id amount { amount } message status } }' },
        {
          next: (value) => {
            received.push(value);
            resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await waitForSubscribers(t, tipsTopic(rawId(creatorId)));
    const sent = await t.gql(
      TIP,
      { input: { creatorId, courseId: course.id, amount: { amount: 1500, currency: 'CNY' }, message: '谢谢老师!', idempotencyKey: randomUUID() } },
      fan.token,
    );
    expect(sent.data.sendTip).toMatchObject({
      tip: { status: 'PAID', amount: { amount: 1500, currency: 'CNY' }, message: '谢谢老师!', to: { id: creatorId } },
      errors: [],
    });
    await done;
    expect(received[0].data.tipReceived).toMatchObject({ id: sent.data.sendTip.tip.id, amount: { amount: 1500 }, status: 'PAID' });
    await client.dispose();

    const bad = async (input: Record<string, unknown>, token = fan.token) =>
      (await t.gql(TIP, { input: { creatorId, amount: { amount: 1500, currency: 'CNY' }, idempotencyKey: randomUUID(), ...input } }, token)).data.sendTip
        .errors[0];
    expect(await bad({ amount: { amount: 0, currency: 'CNY' } })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'amount', 'amount'] });
    expect(await bad({ amount: { amount: -5, currency: 'CNY' } })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await bad({ amount: { amount: 50, currency: 'CNY' } })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('¥1.00') });
    expect(await bad({ amount: { amount: 600_000, currency: 'CNY' } })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('5,000') });
    expect(await bad({ amount: { amount: 500, currency: 'XXX' } })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'amount', 'currency'] });
    expect(await bad({ message: 'x'.repeat(501) })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'message'] });
    expect(await bad({}, creator.token)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('yourself') });
  });

  it('refunds: the policy, partial refunds, an admin decision, and a full refund taking access back', async () => {
    const { course } = await creatorWithCourse(t, { amount: 10000, currency: 'CNY' });
    const learner = await signUpUser(t, 'Refund');
    const { order } = await checkout(t, learner.token, [course.id]);
    const admin = await adminToken(t);

    const tooMuch = await t.gql(
      REQUEST_REFUND,
      { input: { orderId: order.id, reason: 'Too much', amount: { amount: 10001, currency: 'CNY' } } },
      learner.token,
    );
    expect(tooMuch.data.requestRefund.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'amount', 'amount'] });
    const part = await t.gql(
      REQUEST_REFUND,
      { input: { orderId: order.id, reason: 'One chapter was missing', amount: { amount: 2500, currency: 'CNY' } } },
      learner.token,
    );
    expect(part.data.requestRefund).toMatchObject({ refund: { status: 'REQUESTED', amount: { amount: 2500 } }, errors: [] });
    const notAdmin = await t.gql(RESOLVE_REFUND, { id: part.data.requestRefund.refund.id, approve: true }, learner.token);
    expect(notAdmin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const approved = await t.gql(RESOLVE_REFUND, { id: part.data.requestRefund.refund.id, approve: true }, admin);
    expect(approved.data.resolveRefund.refund).toMatchObject({ status: 'SETTLED', order: { status: 'PARTIALLY_REFUNDED', refundedTotal: { amount: 2500 } } });
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);
    expect((await t.gql(RESOLVE_REFUND, { id: part.data.requestRefund.refund.id, approve: false }, admin)).data.resolveRefund.errors[0].code).toBe('CONFLICT');

    const rest = await t.gql(REQUEST_REFUND, { input: { orderId: order.id, reason: 'Not for me after all' } }, learner.token);
    expect(rest.data.requestRefund.refund.amount.amount).toBe(7500);
    const rejected = await t.gql(RESOLVE_REFUND, { id: rest.data.requestRefund.refund.id, approve: false }, admin);
    expect(rejected.data.resolveRefund.refund.status).toBe('REJECTED');
    const again = await t.gql(REQUEST_REFUND, { input: { orderId: order.id, reason: 'Please reconsider' } }, learner.token);
    const full = await t.gql(RESOLVE_REFUND, { id: again.data.requestRefund.refund.id, approve: true }, admin);
    expect(full.data.resolveRefund.refund.order).toEqual({ status: 'REFUNDED', refundedTotal: { amount: 10000 } });
    expect(await hasAccess(t, learner.token, course.id)).toBe(false);
    const nothingLeft = await t.gql(REQUEST_REFUND, { input: { orderId: order.id, reason: 'again' } }, learner.token);
    expect(nothingLeft.data.requestRefund.errors[0].code).toBe('REFUND_NOT_ALLOWED');

    // outside the policy: most of the course done, or too long ago
    const { course: second } = await creatorWithCourse(t, { amount: 5000, currency: 'CNY' });
    const { order: secondOrder } = await checkout(t, learner.token, [second.id]);
    await t.db.dataSource.query(`UPDATE enrollments SET completed_lesson_count = 2 WHERE user_id = $1 AND course_id = $2`, [
      rawId(learner.userId),
      rawId(second.id),
    ]);
    const late = await t.gql(REQUEST_REFUND, { input: { orderId: secondOrder.id, reason: 'Done with it' } }, learner.token);
    expect(late.data.requestRefund.errors[0]).toMatchObject({ code: 'REFUND_NOT_ALLOWED', message: expect.stringContaining('30%') });
    await t.db.dataSource.query(`UPDATE enrollments SET completed_lesson_count = 0 WHERE user_id = $1`, [rawId(learner.userId)]);
    await t.db.dataSource.query(`UPDATE orders SET paid_at = now() - interval '15 days' WHERE id = $1`, [rawId(secondOrder.id)]);
    const old = await t.gql(REQUEST_REFUND, { input: { orderId: secondOrder.id, reason: 'Forgot about it' } }, learner.token);
    expect(old.data.requestRefund.errors[0]).toMatchObject({ code: 'REFUND_NOT_ALLOWED', message: expect.stringContaining('14 days') });
    const stranger = await signUpUser(t, 'Stranger');
    expect((await t.gql(REQUEST_REFUND, { input: { orderId: secondOrder.id, reason: 'mine?' } }, stranger.token)).data.requestRefund.errors[0].code).toBe(
      'NOT_FOUND',
    );
  });

  it('keeps the books balanced through a random mix of purchases, renewals, tips and refunds, and creator stats read from them', async () => {
    const { creator, course } = await creatorWithCourse(t, { amount: 3333, currency: 'CNY' });
    const second = await publishedCourse(t, creator.token, { amount: 1999, currency: 'CNY' });
    const creatorId = (await t.gql(`{ viewer { creator { id } } }`, {}, creator.token)).data.viewer.creator.id;
    const planId = (
      await t.gql(
        CREATE_PLAN,
        { input: { name: 'Monthly', price: { amount: 999, currency: 'CNY' }, interval: 'MONTH', courseIds: [course.id] } },
        creator.token,
      )
    ).data.createPlan.plan.id;
    const admin = await adminToken(t);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let expectedGross = 0,
      expectedTips = 0,
      expectedRefunds = 0;
    for (let i = 0; i < 12; i += 1) {
      const learner = await signUpUser(t, `Mix${i}`);
      const pick = random();
      if (pick < 0.4) {
        const { order } = await checkout(t, learner.token, random() < 0.5 ? [course.id] : [course.id, second.id]);
        expectedGross += order.total.amount;
        if (random() < 0.5) {
          const amount = 1 + Math.floor(random() * (order.total.amount - 1));
          const r = await t.gql(REQUEST_REFUND, { input: { orderId: order.id, reason: 'random refund', amount: { amount, currency: 'CNY' } } }, learner.token);
          await t.gql(RESOLVE_REFUND, { id: r.data.requestRefund.refund.id, approve: true }, admin);
          expectedRefunds += amount;
        }
      } else if (pick < 0.7) {
        const amount = 100 + Math.floor(random() * 9000);
        await t.gql(TIP, { input: { creatorId, amount: { amount, currency: 'CNY' }, idempotencyKey: randomUUID() } }, learner.token);
        expectedTips += amount;
      } else {
        const sub = (await t.gql(SUBSCRIBE, { input: { planId, idempotencyKey: randomUUID() } }, learner.token)).data.subscribe;
        expectedGross += 999;
        const id = rawId(sub.membership.id);
        await t.db.dataSource.query(
          `UPDATE memberships SET current_period_end = now() - interval '1 second', current_period_start = now() - interval '1 month' WHERE id = $1`,
          [id],
        );
        const [{ current_period_end: due }] = await t.db.dataSource.query('SELECT current_period_end FROM memberships WHERE id = $1', [id]);
        await t.server.services.jobs.runNow(renewMembership, { membershipId: id, periodEnd: new Date(due).toISOString() });
        expectedGross += 999;
      }
    }
    expect(await ledgerProblems(t)).toEqual([]);
    const stats = (await t.gql(STATS, {}, creator.token)).data.viewer.creator.stats;
    expect(stats.grossRevenue).toEqual({ amount: expectedGross, currency: 'CNY' });
    expect(stats.tipsTotal.amount).toBe(expectedTips);
    expect(stats.refundsTotal.amount).toBe(expectedRefunds);
    const [{ payable }] = await t.db.dataSource.query(
      `SELECT -coalesce(sum(p.amount), 0)::int AS payable FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.code = $1`,
      [`creator:${rawId(creatorId)}:payable`],
    );
    expect(stats.netRevenue.amount).toBe(payable);
    // 80% of sales and 95% of tips, refunds taken back in proportion: within a fen per journal of the exact share
    expect(Math.abs(payable - (0.8 * (expectedGross - expectedRefunds) + 0.95 * expectedTips))).toBeLessThan(30);
    const stranger = await signUpUser(t, 'Nosy');
    const peek = await t.gql(
      `query($h: String!) { creator(handle: $h) { stats { sales } } }`,
      { h: (await t.gql(`{ viewer { user { profile { handle } } } }`, {}, creator.token)).data.viewer.user.profile.handle },
      stranger.token,
    );
    expect(peek.data.creator.stats).toBeNull();
    // the ledger refuses edits
    await expect(t.db.dataSource.query('UPDATE ledger_postings SET amount = amount + 1')).rejects.toThrow(/append-only/);
    await expect(t.db.dataSource.query('DELETE FROM ledger_journals')).rejects.toThrow(/append-only/);
  });
});
