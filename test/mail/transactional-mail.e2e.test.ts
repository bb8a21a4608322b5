import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renewMembership } from '../../src/commerce/membership-billing';
import { deliverMail, sweepMail } from '../../src/mail/mail-delivery';
import { remindRenewal } from '../../src/commerce/renewal-reminder';
import { rawId, publishedCourse } from '../harness/courses';
import { signIn, startTestServer, TestServer } from '../harness/server';
import { linkToken, MailCatcher, signUpByMail, startMailCatcher } from '../harness/smtp-catcher';
import { PARTNER_SALE, partnerWithKey } from '../partners/partner-fixtures';
import { waitUntil } from '../harness/subscriptions';

const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id code status } errors { code message } } }`;
const CREATE_PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } errors { code message } } }`;
const SUBSCRIBE = `mutation($input: SubscribeInput!) { subscribe(input: $input) { membership { id status } errors { code message } } }`;
const REQUEST_REFUND = `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { code message } } }`;
const RESOLVE_REFUND = `mutation($id: ID!, $approve: Boolean!, $note: String) { resolveRefund(id: $id, approve: $approve, note: $note) { refund { status } errors { code message } } }`;

/**
 * What Knowpay mails after money moves, read from a real SMTP server: each
 * message in the recipient's language with a plain-text and an HTML part,
 * the amounts as the order has them.
 */
