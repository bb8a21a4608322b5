import type { Client } from 'graphql-ws';
import { chatAuthorLookups } from '../../src/community/chat.resolver';
import type { InProcessPubSub } from '../../src/realtime/pubsub';
import { sharedExecutionStats } from '../../src/realtime/shared-execution';
import { enroll, publishedCourse, rawId, TestCourse } from '../harness/courses';
import { stillReachable } from '../harness/garbage';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { subscribe, Subscription, waitForSubscribers, wsClient } from '../harness/subscriptions';

const ROOM = `query($id: ID!) { course(id: $id) { chatRoom { id } } }`;
const SEND = `mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { message { id } errors { code message } } }`;
/** The same for every member: executed once per message and shared. */
const ADDED = `subscription($roomId: ID!) { chatMessageAdded(roomId: $roomId) { id body room { id } ...Who } }
  fragment Who on ChatMessage { author { id profile { displayName } } }`;
/** `roles` depends on who asks (the user themself and admins only): executed per subscriber. */
const ADDED_WITH_ROLES = `subscription($roomId: ID!) { chatMessageAdded(roomId: $roomId) { body author { id roles } } }`;

describe('chat fan-out: members of one room share one execution per message, access stays per member', () => {
  let t: TestServer;
  let creator: { token: string; userId: string };
  let course: TestCourse;
  let roomId: string;
  const clients: Client[] = [];
  let sent = 0;
  const send = async (body: string) => {
    const res = await t.gql(SEND, { input: { roomId, body, clientMessageId: `fan-${(sent += 1)}` } }, creator.token);
    expect(res.data.sendChatMessage.errors).toEqual([]);
    return res.data.sendChatMessage.message.id as string;
  };
  const listen = (token: string, query = ADDED): Subscription => {
    const client = wsClient(t, token);
    clients.push(client);
    return subscribe(client, query, { roomId });
  };

  beforeAll(async () => {
    t = await startTestServer();
    creator = await signUpUser(t, 'Creator');
    course = await publishedCourse(t, creator.token, { price: 9900, lessons: 1 });
    roomId = (await t.gql(ROOM, { id: course.id }, creator.token)).data.course.chatRoom.id;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await t?.stop();
  });

  it('five members get each message from one execution; a member who lost access gets FORBIDDEN and nothing more', async () => {
    const members = [];
    for (let i = 0; i < 5; i += 1) {
      const member = await signUpUser(t, `Member ${i}`);
      await enroll(t, member.userId, course.id);
      members.push({ ...member, live: listen(member.token) });
    }
    await waitForSubscribers(t, `chat:${rawId(course.id)}`, 5);

    const before = { ...sharedExecutionStats };
    const first = await send('hello, everyone');
    for (const member of members) {
      expect(await member.live.next()).toEqual({
        data: {
          chatMessageAdded: {
            id: first,
            body: 'hello, everyone',
            room: { id: roomId },
            author: { id: creator.userId, profile: { displayName: expect.stringContaining('Creator') } },
          },
        },
      });
    }
    expect(sharedExecutionStats.executions - before.executions).toBe(1);
    expect(sharedExecutionStats.deliveries - before.deliveries).toBe(5);

    // The last member's enrollment goes (a refund, a revoked seat, a SQL console): their subscription ends.
    const [kept, gone] = [members.slice(0, 4), members[4]];
    await t.db.dataSource.query(`DELETE FROM enrollments WHERE user_id = $1 AND course_id = $2`, [rawId(gone.userId), rawId(course.id)]);
    expect((await gone.live.next()).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const afterRevocation = { ...sharedExecutionStats };
    const second = await send('still here?');
    for (const member of kept) expect((await member.live.next()).data?.chatMessageAdded.id).toBe(second);
    expect(gone.live.pending).toBe(0);
    expect(sharedExecutionStats.executions - afterRevocation.executions).toBe(1);
    expect(sharedExecutionStats.deliveries - afterRevocation.deliveries).toBe(4);
  });

  it('a selection that depends on the viewer is executed for each subscriber (the creator sees their roles, a member does not), with one author lookup per message for all', async () => {
    const member = await signUpUser(t, 'Curious member');
    await enroll(t, member.userId, course.id);
    const subscribers = await t.server.services.pubsub.subscriberCount(`chat:${rawId(course.id)}`);
    const asCreator = listen(creator.token, ADDED_WITH_ROLES);
    const asMember = listen(member.token, ADDED_WITH_ROLES);
    await waitForSubscribers(t, `chat:${rawId(course.id)}`, subscribers + 2);
    const before = { ...sharedExecutionStats };
    const lookups = chatAuthorLookups.count;
    await send('who am I?');
    const [seenByCreator, seenByMember] = [await asCreator.next(), await asMember.next()];
    expect(seenByCreator.data?.chatMessageAdded.author.roles.length).toBeGreaterThan(0);
    expect(seenByMember.data?.chatMessageAdded.author).toEqual({ id: creator.userId, roles: [] });
    // Only the shared shape of the first test (four members still listening) counted.
    expect(sharedExecutionStats.deliveries - before.deliveries).toBe(4);
    // One author lookup for the message: the shared execution's and both per-subscriber ones use the same.
    expect(chatAuthorLookups.count - lookups).toBe(1);
  });

  it('members who have read fifteen messages hold none of them: a room open for hours does not grow the server', async () => {
    const topic = `chat:${rawId(course.id)}`;
    const listening = t.server.services.pubsub.subscriberCount(topic);
    const readers: Subscription[] = [];
    for (let i = 0; i < 2; i += 1) {
      const member = await signUpUser(t, `Long reader ${i}`);
      await enroll(t, member.userId, course.id);
      readers.push(listen(member.token));
    }
    await waitForSubscribers(t, topic, listening + 2);
    // The events this instance hands to its subscribers, watched without being held.
    const fanout = (t.server.services.pubsub as InProcessPubSub).fanout;
    const deliver = fanout.deliver.bind(fanout);
    const delivered: WeakRef<object>[] = [];
    fanout.deliver = (to, payload) => {
      if (to === topic && typeof payload === 'object' && payload !== null) delivered.push(new WeakRef(payload));
      deliver(to, payload);
    };
    try {
      for (let n = 0; n < 15; n += 1) {
        const id = await send(`long read ${n}`);
        for (const reader of readers) expect((await reader.next()).data?.chatMessageAdded.id).toBe(id);
      }
    } finally {
      fanout.deliver = deliver;
    }
    expect(delivered).toHaveLength(15);
    expect(await stillReachable(delivered)).toBeLessThanOrEqual(1);
  });
});
