import { enroll, publishedCourse, rawId, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, startTestServerOn, TestServer } from '../harness/server';

const RECORD = `mutation($input: RecordProgressInput!) { recordProgress(input: $input) {
  enrollment { id progress completedLessonIds lastLesson { id } lastPositionSeconds completedAt certificate { code issuedAt verifyUrl } }
  errors { code message field } } }`;
const VERIFY = `query($code: String!) { verifyCertificate(code: $code) { code issuedAt verifyUrl holderName courseTitle } }`;

describe('learning: a learner records progress from several devices and earns a certificate', () => {
  let t: TestServer;
  let creator: { token: string; userId: string };
  let free: TestCourse;
  let paid: TestCourse;

  const record = (token: string, input: Record<string, unknown>) =>
    t.gql(RECORD, { input }, token).then((r) => {
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data.recordProgress;
    });

  beforeAll(async () => {
    t = await startTestServer();
    creator = await signUpUser(t, 'Creator');
    free = await publishedCourse(t, creator.token, { price: null, lessons: 3 });
    paid = await publishedCourse(t, creator.token, { price: 9900, lessons: 2 });
  });
  afterAll(async () => t?.stop());

  it('starts tracking a free course on the first event, and resumes where the learner was', async () => {
    const learner = await signUpUser(t, 'Learner');
    const first = await record(learner.token, { lessonId: free.lessonIds[1], positionSeconds: 120, clientEventId: 'e-1' });
    expect(first.errors).toEqual([]);
    expect(first.enrollment).toMatchObject({
      progress: 0,
      completedLessonIds: [],
      lastLesson: { id: free.lessonIds[1] },
      lastPositionSeconds: 120,
      completedAt: null,
      certificate: null,
    });
    const done = await record(learner.token, { lessonId: free.lessonIds[0], positionSeconds: 300, completed: true, clientEventId: 'e-2' });
    expect(done.enrollment.progress).toBeCloseTo(1 / 3);
    expect(done.enrollment.completedLessonIds).toEqual([free.lessonIds[0]]);
    const [row] = await t.db.dataSource.query(`SELECT source FROM enrollments WHERE id = $1`, [rawId(done.enrollment.id)]);
    expect(row.source).toBe('FREE');
    const courseRow = await t.db.dataSource.query(`SELECT enrollment_count FROM courses WHERE id = $1`, [rawId(free.id)]);
    expect(courseRow[0].enrollment_count).toBe(1);
  });

  it('ignores a replayed event and refuses a different event under a used id', async () => {
    const learner = await signUpUser(t, 'Replayer');
    const input = { lessonId: free.lessonIds[0], positionSeconds: 60, completed: true, clientEventId: 'same' };
    const once = await record(learner.token, input);
    const again = await record(learner.token, input);
    expect(again).toEqual(once);
    const events = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM progress_events WHERE enrollment_id = $1`, [rawId(once.enrollment.id)]);
    expect(events[0].n).toBe(1);
    const conflict = await record(learner.token, { ...input, positionSeconds: 90 });
    expect(conflict.errors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_CONFLICT', field: ['input', 'clientEventId'] })]);
  });

  it('never moves backwards: late events, lower positions and "not completed" change nothing they should not', async () => {
    const learner = await signUpUser(t, 'Late');
    const now = Date.now();
    await record(learner.token, {
      lessonId: free.lessonIds[0],
      positionSeconds: 300,
      completed: true,
      clientEventId: 'a',
      occurredAt: new Date(now - 60_000).toISOString(),
    });
    await record(learner.token, { lessonId: free.lessonIds[1], positionSeconds: 200, clientEventId: 'b', occurredAt: new Date(now - 10_000).toISOString() });
    // Arrives last but happened before 'b' (an offline phone syncing): resume stays on lesson 2.
    const late = await record(learner.token, {
      lessonId: free.lessonIds[0],
      positionSeconds: 30,
      completed: false,
      clientEventId: 'c',
      occurredAt: new Date(now - 30_000).toISOString(),
    });
    expect(late.enrollment).toMatchObject({ lastLesson: { id: free.lessonIds[1] }, lastPositionSeconds: 200, completedLessonIds: [free.lessonIds[0]] });
    const lower = await record(learner.token, { lessonId: free.lessonIds[1], positionSeconds: 50, clientEventId: 'd' });
    expect(lower.enrollment).toMatchObject({ lastLesson: { id: free.lessonIds[1] }, lastPositionSeconds: 200 });
    expect(lower.enrollment.progress).toBeCloseTo(1 / 3);
  });

  it('merges many concurrent events from two devices exactly, and issues one certificate', async () => {
    const learner = await signUpUser(t, 'TwoDevices');
    const events = [];
    for (let i = 0; i < 30; i += 1) {
      const lesson = free.lessonIds[i % 3];
      events.push({ lessonId: lesson, positionSeconds: (i * 10) % 301, completed: i >= 24, clientEventId: `${i % 2 ? 'phone' : 'laptop'}-${i}` });
    }
    // Each event twice (both devices replaying), all at once.
    const results = await Promise.all([...events, ...events].map((input) => record(learner.token, input)));
    expect(results.every((r) => r.errors.length === 0)).toBe(true);
    const [state] = await t.db.dataSource.query(
      `SELECT e.completed_lesson_count, e.completed_at IS NOT NULL AS done, (SELECT count(*)::int FROM certificates c WHERE c.enrollment_id = e.id) AS certificates,
              (SELECT count(*)::int FROM progress_events p WHERE p.enrollment_id = e.id) AS events
         FROM enrollments e WHERE e.user_id = $1`,
      [rawId(learner.userId)],
    );
    expect(state).toEqual({ completed_lesson_count: 3, done: true, certificates: 1, events: 30 });
    const last = await record(learner.token, { lessonId: free.lessonIds[2], positionSeconds: 1, clientEventId: 'after' });
    expect(last.enrollment.progress).toBe(1);
    expect([...last.enrollment.completedLessonIds].sort()).toEqual([...free.lessonIds].sort());
  });

  it('completing a course issues a verifiable certificate with an unguessable code', async () => {
    const learner = await signUpUser(t, 'Graduate');
    let result;
    for (const [i, lessonId] of free.lessonIds.entries())
      result = await record(learner.token, { lessonId, positionSeconds: 300, completed: true, clientEventId: `done-${i}` });
    const { certificate, completedAt, progress } = result!.enrollment;
    expect(progress).toBe(1);
    expect(completedAt).toEqual(expect.any(String));
    expect(certificate.code).toMatch(/^[A-Za-z0-9_-]{32}$/); // 24 random bytes = 192 bits
    expect(certificate.verifyUrl).toBe(`${t.url}/certificates/${certificate.code}`);
    const verified = (await t.gql(VERIFY, { code: certificate.code })).data.verifyCertificate;
    expect(verified).toMatchObject({ code: certificate.code, holderName: expect.stringMatching(/^Graduate/), courseTitle: expect.any(String) });
    const page = await fetch(certificate.verifyUrl);
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ valid: true, holderName: expect.stringMatching(/^Graduate/) });
    expect((await t.gql(VERIFY, { code: 'A'.repeat(32) })).data.verifyCertificate).toBeNull();
    expect((await fetch(`${t.url}/certificates/nope`)).status).toBe(404);
    // Completed stays completed: a later "not completed" event changes nothing.
    const after = await record(learner.token, { lessonId: free.lessonIds[0], positionSeconds: 0, completed: false, clientEventId: 'rewatch' });
    expect(after.enrollment).toMatchObject({ progress: 1, completedAt, certificate: { code: certificate.code } });
  });

  it('accepts progress only for lessons the learner may open', async () => {
    const learner = await signUpUser(t, 'Outsider');
    const paidLesson = await record(learner.token, { lessonId: paid.lessonIds[1], positionSeconds: 10, clientEventId: 'x1' });
    expect(paidLesson.errors).toEqual([expect.objectContaining({ code: 'NOT_ENTITLED', field: ['input', 'lessonId'] })]);
    const preview = await record(learner.token, { lessonId: paid.lessonIds[0], positionSeconds: 10, clientEventId: 'x2' });
    expect(preview.errors[0].code).toBe('NOT_ENTITLED');
    expect(await t.db.dataSource.query(`SELECT 1 FROM enrollments WHERE user_id = $1`, [rawId(learner.userId)])).toEqual([]);

    await enroll(t, learner.userId, paid.id);
    const enrolled = await record(learner.token, { lessonId: paid.lessonIds[1], positionSeconds: 10, completed: true, clientEventId: 'x3' });
    expect(enrolled.enrollment.progress).toBe(0.5);
  });

  it('answers bad input with coded errors on the offending field', async () => {
    const learner = await signUpUser(t, 'Sloppy');
    const cases: Array<[Record<string, unknown>, string, string[]]> = [
      [{ lessonId: 'bogus', positionSeconds: 1, clientEventId: 'b1' }, 'NOT_FOUND', ['input', 'lessonId']],
      [{ lessonId: free.id, positionSeconds: 1, clientEventId: 'b2' }, 'NOT_FOUND', ['input', 'lessonId']],
      [{ lessonId: free.lessonIds[0], positionSeconds: -1, clientEventId: 'b3' }, 'INVALID_INPUT', ['input', 'positionSeconds']],
      [{ lessonId: free.lessonIds[0], positionSeconds: 301, clientEventId: 'b4' }, 'INVALID_INPUT', ['input', 'positionSeconds']],
      [{ lessonId: free.lessonIds[0], positionSeconds: 1, clientEventId: '  ' }, 'INVALID_INPUT', ['input', 'clientEventId']],
      [{ lessonId: free.lessonIds[0], positionSeconds: 1, clientEventId: 'x'.repeat(101) }, 'INVALID_INPUT', ['input', 'clientEventId']],
      [
        { lessonId: free.lessonIds[0], positionSeconds: 1, clientEventId: 'b5', occurredAt: new Date(Date.now() + 3600_000).toISOString() },
        'INVALID_INPUT',
        ['input', 'occurredAt'],
      ],
    ];
    for (const [input, code, field] of cases) {
      const res = await record(learner.token, input);
      expect(res.errors).toEqual([expect.objectContaining({ code, field })]);
    }
    const anonymous = await t.gql(RECORD, { input: { lessonId: free.lessonIds[0], positionSeconds: 1, clientEventId: 'anon' } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps progress across a restart (it lives in PostgreSQL)', async () => {
    const learner = await signUpUser(t, 'Restart');
    await record(learner.token, { lessonId: free.lessonIds[2], positionSeconds: 42, completed: true, clientEventId: 'r1' });
    const other = await startTestServerOn(t.db);
    try {
      const res = await other.gql(
        `{ viewer { enrollments { nodes { progress lastPositionSeconds lastLesson { id } completedLessonIds } } } }`,
        {},
        learner.token,
      );
      expect(res.data.viewer.enrollments.nodes).toEqual([
        { progress: 1 / 3, lastPositionSeconds: 42, lastLesson: { id: free.lessonIds[2] }, completedLessonIds: [free.lessonIds[2]] },
      ]);
    } finally {
      await other.stop();
    }
  });
});
