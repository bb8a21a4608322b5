import { randomUUID } from 'node:crypto';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { toGlobalId } from '../../src/common/global-id';
import { issueToken } from '../../src/identity/auth-token';
import { adminToken, checkout, creatorWithCourse } from '../commerce/commerce-fixtures';
import { enroll, rawId, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, startTestServerOn, TestServer } from '../harness/server';
import { chatTopic } from '../../src/community/chat.types';
import { progressTopic } from '../../src/learning/progress.types';
import { MODERATION_QUEUE_TOPIC } from '../../src/moderation/moderation-queue';
import { subscribe, waitForSubscribers, waitUntil } from '../harness/subscriptions';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHAT = 'subscription($roomId: ID!) { chatMessageAdded(roomId: $roomId) { id body } }';
const PROGRESS = 'subscription($courseId: ID!) { progressUpdated(courseId: $courseId) { lesson { id } } }';
const QUEUE = 'subscription { moderationQueueChanged { id } }';
const SEND = 'mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { message { id } errors { code message } } }';
const BAN = 'mutation($id: ID!) { banUser(userId: $id, note: "abuse") { errors { code message } } }';
const SET_ROLES = 'mutation($id: ID!, $roles: [Role!]!) { setUserRoles(userId: $id, roles: $roles) { errors { code message } } }';
const POST_COMMENT = 'mutation($input: PostCommentInput!) { postComment(input: $input) { comment { id visibility } errors { code } } }';

