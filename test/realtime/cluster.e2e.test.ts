import { enroll, publishedCourse, rawId, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, startTestServerOn, TestServer } from '../harness/server';
import { clientSubscriptionCount, subscribe, waitForSubscribers, waitUntil, wsClient } from '../harness/subscriptions';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SEND = `mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { message { id } errors { code message } } }`;
const RECORD = `mutation($input: RecordProgressInput!) { recordProgress(input: $input) { enrollment { id } errors { code message } } }`;

describe('real-time across two server instances sharing PostgreSQL and Redis', () => {
  let a: TestServer;
  let b: TestServer;
  let creator: { token: string; userId: string };
  let learner: { token: string; userId: string };
  let course: TestCourse;

  beforeAll(async () => {
    a = await startTestServer({ REDIS_URL, CHAT_RATE_LIMIT: '3', CHAT_RATE_WINDOW_SECONDS: '60' });
    b = await startTestServerOn(a.db, { REDIS_URL, CHAT_RATE_LIMIT: '3', CHAT_RATE_WINDOW_SECONDS: '60' });
    creator = await signUpUser(a, 'Creator');
    learner = await signUpUser(a, 'Learner');
    course = await publishedCourse(a, creator.token, { price: 9900, lessons: 2 });
    await enroll(a, learner.userId, course.id);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('delivers a chat message posted through A to a member subscribed on B', async () => {
    const onB = wsClient(b, learner.token);
    try {
      const live = subscribe(onB, `subscription($roomId: ID!) { chatMessageAdded(roomId: $roomId) { id body author { id } } }`, {
        roomId: toRoomId(course.id),
      });
      await waitForSubscribers(b, `chat:${rawId(course.id)}`);
      const sent = (await a.gql(SEND, { input: { roomId: toRoomId(course.id), body: '从 A 发出', clientMessageId: 'c1' } }, creator.token)).data
        .sendChatMessage;
      expect(sent.errors).toEqual([]);
      expect(await live.next()).toEqual({ data: { chatMessageAdded: { id: sent.message.id, body: '从 A 发出', author: { id: creator.userId } } } });
    } finally {
      await onB.dispose();
    }
    await waitUntil(() => clientSubscriptionCount(b) === 0, 2000, 'B released its subscriber');
  });

  it("sends a learner's progress from their phone (A) to their laptop (B)", async () => {
    const laptop = wsClient(b, learner.token);
    try {
      const live = subscribe(
        laptop,
        `subscription($courseId: ID!) { progressUpdated(courseId: $courseId) { at lesson { id } enrollment { progress lastPositionSeconds completedLessonIds } } }`,
        { courseId: course.id },
      );
      await waitForSubscribers(b, `progress:${rawId(learner.userId)}:${rawId(course.id)}`);
      const phone = await a.gql(
        RECORD,
        { input: { lessonId: course.lessonIds[1], positionSeconds: 300, completed: true, clientEventId: 'phone-1' } },
        learner.token,
      );
      expect(phone.data.recordProgress.errors).toEqual([]);
      const event = await live.next();
      expect(event.data.progressUpdated).toMatchObject({
        lesson: { id: course.lessonIds[1] },
        enrollment: { progress: 0.5, lastPositionSeconds: 300, completedLessonIds: [course.lessonIds[1]] },
      });
      // A replay from the phone changes nothing and publishes nothing: the next event B delivers is the one after it
      // (A publishes both on one Redis connection, in order, so a replay's event would arrive first).
      await a.gql(RECORD, { input: { lessonId: course.lessonIds[1], positionSeconds: 300, completed: true, clientEventId: 'phone-1' } }, learner.token);
      const next = await a.gql(
        RECORD,
        { input: { lessonId: course.lessonIds[0], positionSeconds: 60, completed: false, clientEventId: 'phone-2' } },
        learner.token,
      );
      expect(next.data.recordProgress.errors).toEqual([]);
      expect((await live.next()).data.progressUpdated.lesson).toEqual({ id: course.lessonIds[0] });
      expect(live.pending).toBe(0);
      // Someone else's progress is not theirs to follow: the topic is the viewer's own.
      const other = await signUpUser(a, 'Other');
      const otherClient = wsClient(b, other.token);
      const refused = await subscribe(otherClient, `subscription($courseId: ID!) { progressUpdated(courseId: $courseId) { at } }`, {
        courseId: course.id,
      }).next();
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      await otherClient.dispose();
    } finally {
      await laptop.dispose();
    }
  });

  it('holds the chat rate limit across instances (the counter is in Redis)', async () => {
    const chatty = await signUpUser(a, 'Chatty');
    await enroll(a, chatty.userId, course.id);
    const results = [];
    for (let i = 0; i < 4; i += 1) {
      const server = i % 2 ? b : a;
      results.push(
        (await server.gql(SEND, { input: { roomId: toRoomId(course.id), body: `hop ${i}`, clientMessageId: `hop-${i}` } }, chatty.token)).data.sendChatMessage,
      );
    }
    expect(results.map((r) => r.errors[0]?.code ?? 'OK')).toEqual(['OK', 'OK', 'OK', 'LIMIT_EXCEEDED']);
  });
});

function toRoomId(courseGlobalId: string): string {
  return Buffer.from(`ChatRoom:${rawId(courseGlobalId)}`).toString('base64url');
}
