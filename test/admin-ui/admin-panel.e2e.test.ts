import { ADMIN, adminToken, checkout, creatorWithCourse, publishedCourse } from '../commerce/commerce-fixtures';
import { inPage, screenshot, serverAndBrowser, signInToAdmin } from '../harness/browser';
import { signUpUser } from '../harness/server';
import { seedDemo } from '../../seeds/seed-demo';

const AUDIT = `query($action: String, $subjectId: ID) { auditLog(action: $action, subjectId: $subjectId) { nodes { action data actor { id } } } }`;

describe('admin panel in Chromium: signing in, refunds, roles', () => {
  const suite = serverAndBrowser();

  it("a wrong password stays on the sign-in page with the API's message", async () => {
    const { t, browser } = suite;
    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, 'not-the-password'), 'sign-in-refused', async (page) => {
      await page.getByText('Email or password is incorrect.').waitFor();
      await screenshot(page, 'sign-in-refused');
      expect(page.url()).toContain('#/login');
    });
  });

  it('a learner with a valid password is refused: the panel is for moderators and admins', async () => {
    const { t, browser } = suite;
    const learner = await signUpUser(t, 'Curious');
    await inPage(await signInToAdmin(browser, t.url, learner.email, 'correct horse battery'), 'learner-refused', async (page) => {
      await page.getByText('This panel is for moderators and admins.').waitFor();
      await screenshot(page, 'learner-refused');
      expect(page.url()).toContain('#/login');
    });
  });

  it('an admin approves a refund request with a note; the order is refunded and the audit log has the decision', async () => {
    const { t, browser } = suite;
    const { course } = await creatorWithCourse(t, { amount: 4900, currency: 'CNY' });
    const buyer = await signUpUser(t, 'Regretful');
    const { order } = await checkout(t, buyer.token, [course.id]);
    const asked = await t.gql(
      `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { message } } }`,
      { input: { orderId: order.id, reason: 'The audio is unusable' } },
      buyer.token,
    );
    const refundId = asked.data.requestRefund.refund.id;

    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'refund', async (page) => {
      await page.getByText('Knowpay at a glance').waitFor();
      await screenshot(page, 'dashboard');
      await page.getByRole('menuitem', { name: 'Refunds' }).click();
      await page.getByText('The audio is unusable').click();
      await page.getByLabel('Refund note').fill('Audio confirmed broken');
      await screenshot(page, 'refund-decision');
      await page.getByRole('button', { name: 'Approve refund' }).click();
      await page.getByText('Refund approved.').waitFor();
      await page.getByText(/this request is (settled|approved)/i).waitFor();
      await screenshot(page, 'refund-approved');
    });

    const admin = await adminToken(t);
    const status = await t.gql(`query($id: ID!) { node(id: $id) { ... on Order { status refundedTotal { amount } } } }`, { id: order.id }, admin);
    expect(status.data.node).toEqual({ status: 'REFUNDED', refundedTotal: { amount: 4900 } });
    const audit = await t.gql(AUDIT, { action: 'refund.approve', subjectId: refundId }, admin);
    expect(audit.data.auditLog.nodes).toHaveLength(1);
    expect(JSON.parse(audit.data.auditLog.nodes[0].data)).toMatchObject({ note: 'Audio confirmed broken', amount: 4900 });
  });

  it('an admin finds a user by email and makes them a moderator; the change is in the audit log', async () => {
    const { t, browser } = suite;
    const learner = await signUpUser(t, 'Helper');
    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'user-roles', async (page) => {
      await page.getByRole('menuitem', { name: 'Users' }).click();
      await page.getByPlaceholder('Email, handle or name').fill(learner.email);
      // the row opens the user (the email cell itself is a mailto: link)
      await page.getByRole('row', { name: learner.email }).getByRole('cell').first().click();
      await page.getByRole('checkbox', { name: 'moderator' }).check();
      await screenshot(page, 'user-roles');
      await page.getByRole('button', { name: 'Save roles' }).click();
      await page.getByRole('cell', { name: learner.email }).waitFor();
    });

    const admin = await adminToken(t);
    const user = await t.gql(`query($id: ID!) { node(id: $id) { ... on User { roles } } }`, { id: learner.userId }, admin);
    expect(user.data.node.roles).toEqual(['LEARNER', 'MODERATOR']);
    const audit = await t.gql(AUDIT, { action: 'user.roles', subjectId: learner.userId }, admin);
    expect(JSON.parse(audit.data.auditLog.nodes[0].data)).toEqual({ before: ['LEARNER'], after: ['LEARNER', 'MODERATOR'] });
  });

  it('an admin finds a course by its title, edits its subtitle and suspends it with a note; the catalog no longer lists it', async () => {
    const { t, browser } = suite;
    const creator = await signUpUser(t, 'Publisher');
    const course = await publishedCourse(t, creator.token, null, 1);
    const title = (await t.gql(`query($id: ID!) { course(id: $id) { title } }`, { id: course.id })).data.course.title as string;
    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'course-suspend', async (page) => {
      await page.getByRole('menuitem', { name: 'Courses' }).click();
      await page.getByPlaceholder('Title, description, tags').fill(title);
      await page.getByRole('row', { name: title }).getByRole('cell').first().click();
      await page.getByLabel('Subtitle').fill('Edited from the admin panel');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('row', { name: title }).waitFor();
      await page.getByRole('row', { name: title }).getByRole('cell').first().click();
      await page.getByLabel('Suspension note').fill('Copied material, the rights holder complained');
      await page.getByRole('button', { name: 'Suspend course' }).click();
      await page.getByText('Course suspended.').waitFor();
      await page.getByRole('button', { name: 'Reinstate course' }).waitFor();
      await screenshot(page, 'course-suspended');
    });

    const admin = await adminToken(t);
    const seen = await t.gql(`query($id: ID!) { node(id: $id) { ... on Course { status subtitle } } }`, { id: course.id }, admin);
    expect(seen.data.node).toEqual({ status: 'SUSPENDED', subtitle: 'Edited from the admin panel' });
    expect((await t.gql(`{ courses(first: 100) { nodes { id } } }`)).data.courses.nodes.map((c: any) => c.id)).not.toContain(course.id);
    const audit = await t.gql(AUDIT, { action: 'course.suspend', subjectId: course.id }, admin);
    expect(audit.data.auditLog.nodes).toHaveLength(1);
    expect(audit.data.auditLog.nodes[0].data).toContain('Copied material, the rights holder complained');
  });
});

