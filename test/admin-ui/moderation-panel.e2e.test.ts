import type { WebSocket } from 'playwright-core';
import { MODERATION_QUEUE_TOPIC } from '../../src/moderation/moderation-queue';
import { ADMIN, adminToken } from '../commerce/commerce-fixtures';
import { inPage, screenshot, serverAndBrowser, signInToAdmin } from '../harness/browser';
import { enroll, publishedCourse } from '../harness/courses';
import { signUpUser, TestServer } from '../harness/server';
import { waitForSubscribers, waitUntil } from '../harness/subscriptions';

const ABUSE = 'You are a worthless idiot, I will find you and hurt you';
const POST = `mutation($input: PostCommentInput!) { postComment(input: $input) { comment { id body visibility } errors { code message } } }`;
const COMMENT = `query($id: ID!) { node(id: $id) { ... on Comment { body visibility } } }`;
const COURSE_COMMENTS = `query($id: ID!) { course(id: $id) { comments { nodes { id body } } } }`;
const QUEUE = `{ moderationQueue { totalCount nodes { id contentId status } } }`;
const AUDIT = `{ auditLog(action: "moderation.*") { nodes { action subjectType subjectId data actor { id } } } }`;
const CLAIM = `mutation($caseId: ID!) { claimModerationCase(caseId: $caseId) { case { status } errors { message } } }`;

/** A fresh learner an admin has made a moderator. */
async function moderatorAccount(t: TestServer, admin: string) {
  const moderator = await signUpUser(t, 'Moderator');
  expect(
    (await t.gql(`mutation($id: ID!) { setUserRoles(userId: $id, roles: [LEARNER, MODERATOR]) { errors { message } } }`, { id: moderator.userId }, admin)).data
      .setUserRoles.errors,
  ).toEqual([]);
  return moderator;
}

