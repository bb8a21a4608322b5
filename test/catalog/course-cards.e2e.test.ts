import { idOfType } from '../../src/common/global-id';
import { publishedCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';

// Stands in for the audit model: edits are screened, and nothing here should be held.
jest.mock('../../src/kernel/screening', () => require('../harness/screening-stand-in').screeningStandIn());

/**
 * The course-card read model (migrations/1796650000000-CourseCards.ts) answers catalog pages and course-by-slug in
 * one statement. What it shows must be what the plain loaders read (course by id does not use it), right after each
 * write, whoever the writer is: a mutation, or SQL. Each instance also keeps decoded courses by their row versions;
 * a page read again after a write must not show the decoded course of before the write.
 */
const SHAPE = `id title lessonCount totalDurationSeconds categories { name slug } sections { title position lessons { title kind position durationSeconds isPreview } }
  offers { kind price { amount currency } plan { name } } creator { profile { displayName } }`;
const BY_ID = `query($id: ID!) { course(id: $id) { ${SHAPE} } }`;
const PAGE = `query($creatorId: ID!) { courses(first: 50, filter: { creatorId: $creatorId }) { nodes { ${SHAPE} } } }`;
const ADD_SECTION = `mutation($input: AddSectionInput!) { addSection(input: $input) { course { id } errors { code } } }`;
const ADD_LESSON = `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id } errors { code } } }`;
const UPDATE_LESSON = `mutation($input: UpdateLessonInput!) { updateLesson(input: $input) { lesson { id } errors { code } } }`;
const MOVE_LESSON = `mutation($input: MoveLessonInput!) { moveLesson(input: $input) { lesson { id } errors { code } } }`;
const ARCHIVE = `mutation($id: ID!) { archiveLesson(id: $id) { lesson { id } errors { code } } }`;
const DELETE_LESSON = `mutation($id: ID!) { deleteLesson(id: $id) { deletedLessonId errors { code } } }`;
const SECTIONS = `query($id: ID!) { course(id: $id) { sections { id } } }`;

describe('course cards: one statement per page, never behind the rows they summarize', () => {
  let t: TestServer;
  let creator: { token: string; userId: string };

  beforeAll(async () => {
    t = await startTestServer({ RESPONSE_CACHE: 'false' });
    creator = await signUpUser(t, 'Card Maker');
  });
  afterAll(async () => t?.stop());

  /** The course as the catalog page shows it (cards) must equal the course read by id (loaders). */
  async function expectCardsCurrent(courseId: string, creatorId: string): Promise<void> {
    const byId = await t.gql(BY_ID, { id: courseId });
    const page = await t.gql(PAGE, { creatorId });
    expect(byId.errors).toBeUndefined();
    expect(page.errors).toBeUndefined();
    // The page's courses and versions; the course just written is read again (its version changed).
    expect(page.sqlStatements).toBeLessThanOrEqual(2);
    expect(page.data.courses.nodes.find((c: { id: string }) => c.id === courseId)).toEqual(byId.data.course);
    const again = await t.gql(PAGE, { creatorId });
    expect(again.sqlStatements).toBe(1);
    expect(again.data).toEqual(page.data);
  }

  async function expectNoStaleCard(): Promise<void> {
    const stale = await t.db.dataSource.query(
      `SELECT co.id FROM courses co LEFT JOIN course_cards cc ON cc.course_id = co.id WHERE cc.card::text IS DISTINCT FROM knowpay_course_card(co.id)::text`,
    );
    expect(stale).toEqual([]);
  }

  it('follows every edit of the outline through the API', async () => {
    const course = await publishedCourse(t, creator.token, { lessons: 3, price: 4900 });
    await expectCardsCurrent(course.id, course.creatorId);

    expect((await t.gql(ADD_SECTION, { input: { courseId: course.id, title: 'Part two' } }, creator.token)).data.addSection.errors).toEqual([]);
    const sections = (await t.gql(SECTIONS, { id: course.id })).data.course.sections.map((s: { id: string }) => s.id);
    const added = await t.gql(
      ADD_LESSON,
      { input: { sectionId: sections[1], title: 'New lesson', kind: 'ARTICLE', body: 'Text', durationSeconds: 240 } },
      creator.token,
    );
    expect(added.data.addLesson.errors).toEqual([]);
    await expectCardsCurrent(course.id, course.creatorId);

    await t.gql(UPDATE_LESSON, { input: { id: course.lessonIds[0], title: 'Renamed', durationSeconds: 420 } }, creator.token);
    await expectCardsCurrent(course.id, course.creatorId);
    await t.gql(MOVE_LESSON, { input: { id: course.lessonIds[2], position: 1 } }, creator.token);
    await expectCardsCurrent(course.id, course.creatorId);
    await t.gql(ARCHIVE, { id: course.lessonIds[1] }, creator.token);
    await expectCardsCurrent(course.id, course.creatorId);
    const deleted = await t.gql(DELETE_LESSON, { id: added.data.addLesson.lesson.id }, creator.token);
    expect(deleted.data.deleteLesson.errors).toEqual([]);
    await expectCardsCurrent(course.id, course.creatorId);
    await expectNoStaleCard();
  });

  it('follows writes that bypass the API: categories, plans, display names', async () => {
    const course = await publishedCourse(t, creator.token, { lessons: 2 });
    const db = t.db.dataSource;
    const raw = await db.query(`SELECT id, creator_id FROM courses WHERE id = $1`, [idOfType(course.id, 'Course')]);
    const [category] = await db.query(`INSERT INTO categories (slug, name) VALUES ('card-test', 'Card test') RETURNING id`);
    await db.query(`INSERT INTO course_categories (course_id, category_id) VALUES ($1, $2)`, [raw[0].id, category.id]);
    await expectCardsCurrent(course.id, course.creatorId);
    await db.query(`UPDATE categories SET name = 'Card test, renamed' WHERE id = $1`, [category.id]);
    await expectCardsCurrent(course.id, course.creatorId);

    const [plan] = await db.query(
      `INSERT INTO membership_plans (creator_id, name, price_amount, price_currency, billing_interval) VALUES ($1, 'Everything', 1500, 'CNY', 'MONTH') RETURNING id`,
      [raw[0].creator_id],
    );
    await db.query(`INSERT INTO plan_courses (plan_id, course_id) VALUES ($1, $2)`, [plan.id, raw[0].id]);
    await expectCardsCurrent(course.id, course.creatorId);
    expect((await t.gql(BY_ID, { id: course.id })).data.course.offers.map((o: { plan: { name: string } | null }) => o.plan?.name ?? null)).toContain(
      'Everything',
    );
    await db.query(`UPDATE membership_plans SET active = false WHERE id = $1`, [plan.id]);
    await expectCardsCurrent(course.id, course.creatorId);
    await db.query(`UPDATE profiles SET display_name = 'Renamed Maker' WHERE user_id = $1`, [idOfType(creator.userId, 'User') ?? creator.userId]);
    await expectCardsCurrent(course.id, course.creatorId);
    expect((await t.gql(BY_ID, { id: course.id })).data.course.creator.profile.displayName).toBe('Renamed Maker');
    await db.query(`DELETE FROM course_categories WHERE category_id = $1`, [category.id]);
    await expectCardsCurrent(course.id, course.creatorId);
    await db.query(`UPDATE courses SET title = 'Retitled by SQL' WHERE id = $1`, [raw[0].id]);
    await expectCardsCurrent(course.id, course.creatorId);
    expect((await t.gql(BY_ID, { id: course.id })).data.course.title).toBe('Retitled by SQL');
    await expectNoStaleCard();
  });
});
