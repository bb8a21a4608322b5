import jwt from 'jsonwebtoken';
import { seedDemoData } from '../../seeds/seed-demo';
import { DEMO_LEARNER, DEMO_PASSWORD } from '../../seeds/demo-accounts';
import { signIn, startTestServer, TestServer } from '../harness/server';

const LIST = `query($first: Int, $after: String, $filter: CourseFilter, $orderBy: CourseOrder) {
  courses(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { slug title tags publishedAt ratingAverage ratingCount enrollmentCount categories { slug parent { slug } } offers { kind price { amount currency } } } } }`;

describe('the seeded catalog: filters, orderings and paging', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await seedDemoData(t.db.dataSource);
  });
  afterAll(async () => t.stop());

  const list = async (variables: Record<string, unknown>) => {
    const res = await t.gql(LIST, variables);
    expect(res.errors).toBeUndefined();
    return res.data.courses;
  };

  it('pages through every published course exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const page: any = await list({ first: 25, after, orderBy: 'NEWEST' });
      total = page.totalCount;
      seen.push(...page.nodes.map((n: any) => n.slug));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const [{ published }] = await t.db.dataSource.query(`SELECT count(*)::int AS published FROM courses WHERE status = 'PUBLISHED'`);
    expect(total).toBe(published);
    expect(seen).toHaveLength(published);
    expect(new Set(seen).size).toBe(published);
  });

  it('orders by newest, popularity and price', async () => {
    const newest = (await list({ first: 50, orderBy: 'NEWEST' })).nodes.map((n: any) => Date.parse(n.publishedAt));
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    const popular = (await list({ first: 50, orderBy: 'POPULAR' })).nodes.map((n: any) => n.enrollmentCount);
    expect(popular).toEqual([...popular].sort((a, b) => b - a));
    const cheapFirst = (await list({ first: 50, orderBy: 'PRICE_ASC' })).nodes.map(
      (n: any) => n.offers.find((o: any) => o.kind !== 'MEMBERSHIP').price?.amount ?? 0,
    );
    expect(cheapFirst).toEqual([...cheapFirst].sort((a, b) => a - b));
    const rated = (await list({ first: 10, orderBy: 'RATING' })).nodes;
    expect(rated[0].ratingCount).toBeGreaterThan(0);
  });

  it('filters by category, tags, free courses and a price ceiling', async () => {
    const categories = (await t.gql(`{ categories { slug } }`)).data.categories.map((c: any) => c.slug);
    const inCategory = await list({ first: 100, filter: { categorySlug: categories[0] } });
    expect(inCategory.totalCount).toBeGreaterThan(0);
    for (const node of inCategory.nodes) expect(node.categories.some((c: any) => c.slug === categories[0] || c.parent?.slug === categories[0])).toBe(true);

    const [first] = inCategory.nodes;
    const aTag = first.tags[0];
    expect(aTag).toEqual(expect.any(String));
    const tagged = await list({ first: 100, filter: { tags: [aTag] } });
    expect(tagged.nodes.map((n: any) => n.slug)).toContain(first.slug);
    for (const node of tagged.nodes) expect(node.tags).toContain(aTag);

    const free = await list({ first: 100, filter: { freeOnly: true } });
    expect(free.totalCount).toBeGreaterThan(0);
    for (const node of free.nodes) expect(node.offers.some((o: any) => o.kind === 'FREE')).toBe(true);

    // Under the ceiling: free courses, and courses sold once for at most ¥50.00; dearer ones are left out.
    const everything = await list({ first: 1 });
    const cheap = await list({ first: 100, filter: { maxPrice: { amount: 5000, currency: 'CNY' } } });
    const oneTimePrice = (node: any) => node.offers.find((o: any) => o.kind === 'ONE_TIME')?.price ?? null;
    expect(cheap.totalCount).toBeLessThan(everything.totalCount);
    expect(cheap.nodes.filter((node: any) => oneTimePrice(node) !== null).length).toBeGreaterThan(0);
    for (const node of cheap.nodes) {
      const price = oneTimePrice(node);
      if (price === null) expect(node.offers.some((o: any) => o.kind === 'FREE')).toBe(true);
      else expect(price).toEqual({ currency: 'CNY', amount: expect.any(Number) });
      if (price !== null) expect(price.amount).toBeLessThanOrEqual(5000);
    }
  });

  it('ranks search results by relevance for Chinese and English words', async () => {
    const chineseTitle: string = (
      await t.db.dataSource.query(`SELECT title FROM courses WHERE language = 'zh' AND status = 'PUBLISHED' ORDER BY slug LIMIT 1`)
    )[0].title;
    const word = [...chineseTitle]
      .filter((ch) => /\p{Script=Han}/u.test(ch))
      .slice(0, 2)
      .join('');
    const zh = await list({ first: 20, filter: { query: word } });
    expect(zh.nodes.map((n: any) => n.title)).toContain(chineseTitle);
    const en = await list({ first: 20, filter: { query: 'design' } });
    expect(en.totalCount).toBeGreaterThan(0);
    expect(en.nodes[0].title.toLowerCase()).toContain('design');
  });

  it('lets a demo learner sign in and see their enrollments', async () => {
    const token = await signIn(t, DEMO_LEARNER.email, DEMO_PASSWORD);
    const me = await t.gql(`{ viewer { enrollments(first: 10) { totalCount nodes { progress course { title viewerHasAccess } } } } }`, {}, token);
    expect(me.data.viewer.enrollments.totalCount).toBeGreaterThan(0);
    for (const e of me.data.viewer.enrollments.nodes) {
      expect(e.progress).toBeGreaterThanOrEqual(0);
      expect(e.progress).toBeLessThanOrEqual(1);
      expect(e.course.viewerHasAccess).toBe(true);
    }
  });

  it('rejects expired tokens with UNAUTHENTICATED', async () => {
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM users WHERE lower(email) = $1`, [DEMO_LEARNER.email]);
    const expired = jwt.sign({ sub: id, ver: 0, exp: Math.floor(Date.now() / 1000) - 60 }, t.config.jwtSecret, { algorithm: 'HS256', issuer: 'knowpay' });
    const res = await t.gql(`{ viewer { user { id } } }`, {}, expired);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/expired/) });
  });
});
