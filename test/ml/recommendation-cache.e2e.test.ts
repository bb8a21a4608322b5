import { DEMO_LEARNER } from '../../seeds/demo-accounts';
import { seedDemoData } from '../../seeds/seed-demo';
import { idOfType, toGlobalId } from '../../src/common/global-id';
import { checkout } from '../commerce/commerce-fixtures';
import { signIn, signUpUser, startTestServer, TestServer } from '../harness/server';

const RECOMMENDED = `query($first: Int) { recommendedCourses(first: $first) { score reason explanation course { id title } } }`;

type Rec = { score: number; reason: string; explanation: string; course: { id: string; title: string } };

describe('recommendations are cached per viewer until the model or the viewer changes', () => {
  let t: TestServer;
  let learner: string;

  const recommended = async (token?: string, first = 10): Promise<{ list: Rec[]; sqlStatements: number }> => {
    const res = await t.gql(RECOMMENDED, { first }, token);
    expect(res.errors).toBeUndefined();
    return { list: res.data.recommendedCourses, sqlStatements: res.sqlStatements };
  };
  const ids = (list: Rec[]) => list.map((r) => r.course.id);

  beforeAll(async () => {
    t = await startTestServer();
    await seedDemoData(t.db.dataSource);
    await t.server.services.models.retrain();
    learner = await signIn(t, DEMO_LEARNER.email, DEMO_LEARNER.password);
  }, 60_000);
  afterAll(async () => t.stop());

  it('a learner asking again gets the same list from the cache, for the sign-in, the activity version and the course cards', async () => {
    const first = await recommended(learner);
    expect(first.list).toHaveLength(10);
    expect(first.list.some((r) => r.explanation.startsWith('Because you enrolled in '))).toBe(true);
    const again = await recommended(learner);
    expect(again.list).toEqual(first.list);
    // token check, activity version, course cards (with the courses the reasons name and the categories that explain a trending course)
    expect(again.sqlStatements).toBe(3);
    expect(again.sqlStatements).toBeLessThan(first.sqlStatements);
  });

  it('a purchase shows in the very next request: the bought course leaves the list', async () => {
    const before = await recommended(learner);
    const bought = before.list[0].course.id;
    const { order, errors } = await checkout(t, learner, [bought]);
    expect(errors).toEqual([]);
    expect(order.status).toBe('PAID');
    const after = await recommended(learner);
    expect(ids(after.list)).not.toContain(bought);
    expect(after.list).toHaveLength(10);
  });

  it('an enrollment written by anyone (here a SQL console) shows in the very next request', async () => {
    const before = await recommended(learner);
    const taken = before.list.slice(0, 2).map((r) => idOfType(r.course.id, 'Course')!);
    const [{ id: userId }] = await t.db.dataSource.query(`SELECT id FROM users WHERE email = $1`, [DEMO_LEARNER.email]);
    for (const courseId of taken)
      await t.db.dataSource.query(`INSERT INTO enrollments (user_id, course_id, source) VALUES ($1, $2, 'FREE')`, [userId, courseId]);
    const after = await recommended(learner);
    expect(ids(after.list).filter((id) => taken.includes(idOfType(id, 'Course')!))).toEqual([]);
  });

  it('a newcomer declaring interests sees them in the very next request', async () => {
    const newcomer = (await signUpUser(t, 'Newcomer')).token;
    const before = await recommended(newcomer);
    expect(before.list.every((r) => r.reason === 'trending')).toBe(true);
    const res = await t.gql(`mutation($i: [String!]) { updateProfile(input: { interests: $i }) { errors { code } } }`, { i: ['python'] }, newcomer);
    expect(res.data.updateProfile.errors).toEqual([]);
    const after = await recommended(newcomer);
    expect(after.list.some((r) => r.reason === 'interest:python')).toBe(true);
  });

  it('a new model version shows in the next request, even for the list all anonymous visitors share', async () => {
    const anonymous = await recommended(undefined, 10);
    expect(anonymous.list.every((r) => r.reason === 'trending')).toBe(true);
    expect((await recommended(undefined, 10)).list).toEqual(anonymous.list);
    // A new course every learner took today: the next release ranks it first in trending.
    const [{ id }] = await t.db.dataSource.query(`
      INSERT INTO courses (slug, creator_id, title, description, tags, status, published_at, price_amount, price_currency)
      SELECT 'everyone-takes-this', id, 'Everyone Takes This', 'A course every learner enrolled in today.', '{python}', 'PUBLISHED', now(), 9900, 'CNY'
        FROM creators LIMIT 1 RETURNING id`);
    await t.db.dataSource.query(`INSERT INTO enrollments (user_id, course_id, source) SELECT u.id, $1, 'FREE' FROM users u`, [id]);
    const stillCached = await recommended(undefined, 10);
    expect(ids(stillCached.list)).toEqual(ids(anonymous.list));

    await t.server.services.models.retrain();
    const next = await recommended(undefined, 10);
    expect(ids(next.list)).toContain(toGlobalId('Course', id));
  });
});
