import { randomUUID } from 'node:crypto';
import { publishedCourse } from '../harness/courses';
import { signIn, startTestServer, TestServer } from '../harness/server';
import { linkToken, MailCatcher, signUpByMail, startMailCatcher } from '../harness/smtp-catcher';

const VIEWER = `{ viewer { user { id emailVerified profile { displayName handle locale } } } }`;
const VERIFY = `mutation($token: String!) { verifyEmail(token: $token) { ok errors { code message field } } }`;
const RESEND = `mutation { resendVerification { ok errors { code message } } }`;
const REQUEST_RESET = `mutation($email: String!) { requestPasswordReset(email: $email) { ok errors { code message } } }`;
const RESET = `mutation($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) { token viewer { user { id } } errors { code message field } } }`;
const CHANGE_PASSWORD = `mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { token errors { code message field } } }`;
const CHANGE_EMAIL = `mutation($email: String!, $current: String!) { changeEmail(newEmail: $email, currentPassword: $current) { ok errors { code message field } } }`;
const DELETE = `mutation($current: String!) { deleteAccount(currentPassword: $current) { ok errors { code message field } } }`;
const EXPORT = `{ exportMyData }`;
const CREATE_COURSE = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id } errors { code message } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id code status } errors { code message } } }`;
const CHAT = `mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { message { id } errors { code message } } }`;
const ROOM = `query($id: ID!) { course(id: $id) { chatRoom { id } } }`;
const PASSWORD = 'correct horse battery';

/**
 * The account lifecycle through the API, with mail read from a real SMTP
 * server (the harness's catcher) that the server under test sends to
 * through its durable mail job.
 */
describe('accounts: verification, password reset and change, email change, deletion, export', () => {
  let t: TestServer;
  let mail: MailCatcher;
  beforeAll(async () => {
    mail = await startMailCatcher();
    t = await startTestServer({ SMTP_URL: mail.url, EMAIL_AUTO_VERIFY: 'false', JOB_POLL_SECONDS: '1', MAIL_LINK_BASE_URL: 'https://shop.example' });
  });
  afterAll(async () => {
    await t.stop();
    await mail.stop();
  });

  const buy = async (token: string, courseId: string) =>
    (await t.gql(CHECKOUT, { input: { courseIds: [courseId], idempotencyKey: randomUUID() } }, token)).data.checkout;

  it('a newcomer can browse and buy before verifying, but chats and becomes a creator only after following the mailed link (once)', async () => {
    const creator = await signUpByMail(t, mail, 'Creator');
    const course = await publishedCourse(t, creator.token, { price: 4900 });
    const newcomer = await signUpByMail(t, mail, 'Newcomer', { locale: 'zh', verify: false });
    const verification = await mail.next(newcomer.email);
    expect(verification.subject).toBe('请验证您的邮箱地址');
    expect(verification.language).toBe('zh-CN');
    expect(verification.html).toContain('验证邮箱');
    const token = linkToken(verification, '/account/verify-email');
    expect(verification.text).toContain(`https://shop.example/account/verify-email?token=${token}`);

    expect((await t.gql(VIEWER, {}, newcomer.token)).data.viewer.user).toMatchObject({ emailVerified: false, profile: { locale: 'zh' } });
    expect((await buy(newcomer.token, course.id)).order.status).toBe('PAID');
    const roomId = (await t.gql(ROOM, { id: course.id }, newcomer.token)).data.course.chatRoom.id;
    const chat = await t.gql(CHAT, { input: { roomId, body: '大家好', clientMessageId: randomUUID() } }, newcomer.token);
    expect(chat.data.sendChatMessage.errors).toEqual([expect.objectContaining({ code: 'EMAIL_NOT_VERIFIED' })]);
    const create = await t.gql(CREATE_COURSE, { input: { title: 'My course', description: 'Mine.' } }, newcomer.token);
    expect(create.data.createCourse.errors).toEqual([expect.objectContaining({ code: 'EMAIL_NOT_VERIFIED' })]);

    expect((await t.gql(VERIFY, { token })).data.verifyEmail).toEqual({ ok: true, errors: [] });
    expect((await t.gql(VIEWER, {}, newcomer.token)).data.viewer.user.emailVerified).toBe(true);
    expect((await t.gql(CHAT, { input: { roomId, body: '大家好', clientMessageId: randomUUID() } }, newcomer.token)).data.sendChatMessage.errors).toEqual([]);
    expect((await t.gql(CREATE_COURSE, { input: { title: 'My course', description: 'Mine.' } }, newcomer.token)).data.createCourse.errors).toEqual([]);
    expect((await t.gql(VERIFY, { token })).data.verifyEmail.errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['token'] })]);
    expect((await t.gql(RESEND, {}, newcomer.token)).data.resendVerification.errors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
  });

  it('a resent verification link replaces the first one', async () => {
    const learner = await signUpByMail(t, mail, 'Resender', { verify: false });
    const first = linkToken(await mail.next(learner.email), '/account/verify-email');
    expect((await t.gql(RESEND, {}, learner.token)).data.resendVerification).toEqual({ ok: true, errors: [] });
    const second = linkToken(await mail.next(learner.email, (m) => !m.text.includes(first)), '/account/verify-email');
    const stale = await t.gql(VERIFY, { token: first });
    if (!stale.data) throw new Error(JSON.stringify(stale));
    expect(stale.data.verifyEmail.errors[0].code).toBe('INVALID_INPUT');
    expect((await t.gql(VERIFY, { token: second })).data.verifyEmail.ok).toBe(true);
  });

  it('a forgotten password: the same answer for any address, a link that works once, every old session signed out', async () => {
    const learner = await signUpByMail(t, mail, 'Forgetful');
    const unknown = `nobody-${randomUUID()}@example.com`;
    const answers = [await t.gql(REQUEST_RESET, { email: learner.email }), await t.gql(REQUEST_RESET, { email: unknown })];
    expect(answers.map((a) => a.data.requestPasswordReset)).toEqual([
      { ok: true, errors: [] },
      { ok: true, errors: [] },
    ]);
    const resetMail = await mail.next(learner.email, (m) => m.subject === 'Reset your password');
    expect(resetMail.text).toMatch(/works once, for 60 minutes/);
    const token = linkToken(resetMail, '/account/reset-password');

    const tooShort = await t.gql(RESET, { token, password: 'short' });
    expect(tooShort.data.resetPassword.errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['newPassword'] })]);
    const reset = await t.gql(RESET, { token, password: 'a brand new password' });
    expect(reset.data.resetPassword.errors).toEqual([]);
    expect((await t.gql(VIEWER, {}, reset.data.resetPassword.token)).data.viewer.user.id).toBe(learner.userId);
    expect((await t.gql(VIEWER, {}, learner.token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await expect(signIn(t, learner.email, PASSWORD)).rejects.toThrow(/incorrect/);
    expect(await signIn(t, learner.email, 'a brand new password')).toEqual(expect.any(String));
    expect((await t.gql(RESET, { token, password: 'yet another password' })).data.resetPassword.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_INPUT', field: ['token'] }),
    ]);
    await mail.next(learner.email, (m) => m.subject === 'Your password was changed');
    expect(mail.messages.filter((m) => m.to === unknown)).toEqual([]);
  });

  it('a reset link no longer works after it expires', async () => {
    const learner = await signUpByMail(t, mail, 'Slow');
    await t.gql(REQUEST_RESET, { email: learner.email });
    const token = linkToken(await mail.next(learner.email, (m) => m.subject === 'Reset your password'), '/account/reset-password');
    await t.db.dataSource.query(`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE purpose = 'RESET_PASSWORD' AND email = $1`, [
      learner.email,
    ]);
    expect((await t.gql(RESET, { token, password: 'too late password' })).data.resetPassword.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    ]);
    expect(await signIn(t, learner.email, PASSWORD)).toEqual(expect.any(String));
  });

  it('changing the password needs the current one and signs out every other session', async () => {
    const learner = await signUpByMail(t, mail, 'Changer');
    const otherSession = await signIn(t, learner.email, PASSWORD);
    const wrong = await t.gql(CHANGE_PASSWORD, { current: 'not my password', next: 'a better password' }, learner.token);
    expect(wrong.data.changePassword.errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['currentPassword'] })]);
    const changed = await t.gql(CHANGE_PASSWORD, { current: PASSWORD, next: 'a better password' }, learner.token);
    expect(changed.data.changePassword.errors).toEqual([]);
    expect((await t.gql(VIEWER, {}, otherSession)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(VIEWER, {}, changed.data.changePassword.token)).data.viewer.user.id).toBe(learner.userId);
    expect(await signIn(t, learner.email, 'a better password')).toEqual(expect.any(String));
  });

  it('a new email address takes effect only when the link mailed to it is followed', async () => {
    const learner = await signUpByMail(t, mail, 'Mover');
    const newEmail = `moved-${randomUUID().slice(0, 8)}@example.com`;
    expect((await t.gql(CHANGE_EMAIL, { email: newEmail, current: 'wrong password' }, learner.token)).data.changeEmail.errors[0].field).toEqual([
      'currentPassword',
    ]);
    expect((await t.gql(CHANGE_EMAIL, { email: newEmail, current: PASSWORD }, learner.token)).data.changeEmail).toEqual({ ok: true, errors: [] });
    const confirmation = await mail.next(newEmail);
    expect(confirmation.subject).toBe('Confirm your new email address');
    expect(await signIn(t, learner.email, PASSWORD)).toEqual(expect.any(String));
    expect((await t.gql(VERIFY, { token: linkToken(confirmation, '/account/verify-email') })).data.verifyEmail.ok).toBe(true);
    await expect(signIn(t, learner.email, PASSWORD)).rejects.toThrow(/incorrect/);
    expect(await signIn(t, newEmail, PASSWORD)).toEqual(expect.any(String));
  });

  it('exports everything held about the user, then deletes the account: anonymized, signed out for good, orders and audit log kept', async () => {
    const creator = await signUpByMail(t, mail, 'Seller');
    const course = await publishedCourse(t, creator.token, { price: 2900 });
    const leaver = await signUpByMail(t, mail, 'Leaver');
    const order = (await buy(leaver.token, course.id)).order;

    const exported = (await t.gql(EXPORT, {}, leaver.token)).data.exportMyData;
    expect(exported.account).toMatchObject({ email: leaver.email });
    expect(exported.data['orders.buyer_id']).toEqual([expect.objectContaining({ code: order.code, total_amount: 2900 })]);
    expect(exported.data['enrollments.user_id']).toHaveLength(1);
    expect(exported.data['profiles.user_id'][0]).toMatchObject({ display_name: expect.stringMatching(/^Leaver/) });
    expect(JSON.stringify(exported)).not.toMatch(/password_hash|token_hash|scrypt\$/);

    expect((await t.gql(DELETE, { current: 'wrong password' }, leaver.token)).data.deleteAccount.errors[0].code).toBe('INVALID_INPUT');
    expect((await t.gql(DELETE, { current: PASSWORD }, leaver.token)).data.deleteAccount).toEqual({ ok: true, errors: [] });
    expect((await t.gql(VIEWER, {}, leaver.token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await expect(signIn(t, leaver.email, PASSWORD)).rejects.toThrow(/incorrect/);
    expect((await t.gql(REQUEST_RESET, { email: leaver.email })).data.requestPasswordReset.ok).toBe(true);

    const db = t.db.dataSource;
    const [profile] = await db.query(
      `SELECT p.display_name, p.bio, u.email, u.password_hash FROM profiles p JOIN users u ON u.id = p.user_id WHERE p.handle LIKE 'deleted-%' AND u.email LIKE $1`,
      [`%${rawUserId(exported)}%`],
    );
    expect(profile).toEqual({ display_name: 'Deleted user', bio: null, email: `deleted-${rawUserId(exported)}@deleted.invalid`, password_hash: null });
    expect(await db.query(`SELECT status, total_amount FROM orders WHERE code = $1`, [order.code])).toEqual([{ status: 'PAID', total_amount: 2900 }]);
    expect(await db.query(`SELECT action FROM audit_entries WHERE subject_id = $1`, [rawUserId(exported)])).toEqual([{ action: 'user.delete' }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM account_tokens WHERE user_id = $1 AND used_at IS NULL`, [rawUserId(exported)])).toEqual([{ n: 0 }]);
  });
});

const rawUserId = (exported: { account: { id: string } }) => exported.account.id;
