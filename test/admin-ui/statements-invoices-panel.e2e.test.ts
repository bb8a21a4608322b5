import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ADMIN, adminToken, checkout, ledgerProblems } from '../commerce/commerce-fixtures';
import { inPage, screenshot, serverAndBrowser, signInToAdmin } from '../harness/browser';
import { publishedCourse } from '../harness/courses';
import { closedMonth, databaseNow, dayOf, moveJournalsTo } from '../harness/ledger-clock';
import { signUpUser } from '../harness/server';
import { PARTNER_SALE, partnerWithKey } from '../partners/partner-fixtures';

const STATEMENTS = `query($month: String) { creatorStatements(month: $month) { nodes { id status closingBalance { amount } payout { amount { amount } } } } }`;
const INVOICES = `query($month: String) { partnerInvoices(month: $month) { nodes { id number status amountPaid { amount } payments { reference } } } }`;

describe('statements and invoices in the admin panel, in Chromium', () => {
  const suite = serverAndBrowser();

  it("an admin issues last month's statements and invoices, downloads a statement, pays it out and records a partner's payments", async () => {
    const { t, browser } = suite;
    const month = closedMonth(0);
    const admin = await adminToken(t);
    const author = await signUpUser(t, 'Ledger Author');
    const course = await publishedCourse(t, author.token, { price: 10000, lessons: 1 });
    const learner = await signUpUser(t, 'Buyer');
    const { key } = await partnerWithKey(t, admin, 0.2);
    // Last month: one sale at ¥100 and one partner sale (¥100 list, ¥80 owed by the partner)
    const since = await databaseNow(t.db.dataSource);
    await checkout(t, learner.token, [course.id]);
    const sale = await t.gql(
      PARTNER_SALE,
      { input: { courseId: course.id, externalCustomerRef: 'p-1', email: `p1-${randomUUID().slice(0, 6)}@example.com`, idempotencyKey: randomUUID() } },
      key,
    );
    expect(sale.data.partnerSale.errors).toEqual([]);
    await moveJournalsTo(t.db.dataSource, since, dayOf(month, 10));

    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'statements-pay', async (page) => {
      await page.getByRole('menuitem', { name: 'Statements' }).click();
      await expect(page.getByLabel('Month (YYYY-MM)').first().inputValue()).resolves.toBe(month.label);
      await page.getByRole('button', { name: 'Issue statements' }).click();
      await page.getByText(`Month ${month.label} issued.`).waitFor();
      const row = page.getByRole('row', { name: /Ledger Author/ });
      await row.getByText('¥144.00').waitFor();
      await row.getByRole('cell').first().click();
      // ¥100 sold directly plus ¥100 at list through the partner, who kept ¥20; Knowpay 20% of ¥180
      await page.getByText('¥200.00').waitFor();
      await page.getByText('¥20.00').first().waitFor();
      await page.getByText('¥36.00').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
      expect(download.suggestedFilename()).toBe(`statement-${month.label}-CNY.csv`);
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(csv).toContain(`${month.label},`);
      expect(csv).toContain(',CNY,closing_balance,14400,¥144.00');
      // more than the statement is refused with the server's message; empty pays the closing balance
      await page.getByLabel('Amount in minor units (empty: the closing balance)').fill('14401');
      await page.getByRole('button', { name: 'Record payout' }).click();
      await page.getByText('The statement closed at ¥144.00; a payout of ¥144.01 is more than that.').waitFor();
      await page.getByLabel('Amount in minor units (empty: the closing balance)').fill('');
      await screenshot(page, 'statement-show');
      await page.getByRole('button', { name: 'Record payout' }).click();
      await page.getByText('Payout recorded.').waitFor();
      await page.getByText('Paid out: ¥144.00.').waitFor();
      await screenshot(page, 'statement-paid');
    });
    const [statement] = (await t.gql(STATEMENTS, { month: month.label }, admin)).data.creatorStatements.nodes;
    expect(statement).toMatchObject({ status: 'PAID', closingBalance: { amount: 14400 }, payout: { amount: { amount: 14400 } } });

    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'invoices-pay', async (page) => {
      await page.getByRole('menuitem', { name: 'Invoices' }).click();
      await page.getByRole('button', { name: 'Issue invoices' }).click();
      await page.getByText(`Month ${month.label} issued.`).waitFor();
      const row = page.getByRole('row', { name: /KP-/ });
      await row.getByText('OPEN').waitFor();
      await row.getByRole('cell').first().click();
      await page.getByText('¥80.00').first().waitFor();
      await page.getByLabel('Amount in minor units').fill('3000');
      await page.getByLabel('Bank reference').fill('WIRE-1');
      await page.getByRole('button', { name: 'Record payment' }).click();
      await page.getByText('Payment recorded.').waitFor();
      await page.getByRole('table', { name: 'Payments' }).getByText('WIRE-1').waitFor();
      await page.getByText('PARTIALLY_PAID').waitFor();
      await page.getByLabel('Amount in minor units').fill('5000');
      await page.getByLabel('Bank reference').fill('WIRE-2');
      await screenshot(page, 'invoice-show');
      await page.getByRole('button', { name: 'Record payment' }).click();
      await page.getByText('PAID', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Record payment' }).waitFor({ state: 'detached' });
      await screenshot(page, 'invoice-paid');
    });
    const [invoice] = (await t.gql(INVOICES, { month: month.label }, admin)).data.partnerInvoices.nodes;
    expect(invoice).toMatchObject({ status: 'PAID', amountPaid: { amount: 8000 }, payments: [{ reference: 'WIRE-1' }, { reference: 'WIRE-2' }] });
    expect(await ledgerProblems(t)).toEqual([]);
  });
});
