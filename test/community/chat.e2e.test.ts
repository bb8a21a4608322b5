import WebSocket from 'ws';
import { enroll, publishedCourse, rawId, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { clientSubscriptionCount, subscribe, waitForSubscribers, waitUntil, wsClient } from '../harness/subscriptions';

const ROOM = `query($id: ID!) { course(id: $id) { chatRoom { id course { id } } } }`;
const SEND = `mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { message { id body visibility author { id } room { id } } errors { code message field } } }`;
const HISTORY = `query($id: ID!, $first: Int, $before: String) { chatRoom(id: $id) { messages(first: $first, before: $before) {
  totalCount pageInfo { hasPreviousPage hasNextPage startCursor } nodes { body } } } }`;
const ADDED = `subscription($roomId: ID!) { chatMessageAdded(roomId: $roomId) { id body author { id } room { id } } }`;

describe('community: a course chat room for its learners and creator', () => {
  let t: TestServer;
  let creator: { token: string; userId: string };
  let learner: { token: string; userId: string };
  let course: TestCourse;
  let roomId: string;
  let sent = 0;
  const send = (token: string, body: string, clientMessageId = `m-${(sent += 1)}`) =>
    t.gql(SEND, { input: { roomId, body, clientMessageId } }, token).then((r) => r.data.sendChatMessage);

  beforeAll(async () => {
    t = await startTestServer({ CHAT_RATE_LIMIT: '8', CHAT_RATE_WINDOW_SECONDS: '60', WS_MAX_SUBSCRIPTIONS: '3', WS_KEEPALIVE_MS: '200' });
    creator = await signUpUser(t, 'Creator');
    learner = await signUpUser(t, 'Learner');
    course = await publishedCourse(t, creator.token, { price: 9900, lessons: 1 });
    await enroll(t, learner.userId, course.id);
    roomId = (await t.gql(ROOM, { id: course.id }, learner.token)).data.course.chatRoom.id;
  });
  afterAll(async () => t?.stop());

  it('shows the room to members only', async () => {
    const outsider = await signUpUser(t, 'Outsider');
    expect((await t.gql(ROOM, { id: course.id }, creator.token)).data.course.chatRoom).toEqual({ id: roomId, course: { id: course.id } });
    expect((await t.gql(ROOM, { id: course.id }, outsider.token)).data.course.chatRoom).toBeNull();
    expect((await t.gql(ROOM, { id: course.id })).data.course.chatRoom).toBeNull();
    expect((await t.gql(HISTORY, { id: roomId }, outsider.token)).data.chatRoom).toBeNull();
    expect((await send(outsider.token, 'let me in')).errors[0]).toMatchObject({ code: 'NOT_ENTITLED', field: ['input', 'roomId'] });
    expect((await send(learner.token, 'hi', 'x')).errors).toEqual([]);
    expect((await t.gql(SEND, { input: { roomId: course.id, body: 'hi', clientMessageId: 'y' } }, learner.token)).data.sendChatMessage.errors[0]).toMatchObject(
      { code: 'NOT_FOUND', field: ['input', 'roomId'] },
    );
  });

  it('makes resends idempotent by clientMessageId', async () => {
    const first = await send(learner.token, 'only once', 'resend-1');
    const again = await send(learner.token, 'only once', 'resend-1');
    expect(again.message.id).toBe(first.message.id);
    expect((await send(learner.token, 'something else', 'resend-1')).errors[0].code).toBe('IDEMPOTENCY_CONFLICT');
    const racer = await signUpUser(t, 'Racer');
    await enroll(t, racer.userId, course.id);
    const raced = await Promise.all(Array.from({ length: 5 }, () => send(racer.token, 'raced', 'race-1')));
    expect(new Set(raced.map((r) => r.message.id)).size).toBe(1);
  });

  it('pages history backwards with before', async () => {
    await t.db.dataSource.query(`DELETE FROM chat_messages`);
    const historian = await signUpUser(t, 'Historian');
    await enroll(t, historian.userId, course.id);
    for (let i = 1; i <= 5; i += 1) await send(historian.token, `m${i}`);
    const newest = (await t.gql(HISTORY, { id: roomId, first: 2 }, learner.token)).data.chatRoom.messages;
    expect(newest).toMatchObject({ totalCount: 5, nodes: [{ body: 'm4' }, { body: 'm5' }], pageInfo: { hasPreviousPage: true, hasNextPage: false } });
    const older = (await t.gql(HISTORY, { id: roomId, first: 2, before: newest.pageInfo.startCursor }, learner.token)).data.chatRoom.messages;
    expect(older).toMatchObject({ nodes: [{ body: 'm2' }, { body: 'm3' }], pageInfo: { hasPreviousPage: true, hasNextPage: true } });
    const oldest = (await t.gql(HISTORY, { id: roomId, first: 2, before: older.pageInfo.startCursor }, learner.token)).data.chatRoom.messages;
    expect(oldest).toMatchObject({ nodes: [{ body: 'm1' }], pageInfo: { hasPreviousPage: false } });
    expect((await t.gql(HISTORY, { id: roomId, before: 'bogus' }, learner.token)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('limits how fast one user can post (LIMIT_EXCEEDED), without touching others', async () => {
    const chatty = await signUpUser(t, 'Chatty');
    await enroll(t, chatty.userId, course.id);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => send(chatty.token, `spam ${i}`)));
    const limited = results.filter((r) => r.errors[0]?.code === 'LIMIT_EXCEEDED');
    expect(results.length - limited.length).toBe(8);
    expect(limited[0].errors[0]).toMatchObject({ message: expect.stringMatching(/At most 8 messages per 60 s/) });
    expect((await send(creator.token, 'still fine')).errors).toEqual([]);
  });

  it('validates message text', async () => {
    expect((await send(learner.token, '  ')).errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'body'] });
    expect((await send(learner.token, 'x'.repeat(2001))).errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'body'] });
    expect((await send(learner.token, 'ok', '')).errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'clientMessageId'] });
  });

  it('pushes new messages to subscribed members and refuses everyone else', async () => {
    const member = wsClient(t, learner.token);
    const stranger = await signUpUser(t, 'Stranger');
    const outsider = wsClient(t, stranger.token);
    const anonymous = wsClient(t);
    try {
      const live = subscribe(member, ADDED, { roomId });
      await waitForSubscribers(t, `chat:${rawId(course.id)}`);
      const posted = await send(creator.token, 'live!');
      expect(await live.next()).toEqual({
        data: { chatMessageAdded: { id: posted.message.id, body: 'live!', author: { id: creator.userId }, room: { id: roomId } } },
      });

      const refused = await subscribe(outsider, ADDED, { roomId }).next();
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const anon = await subscribe(anonymous, ADDED, { roomId }).next();
      expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const foreign = await subscribe(member, ADDED, { roomId: course.id }).next();
      expect(foreign.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      live.dispose();
      await waitUntil(() => clientSubscriptionCount(t) === 0, 2000, 'unsubscribe');
    } finally {
      await Promise.all([member.dispose(), outsider.dispose(), anonymous.dispose()]);
    }
  });

  it('caps subscriptions per connection', async () => {
    const client = wsClient(t, learner.token);
    try {
      const subs = Array.from({ length: 3 }, () => subscribe(client, ADDED, { roomId }));
      await waitForSubscribers(t, `chat:${rawId(course.id)}`, 3);
      const over = await subscribe(client, ADDED, { roomId }).next();
      expect(over.errors?.[0].extensions?.code).toBe('LIMIT_EXCEEDED');
      subs[0].dispose();
      await waitUntil(() => clientSubscriptionCount(t) === 2, 2000, 'one unsubscribed');
      subscribe(client, ADDED, { roomId });
      await waitForSubscribers(t, `chat:${rawId(course.id)}`, 3);
    } finally {
      await client.dispose();
    }
    await waitUntil(() => clientSubscriptionCount(t) === 0, 2000, 'all released');
  });

  it('releases the subscriptions of clients that vanish or stop answering pings', async () => {
    const topic = `chat:${rawId(course.id)}`;
    const url = `${t.url.replace('http', 'ws')}/graphql`;
    const rawSubscriber = (autoPong: boolean) =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(url, 'graphql-transport-ws', { autoPong });
        socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${learner.token}` } })));
        socket.on('message', (data) => {
          if (JSON.parse(String(data)).type === 'connection_ack') {
            socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: ADDED, variables: { roomId } } }));
            resolve(socket);
          }
        });
        socket.on('error', reject);
      });
    // Clients that drop the connection abruptly (a killed app).
    const dropped = await Promise.all([rawSubscriber(true), rawSubscriber(true), rawSubscriber(true)]);
    await waitForSubscribers(t, topic, 3);
    for (const socket of dropped) socket.terminate();
    await waitUntil(() => clientSubscriptionCount(t) === 0, 3000, 'dropped sockets released');
    // A client whose network died: it never answers pings, so keepalive (200 ms here) ends it.
    const silent = await rawSubscriber(false);
    await waitForSubscribers(t, topic, 1);
    const closed = new Promise<void>((resolve) => silent.on('close', () => resolve()));
    await waitUntil(() => clientSubscriptionCount(t) === 0, 3000, 'silent socket released');
    await closed;
  });

  it('closes a connection with a bad token with 4403', async () => {
    const client = wsClient(t, 'forged.token.value');
    const closeCode = await new Promise<number>((resolve) => {
      client.on('closed', (event) => resolve((event as { code: number }).code));
      subscribe(client, ADDED, { roomId });
    });
    expect(closeCode).toBe(4403);
    await client.dispose();
  });
});
