import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { startTestServer, TestServer } from './server';

const ROOT = resolve(__dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts/admin-ui');

/** Debian's `chromium` package (CI installs it, see .ci/run); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds admin-ui/dist when it is missing or older than its sources (a no-op otherwise). */
export function ensureAdminBuilt(): void {
  execFileSync(process.execPath, [join(ROOT, 'admin-ui/build-if-stale.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

/** One headless Chromium per test file. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot as test-artifacts/admin-ui/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Opens /admin in a fresh page and signs in through the login form. */
export async function signInToAdmin(browser: Browser, serverUrl: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${serverUrl}/admin/`);
  await page.locator('input[name="username"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

/**
 * Runs a browser scenario on `page`, saving test-artifacts/admin-ui/<name>-failed.png
 * when it fails, and closes the page's context either way.
 */
export async function inPage(page: Page, name: string, run: (page: Page) => Promise<void>): Promise<void> {
  rmSync(join(ARTIFACTS, `${name}-failed.png`), { force: true });
  try {
    await run(page);
  } catch (error) {
    await screenshot(page, `${name}-failed`).catch(() => undefined);
    throw error;
  } finally {
    await page.context().close();
  }
}

export interface BrowserSuite {
  t: TestServer;
  browser: Browser;
}

/**
 * For one browser test file: builds the admin panel when stale, then starts
 * one server and one Chromium for all its tests, and stops both after them.
 */
export function serverAndBrowser(): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    ensureAdminBuilt();
    [suite.t, suite.browser] = await Promise.all([startTestServer(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.t?.stop();
  });
  return suite;
}