describe('transactional mail through SMTP', () => {
  let t: TestServer;
  let mail: MailCatcher;
  beforeAll(async () => {
    mail = await startMailCatcher();
    t = await startTestServer({ SMTP_URL: mail.url, EMAIL_AUTO_VERIFY: 'false', JOB_POLL_SECONDS: '1', RENEWAL_RETRY_SECONDS: '3600', RENEWAL_RETRIES: '1' });
  });
  afterAll(async () => {
    await t.stop();
    await mail.stop();
  });

  const buy = async (token: string, courseId: string) =>
    (await t.gql(CHECKOUT, { input: { courseIds: [courseId], idempotencyKey: randomUUID() } }, token)).data.checkout.order;

  it("a receipt after settlement, with the right amounts in the buyer's language", async () => {
    const creator = await signUpByMail(t, mail, 'Teacher');
    const cny = await publishedCourse(t, creator.token, { price: { amount: 9900, currency: 'CNY' }, title: '数据分析入门' });
    const usd = await publishedCourse(t, creator.token, { price: { amount: 1999, currency: 'USD' }, title: 'Intro to Statistics' });
    const xiaoming = await signUpByMail(t, mail, 'Xiaoming', { locale: 'zh' });
    const ada = await signUpByMail(t, mail, 'Ada', { locale: 'en' });

    const zhOrder = await buy(xiaoming.token, cny.id);
    const zhReceipt = await mail.next(xiaoming.email, (m) => m.subject.startsWith('您的收据'));
    expect(zhReceipt.subject).toBe('您的收据：¥99.00');
    expect(zhReceipt.text).toContain(`订单号 ${zhOrder.code}`);
    expect(zhReceipt.text).toContain('数据分析入门: ¥99.00');
    expect(zhReceipt.text).toContain('合计: ¥99.00');
    expect(zhReceipt.html).toContain('<td>合计</td><td style="text-align:right"><strong>¥99.00</strong>');

    const enOrder = await buy(ada.token, usd.id);
    const enReceipt = await mail.next(ada.email, (m) => m.subject.startsWith('Your receipt'));
    expect(enReceipt.subject).toBe('Your receipt: $19.99');
    expect(enReceipt.text).toContain(`Order ${enOrder.code}`);
    expect(enReceipt.text).toContain('Total: $19.99');
    expect(enReceipt.language).toBe('en');
    // one receipt per order, however often the event is seen
    expect(mail.messages.filter((m) => m.to === ada.email && m.subject.startsWith('Your receipt'))).toHaveLength(1);
  });

  it("refund decisions: an approval with the amount paid back, a refusal with the admin's note", async () => {
    const creator = await signUpByMail(t, mail, 'Author');
    const course = await publishedCourse(t, creator.token, { price: { amount: 10000, currency: 'CNY' } });
    const learner = await signUpByMail(t, mail, 'Refunded', { locale: 'zh' });
    const order = await buy(learner.token, course.id);
    const admin = await signIn(t, 'admin@knowpay.test', 'admin-password');

    const part = (
      await t.gql(REQUEST_REFUND, { input: { orderId: order.id, reason: 'Missing chapter', amount: { amount: 2500, currency: 'CNY' } } }, learner.token)
    ).data.requestRefund.refund;
    expect((await t.gql(RESOLVE_REFUND, { id: part.id, approve: true }, admin)).data.resolveRefund.errors).toEqual([]);
    const approved = await mail.next(learner.email, (m) => m.subject.startsWith('已批准退款'));
    expect(approved.subject).toBe('已批准退款 ¥25.00');
    expect(approved.text).toContain(`订单 ${order.code} 的 ¥25.00 已退回您的原支付方式。`);

    const rest = (await t.gql(REQUEST_REFUND, { input: { orderId: order.id, reason: 'Changed my mind' } }, learner.token)).data.requestRefund.refund;
    await t.gql(RESOLVE_REFUND, { id: rest.id, approve: false, note: '课程已学习大部分内容' }, admin);
    const refused = await mail.next(learner.email, (m) => m.subject === '您的退款申请未获批准');
    expect(refused.text).toContain('课程已学习大部分内容');
  });

  it('dunning: a failed renewal says when it will be retried, the last one that the membership ended', async () => {
    const creator = await signUpByMail(t, mail, 'Publisher');
    const course = await publishedCourse(t, creator.token, { price: { amount: 5000, currency: 'CNY' } });
    const planId = (
      await t.gql(CREATE_PLAN, { input: { name: 'Gold', price: { amount: 2900, currency: 'CNY' }, interval: 'MONTH', courseIds: [course.id] } }, creator.token)
    ).data.createPlan.plan.id;
    const member = await signUpByMail(t, mail, 'Member');
    const sub = (await t.gql(SUBSCRIBE, { input: { planId, idempotencyKey: randomUUID() } }, member.token)).data.subscribe;
    expect(sub.membership.status).toBe('ACTIVE');
    await mail.next(member.email, (m) => m.subject === 'Your receipt: CN¥29.00');
    const id = rawId(sub.membership.id);
    const db = t.db.dataSource;
    await db.query(`UPDATE billing_customers SET default_payment_method = 'pm_card_chargeDeclined' WHERE user_id = $1`, [rawId(member.userId)]);
    await db.query(`UPDATE memberships SET current_period_end = now() - interval '1 second', current_period_start = now() - interval '1 month' WHERE id = $1`, [
      id,
    ]);
    const [{ current_period_end: due }] = await db.query('SELECT current_period_end FROM memberships WHERE id = $1', [id]);
    await t.server.services.jobs.runNow(renewMembership, { membershipId: id, periodEnd: new Date(due).toISOString() });
    const pastDue = await mail.next(member.email, (m) => m.subject === "We couldn't renew your Gold membership");
    expect(pastDue.text).toContain('The payment of CN¥29.00 failed');
    expect(pastDue.text).toMatch(/We'll try again on .+ UTC; update your card/);

    // the retry (due in an hour here) runs now and fails too: that was the last one
    const [retry] = await db.query(`SELECT id, data FROM pgboss.job WHERE name = 'membership.retry-renewal' AND data->>'membershipId' = $1`, [id]);
    expect(retry).toBeDefined();
    await db.query(`UPDATE pgboss.job SET start_after = now() WHERE id = $1`, [retry.id]);
    await waitUntil(async () => (await db.query('SELECT status FROM memberships WHERE id = $1', [id]))[0].status === 'EXPIRED', 20_000);
    const ended = await mail.next(member.email, (m) => m.subject === "We couldn't renew your Gold membership" && m !== pastDue);
    expect(ended.text).toContain('your membership has ended');
  });

  it("renewal upcoming: a reminder three days before the period ends, in the member's language, none once canceled", async () => {
    const creator = await signUpByMail(t, mail, 'Host');
    const course = await publishedCourse(t, creator.token, { price: { amount: 5000, currency: 'CNY' } });
    const planId = (
      await t.gql(
        CREATE_PLAN,
        { input: { name: '年度会员', price: { amount: 19900, currency: 'CNY' }, interval: 'YEAR', courseIds: [course.id] } },
        creator.token,
      )
    ).data.createPlan.plan.id;
    const member = await signUpByMail(t, mail, 'Loyal', { locale: 'zh' });
    const sub = (await t.gql(SUBSCRIBE, { input: { planId, idempotencyKey: randomUUID() } }, member.token)).data.subscribe;
    const id = rawId(sub.membership.id);
    const [job] = await t.db.dataSource.query(
      `SELECT data, start_after FROM pgboss.job WHERE name = 'membership.renewal-reminder' AND data->>'membershipId' = $1`,
      [id],
    );
    const [{ current_period_end: end }] = await t.db.dataSource.query('SELECT current_period_end FROM memberships WHERE id = $1', [id]);
    expect(new Date(job.start_after).getTime()).toBe(new Date(end).getTime() - 3 * 86_400_000);
    await t.server.services.jobs.runNow(remindRenewal, job.data);
    const reminder = await mail.next(member.email, (m) => m.subject.includes('即将续费'));
    expect(reminder.subject).toBe('您的会员「年度会员」即将续费');
    expect(reminder.text).toContain('续费 ¥199.00');

    await t.gql(`mutation($id: ID!) { cancelMembership(id: $id) { errors { code } } }`, { id: sub.membership.id }, member.token);
    await t.db.dataSource.query(`DELETE FROM mail_messages WHERE template = 'renewal-upcoming' AND user_id = $1`, [rawId(member.userId)]);
    await t.server.services.jobs.runNow(remindRenewal, job.data);
    expect(
      await t.db.dataSource.query(`SELECT count(*)::int AS n FROM mail_messages WHERE template = 'renewal-upcoming' AND user_id = $1`, [rawId(member.userId)]),
    ).toEqual([{ n: 0 }]);
  });

  it("a partner's customer gets the invitation by mail, and its link sets the password", async () => {
    const creator = await signUpByMail(t, mail, 'Wholesaler');
    const course = await publishedCourse(t, creator.token, { price: { amount: 9999, currency: 'CNY' }, title: 'Negotiation' });
    const admin = await signIn(t, 'admin@knowpay.test', 'admin-password');
    const { key } = await partnerWithKey(t, admin);
    const email = `customer-${randomUUID().slice(0, 8)}@example.com`;
    const sale = await t.gql(PARTNER_SALE, { input: { courseId: course.id, externalCustomerRef: 'c-1', email, idempotencyKey: randomUUID() } }, key);
    expect(sale.data.partnerSale.errors).toEqual([]);
    const invitation = await mail.next(email);
    expect(invitation.subject).toBe('Your Knowpay account is ready');
    expect(invitation.text).toMatch(/^Reseller \w+ enrolled you on Knowpay\. Choose a password/m);
    const token = linkToken(invitation, '/account/accept-invitation');
    expect(token).toBe(sale.data.partnerSale.invitationToken);
    const accepted = await t.gql(`mutation($token: String!) { acceptInvitation(token: $token, password: "my own password") { token errors { code } } }`, {
      token,
    });
    expect(accepted.data.acceptInvitation.errors).toEqual([]);
    expect((await t.gql(`{ viewer { user { emailVerified } } }`, {}, accepted.data.acceptInvitation.token)).data.viewer.user.emailVerified).toBe(true);
  });

  it('live session starting: each learner of the course is reminded once, in their language', async () => {
    const creator = await signUpByMail(t, mail, 'Lecturer');
    const course = await publishedCourse(t, creator.token, { price: { amount: 5000, currency: 'CNY' }, lessons: 1, title: '直播课程' });
    const section = (await t.gql(`query($id: ID!) { course(id: $id) { sections { id } } }`, { id: course.id }, creator.token)).data.course.sections[0].id;
    const live = (
      await t.gql(
        `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id } } }`,
        { input: { sectionId: section, title: '答疑时间', kind: 'LIVE', durationSeconds: 3600 } },
        creator.token,
      )
    ).data.addLesson.lesson.id;
    const learners = [await signUpByMail(t, mail, 'Viewer', { locale: 'zh' }), await signUpByMail(t, mail, 'Watcher', { locale: 'en' })];
    for (const learner of learners) expect((await buy(learner.token, course.id)).status).toBe('PAID');
    const startsAt = new Date(Date.now() + 10 * 60_000).toISOString(); // inside the join window: the reminder is due at once
    const scheduled = await t.gql(
      `mutation($input: ScheduleLiveSessionInput!) { scheduleLiveSession(input: $input) { errors { code message } } }`,
      { input: { lessonId: live, startsAt, durationMinutes: 60, timeZone: 'Asia/Shanghai', joinUrl: 'https://meet.example/room' } },
      creator.token,
    );
    expect(scheduled.data.scheduleLiveSession.errors).toEqual([]);
    const zh = await mail.next(learners[0].email, (m) => m.subject.startsWith('即将开始'));
    expect(zh.subject).toBe('即将开始：答疑时间');
    expect(zh.text).toContain('课程「直播课程」的直播「答疑时间」将于');
    const en = await mail.next(learners[1].email, (m) => m.subject.startsWith('Starting soon'));
    expect(en.text).toContain('The live session "答疑时间" of 直播课程 starts at');
    expect(en.text).toContain(`/lessons/${encodeURIComponent(live)}`);
  });

  it('a relay that refuses a message: the row stays pending with the error, the retry sends it once, a late duplicate job sends nothing', async () => {
    const db = t.db.dataSource;
    const [queue] = await db.query(`SELECT retry_limit, retry_delay, retry_backoff FROM pgboss.queue WHERE name = 'mail.send'`);
    expect(queue).toEqual({ retry_limit: 10, retry_delay: 15, retry_backoff: true });
    // a message the outbox holds, sent here by hand so the test does not wait for pg-boss's backoff
    const [{ id: userId }] = await db.query(`SELECT id FROM users WHERE email = 'admin@knowpay.test'`);
    const [row] = await db.query(
      `INSERT INTO mail_messages (user_id, to_address, locale, template, data) VALUES ($1, 'relay@example.com', 'en', 'password-changed', '{"name":"Admin"}') RETURNING id`,
      [userId],
    );
    mail.refuseNext(1);
    await expect(deliverMail(t.server.services, row.id)).rejects.toThrow(/Try again later|451/);
    expect(await db.query('SELECT status, attempts, last_error IS NOT NULL AS failed FROM mail_messages WHERE id = $1', [row.id])).toEqual([
      { status: 'PENDING', attempts: 1, failed: true },
    ]);
    await deliverMail(t.server.services, row.id);
    await deliverMail(t.server.services, row.id);
    expect(await db.query('SELECT status, attempts, last_error FROM mail_messages WHERE id = $1', [row.id])).toEqual([
      { status: 'SENT', attempts: 2, last_error: null },
    ]);
    await mail.next('relay@example.com');
    expect(mail.messages.filter((m) => m.to === 'relay@example.com')).toHaveLength(1);
  });

  it('the sweep sends a message whose job gave up, once, and never one another attempt holds', async () => {
    const db = t.db.dataSource;
    const [{ id: userId }] = await db.query(`SELECT id FROM users WHERE email = 'admin@knowpay.test'`);
    const insert = async (to: string, leased: boolean) =>
      (
        await db.query(
          `INSERT INTO mail_messages (user_id, to_address, locale, template, data, created_at, attempts, leased_until)
       VALUES ($1, $2, 'zh', 'password-changed', '{"name":"Admin"}', now() - interval '2 hours', 11, $3) RETURNING id`,
          [userId, to, leased ? new Date(Date.now() + 3_600_000) : null],
        )
      )[0].id;
    const stranded = await insert('stranded@example.com', false);
    const held = await insert('held@example.com', true);
    await t.server.services.jobs.runNow(sweepMail, {});
    const arrived = await mail.next('stranded@example.com');
    expect(arrived.subject).toBe('您的密码已更改');
    await waitUntil(async () => (await db.query('SELECT status FROM mail_messages WHERE id = $1', [stranded]))[0].status === 'SENT', 10_000);
    await deliverMail(t.server.services, held);
    expect(await db.query('SELECT id, status, attempts FROM mail_messages WHERE id = ANY($1) ORDER BY attempts', [[stranded, held]])).toEqual([
      { id: held, status: 'PENDING', attempts: 11 },
      { id: stranded, status: 'SENT', attempts: 12 },
    ]);
  });

  it('a free trial waits for a verified address', async () => {
    const creator = await signUpByMail(t, mail, 'Trialer');
    const course = await publishedCourse(t, creator.token, { price: { amount: 5000, currency: 'CNY' } });
    const planId = (
      await t.gql(
        CREATE_PLAN,
        { input: { name: 'Try', price: { amount: 1900, currency: 'CNY' }, interval: 'MONTH', trialDays: 7, courseIds: [course.id] } },
        creator.token,
      )
    ).data.createPlan.plan.id;
    const unverified = await signUpByMail(t, mail, 'Eager', { verify: false });
    const refused = (await t.gql(SUBSCRIBE, { input: { planId, idempotencyKey: randomUUID() } }, unverified.token)).data.subscribe;
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'EMAIL_NOT_VERIFIED' })]);
    expect(await t.db.dataSource.query('SELECT count(*)::int AS n FROM memberships WHERE user_id = $1', [rawId(unverified.userId)])).toEqual([{ n: 0 }]);
    const verified = await signUpByMail(t, mail, 'Patient');
    expect((await t.gql(SUBSCRIBE, { input: { planId, idempotencyKey: randomUUID() } }, verified.token)).data.subscribe.membership.status).toBe('TRIALING');
  });
});

describe('mail without SMTP (the development default)', () => {
  it('writes each message to MAIL_DIR as an .eml file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'knowpay-mail-'));
    const t = await startTestServer({ MAIL_DIR: dir, EMAIL_AUTO_VERIFY: 'false', JOB_POLL_SECONDS: '1' });
    try {
      const email = `folder-${randomUUID().slice(0, 8)}@example.com`;
      await t.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token } }`, {
        input: { email, password: 'correct horse battery', displayName: 'Folder' },
      });
      await waitUntil(async () => (await readdir(dir)).some((f) => f.endsWith('.eml')), 20_000);
      const [file] = (await readdir(dir)).filter((f) => f.endsWith('.eml'));
      const eml = await readFile(join(dir, file), 'utf8');
      expect(eml).toContain(`To: ${email}`);
      expect(eml).toContain('Subject: Confirm your email address');
      expect(eml).toMatch(/Content-Type: text\/plain/);
      expect(eml).toMatch(/Content-Type: text\/html/);
    } finally {
      await t.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