describe('moderation in the admin panel, in Chromium', () => {
  const suite = serverAndBrowser();

  it('an abusive comment waits in the queue instead of the page; a moderator removes it with a note and the audit log shows the decision', async () => {
    const { t, browser } = suite;
    const creator = await signUpUser(t, 'Teacher');
    const course = await publishedCourse(t, creator.token, { price: null, lessons: 1 });
    const learner = await signUpUser(t, 'Angry');
    await enroll(t, learner.userId, course.id);
    const posted = await t.gql(POST, { input: { courseId: course.id, body: ABUSE } }, learner.token);
    expect(posted.data.postComment.errors).toEqual([]);
    const commentId = posted.data.postComment.comment.id;
    // the audit model holds it: visible to its author only, and a case is open
    expect(posted.data.postComment.comment.visibility).toBe('PENDING_REVIEW');
    expect((await t.gql(COURSE_COMMENTS, { id: course.id })).data.course.comments.nodes.map((c: any) => c.id)).not.toContain(commentId);

    const admin = await adminToken(t);
    const moderator = await moderatorAccount(t, admin);
    const queued = (await t.gql(QUEUE, {}, admin)).data.moderationQueue;
    expect(queued.nodes.map((c: any) => c.contentId)).toContain(commentId);

    await inPage(await signInToAdmin(browser, t.url, moderator.email, 'correct horse battery'), 'moderation', async (page) => {
      // moderators get the queue and courses, not the admin-only screens
      await page.getByRole('menuitem', { name: 'Moderation queue' }).waitFor();
      expect(await page.getByRole('menuitem', { name: 'Audit log' }).count()).toBe(0);
      expect(await page.getByRole('menuitem', { name: 'Users' }).count()).toBe(0);
      await page.getByRole('menuitem', { name: 'Moderation queue' }).click();
      const row = page.getByRole('row', { name: /worthless idiot/ });
      await row.waitFor();
      await screenshot(page, 'moderation-queue');
      await row.getByRole('cell').first().click();
      await page.getByRole('button', { name: 'Claim' }).click();
      await page.getByText('Case claimed: it is yours to decide.').waitFor();
      await page.getByText('IN_REVIEW').waitFor();
      await page.getByLabel('Decision note').fill('Threat of violence against a learner');
      await screenshot(page, 'moderation-case');
      await page.getByRole('button', { name: 'Remove', exact: true }).click();
      await page.getByText('Decided: remove.').waitFor();
      await page.getByText(/Resolved: REMOVE/).waitFor();
      await screenshot(page, 'moderation-resolved');
      await page.getByRole('menuitem', { name: 'Moderation queue' }).click();
      await page.getByText('The queue is clear.').waitFor();
      await screenshot(page, 'moderation-queue-cleared');
    });

    // the comment is blanked through the public API, and the queue is clear
    const seen = (await t.gql(COMMENT, { id: commentId }, learner.token)).data.node;
    expect(seen).toEqual({ body: '', visibility: 'REMOVED' });
    expect((await t.gql(COURSE_COMMENTS, { id: course.id })).data.course.comments.nodes.filter((c: any) => c.id === commentId && c.body !== '')).toEqual([]);
    expect((await t.gql(QUEUE, {}, admin)).data.moderationQueue.nodes.map((c: any) => c.contentId)).not.toContain(commentId);

    // every decision is in the audit log, by the moderator, with the note
    const entries = (await t.gql(AUDIT, {}, admin)).data.auditLog.nodes;
    const resolve = entries.find((e: any) => e.action === 'moderation.resolve');
    expect(resolve).toBeDefined();
    expect(resolve.actor.id).toBe(moderator.userId);
    expect(JSON.parse(resolve.data)).toMatchObject({ action: 'REMOVE', note: 'Threat of violence against a learner' });

    // and an admin finds it on the audit log screen, filtered by action and subject
    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'audit-log', async (page) => {
      await page.getByRole('menuitem', { name: 'Audit log' }).click();
      await page.getByRole('textbox', { name: 'Action (e.g. moderation.resolve)' }).fill('moderation.resolve');
      await page.getByRole('textbox', { name: 'Subject ID' }).fill(resolve.subjectId);
      const row = page.getByRole('row', { name: /Threat of violence against a learner/ });
      await row.waitFor();
      // the filters apply after a short debounce: then only this decision is left under the header
      await page.getByRole('cell', { name: 'user.roles' }).first().waitFor({ state: 'detached' });
      expect(await page.getByRole('row').count()).toBe(2);
      await expect(row.getByRole('cell', { name: 'moderation.resolve' }).count()).resolves.toBe(1);
      await screenshot(page, 'audit-log');
    });
  });

  it('the open queue follows moderationQueueChanged: a newly held comment, then its claim, show up without a reload; leaving the queue closes the socket', async () => {
    const { t, browser } = suite;
    const creator = await signUpUser(t, 'Lecturer');
    const course = await publishedCourse(t, creator.token, { price: null, lessons: 1 });
    const learner = await signUpUser(t, 'Furious');
    await enroll(t, learner.userId, course.id);
    const moderator = await moderatorAccount(t, await adminToken(t));
    const pubsub = t.server.services.pubsub;

    await inPage(await signInToAdmin(browser, t.url, moderator.email, 'correct horse battery'), 'moderation-live', async (page) => {
      const sockets: WebSocket[] = [];
      page.on('websocket', (socket) => sockets.push(socket));
      await page.getByRole('menuitem', { name: 'Moderation queue' }).click();
      await waitForSubscribers(t, MODERATION_QUEUE_TOPIC);
      await page.getByText('The queue is clear.').or(page.getByRole('row')).first().waitFor();
      const row = page.getByRole('row', { name: /worthless idiot/ });
      expect(await row.count()).toBe(0);
      // a mark on this document: a reload would lose it
      await page.evaluate(() => {
        (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true;
      });

      const posted = await t.gql(POST, { input: { courseId: course.id, body: ABUSE } }, learner.token);
      expect(posted.data.postComment.comment.visibility).toBe('PENDING_REVIEW');
      await row.waitFor();
      await row.getByRole('cell', { name: 'OPEN', exact: true }).waitFor();
      await screenshot(page, 'moderation-live-new-case');

      // claimed from another tab, through the API: the row follows
      const caseId = (await t.gql(QUEUE, {}, moderator.token)).data.moderationQueue.nodes.find(
        (c: any) => c.contentId === posted.data.postComment.comment.id,
      ).id;
      expect((await t.gql(CLAIM, { caseId }, moderator.token)).data.claimModerationCase.errors).toEqual([]);
      await row.getByRole('cell', { name: 'IN_REVIEW', exact: true }).waitFor();
      await screenshot(page, 'moderation-live-claimed');
      expect(await page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);

      // the screen holds one socket open, to /graphql (react-admin may mount it twice on the way in), and leaving the queue closes it
      expect(new Set(sockets.map((socket) => new URL(socket.url()).pathname))).toEqual(new Set(['/graphql']));
      expect(sockets.filter((socket) => !socket.isClosed())).toHaveLength(1);
      await page.getByRole('menuitem', { name: 'Courses' }).click();
      await waitUntil(() => pubsub.subscriberCount(MODERATION_QUEUE_TOPIC) === 0, 5000, 'the queue subscription ended');
      await waitUntil(() => sockets.every((socket) => socket.isClosed()), 5000, 'the socket closed');
    });
  });
});
