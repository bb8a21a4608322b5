import * as tf from '@tensorflow/tfjs';
import { EnrollmentSource } from '../../src/learning/enrollment.entity';
import { grantEnrollment } from '../../src/learning/enrollment-grants';
import { DEMO_CREATOR } from '../../seeds/demo-accounts';
import { seedDemoData } from '../../seeds/seed-demo';
import { idOfType, toGlobalId } from '../../src/common/global-id';
import { signIn, signUpUser, startTestServer, TestServer } from '../harness/server';

const RECOMMENDED = `query($first: Int) { recommendedCourses(first: $first) { score reason explanation course { id title tags categories { slug } } } }`;
const VIEWER_RECOMMENDED = `{ viewer { recommendedCourses(first: 10) { reason course { id } } } }`;
const SIMILAR = `query($id: ID!) { course(id: $id) { id title categories { slug } similarCourses(first: 6) { id title tags categories { slug } } } }`;
const SET_INTERESTS = `mutation($interests: [String!]) { updateProfile(input: { interests: $interests }) { errors { code } } }`;

type Rec = { score: number; reason: string; explanation: string; course: { id: string; title: string; tags: string[]; categories: { slug: string }[] } };

describe('recommendations: a learner declares interests, enrolls, and the list follows', () => {
  let t: TestServer;
  let learner: { token: string; userId: string };

  const recommended = async (token?: string, first = 10): Promise<Rec[]> => {
    const res = await t.gql(RECOMMENDED, { first }, token);
    expect(res.errors).toBeUndefined();
    return res.data.recommendedCourses;
  };
  const rawId = (globalId: string) => idOfType(globalId, 'Course')!;

  beforeAll(async () => {
    t = await startTestServer({ JOB_POLL_SECONDS: '1' });
    await seedDemoData(t.db.dataSource);
    await t.server.services.models.retrain();
    learner = await signUpUser(t, 'Newcomer');
  }, 60_000);
  afterAll(async () => t.stop());

  it('trains a versioned model on the demo data and stores it', async () => {
    const status = t.server.services.models.status();
    expect(status.items).toBeGreaterThan(40);
    expect(status.metrics).toMatchObject({ interactions: expect.any(Number), validationNdcg10: expect.any(Number) });
    const rows = await t.db.dataSource.query(`SELECT kind, version, metrics FROM ml_models ORDER BY kind`);
    expect(rows.map((r: { kind: string }) => r.kind)).toEqual(expect.arrayContaining(['recommend.item-item', 'recommend.popularity']));
  });

  it('an anonymous visitor gets popular courses across several categories, each with a reason', async () => {
    const list = await recommended(undefined, 9);
    expect(list).toHaveLength(9);
    expect(new Set(list.map((r) => r.reason))).toEqual(new Set(['trending']));
    expect(list.every((r) => /^Popular (in|with)/.test(r.explanation))).toBe(true);
    const categories = new Set(list.map((r) => r.course.categories[0]?.slug));
    expect(categories.size).toBeGreaterThanOrEqual(3);
  });

  it('a new user with interests gets courses matching them', async () => {
    expect((await t.gql(SET_INTERESTS, { interests: ['python', '机器学习'] }, learner.token)).data.updateProfile.errors).toEqual([]);
    const list = await recommended(learner.token);
    expect(list).toHaveLength(10);
    const matching = list.filter((r) => r.reason.startsWith('interest:'));
    expect(matching.length).toBeGreaterThanOrEqual(5);
    for (const r of matching) {
      const interest = r.reason.slice('interest:'.length);
      expect(['python', '机器学习']).toContain(interest);
      expect(r.explanation).toBe(`Matches your interest in ${interest}`);
    }
    expect(list[0].course.tags.some((tag) => ['python', '机器学习'].includes(tag.toLowerCase()))).toBe(true);
    const viewer = await t.gql(VIEWER_RECOMMENDED, {}, learner.token);
    expect(viewer.data.viewer.recommendedCourses.map((r: { course: { id: string } }) => r.course.id)).toEqual(list.map((r) => r.course.id));
  });

  it('after enrolling, the list changes at once, explains itself by the enrollment, and never repeats an enrolled course', async () => {
    const before = await recommended(learner.token);
    const taken = before.slice(0, 3).map((r) => rawId(r.course.id));
    await t.db.dataSource.transaction(async (manager) => {
      for (const courseId of taken) await grantEnrollment(manager, { userId: idOfType(learner.userId, 'User')!, courseId, source: EnrollmentSource.FREE });
    });
    const after = await recommended(learner.token);
    expect(after.map((r) => r.course.id)).not.toEqual(before.map((r) => r.course.id));
    expect(after.some((r) => taken.includes(rawId(r.course.id)))).toBe(false);
    const collaborative = after.filter((r) => r.reason === 'similar-learners');
    expect(collaborative.length).toBeGreaterThan(0);
    expect(collaborative[0].explanation).toMatch(/^Because you enrolled in /);

    const version = t.server.services.models.status().version;
    await t.server.services.models.retrain();
    expect(t.server.services.models.status().version).not.toBe(version);
    const retrained = await recommended(learner.token, 50);
    expect(retrained.some((r) => taken.includes(rawId(r.course.id)))).toBe(false);
  });

  it('never recommends a creator their own courses', async () => {
    const token = await signIn(t, DEMO_CREATOR.email, DEMO_CREATOR.password);
    const own: Array<{ id: string }> = (await t.gql(`{ viewer { creator { courses(first: 100) { nodes { id } } } } }`, {}, token)).data.viewer.creator.courses
      .nodes;
    expect(own.length).toBeGreaterThan(0);
    const list = await recommended(token, 50);
    expect(list.some((r) => own.some((c) => c.id === r.course.id))).toBe(false);
  });

  it('similar courses never include the course itself and share its subject far more often than chance', async () => {
    const courses: Array<{ id: string }> = await t.db.dataSource.query(
      `SELECT id FROM courses WHERE status = 'PUBLISHED' ORDER BY enrollment_count DESC LIMIT 10`,
    );
    let sameSubject = 0;
    for (const course of courses) {
      const res = await t.gql(SIMILAR, { id: toGlobalId('Course', course.id) });
      const own = new Set(res.data.course.categories.map((c: { slug: string }) => c.slug));
      const similar = res.data.course.similarCourses as Array<{ id: string; categories: Array<{ slug: string }> }>;
      expect(similar).toHaveLength(6);
      expect(similar.map((c) => c.id)).not.toContain(res.data.course.id);
      sameSubject += similar.filter((c) => c.categories.some((cat) => own.has(cat.slug))).length;
    }
    // 10 categories: a random pick of 6 shares one about 7 times in 60.
    expect(sameSubject).toBeGreaterThanOrEqual(15);
  });

  it('a brand-new course nobody has enrolled in gets similar courses by its tags and text', async () => {
    const [{ id }] = await t.db.dataSource.query(`
      INSERT INTO courses (slug, creator_id, title, description, tags, status, published_at, price_amount, price_currency)
      SELECT 'pandas-for-analysts', id, 'Pandas for Analysts', 'Data analysis in Python with pandas.', '{python,pandas,数据分析}', 'PUBLISHED', now(), 9900, 'CNY'
        FROM creators LIMIT 1 RETURNING id`);
    await t.server.services.models.retrain();
    const res = await t.gql(SIMILAR, { id: toGlobalId('Course', id) });
    const similar = res.data.course.similarCourses as Array<{ tags: string[] }>;
    expect(similar.length).toBe(6);
    expect(similar.slice(0, 3).every((c) => c.tags.some((tag) => ['python', 'pandas', '数据分析'].includes(tag)))).toBe(true);
  });

  it('retraining on demand is for admins only and runs as a queued job', async () => {
    const denied = await t.gql(`mutation { retrainModels }`, {}, learner.token);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await t.db.dataSource.query(`DELETE FROM enrollments WHERE user_id IN (SELECT id FROM users ORDER BY id LIMIT 20)`);
    const version = t.server.services.models.status().version;
    const admin = await signIn(t, 'admin@knowpay.test', 'admin-password');
    expect((await t.gql(`mutation { retrainModels }`, {}, admin)).data.retrainModels).toBe(true);
    const deadline = Date.now() + 20_000;
    while (t.server.services.models.status().version === version && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(t.server.services.models.status().version).not.toBe(version);
  });

  it('swaps models under concurrent requests without dropping any, and frees the old tensors', async () => {
    await recommended(learner.token);
    const baseline = tf.memory().numTensors;
    const requests = Array.from({ length: 120 }, (_, i) => t.gql(RECOMMENDED, { first: 5 }, i % 2 ? learner.token : undefined));
    const swaps = [t.server.services.models.retrain(), t.server.services.models.retrain()];
    const responses = await Promise.all(requests);
    await Promise.all(swaps);
    expect(responses.filter((r) => r.status !== 200 || r.errors || r.data.recommendedCourses.length !== 5)).toEqual([]);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('keeps the tensor count flat over many requests', async () => {
    await recommended(learner.token);
    const before = tf.memory().numTensors;
    for (let round = 0; round < 10; round += 1) {
      await Promise.all(Array.from({ length: 30 }, () => t.gql(RECOMMENDED, { first: 10 }, learner.token)));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects page sizes out of range', async () => {
    const res = await t.gql(RECOMMENDED, { first: 500 });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
