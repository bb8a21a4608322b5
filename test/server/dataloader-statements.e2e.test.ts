import { startTestServer, TestServer } from '../harness/server';

const CATALOG_PAGE = `query($first: Int) { courses(first: $first) { totalCount nodes { id title slug lessonCount ratingAverage ratingCount
  creator { profile { displayName } } categories { name } sections { lessons { title } } offers { kind price { amount currency formatted } plan { name } } } } }`;
const COURSE_BY_SLUG = `query($slug: String!) { course(slug: $slug) { id title description ratingAverage ratingCount enrollmentCount lessonCount
  creator { profile { displayName handle } } categories { name slug } sections { title lessons { title kind durationSeconds isPreview } }
  offers { kind price { amount currency formatted } plan { name } } } }`;

/** Inserts `count` published courses, each with 2 sections of 3 lessons, 2 categories and a plan, by SQL for speed. */
async function insertCatalog(t: TestServer, count: number) {
  const db = t.db.dataSource;
  await db.query(`INSERT INTO categories (slug, name) SELECT 'cat-' || i, 'Category ' || i FROM generate_series(1, 4) i`);
  const users = await db.query(`INSERT INTO users (email) SELECT 'creator' || i || '@example.com' FROM generate_series(1, 5) i RETURNING id`);
  for (const [i, u] of users.entries())
    await db.query(`INSERT INTO profiles (user_id, handle, display_name) VALUES ($1, $2, $3)`, [u.id, `creator-${i}`, `Creator ${i}`]);
  await db.query(`INSERT INTO creators (user_id) SELECT id FROM users WHERE email LIKE 'creator%@example.com'`);
  await db.query(
    `
    INSERT INTO courses (slug, creator_id, title, description, status, published_at, price_amount, price_currency)
    SELECT 'course-' || i, (SELECT c.id FROM creators c JOIN users u ON u.id = c.user_id WHERE u.email LIKE 'creator%@example.com' ORDER BY c.id OFFSET (i % 5) LIMIT 1), 'Course ' || i, 'About ' || i, 'PUBLISHED', now(), 1000 + i, 'USD'
      FROM generate_series(1, $1) i`,
    [count],
  );
  await db.query(`INSERT INTO course_categories SELECT c.id, cat.id FROM courses c, categories cat WHERE cat.slug IN ('cat-1', 'cat-2')`);
  await db.query(`INSERT INTO sections (course_id, title, position) SELECT c.id, 'Section ' || s, s FROM courses c, generate_series(0, 1) s`);
  await db.query(`INSERT INTO lessons (section_id, course_id, title, kind, position, duration_seconds)
    SELECT s.id, s.course_id, 'Lesson ' || l, 'VIDEO', l, 60 FROM sections s, generate_series(0, 2) l`);
  await db.query(
    `INSERT INTO membership_plans (creator_id, name, price_amount, price_currency, billing_interval) SELECT id, 'All access', 1500, 'USD', 'MONTH' FROM creators`,
  );
  await db.query(`INSERT INTO plan_courses SELECT p.id, c.id FROM membership_plans p JOIN courses c ON c.creator_id = p.creator_id`);
}

describe('relation fields resolve through per-request DataLoaders', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Straight from PostgreSQL: the response cache would answer repeated anonymous pages without SQL.
    t = await startTestServer({ RESPONSE_CACHE: 'false' });
    await insertCatalog(t, 60);
  });
  afterAll(async () => t.stop());

  it('a catalog page costs the same number of SQL statements for 5 or 50 courses', async () => {
    const small = await t.gql(CATALOG_PAGE, { first: 5 });
    const large = await t.gql(CATALOG_PAGE, { first: 50 });
    expect(small.errors).toBeUndefined();
    expect(large.data.courses.nodes).toHaveLength(50);
    expect(large.data.courses.nodes[0].sections[1].lessons).toHaveLength(3);
    expect(large.data.courses.nodes[0].offers.map((o: any) => o.plan?.name ?? null)).toEqual([null, 'All access']);
    expect(large.data.courses.nodes[0].lessonCount).toBe(6);
    expect(large.data.courses.nodes[0].creator.profile.displayName).toMatch(/^Creator \d$/);
    expect(large.data.courses.nodes[0].categories.map((c: any) => c.name)).toEqual(['Category 1', 'Category 2']);
    // The first page names its courses and versions (1) and reads the courses this instance has not decoded yet (2);
    // the larger page reads only its 45 new courses; a page of courses read before at their versions is one statement.
    expect(small.sqlStatements).toBe(2);
    expect(large.sqlStatements).toBe(2);
    const again = await t.gql(CATALOG_PAGE, { first: 50 });
    expect(again.sqlStatements).toBe(1);
    expect(again.data).toEqual(large.data);
  });

  it('a course written since the last read is read again, and only that course', async () => {
    const before = await t.gql(CATALOG_PAGE, { first: 20 });
    const { id, title } = before.data.courses.nodes[7];
    await t.db.dataSource.query(`UPDATE courses SET title = $1 WHERE slug = $2`, [`${title}, retitled`, before.data.courses.nodes[7].slug]);
    const page = await t.gql(CATALOG_PAGE, { first: 20 });
    expect(page.sqlStatements).toBe(2);
    expect(page.data.courses.nodes.find((c: any) => c.id === id).title).toBe(`${title}, retitled`);
    // Everything else on the page is as before.
    expect(page.data.courses.nodes.filter((c: any) => c.id !== id)).toEqual(before.data.courses.nodes.filter((c: any) => c.id !== id));
    expect((await t.gql(CATALOG_PAGE, { first: 20 })).sqlStatements).toBe(1);
  });

  it('a course page by slug with its outline, categories and offers costs one SQL statement once decoded', async () => {
    await t.db.dataSource.query(`UPDATE courses SET description = 'Changed' WHERE slug = 'course-7'`);
    expect((await t.gql(COURSE_BY_SLUG, { slug: 'course-7' })).sqlStatements).toBe(2);
    const page = await t.gql(COURSE_BY_SLUG, { slug: 'course-7' });
    expect(page.data.course.description).toBe('Changed');
    expect(page.errors).toBeUndefined();
    expect(page.data.course.sections.map((s: any) => s.lessons.map((l: any) => l.title))).toEqual([
      ['Lesson 0', 'Lesson 1', 'Lesson 2'],
      ['Lesson 0', 'Lesson 1', 'Lesson 2'],
    ]);
    expect(page.data.course.sections[0].lessons[0]).toMatchObject({ kind: 'VIDEO', durationSeconds: 60, isPreview: false });
    expect(page.data.course.offers.map((o: any) => o.kind)).toEqual(['ONE_TIME', 'MEMBERSHIP']);
    expect(page.sqlStatements).toBe(1);
  });
});
