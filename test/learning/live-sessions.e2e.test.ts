import { randomUUID } from 'node:crypto';
import { liveSessionTopic } from '../../src/learning/live-session.types';
import { sweepLiveSessionReminders } from '../../src/learning/live-session-reminders';
import { adminToken } from '../commerce/commerce-fixtures';
import { enroll, publishedCourse, rawId, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { subscribe, waitForSubscribers, waitUntil, wsClient } from '../harness/subscriptions';
import { PARTNER_SALE, partnerWithKey } from '../partners/partner-fixtures';
import { WebhookReceiver } from '../partners/webhook-receiver';

const ERRORS = 'errors { code message field }';
const ADD_LESSON = `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id } ${ERRORS} } }`;
const SESSION = 'liveSession { startsAt endsAt durationMinutes timeZone capacity seatsTaken status joinOpensAt joinUrl recordingUrl viewerHasSeat }';
const SCHEDULE = `mutation($input: ScheduleLiveSessionInput!) { scheduleLiveSession(input: $input) { lesson { id ${SESSION} } ${ERRORS} } }`;
const JOIN = `mutation($id: ID!) { joinLiveSession(lessonId: $id) { lesson { ${SESSION} } ${ERRORS} } }`;
const RECORDING = `mutation($id: ID!, $url: String) { setLiveSessionRecording(lessonId: $id, recordingUrl: $url) { lesson { ${SESSION} } ${ERRORS} } }`;
const LESSON = `query($id: ID!) { node(id: $id) { ... on Lesson { ${SESSION} } } }`;
const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret ${ERRORS} } }`;
const STARTING = `subscription($courseId: ID!) { liveSessionStarting(courseId: $courseId) { startsAt lesson { id liveSession { status joinUrl } } } }`;

const MINUTE = 60_000;
const JOIN_URL = 'https://meet.example.com/knowpay-office-hours';

describe('live sessions', () => {
  let t: TestServer;
  let creator: { token: string; userId: string };
  let course: TestCourse;
  let live: string;
  let seatHolder: { token: string; userId: string };

  beforeAll(async () => {
    t = await startTestServer({
      LIVE_JOIN_WINDOW_MINUTES: '15',
      JOB_POLL_SECONDS: '1',
      WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
      WEBHOOK_RETRY_BASE_MS: '100',
      API_KEY_RATE_LIMIT: '1000',
    });
    creator = await signUpUser(t, 'Host');
    course = await publishedCourse(t, creator.token, { price: 9900, lessons: 1 });
    const section = (await t.gql(`query($id: ID!) { course(id: $id) { sections { id } } }`, { id: course.id }, creator.token)).data.course.sections[0].id;
    live = (await t.gql(ADD_LESSON, { input: { sectionId: section, title: 'Office hours', kind: 'LIVE', durationSeconds: 3600 } }, creator.token)).data
      .addLesson.lesson.id;
  });
  afterAll(async () => t?.stop());

  const schedule = (input: Record<string, unknown>, token = creator.token) =>
    t.gql(
      SCHEDULE,
      {
        input: {
          lessonId: live,
          startsAt: new Date(Date.now() + 2 * 24 * 60 * MINUTE).toISOString(),
          durationMinutes: 60,
          timeZone: 'Asia/Shanghai',
          joinUrl: JOIN_URL,
          ...input,
        },
      },
      token,
    );

  it('the creator schedules a LIVE lesson; bad schedules are refused with coded errors', async () => {
    const bad = async (input: Record<string, unknown>) => (await schedule(input)).data.scheduleLiveSession.errors[0];
    expect(await bad({ lessonId: course.lessonIds[0] })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'lessonId'] });
    expect(await bad({ startsAt: new Date(Date.now() - MINUTE).toISOString() })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'startsAt'] });
    expect(await bad({ timeZone: 'Mars/Olympus_Mons' })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'timeZone'] });
    expect(await bad({ durationMinutes: 2 })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'durationMinutes'] });
    expect(await bad({ joinUrl: 'zoom' })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'joinUrl'] });
    expect(await bad({ capacity: 0 })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'capacity'] });
    const stranger = await signUpUser(t, 'Crasher');
    expect((await schedule({}, stranger.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const scheduled = (await schedule({ capacity: 1 })).data.scheduleLiveSession;
    expect(scheduled.errors).toEqual([]);
    expect(scheduled.lesson.liveSession).toMatchObject({
      durationMinutes: 60,
      timeZone: 'Asia/Shanghai',
      capacity: 1,
      seatsTaken: 0,
      status: 'SCHEDULED',
      joinUrl: JOIN_URL,
    });
    const { startsAt, endsAt, joinOpensAt } = scheduled.lesson.liveSession;
    expect(new Date(endsAt).getTime() - new Date(startsAt).getTime()).toBe(60 * MINUTE);
    expect(new Date(startsAt).getTime() - new Date(joinOpensAt).getTime()).toBe(15 * MINUTE);
    const audit = (await t.gql(`query($id: ID) { auditLog(subjectId: $id) { nodes { action } } }`, { id: live }, await adminToken(t))).data.auditLog.nodes;
    expect(audit[0].action).toBe('live_session.schedule');
  });

  it('entitled learners take the seats there are; the join link waits for the join window', async () => {
    const first = await signUpUser(t, 'Early bird');
    seatHolder = first;
    const second = await signUpUser(t, 'Late comer');
    const stranger = await signUpUser(t, 'Not enrolled');
    await enroll(t, first.userId, course.id);
    await enroll(t, second.userId, course.id);

    const seated = (await t.gql(JOIN, { id: live }, first.token)).data.joinLiveSession;
    expect(seated.errors).toEqual([]);
    expect(seated.lesson.liveSession).toMatchObject({ seatsTaken: 1, viewerHasSeat: true, status: 'SCHEDULED', joinUrl: null });
    // joining twice keeps the one seat
    expect((await t.gql(JOIN, { id: live }, first.token)).data.joinLiveSession.lesson.liveSession.seatsTaken).toBe(1);
    expect((await t.gql(JOIN, { id: live }, second.token)).data.joinLiveSession.errors[0]).toMatchObject({ code: 'SEATS_EXHAUSTED', field: ['lessonId'] });
    expect((await t.gql(JOIN, { id: live }, stranger.token)).data.joinLiveSession.errors[0].code).toBe('NOT_ENTITLED');
    expect((await schedule({ capacity: 1, durationMinutes: 90 })).data.scheduleLiveSession.errors).toEqual([]);
    expect((await t.gql(LESSON, { id: live }, stranger.token)).data.node.liveSession).toMatchObject({ joinUrl: null, viewerHasSeat: false });
  });

  it('when the join window opens, learners hear it over liveSessionStarting and partners get live_session.starting, once', async () => {
    const admin = await adminToken(t);
    const receiver = await new WebhookReceiver(0).start();
    const learner = await signUpUser(t, 'Listener');
    await enroll(t, learner.userId, course.id);
    const client = wsClient(t, learner.token);
    try {
      const { key } = await partnerWithKey(t, admin);
      expect((await t.gql(REGISTER, { input: { url: receiver.url, events: ['live_session.starting'] } }, key)).data.registerWebhookEndpoint.errors).toEqual([]);
      const sale = await t.gql(
        PARTNER_SALE,
        { input: { courseId: course.id, externalCustomerRef: 'cust-42', email: `c-${randomUUID().slice(0, 6)}@example.com`, idempotencyKey: randomUUID() } },
        key,
      );
      expect(sale.data.partnerSale.errors).toEqual([]);

      const events = subscribe(client, STARTING, { courseId: course.id });
      await waitForSubscribers(t, liveSessionTopic(rawId(course.id)));
      // rescheduled to start in 10 minutes: inside the 15-minute window, so its reminder job is due at once
      const startsAt = new Date(Date.now() + 10 * MINUTE).toISOString();
      expect((await schedule({ startsAt, capacity: 1 })).data.scheduleLiveSession.errors).toEqual([]);

      const event = await events.next(15_000);
      expect(event.data?.liveSessionStarting).toEqual({ startsAt, lesson: { id: live, liveSession: { status: 'OPEN', joinUrl: null } } });
      await waitUntil(() => receiver.delivered().length === 1, 15_000, 'the live_session.starting webhook');
      const body = JSON.parse(receiver.delivered()[0].body);
      expect(body.type).toBe('live_session.starting');
      expect(body.data.liveSession).toMatchObject({ lessonId: live, courseId: course.id, title: 'Office hours', startsAt, durationMinutes: 60 });
      expect(body.data.customers).toEqual([expect.objectContaining({ externalCustomerRef: 'cust-42' })]);

      // the sweep finds nothing more to send: one reminder per start time
      await t.server.services.jobs.runNow(sweepLiveSessionReminders, {});
      const [{ sent }] = await t.db.dataSource.query(`SELECT count(*)::int AS sent FROM webhook_events WHERE type = 'live_session.starting'`);
      expect(sent).toBe(1);
      expect(events.pending).toBe(0);
    } finally {
      await client.dispose();
      await receiver.stop();
    }
  });

  it('reveals the join link to the seat holder within the window, and the recording to entitled learners once it is over', async () => {
    expect((await t.gql(LESSON, { id: live }, seatHolder.token)).data.node.liveSession).toMatchObject({
      status: 'OPEN',
      joinUrl: JOIN_URL,
      viewerHasSeat: true,
    });
    const watcher = await signUpUser(t, 'Watcher');
    await enroll(t, watcher.userId, course.id);
    expect((await t.gql(LESSON, { id: live }, watcher.token)).data.node.liveSession).toMatchObject({ status: 'OPEN', joinUrl: null, viewerHasSeat: false });

    expect(
      (await t.gql(RECORDING, { id: live, url: 'https://video.example.com/office-hours.mp4' }, creator.token)).data.setLiveSessionRecording.errors,
    ).toEqual([]);
    expect((await t.gql(LESSON, { id: live }, watcher.token)).data.node.liveSession.recordingUrl).toBeNull();
    // the session took place: it started two hours ago
    await t.db.dataSource.query(`UPDATE live_sessions SET starts_at = now() - interval '2 hours' WHERE lesson_id = $1`, [rawId(live)]);
    expect((await t.gql(LESSON, { id: live }, watcher.token)).data.node.liveSession).toMatchObject({
      status: 'ENDED',
      joinUrl: null,
      recordingUrl: 'https://video.example.com/office-hours.mp4',
    });
    expect((await t.gql(JOIN, { id: live }, watcher.token)).data.joinLiveSession.errors[0]).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/over/),
    });
    const stranger = await signUpUser(t, 'Freeloader');
    expect((await t.gql(LESSON, { id: live }, stranger.token)).data.node.liveSession.recordingUrl).toBeNull();
  });

  it('refuses the subscription to people without access to the course', async () => {
    const stranger = await signUpUser(t, 'Eavesdropper');
    const client = wsClient(t, stranger.token);
    try {
      const refused = await subscribe(client, STARTING, { courseId: course.id }).next();
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });
});
