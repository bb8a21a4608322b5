import type { Browser } from 'playwright-core';
import { ensureAdminBuilt, launchChromium, screenshot } from '../harness/browser';
import { startTestServer, TestServer } from '../harness/server';

let t: TestServer; let browser: Browser;
beforeAll(async () => { ensureAdminBuilt(); t = await startTestServer(); browser = await launchChromium(); }, 60_000);
afterAll(async () => { await browser?.close(); await t?.stop(); });
it('admin signs in', async () => {
  const page = await browser.newPage();
  page.on('console', (m) => console.log('console', m.text()));
  page.on('pageerror', (m) => console.log('pageerror', m.message));
  page.on('requestfailed', (r) => console.log('reqfail', r.url()));
  page.on('response', (r) => console.log('resp', r.status(), r.url()));
  await page.goto(`${t.url}/admin/`);
  await page.waitForTimeout(3000);
  await screenshot(page, 'try');
  console.log(await page.content().then((c) => c.slice(0, 3000)));
});