/** A graphql-ws client that remembers how its socket closed. */
function trackedClient(t: Pick<TestServer, 'url'>, token: string): { client: Client; closeCodes: number[] } {
  const closeCodes: number[] = [];
  const client = createClient({
    url: `${t.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    connectionParams: { authorization: `Bearer ${token}` },
    on: {
      closed: (event) => {
        closeCodes.push((event as { code: number }).code);
      },
    },
  });
  return { client, closeCodes };
}

/** Runs one query or mutation over the socket: its result, or the socket's error. */
function execute(client: Client, query: string, variables: Record<string, unknown>): Promise<any> {
  return new Promise((resolve) => {
    let result: any = null;
    client.subscribe(
      { query, variables },
      {
        next: (value) => {
          result = value;
        },
        error: (error) => resolve({ failed: error }),
        complete: () => resolve(result),
      },
    );
  });
}

describe('sockets lose power with their user, on every instance', () => {
  let a: TestServer;
  let b: TestServer;
  let admin: string;
  let course: TestCourse;
  let creatorToken: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    // Events fan out through Redis; bans, revocations and access changes reach sockets through PostgreSQL.
    a = await startTestServer({ REDIS_URL });
    b = await startTestServerOn(a.db, { REDIS_URL });
    admin = await adminToken(a);
    const made = await creatorWithCourse(a);
    course = made.course;
    creatorToken = made.creator.token;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await b.stop();
    await a.stop();
  });

  const watched = (t: TestServer, token: string) => {
    const tracked = trackedClient(t, token);
    clients.push(tracked.client);
    return tracked;
  };
  const roomId = () => toGlobalId('ChatRoom', rawId(course.id));
  const sendChat = (client: Client, body: string) => execute(client, SEND, { input: { roomId: roomId(), body, clientMessageId: randomUUID() } });

  it("a ban through one instance closes the learner's sockets on the other with 4403, and chat through them stops", async () => {
    const learner = await signUpUser(a, 'Banned');
    await enroll(a, learner.userId, course.id);
    const { client, closeCodes } = watched(b, learner.token);
    const chat = subscribe(client, CHAT, { roomId: roomId() });
    await waitForSubscribers(b, chatTopic(rawId(course.id)));
    const sent = await sendChat(client, 'hello before the ban');
    expect(sent.data.sendChatMessage.errors).toEqual([]);
    expect((await chat.next()).data.chatMessageAdded.body).toBe('hello before the ban');

    const banned = await a.gql(BAN, { id: learner.userId }, admin);
    expect(banned.data.banUser.errors).toEqual([]);
    await waitUntil(() => closeCodes.includes(4403), 5000, 'the banned socket closed with 4403');

    const after = await sendChat(client, 'hello after the ban');
    expect(after.data).toBeUndefined();
    const [{ count }] = await a.db.dataSource.query('SELECT count(*)::int AS count FROM chat_messages WHERE user_id = $1', [rawId(learner.userId)]);
    expect(count).toBe(1);
  });

  it('removing the moderator role ends the moderation queue subscription with FORBIDDEN', async () => {
    const moderator = await signUpUser(a, 'Moderator');
    expect((await a.gql(SET_ROLES, { id: moderator.userId, roles: ['LEARNER', 'MODERATOR'] }, admin)).data.setUserRoles.errors).toEqual([]);
    const { client, closeCodes } = watched(b, moderator.token);
    const queue = subscribe(client, QUEUE);
    // Prove it listens: a held comment opens a case.
    const learner = await signUpUser(a, 'Commenter');
    await enroll(a, learner.userId, course.id);
    await waitForSubscribers(b, MODERATION_QUEUE_TOPIC);
    const held = await a.gql(POST_COMMENT, { input: { courseId: course.id, body: 'You are a worthless idiot, I will find you and hurt you' } }, learner.token);
    expect(held.data.postComment.comment.visibility).toBe('PENDING_REVIEW');
    expect((await queue.next()).data.moderationQueueChanged.id).toBeTruthy();

    expect((await a.gql(SET_ROLES, { id: moderator.userId, roles: ['LEARNER'] }, admin)).data.setUserRoles.errors).toEqual([]);
    const ended = await queue.next(5000);
    expect(ended.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(closeCodes).toEqual([]); // the socket itself stays: the user is still signed in
  });

  it('a token that expires closes its socket', async () => {
    const learner = await signUpUser(a, 'Expiring');
    const [user] = await a.db.dataSource.query('SELECT id, token_version AS "tokenVersion" FROM users WHERE id = $1', [rawId(learner.userId)]);
    const shortLived = issueToken(user, a.config.jwtSecret, 2);
    const { client, closeCodes } = watched(b, shortLived);
    expect((await execute(client, '{ viewer { user { id } } }', {})).data.viewer.user.id).toBe(learner.userId);
    await waitUntil(() => closeCodes.includes(4403), 6000, 'the expired socket closed with 4403');
  });

  it("a refund ends the buyer's chat and progress subscriptions", async () => {
    const buyer = await signUpUser(a, 'Buyer');
    const paid = await checkout(a, buyer.token, [course.id]);
    await waitUntil(
      async () =>
        (await a.gql('query($id: ID!) { node(id: $id) { ... on Order { status } } }', { id: paid.order.id }, buyer.token)).data.node.status === 'PAID',
      5000,
      'order paid',
    );
    const { client } = watched(b, buyer.token);
    const chat = subscribe(client, CHAT, { roomId: roomId() });
    const progress = subscribe(client, PROGRESS, { courseId: course.id });
    await waitForSubscribers(b, chatTopic(rawId(course.id)));
    await waitForSubscribers(b, progressTopic(rawId(buyer.userId), rawId(course.id)));
    await sendChat(watched(a, creatorToken).client, 'welcome, buyer');
    expect((await chat.next()).data.chatMessageAdded.body).toBe('welcome, buyer');

    const requested = await a.gql(
      'mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { code message } } }',
      { input: { orderId: paid.order.id, reason: 'Changed my mind' } },
      buyer.token,
    );
    expect(requested.data.requestRefund.errors).toEqual([]);
    const approved = await a.gql(
      'mutation($id: ID!) { resolveRefund(id: $id, approve: true, note: "ok") { errors { code message } } }',
      { id: requested.data.requestRefund.refund.id },
      admin,
    );
    expect(approved.data.resolveRefund.errors).toEqual([]);

    const [chatEnd, progressEnd] = await Promise.all([chat.next(10_000), progress.next(10_000)]);
    expect(chatEnd.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(progressEnd.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await sendChat(watched(a, creatorToken).client, 'after the refund');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(chat.pending).toBe(0);
  });

  it("a membership that ends stops the member's chat events", async () => {
    const plan = await a.gql(
      `mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } errors { code message } } }`,
      { input: { name: 'All access', price: { amount: 3000, currency: 'CNY' }, interval: 'MONTH', trialDays: 7, courseIds: [course.id] } },
      creatorToken,
    );
    const member = await signUpUser(a, 'Member');
    const joined = await a.gql(
      `mutation($input: SubscribeInput!) { subscribe(input: $input) { membership { id status } errors { code message } } }`,
      { input: { planId: plan.data.createPlan.plan.id, idempotencyKey: randomUUID() } },
      member.token,
    );
    expect(joined.data.subscribe.membership.status).toBe('TRIALING');
    const { client } = watched(b, member.token);
    const chat = subscribe(client, CHAT, { roomId: roomId() });
    await waitForSubscribers(b, chatTopic(rawId(course.id)));
    await sendChat(watched(a, creatorToken).client, 'welcome, member');
    expect((await chat.next()).data.chatMessageAdded.body).toBe('welcome, member');
    // What the renewal job does when the last retry fails.
    await a.db.dataSource.query(`UPDATE memberships SET status = 'EXPIRED', ended_at = now() WHERE id = $1`, [rawId(joined.data.subscribe.membership.id)]);
    expect((await chat.next(5000)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('side doors', () => {
  let t: TestServer;
  let admin: string;
  let course: TestCourse;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await adminToken(t);
    course = (await creatorWithCourse(t)).course;
  });
  afterAll(async () => t.stop());

  it("shows a user's roles only to that user and to admins", async () => {
    const adminId = (await t.gql('{ viewer { user { id roles } } }', {}, admin)).data.viewer.user;
    expect(adminId.roles).toContain('ADMIN');
    const learner = await signUpUser(t, 'Curious');
    const ROLES = 'query($id: ID!) { node(id: $id) { ... on User { id roles } } }';
    expect((await t.gql(ROLES, { id: adminId.id })).data.node.roles).toEqual([]);
    expect((await t.gql(ROLES, { id: adminId.id }, learner.token)).data.node.roles).toEqual([]);
    expect((await t.gql(ROLES, { id: learner.userId }, learner.token)).data.node.roles).toEqual(['LEARNER']);
    expect((await t.gql(ROLES, { id: learner.userId }, admin)).data.node.roles).toEqual(['LEARNER']);
  });

  it('gives a reporter an acknowledgement, never the case, and refuses reports on content they cannot open', async () => {
    const REPORT =
      'mutation($input: ReportContentInput!) { reportContent(input: $input) { case { id excerpt } acknowledgement { contentId reportedAt } errors { code field } } }';
    const paidLesson = course.lessonIds[1];
    const stranger = await signUpUser(t, 'Stranger');
    const refused = await t.gql(REPORT, { input: { contentKind: 'LESSON', contentId: paidLesson, reason: 'spam' } }, stranger.token);
    expect(refused.data.reportContent).toEqual({ case: null, acknowledgement: null, errors: [{ code: 'NOT_FOUND', field: ['input', 'contentId'] }] });

    const buyer = await signUpUser(t, 'Buyer');
    await enroll(t, buyer.userId, course.id);
    const reported = await t.gql(REPORT, { input: { contentKind: 'LESSON', contentId: paidLesson, reason: 'spam' } }, buyer.token);
    expect(reported.data.reportContent).toEqual({ case: null, acknowledgement: { contentId: paidLesson, reportedAt: expect.any(String) }, errors: [] });
  });

  it('promoting an existing self-registered account to admin at start revokes the tokens it had', async () => {
    const squatter = await signUpUser(t, 'Boss');
    const again = await startTestServerOn(t.db, { KNOWPAY_ADMIN_EMAIL: squatter.email, KNOWPAY_ADMIN_PASSWORD: 'the operator password' });
    try {
      const old = await again.gql('{ viewer { user { roles } } }', {}, squatter.token);
      expect(old.status).toBe(401);
      expect(old.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await again.stop();
    }
  });
});
