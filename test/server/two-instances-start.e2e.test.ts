import { ONE_ADDRESS_MANY_USERS } from '../../bench/bench-server';
import { migrations } from '../../src/server/migrations';
import { enroll, publishedCourse, rawId, TestCourse } from '../harness/courses';
import { createEmptyTestDatabase, TestDatabase } from '../harness/database';
import { jsonLogLines, metricValue, scrape } from '../harness/observability';
import { ServerProcess, startServerProcess } from '../harness/server-process';
import { graphqlClient, signUpUser } from '../harness/server';
import { subscribe, waitUntil, wsClient } from '../harness/subscriptions';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SEND = `mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { message { id } errors { code message } } }`;
const RECORD = `mutation($input: RecordProgressInput!) { recordProgress(input: $input) { enrollment { id } errors { code message } } }`;
const CHAT = `subscription($roomId: ID!) { chatMessageAdded(roomId: $roomId) { id body } }`;

jest.setTimeout(180_000);

/** Two `npm start`s of the compiled server at the same moment, on one empty PostgreSQL and one Redis: a first deployment of two replicas. */
describe('two instances starting together on an empty database', () => {
  let db: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  const env = { ...ONE_ADDRESS_MANY_USERS, REDIS_URL, LOG_FORMAT: 'json', LOG_LEVEL: 'info', JOB_WORKERS: 'true', METRICS_TOKEN: 'scrape-token-0123456789' };

  beforeAll(async () => {
    db = await createEmptyTestDatabase();
    const started = await Promise.allSettled([startServerProcess(db, env, 150_000), startServerProcess(db, env, 150_000)]);
    [a, b] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined!));
    const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    await Promise.all([a, b].map((instance) => waitUntil(async () => (await fetch(`${instance.url}/readyz`)).ok, 150_000, `${instance.url} ready`)));
  });
  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    await db?.drop();
  });

  const logsOf = (instance: ServerProcess) => jsonLogLines(instance.output());

  it('both come up, and the migrations ran once', async () => {
    const applied = [a, b].map((instance) => logsOf(instance).find((line) => 'migrationsApplied' in line)?.migrationsApplied);
    expect(applied.sort()).toEqual([0, migrations.length]);
    const rows: Array<{ name: string; runs: number }> = await db.dataSource.query(`SELECT name, count(*)::int AS runs FROM migrations GROUP BY name`);
    expect(rows).toHaveLength(migrations.length);
    expect(rows.every((row) => row.runs === 1)).toBe(true);
  });

  it('one admin account exists', async () => {
    const [{ admins }] = await db.dataSource.query(`SELECT count(*)::int AS admins FROM users WHERE lower(email) = 'admin@knowpay.test'`);
    expect(admins).toBe(1);
    for (const instance of [a, b]) {
      const signedIn = await graphqlClient(instance.url)(
        `mutation { signIn(email: "admin@knowpay.test", password: "admin-password") { token errors { code } } }`,
      );
      expect(signedIn.data.signIn.token).toEqual(expect.any(String));
    }
  });

  it('the models were trained once, by one instance, and both serve that version', async () => {
    const lines = [...logsOf(a), ...logsOf(b)];
    expect(lines.filter((line) => /^moderation model \w+: \d+ training examples/.test(line.msg))).toHaveLength(1);
    expect(lines.filter((line) => /^retrained recommendation models/.test(line.msg))).toHaveLength(1);
    const [readyA, readyB] = await Promise.all(
      [a, b].map(async (instance) => (await fetch(`${instance.url}/readyz`)).json() as Promise<{ models: string; moderationModel: string }>),
    );
    expect(readyA.models).not.toBe('none');
    expect(readyB.models).toBe(readyA.models);
    expect(readyB.moderationModel).toBe(readyA.moderationModel);
  });

  describe('serving as one', () => {
    let creator: { token: string; userId: string };
    let learner: { token: string; userId: string };
    let course: TestCourse;
    const onA = () => ({ gql: graphqlClient(a.url) });
    const onB = () => ({ gql: graphqlClient(b.url) });

    beforeAll(async () => {
      creator = await signUpUser(onA(), 'Creator');
      learner = await signUpUser(onB(), 'Learner');
      course = await publishedCourse(onA(), creator.token, { price: 9900, lessons: 2 });
      await enroll({ db }, learner.userId, course.id);
    });

    /** A subscription counts on an instance once its source stream listens (the knowpay_graphql_subscriptions gauge). */
    const subscriptionsOn = async (instance: ServerProcess) =>
      metricValue(await scrape(`${instance.url}/metrics`, env.METRICS_TOKEN), 'knowpay_graphql_subscriptions') ?? 0;

    it('chat posted through A reaches a member subscribed on B, and progress recorded on A reaches the learner on B', async () => {
      const onBSocket = wsClient(b, learner.token);
      try {
        const chat = subscribe(onBSocket, CHAT, { roomId: roomIdOf(course.id) });
        const progress = subscribe(onBSocket, `subscription($courseId: ID!) { progressUpdated(courseId: $courseId) { lesson { id } } }`, {
          courseId: course.id,
        });
        await waitUntil(async () => (await subscriptionsOn(b)) === 2, 10_000, 'two subscriptions running on B');
        const sent = (await onA().gql(SEND, { input: { roomId: roomIdOf(course.id), body: 'from A', clientMessageId: 'two-1' } }, creator.token)).data
          .sendChatMessage;
        expect(sent.errors).toEqual([]);
        expect(await chat.next()).toEqual({ data: { chatMessageAdded: { id: sent.message.id, body: 'from A' } } });
        const recorded = await onA().gql(
          RECORD,
          { input: { lessonId: course.lessonIds[0], positionSeconds: 120, completed: false, clientEventId: 'two-p1' } },
          learner.token,
        );
        expect(recorded.data.recordProgress.errors).toEqual([]);
        expect((await progress.next()).data.progressUpdated.lesson.id).toBe(course.lessonIds[0]);
      } finally {
        await onBSocket.dispose();
      }
    });

    it('after kill -9 of A, B keeps serving and its subscribers keep receiving', async () => {
      const onBSocket = wsClient(b, creator.token);
      try {
        const chat = subscribe(onBSocket, CHAT, { roomId: roomIdOf(course.id) });
        await waitUntil(async () => (await subscriptionsOn(b)) === 1, 10_000, 'the subscription running on B');
        await a.kill();
        expect(a.child.signalCode).toBe('SIGKILL');
        const ready = await fetch(`${b.url}/readyz`);
        expect(ready.status).toBe(200);
        const sent = (await onB().gql(SEND, { input: { roomId: roomIdOf(course.id), body: 'after A died', clientMessageId: 'two-2' } }, learner.token)).data
          .sendChatMessage;
        expect(sent.errors).toEqual([]);
        expect(await chat.next()).toEqual({ data: { chatMessageAdded: { id: sent.message.id, body: 'after A died' } } });
        const catalog = await onB().gql(`{ courses(first: 5) { totalCount } }`);
        expect(catalog.data.courses.totalCount).toBeGreaterThanOrEqual(1);
      } finally {
        await onBSocket.dispose();
      }
    });
  });
});

function roomIdOf(courseGlobalId: string): string {
  return Buffer.from(`ChatRoom:${rawId(courseGlobalId)}`).toString('base64url');
}
