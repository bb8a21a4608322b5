import { ADMIN, adminToken } from '../commerce/commerce-fixtures';
import { inPage, screenshot, serverAndBrowser, signInToAdmin } from '../harness/browser';
import { signUpUser } from '../harness/server';

const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token errors { code message } } }`;
const VIEWER = `{ viewer { user { id } } }`;
const AUDIT = `query($subjectId: ID) { auditLog(action: "user.*", subjectId: $subjectId) { nodes { action data actor { id } } } }`;
const PASSWORD = 'correct horse battery';

describe('users in the admin panel, in Chromium: ban and unban', () => {
  const suite = serverAndBrowser();

  it('an admin bans a learner with a reason: their token stops working and sign-in is refused; after the ban is lifted they sign in again', async () => {
    const { t, browser } = suite;
    const learner = await signUpUser(t, 'Spammer');
    expect((await t.gql(VIEWER, {}, learner.token)).data.viewer.user.id).toBe(learner.userId);

    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'user-ban', async (page) => {
      await page.getByRole('menuitem', { name: 'Users' }).click();
      await page.getByPlaceholder('Email, handle or name').fill(learner.email);
      await page.getByRole('row', { name: learner.email }).getByRole('cell').first().click();
      await page.getByLabel('Ban note').fill('Posted the same link in forty courses');
      await screenshot(page, 'user-ban');
      await page.getByRole('button', { name: 'Ban user' }).click();
      await page.getByText('User banned.').waitFor();
      await page.getByText(/Banned since/).waitFor();
      await screenshot(page, 'user-banned');

      // the ban ends the learner's session at once, and sign-in says why
      const stale = await t.gql(VIEWER, {}, learner.token);
      expect(stale.status).toBe(401);
      expect(stale.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const refused = await t.gql(SIGN_IN, { e: learner.email, p: PASSWORD });
      expect(refused.data.signIn).toEqual({
        token: null,
        errors: [
          expect.objectContaining({
            code: 'INVALID_INPUT',
            message: 'This account is banned; contact support if you think this is a mistake.',
          }),
        ],
      });
      // the same words greet them on a sign-in form
      await inPage(await signInToAdmin(browser, t.url, learner.email, PASSWORD), 'user-ban-sign-in-refused', async (refusedPage) => {
        await refusedPage.getByText('This account is banned; contact support if you think this is a mistake.').waitFor();
        await screenshot(refusedPage, 'user-ban-sign-in-refused');
      });

      await page.getByRole('button', { name: 'Lift ban' }).click();
      await page.getByText('Ban lifted.').waitFor();
      await page.getByRole('button', { name: 'Ban user' }).waitFor();
      // the old reason is not left in the field to be sent with a later ban
      await expect(page.getByLabel('Ban note').inputValue()).resolves.toBe('');
      await screenshot(page, 'user-unbanned');
    });

    // the learner signs in again with a new token; the old one stays revoked
    const again = await t.gql(SIGN_IN, { e: learner.email, p: PASSWORD });
    expect(again.data.signIn.errors).toEqual([]);
    expect((await t.gql(VIEWER, {}, again.data.signIn.token)).data.viewer.user.id).toBe(learner.userId);
    expect((await t.gql(VIEWER, {}, learner.token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    // the ban (with its reason) and the unban are in the audit log, by the admin
    const admin = await adminToken(t);
    const adminId = (await t.gql(VIEWER, {}, admin)).data.viewer.user.id;
    const entries = (await t.gql(AUDIT, { subjectId: learner.userId }, admin)).data.auditLog.nodes;
    expect(entries.map((e: any) => e.action)).toEqual(['user.unban', 'user.ban']);
    expect(entries.every((e: any) => e.actor.id === adminId)).toBe(true);
    expect(JSON.parse(entries[1].data)).toMatchObject({ note: 'Posted the same link in forty courses' });
  });
});
