import { randomUUID } from 'node:crypto';
import { idOfType } from '../../src/common/global-id';
import { recordPriceImpressions, recordPurchaseOutcome, type PriceImpression } from '../../src/ml/pricing/price-impressions';
import { signIn, signUpUser, startTestServer, TestServer } from '../harness/server';

const CREATE = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id slug } errors { code message } } }`;
const SUGGEST = `query($id: ID!) { pricingSuggestion(courseId: $id) {
  course { id } currentPrice { amount currency } suggestedPrice { amount currency formatted }
  expectedConversionRate expectedRevenuePerVisitor { amount } evidence explanation guardrails } }`;

describe('pricing: price impressions are recorded, and a creator gets a bounded, explained suggestion', () => {
  let t: TestServer;
  let creator: { token: string; userId: string };
  let stranger: { token: string };

  const createCourse = async (token: string, title: string, amount: number) => {
    const res = await t.gql(
      CREATE,
      {
        input: {
          title,
          description: `${title}: data analysis with Python.`,
          tags: ['python'],
          categorySlugs: ['data-science'],
          price: { amount, currency: 'CNY' },
        },
      },
      token,
    );
    expect(res.data.createCourse.errors).toEqual([]);
    const course = res.data.createCourse.course as { id: string; slug: string };
    await t.db.dataSource.query(`UPDATE courses SET status = 'PUBLISHED', published_at = now() WHERE id = $1`, [idOfType(course.id, 'Course')]);
    return { ...course, rawId: idOfType(course.id, 'Course')! };
  };

  /** `visitors` anonymous visitors shown `amount`, of whom round(visitors × rate) buy. */
  const simulate = async (courseId: string, amount: number, visitors: number, rate: number) => {
    const impressions: PriceImpression[] = Array.from({ length: visitors }, () => ({
      courseId,
      userId: null,
      price: { amount, currency: 'CNY' },
      context: 'COURSE_PAGE',
    }));
    await recordPriceImpressions(t.db.dataSource.manager, impressions);
    const buyer = idOfType(creator.userId, 'User')!;
    for (let i = 0; i < Math.round(visitors * rate); i += 1) {
      await recordPurchaseOutcome(t.db.dataSource.manager, { courseId, userId: buyer, orderId: randomUUID(), price: { amount, currency: 'CNY' } });
    }
  };
  // Reads only note the prices they showed; the buffer writes them off the read path.
  const impressionCount = async (courseId: string) => {
    await t.server.services.impressions.flush();
    return (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM price_impressions WHERE course_id = $1`, [courseId]))[0].n as number;
  };

  beforeAll(async () => {
    // Impressions are written only when the test flushes them, so it can see that reads write nothing.
    t = await startTestServer({ PRICE_IMPRESSION_FLUSH_MS: '3600000' });
    // 'data-science' comes with the base categories every database gets (School migration).
    creator = await signUpUser(t, 'Creator');
    stranger = await signUpUser(t, 'Stranger');
  });
  afterAll(async () => t.stop());

  it('records a COURSE_PAGE impression for a single-course page, signed in or not, but not for catalog lists', async () => {
    const course = await createCourse(creator.token, 'Pandas in Practice', 9900);
    await t.gql(`query($slug: String) { course(slug: $slug) { offers { kind price { amount } } } }`, { slug: course.slug });
    await t.gql(`query($id: ID!) { course(id: $id) { offers { kind } } }`, { id: course.id }, stranger.token);
    expect(await impressionCount(course.rawId)).toBe(2);
    const rows = await t.db.dataSource.query(`SELECT user_id, price_amount, price_currency, context FROM price_impressions WHERE course_id = $1 ORDER BY id`, [
      course.rawId,
    ]);
    expect(rows).toEqual([
      { user_id: null, price_amount: 9900, price_currency: 'CNY', context: 'COURSE_PAGE' },
      { user_id: expect.any(String), price_amount: 9900, price_currency: 'CNY', context: 'COURSE_PAGE' },
    ]);
    await t.gql(`{ courses(first: 20) { nodes { offers { kind price { amount } } } } }`);
    expect(await impressionCount(course.rawId)).toBe(2);
  });

  it('counts a visitor once per course and window, however often they reload or quote (an anonymous loop writes one row)', async () => {
    const course = await createCourse(creator.token, 'Reload Loops', 9900);
    // Reads stay reads: the page writes nothing while it is served; the buffer writes later.
    await t.gql(`query($id: ID!) { course(id: $id) { offers { kind } } }`, { id: course.id });
    expect((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM price_impressions WHERE course_id = $1`, [course.rawId]))[0].n).toBe(0);
    for (let i = 0; i < 25; i += 1) {
      await t.gql(`query($id: ID!) { course(id: $id) { offers { kind } } priceQuote(courseId: $id) { total { amount } } }`, { id: course.id });
    }
    expect(await impressionCount(course.rawId)).toBe(1);
    for (let i = 0; i < 5; i += 1) await t.gql(`query($id: ID!) { priceQuote(courseId: $id) { total { amount } } }`, { id: course.id }, stranger.token);
    expect(await impressionCount(course.rawId)).toBe(2);
  });

  it('counts a settled purchase once, however often the settlement is retried', async () => {
    const course = await createCourse(creator.token, 'SQL Basics', 4900);
    const outcome = { courseId: course.rawId, userId: idOfType(creator.userId, 'User')!, orderId: randomUUID(), price: { amount: 4900, currency: 'CNY' } };
    expect(await recordPurchaseOutcome(t.db.dataSource.manager, outcome)).toBe(true);
    expect(await recordPurchaseOutcome(t.db.dataSource.manager, outcome)).toBe(false);
    await expect(
      recordPriceImpressions(t.db.dataSource.manager, [{ courseId: course.rawId, userId: null, price: { amount: 49.5, currency: 'CNY' }, context: 'QUOTE' }]),
    ).rejects.toThrow(RangeError);
  });

  it('is only for the course creator and admins', async () => {
    const course = await createCourse(creator.token, 'Statistics for Analysts', 19900);
    expect((await t.gql(SUGGEST, { id: course.id }, stranger.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(SUGGEST, { id: course.id })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const admin = await signIn(t, 'admin@knowpay.test', 'admin-password');
    expect((await t.gql(SUGGEST, { id: course.id }, admin)).data.pricingSuggestion.course.id).toBe(course.id);
  });

  it('keeps the price and says so while evidence is thin', async () => {
    const course = await createCourse(creator.token, 'Visualising Data', 12900);
    const res = await t.gql(SUGGEST, { id: course.id }, creator.token);
    const s = res.data.pricingSuggestion;
    expect(s.suggestedPrice.amount).toBe(12900);
    expect(s.guardrails).toContain('insufficient-evidence');
    expect(s.explanation).toMatch(/Keep .*: only \d+ visitors/);
  });

  it('with enough offers, suggests the best-earning price within a bounded step, rounded to whole yuan, with its evidence', async () => {
    const course = await createCourse(creator.token, 'Machine Learning Projects', 9900);
    // Demand is weak in price here: the highest tested price earns the most per visitor.
    await simulate(course.rawId, 7900, 200, 0.12);
    await simulate(course.rawId, 9900, 200, 0.11);
    await simulate(course.rawId, 11900, 200, 0.1);
    const s = (await t.gql(SUGGEST, { id: course.id }, creator.token)).data.pricingSuggestion;
    expect(s.currentPrice).toEqual({ amount: 9900, currency: 'CNY' });
    expect(s.suggestedPrice.amount).toBeGreaterThan(9900);
    expect(s.suggestedPrice.amount).toBeLessThanOrEqual(9900 * 1.2);
    expect(s.suggestedPrice.amount % 100).toBe(0);
    expect(s.evidence).toBe(600);
    expect(s.expectedConversionRate).toBeGreaterThan(0.05);
    expect(s.expectedConversionRate).toBeLessThan(0.2);
    expect(s.expectedRevenuePerVisitor.amount).toBe(Math.round(s.suggestedPrice.amount * s.expectedConversionRate));
    expect(s.explanation).toMatch(/^Raise ¥99\.00 to ¥1\d\d\.00/);
    expect(s.explanation).toContain('600 offers of this course');
  });

  it("the creator's min and max bound the suggestion, and bad bounds are refused", async () => {
    const course = await createCourse(creator.token, 'Feature Engineering Workshop', 9900);
    await simulate(course.rawId, 7900, 200, 0.12);
    await simulate(course.rawId, 9900, 200, 0.11);
    await simulate(course.rawId, 11900, 200, 0.1);
    const SET = `mutation($input: SetPriceGuardrailsInput!) { setPriceGuardrails(input: $input) { course { id } errors { code field } } }`;
    const set = (input: Record<string, unknown>, token = creator.token) =>
      t.gql(SET, { input: { courseId: course.id, ...input } }, token).then((r) => r.data.setPriceGuardrails);
    const BOUNDED = `query($id: ID!) { pricingSuggestion(courseId: $id) { suggestedPrice { amount } guardrails maxPrice { amount currency } minPrice { amount } } }`;
    const free = (await t.gql(BOUNDED, { id: course.id }, creator.token)).data.pricingSuggestion;
    expect(free.suggestedPrice.amount).toBeGreaterThan(9900);
    expect(free).toMatchObject({ maxPrice: null, minPrice: null });
    const max = free.suggestedPrice.amount - 100;
    expect((await set({ max: { amount: max, currency: 'CNY' } })).errors).toEqual([]);
    const bounded = (await t.gql(BOUNDED, { id: course.id }, creator.token)).data.pricingSuggestion;
    expect(bounded.suggestedPrice.amount).toBeLessThanOrEqual(max);
    expect(bounded).toMatchObject({ maxPrice: { amount: max, currency: 'CNY' }, minPrice: null });
    expect((await set({ min: { amount: 7000, currency: 'CNY' }, max: { amount: 7500, currency: 'CNY' } })).errors).toEqual([]);
    const floorCeiling = (await t.gql(BOUNDED, { id: course.id }, creator.token)).data.pricingSuggestion;
    expect(floorCeiling.suggestedPrice.amount).toBeGreaterThanOrEqual(7000);
    expect(floorCeiling.suggestedPrice.amount).toBeLessThanOrEqual(7500);
    expect((await set({ min: { amount: 12000, currency: 'CNY' }, max: { amount: 11000, currency: 'CNY' } })).errors[0]).toEqual({
      code: 'INVALID_INPUT',
      field: ['input', 'min'],
    });
    expect((await set({ min: { amount: 5000, currency: 'USD' } })).errors[0]).toEqual({ code: 'INVALID_INPUT', field: ['input', 'min', 'currency'] });
    expect((await set({ min: { amount: -1, currency: 'CNY' } })).errors[0]).toEqual({ code: 'INVALID_INPUT', field: ['input', 'min', 'amount'] });
    const strangers = await t.gql(SET, { input: { courseId: course.id, min: null } }, stranger.token);
    expect(strangers.errors?.[0].extensions?.code ?? strangers.data?.setPriceGuardrails.errors[0].code).toMatch(/FORBIDDEN|NOT_FOUND/);
  });

  it('a course with little data of its own borrows from similar courses in its category, and says so', async () => {
    const course = await createCourse(creator.token, 'Deep Learning Basics', 9900);
    await simulate(course.rawId, 9900, 20, 0.1);
    const s = (await t.gql(SUGGEST, { id: course.id }, creator.token)).data.pricingSuggestion;
    expect(s.evidence).toBeGreaterThan(600);
    expect(s.explanation).toMatch(/20 offers of this course and \d+ offers of \d+ similar courses? in Data Science/);
  });

  it('a free course is priced from the median of similar paid courses', async () => {
    const course = await createCourse(creator.token, 'Free Intro to Data', 9900);
    await t.db.dataSource.query(`UPDATE courses SET price_amount = NULL, price_currency = NULL WHERE id = $1`, [course.rawId]);
    const s = (await t.gql(SUGGEST, { id: course.id }, creator.token)).data.pricingSuggestion;
    expect(s.currentPrice).toBeNull();
    expect(s.suggestedPrice.currency).toBe('CNY');
    expect(s.explanation).toMatch(/^This course is free; similar courses sell for a median of ¥/);
  });
});