describe('admin panel in Chromium: a newcomer signs in to the seeded demo', () => {
  const suite = serverAndBrowser();
  beforeAll(async () => {
    await seedDemo(suite.t.server.services);
  }, 180_000);

  it("the dashboard charts the demo's revenue and moderation over the last 30 days", async () => {
    const { t, browser } = suite;
    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'demo-dashboard', async (page) => {
      await page.getByText('Knowpay at a glance').waitFor();
      const paidOrders = page.locator('[data-figure="Paid orders"]');
      await paidOrders.waitFor();
      expect(Number(await paidOrders.textContent())).toBeGreaterThan(0);
      // a line with a point per day (an empty chart draws no curve at all)
      const revenue = page.locator('.MuiCard-root', { hasText: 'Revenue over time' }).locator('path.recharts-line-curve');
      await revenue.first().waitFor();
      expect((await revenue.first().getAttribute('d'))!.split(/[LC]/).length).toBeGreaterThan(10);
      const moderation = page.locator('.MuiCard-root', { hasText: 'Moderation volume' }).locator('.recharts-bar-rectangle path');
      await moderation.first().waitFor();
      expect(await moderation.count()).toBeGreaterThan(3);
      // drawn from the moderator's decisions (it may lie flat on 0 when the model flagged none of them, so: attached)
      const precision = page.locator('.MuiCard-root', { hasText: 'precision and recall' }).locator('path.recharts-line-curve');
      await precision.first().waitFor({ state: 'attached' });
      await screenshot(page, 'demo-dashboard');
    });
  });
});
