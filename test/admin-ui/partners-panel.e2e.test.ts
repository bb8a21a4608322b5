import { ADMIN, adminToken } from '../commerce/commerce-fixtures';
import { inPage, screenshot, serverAndBrowser, signInToAdmin } from '../harness/browser';
import { publishedCourse } from '../harness/courses';
import { signUpUser } from '../harness/server';
import { OFFERS } from '../partners/partner-fixtures';

const PARTNERS = `{ partners(first: 100) { nodes { id name commissionRate apiKeys { id label prefix scopes revokedAt } } } }`;
const AUDIT = `{ auditLog(action: "apikey.*") { nodes { action subjectId data actor { id } } } }`;
const VIEWER = `{ viewer { user { id } } }`;

describe('partners in the admin panel, in Chromium', () => {
  const suite = serverAndBrowser();

  it('an admin registers a partner, gives it a catalog:read key shown once, and revoking the key locks it out at once', async () => {
    const { t, browser } = suite;
    const creator = await signUpUser(t, 'Author');
    const course = await publishedCourse(t, creator.token, { price: 9999, lessons: 1 });
    const name = `Acme Reseller ${Date.now().toString(36)}`;
    let secret = '';

    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'partner-create', async (page) => {
      await page.getByRole('menuitem', { name: 'Partners' }).click();
      await page.getByRole('link', { name: 'Create' }).click();
      await page.getByLabel('Name').fill(name);
      // the form holds the API's rule: a partner cannot keep the whole price
      await page.getByLabel('Commission rate (0..1)').fill('1');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Must be below 1 (0.15 is 15%).').waitFor();
      await page.getByLabel('Commission rate (0..1)').fill('0.2');
      await screenshot(page, 'partner-create');
      await page.getByRole('button', { name: 'Save' }).click();
      // saved, the partner opens on its show page with no keys yet
      await page.getByText('20%').waitFor();
      await page.getByRole('menuitem', { name: 'Partners' }).click();
      await page.getByRole('row', { name: name }).getByRole('cell').first().click();
      await page.getByText('New API key').waitFor();
      await page.getByRole('textbox', { name: 'Label' }).fill('Storefront');
      await page.getByRole('textbox', { name: 'Scopes' }).fill('catalog:read');
      await page.getByRole('button', { name: 'Create key' }).click();
      await page.getByText('Key created.').waitFor();
      const shown = page.getByRole('alert').filter({ hasText: 'it is not shown again' }).locator('code');
      secret = (await shown.textContent()) ?? '';
      expect(secret).toMatch(/^kp_live_[A-Za-z0-9_-]{43}$/);
      await expect(page.getByRole('textbox', { name: 'Label' }).inputValue()).resolves.toBe('');
      // the key's row carries only the prefix, never the secret
      const row = page.getByRole('row', { name: /Storefront/ });
      await row.waitFor();
      await expect(row.textContent()).resolves.not.toContain(secret);
      await screenshot(page, 'partner-key-created');
    });

    // the key reads the catalog as the partner: wholesale prices at its 20% commission
    const withKey = await t.gql(OFFERS, { id: course.id }, secret);
    expect(withKey.errors).toBeUndefined();
    expect(withKey.data.course.offers[0].wholesalePrice).toEqual({ amount: 7999, currency: 'CNY' });
    const admin = await adminToken(t);
    const partner = (await t.gql(PARTNERS, {}, admin)).data.partners.nodes.find((p: any) => p.name === name);
    expect(partner).toMatchObject({
      commissionRate: 0.2,
      apiKeys: [expect.objectContaining({ label: 'Storefront', scopes: ['catalog:read'], revokedAt: null })],
    });
    const keyId = partner.apiKeys[0].id;
    expect(secret.startsWith(partner.apiKeys[0].prefix)).toBe(true);

    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'partner-key-revoke', async (page) => {
      await page.getByRole('menuitem', { name: 'Partners' }).click();
      await page.getByRole('row', { name: name }).getByRole('cell').first().click();
      const row = page.getByRole('row', { name: /Storefront/ });
      await row.getByRole('button', { name: 'Revoke' }).click();
      await page.getByText('Key revoked.').waitFor();
      await row.getByRole('button', { name: 'Revoke' }).waitFor({ state: 'detached' });
      // a panel reopened after the key was made never shows its secret again
      expect(await page.getByText(secret).count()).toBe(0);
      await screenshot(page, 'partner-key-revoked');
    });

    // the very next call with the key is refused
    const revoked = await t.gql(OFFERS, { id: course.id }, secret);
    expect(revoked.status).toBe(401);
    expect(revoked.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(VIEWER, {}, secret)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    // both decisions are in the audit log, by the admin, about this key
    const adminId = (await t.gql(VIEWER, {}, admin)).data.viewer.user.id;
    const entries = (await t.gql(AUDIT, {}, admin)).data.auditLog.nodes.filter((e: any) => e.subjectId === keyId);
    expect(entries.map((e: any) => e.action).sort()).toEqual(['apikey.create', 'apikey.revoke']);
    expect(entries.every((e: any) => e.actor.id === adminId)).toBe(true);
    expect(JSON.parse(entries.find((e: any) => e.action === 'apikey.create').data)).toMatchObject({ label: 'Storefront', scopes: ['catalog:read'] });
  });
});
