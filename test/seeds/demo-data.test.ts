import { verifyPassword } from '../../src/identity/password';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoAccountLines } from '../../seeds/demo-accounts';
import { DEMO_REFERENCE_DATE, DAY_MS, RECENT_DAYS } from '../../seeds/demo-clock';
import { type DemoData, generateDemoData } from '../../seeds/demo-data';
import { type SeededDemo, seedDemo } from '../../seeds/seed-demo';
import { ledgerProblems } from '../../src/commerce/ledger';
import { toGlobalId } from '../../src/common/global-id';
import { demoUserId } from '../../seeds/demo-users';
import { DEMO_CREATOR } from '../../seeds/demo-accounts';
import { signIn, startTestServer, type TestServer } from '../harness/server';

const TABLES = [
  'users',
  'profiles',
  'creators',
  'categories',
  'courses',
  'course_categories',
  'sections',
  'lessons',
  'membership_plans',
  'plan_courses',
  'enrollments',
  'lesson_progress',
  'reviews',
  'quizzes',
  'quiz_questions',
  'quiz_attempts',
  'quiz_answers',
  'live_sessions',
];

describe('demo data, as generated', () => {
  const data = generateDemoData();
  const learnerIds = new Set(data.users.filter((u) => u.roles.length === 1 && u.roles[0] === 'LEARNER').map((u) => u.id));

  it('is the same on every run, and another seed gives another world', () => {
    expect(generateDemoData()).toEqual(data);
    expect(generateDemoData(7).courses.map((c) => c.title)).not.toEqual(data.courses.map((c) => c.title));
  });

  it('has the catalog and the crowd a newcomer expects', () => {
    expect(data.creators.length).toBeGreaterThanOrEqual(8);
    expect(data.categories.length).toBeGreaterThanOrEqual(8);
    expect(data.courses.length).toBeGreaterThanOrEqual(60);
    expect(learnerIds.size).toBeGreaterThanOrEqual(300);
    expect(data.enrollments.length).toBeGreaterThanOrEqual(1500);
    expect(data.enrollments.length).toBeLessThanOrEqual(3000);
    expect(data.membershipPlans.length).toBeGreaterThanOrEqual(3);
    expect(data.membershipPlans.length).toBeLessThanOrEqual(6);
    const reviewShare = data.reviews.length / data.enrollments.length;
    expect(reviewShare).toBeGreaterThan(0.3);
    expect(reviewShare).toBeLessThan(0.5);
  });

  it('writes about half the courses in Chinese and half in English', () => {
    const zh = data.courses.filter((c) => c.language === 'zh').length;
    expect(zh / data.courses.length).toBeGreaterThan(0.35);
    expect(zh / data.courses.length).toBeLessThan(0.65);
    expect(data.courses.every((c) => c.language === 'zh' || c.language === 'en')).toBe(true);
  });

  it('shapes every course like a real one', () => {
    for (const course of data.courses) {
      const categories = data.courseCategories.filter((cc) => cc.courseId === course.id);
      const sections = data.sections.filter((s) => s.courseId === course.id);
      expect(categories.length).toBeGreaterThanOrEqual(1);
      expect(categories.length).toBeLessThanOrEqual(2);
      expect(course.tags.length).toBeGreaterThanOrEqual(3);
      expect(course.tags.length).toBeLessThanOrEqual(6);
      expect(sections.length).toBeGreaterThanOrEqual(2);
      expect(sections.length).toBeLessThanOrEqual(5);
      for (const section of sections) {
        const lessons = data.lessons.filter((l) => l.sectionId === section.id).length;
        expect(lessons).toBeGreaterThanOrEqual(2);
        expect(lessons).toBeLessThanOrEqual(6);
      }
    }
    const statuses = new Set(data.courses.map((c) => c.status));
    expect([...statuses].sort()).toEqual(['ARCHIVED', 'DRAFT', 'PUBLISHED']);
  });

  it('makes about 15% of courses free and prices the rest in CNY or USD', () => {
    const free = data.courses.filter((c) => c.priceAmount === null);
    expect(free.length / data.courses.length).toBeGreaterThan(0.1);
    expect(free.length / data.courses.length).toBeLessThan(0.2);
    for (const course of data.courses.filter((c) => c.priceAmount !== null)) {
      expect(['CNY', 'USD']).toContain(course.priceCurrency);
      expect(Number.isInteger(course.priceAmount)).toBe(true);
    }
  });

  it('opens the first lessons of paid courses as free previews', () => {
    const previews = data.lessons.filter((l) => l.isPreview);
    expect(new Set(previews.map((l) => l.courseId)).size).toBeGreaterThanOrEqual(10);
    const firstSections = new Set(data.sections.filter((s) => s.position === 1).map((s) => s.id));
    expect(previews.every((l) => firstSections.has(l.sectionId) && l.position <= 2)).toBe(true);
  });

  it('makes a few courses very popular and leaves a long tail', () => {
    const counts = data.courses.map((c) => c.enrollmentCount).sort((a, b) => b - a);
    const top = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / data.enrollments.length).toBeGreaterThan(0.3);
  });

  it('enrolls learners in courses that match their interests far more often than chance', () => {
    const interests = new Map(data.profiles.map((p) => [p.userId, new Set(p.interests)]));
    const courses = new Map(data.courses.map((c) => [c.id, c]));
    const matches = (userId: string, tags: readonly string[]) => tags.some((t) => interests.get(userId)!.has(t));
    const enrolled = data.enrollments.filter((e) => matches(e.userId, courses.get(e.courseId)!.tags)).length / data.enrollments.length;
    const open = data.courses.filter((c) => c.status !== 'DRAFT');
    const learners = [...learnerIds];
    const chance = learners.reduce((sum, id) => sum + open.filter((c) => matches(id, c.tags)).length / open.length, 0) / learners.length;
    expect(enrolled).toBeGreaterThan(1.5 * chance);
  });

  it('dates activity in the 180 days before the fixed reference date', () => {
    const from = DEMO_REFERENCE_DATE.getTime() - RECENT_DAYS * DAY_MS;
    const inWindow = (d: Date) => d.getTime() >= from && d.getTime() <= DEMO_REFERENCE_DATE.getTime();
    expect(data.enrollments.every((e) => inWindow(e.enrolledAt))).toBe(true);
    expect(data.reviews.every((r) => inWindow(r.createdAt))).toBe(true);
  });

  it('makes it a school: graded quizzes with attempts, one dripped course, one live session', () => {
    const quizLessons = new Set(data.lessons.filter((l) => l.kind === 'QUIZ').map((l) => l.id));
    expect(data.quizzes.map((q) => q.lessonId).sort()).toEqual([...quizLessons].sort());
    expect(data.quizQuestions).toHaveLength(3 * quizLessons.size);
    // everyone who completed a quiz lesson took its quiz; some needed more than one attempt, none more than the limit
    const completedQuizzes = data.lessonProgress.filter((p) => p.completedAt && quizLessons.has(p.lessonId));
    const attempted = new Set(data.quizAttempts.map((a) => `${a.enrollmentId}/${a.lessonId}`));
    expect(completedQuizzes.every((p) => attempted.has(`${p.enrollmentId}/${p.lessonId}`))).toBe(true);
    expect(attempted.size).toBe(completedQuizzes.length);
    expect(data.quizAttempts.some((a) => a.attemptNumber > 1)).toBe(true);
    expect(Math.max(...data.quizAttempts.map((a) => a.attemptNumber))).toBeLessThanOrEqual(3);
    const passRate = data.quizAttempts.filter((a) => a.passed).length / attempted.size;
    expect(passRate).toBeGreaterThan(0.5);
    expect(passRate).toBeLessThan(0.95);
    for (const attempt of data.quizAttempts.slice(0, 50)) {
      const answers = data.quizAnswers.filter((a) => a.attemptId === attempt.id);
      expect(answers.reduce((sum, a) => sum + a.pointsAwarded, 0)).toBe(attempt.score);
    }
    const dripped = data.sections.filter((s) => s.releaseAfterDays !== null);
    expect(new Set(dripped.map((s) => s.courseId)).size).toBe(1);
    expect(dripped.map((s) => s.releaseAfterDays)).toEqual(dripped.map((s) => 7 * (s.position - 1)));
    expect(data.liveSessions).toHaveLength(1);
    const later = generateDemoData(undefined, { now: new Date('2030-01-01T08:00:00Z') }).liveSessions[0];
    expect(later.startsAt.toISOString()).toBe('2030-01-04T12:00:00.000Z');
  });

  it('lists the demo accounts for printing', () => {
    const lines = demoAccountLines();
    expect(lines).toHaveLength(DEMO_ACCOUNTS.length);
    expect(lines[0]).toContain(`learner@knowpay.local / ${DEMO_PASSWORD}`);
  });
});

describe('demo data, seeded into PostgreSQL with ninety days of history', () => {
  let t: TestServer;
  let data: DemoData;
  let firstRun: SeededDemo;
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> => t.db.dataSource.query(text, params);
  const tableCounts = async () =>
    Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0].n] as const)));

  beforeAll(async () => {
    // A server as at first start: its admin exists; the demo is seeded with the server's services, as `npm start` does.
    t = await startTestServer({ JOB_WORKERS: 'false' });
    data = generateDemoData();
    firstRun = await seedDemo(t.server.services);
  }, 120_000);
  afterAll(async () => t.stop());

  it('inserts every generated row in one run, next to the admin created at start', async () => {
    expect(firstRun.inserted).toBe(true);
    expect(firstRun.counts).toEqual({
      users: data.users.length,
      profiles: data.profiles.length,
      creators: data.creators.length,
      // every demo category is in the base set each database gets from its migration, so the demo files its courses there
      categories: 0,
      courses: data.courses.length,
      course_categories: data.courseCategories.length,
      sections: data.sections.length,
      lessons: data.lessons.length,
      membership_plans: data.membershipPlans.length,
      plan_courses: data.planCourses.length,
      enrollments: data.enrollments.length,
      lesson_progress: data.lessonProgress.length,
      reviews: data.reviews.length,
      quizzes: data.quizzes.length,
      quiz_questions: data.quizQuestions.length,
      quiz_attempts: data.quizAttempts.length,
      quiz_answers: data.quizAnswers.length,
      live_sessions: 1,
    });
    const admin = await sql(`SELECT u.email FROM users u WHERE 'ADMIN' = ANY(u.roles)`);
    expect(admin).toEqual([{ email: 'admin@knowpay.test' }]);
  });

  it('schedules the live session a few days after seeding, so a newcomer finds it upcoming', async () => {
    const [session] = await sql<{ startsAt: Date; kind: string; status: string }>(`
      SELECT ls.starts_at AS "startsAt", l.kind, c.status FROM live_sessions ls JOIN lessons l ON l.id = ls.lesson_id JOIN courses c ON c.id = l.course_id`);
    expect(session).toMatchObject({ kind: 'LIVE', status: 'PUBLISHED' });
    expect(session.startsAt.getTime()).toBeGreaterThan(Date.now() + 2 * DAY_MS);
  });

  it('inserts nothing and changes no count when run again', async () => {
    const before = await tableCounts();
    const again = await seedDemo(t.server.services);
    expect(again).toEqual({ inserted: false, counts: {} });
    expect(await tableCounts()).toEqual(before);
  });

  it('counts completed lessons as the progress rows say, and completes an enrollment only with every lesson', async () => {
    const wrong = await sql(`
      SELECT e.id FROM enrollments e
        LEFT JOIN (SELECT enrollment_id, count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS done
                     FROM lesson_progress GROUP BY enrollment_id) p ON p.enrollment_id = e.id
        JOIN (SELECT course_id, count(*)::int AS total FROM lessons GROUP BY course_id) l ON l.course_id = e.course_id
       WHERE e.completed_lesson_count <> coalesce(p.done, 0)
          OR (e.completed_at IS NOT NULL) <> (coalesce(p.done, 0) = l.total)`);
    expect(wrong).toEqual([]);
    const [{ completed, started }] = await sql<{ completed: number; started: number }>(`
      SELECT count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed,
             count(*) FILTER (WHERE completed_at IS NULL AND completed_lesson_count > 0)::int AS started FROM enrollments`);
    expect(completed).toBeGreaterThan(100);
    expect(started).toBeGreaterThan(completed);
  });

  it("keeps each course's rating and enrollment counters equal to its visible reviews and enrollments", async () => {
    const wrong = await sql(`
      SELECT c.slug FROM courses c
        LEFT JOIN (SELECT course_id, sum(stars)::int AS total, count(*)::int AS n FROM reviews
                    WHERE visibility = 'VISIBLE' GROUP BY course_id) r ON r.course_id = c.id
        LEFT JOIN (SELECT course_id, count(*)::int AS n FROM enrollments GROUP BY course_id) e ON e.course_id = c.id
       WHERE c.rating_sum <> coalesce(r.total, 0) OR c.rating_count <> coalesce(r.n, 0) OR c.enrollment_count <> coalesce(e.n, 0)`);
    expect(wrong).toEqual([]);
    const [{ hidden }] = await sql<{ hidden: number }>(`SELECT count(*)::int AS hidden FROM reviews WHERE visibility <> 'VISIBLE'`);
    expect(hidden).toBeGreaterThan(0);
  });

  it('publishes with a date, prices in pairs, and gives every creator the CREATOR role', async () => {
    const [row] = await sql<Record<string, number>>(`
      SELECT (SELECT count(*) FROM courses WHERE status = 'PUBLISHED' AND published_at IS NULL)::int AS unpublished,
             (SELECT count(*) FROM courses WHERE (price_amount IS NULL) <> (price_currency IS NULL))::int AS half_priced,
             (SELECT count(*) FROM creators cr JOIN users u ON u.id = cr.user_id WHERE NOT 'CREATOR' = ANY(u.roles))::int AS roleless,
             (SELECT count(*) FROM enrollments e JOIN courses c ON c.id = e.course_id
               WHERE e.source = 'FREE' AND c.price_amount IS NOT NULL)::int AS free_on_paid`);
    expect(row).toEqual({ unpublished: 0, half_priced: 0, roleless: 0, free_on_paid: 0 });
  });

  it("stores creators' brand palettes as JSON, with some creators never having set one", async () => {
    const rows = await sql(`
      SELECT jsonb_typeof(p.palette) AS kind, count(*)::int AS n FROM creators c JOIN profiles p ON p.user_id = c.user_id
       GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([
      { kind: 'object', n: expect.any(Number) },
      { kind: null, n: expect.any(Number) },
    ]);
  });

  it('finds seeded courses by a Chinese word and by an English word', async () => {
    const search = async (text: string) =>
      (await sql<{ id: string }>(`SELECT id FROM courses WHERE search_vector @@ knowpay_search_query($1)`, [text])).map((r) => r.id);
    const zh = data.courses.find((c) => c.language === 'zh' && /[\u4e00-\u9fff]{4}/.test(c.title))!;
    const zhWord = zh.title.match(/[\u4e00-\u9fff]{4}/)![0];
    expect(await search(zhWord)).toContain(zh.id);
    const en = data.courses.find((c) => c.language === 'en' && /[A-Za-z]{6,}/.test(c.title))!;
    const enWord = en.title.match(/[A-Za-z]{6,}/)![0].toLowerCase();
    expect(await search(enWord)).toContain(en.id);
  });

  it('lets the demo accounts sign in with the demo password, and no generated user at all', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const [user] = await sql<{ password_hash: string; roles: string[] }>(`SELECT password_hash, roles FROM users WHERE lower(email) = lower($1)`, [
        account.email,
      ]);
      expect(user.roles).toEqual(account.roles);
      expect(await verifyPassword(DEMO_PASSWORD, user.password_hash)).toBe(true);
      expect(await verifyPassword('wrong-password', user.password_hash)).toBe(false);
    }
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE password_hash IS NOT NULL AND NOT 'ADMIN' = ANY(roles)`);
    expect(n).toBe(DEMO_ACCOUNTS.length);
  });

  it('gives the demo learner a finished, reviewed course and some in progress', async () => {
    const rows = await sql<{ completed: boolean; progressed: number; reviewed: boolean }>(`
      SELECT e.completed_at IS NOT NULL AS completed, e.completed_lesson_count AS progressed,
             EXISTS (SELECT 1 FROM reviews r WHERE r.user_id = e.user_id AND r.course_id = e.course_id) AS reviewed
        FROM enrollments e JOIN users u ON u.id = e.user_id WHERE u.email = 'learner@knowpay.local'`);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.completed && r.reviewed)).toBe(true);
    expect(rows.some((r) => !r.completed && r.progressed > 0)).toBe(true);
  });

  describe("the shop's history, as a newcomer sees it through the API", () => {
    let admin: string;
    const asAdmin = <T = any>(query: string, variables: Record<string, unknown> = {}) => t.gql<T>(query, variables, admin);
    beforeAll(async () => {
      admin = await signIn(t, 'admin@knowpay.test', 'admin-password');
    });

    it('had paid orders in the last 30 days, with revenue on the dashboard', async () => {
      const res = await asAdmin(
        `{ adminDashboard(days: 30) { totals { paidOrders revenue { amount currency } newEnrollments } revenue { currency days { paidOrders } } } }`,
      );
      expect(res.errors).toBeUndefined();
      const { totals, revenue } = res.data.adminDashboard;
      expect(totals.paidOrders).toBeGreaterThan(0);
      expect(totals.revenue.some((m: { amount: number }) => m.amount > 0)).toBe(true);
      // spread over the month, not stamped on the day of seeding
      const days = new Set(revenue.flatMap((s: any) => s.days.map((d: any, i: number) => (d.paidOrders > 0 ? i : -1)).filter((i: number) => i >= 0)));
      expect(days.size).toBeGreaterThan(10);
      expect(firstRun.history?.played.checkout).toBeGreaterThan(300);
    });

    it('keeps the books: every journal balances, and every PURCHASE enrollment has a paid order behind it', async () => {
      expect(await ledgerProblems(t.db.dataSource)).toEqual([]);
      const unbacked = await sql(`
        SELECT e.id FROM enrollments e WHERE e.source = 'PURCHASE' AND NOT EXISTS (
          SELECT 1 FROM orders o JOIN order_lines ol ON ol.order_id = o.id
           WHERE o.buyer_id = e.user_id AND ol.course_id = e.course_id AND o.status IN ('PAID', 'PARTIALLY_REFUNDED'))`);
      expect(unbacked).toEqual([]);
      const [kinds] = await sql<Record<string, number>>(`
        SELECT (SELECT count(*) FROM tips WHERE status = 'PAID')::int AS tips,
               (SELECT count(*) FROM refunds WHERE status = 'SETTLED')::int AS refunds,
               (SELECT count(*) FROM refunds WHERE status = 'REJECTED')::int AS rejected,
               (SELECT count(*) FROM orders WHERE coupon_id IS NOT NULL AND status = 'PAID')::int AS couponed,
               (SELECT count(*) FROM orders WHERE kind = 'SEAT_PACK')::int AS seat_packs,
               (SELECT count(*) FROM chat_messages)::int AS chat,
               (SELECT count(*) FROM memberships WHERE status = 'ACTIVE')::int AS members,
               (SELECT count(*) FROM memberships WHERE status = 'PAST_DUE')::int AS past_due,
               (SELECT count(*) FROM orders o WHERE kind = 'MEMBERSHIP' AND status = 'PAID'
                   AND EXISTS (SELECT 1 FROM orders earlier WHERE earlier.membership_id = o.membership_id AND earlier.period_start < o.period_start))::int AS renewals`);
      expect(kinds.tips).toBeGreaterThan(10);
      expect(kinds.refunds).toBeGreaterThan(0);
      expect(kinds.rejected).toBeGreaterThan(0);
      expect(kinds.couponed).toBeGreaterThan(0);
      expect(kinds.seat_packs).toBe(1);
      expect(kinds.chat).toBeGreaterThan(5);
      // subscriptions renewed month after month; one card declined at a renewal
      expect(kinds.members).toBeGreaterThan(3);
      expect(kinds.renewals).toBeGreaterThan(3);
      expect(kinds.past_due).toBe(1);
    });

    it('gives the demo creator a pricing suggestion with evidence at two price points, and sales in their stats', async () => {
      const creator = await signIn(t, DEMO_CREATOR.email, DEMO_CREATOR.password);
      const [tested] = await sql<{ course_id: string }>(
        `
        SELECT course_id FROM price_impressions i JOIN courses c ON c.id = i.course_id JOIN creators cr ON cr.id = c.creator_id
         WHERE cr.user_id = $1 GROUP BY course_id HAVING count(DISTINCT i.price_amount) >= 2 LIMIT 1`,
        [demoUserId(DEMO_CREATOR.handle)],
      );
      expect(tested).toBeDefined();
      const suggestion = await t.gql(
        `query($id: ID!) { pricingSuggestion(courseId: $id) { evidence suggestedPrice { amount } explanation } }`,
        { id: toGlobalId('Course', tested.course_id) },
        creator,
      );
      expect(suggestion.errors).toBeUndefined();
      expect(suggestion.data.pricingSuggestion.evidence).toBeGreaterThan(0);
      const stats = await t.gql(
        `query($handle: String!) { creator(handle: $handle) { stats { sales grossRevenue { amount } tipsTotal { amount } } } }`,
        { handle: DEMO_CREATOR.handle },
        creator,
      );
      expect(stats.data.creator.stats.sales).toBeGreaterThan(0);
      expect(stats.data.creator.stats.grossRevenue.amount).toBeGreaterThan(0);
      // The months the history closed come with statements, as the monthly job would have issued them.
      const statements = await t.gql(
        `query($handle: String!) { creator(handle: $handle) { statements(first: 12) { totalCount nodes { sales { amount } closingBalance { amount } } } } }`,
        { handle: DEMO_CREATOR.handle },
        creator,
      );
      expect(statements.errors).toBeUndefined();
      expect(statements.data.creator.statements.totalCount).toBeGreaterThanOrEqual(2);
      expect(statements.data.creator.statements.nodes.some((s: { sales: { amount: number } }) => s.sales.amount > 0)).toBe(true);
    });

    it('has a partner with sales, an API key and a webhook endpoint with deliveries waiting', async () => {
      const res = await asAdmin(
        `{ partners(first: 5) { nodes { name apiKeys { prefix } sales(first: 50) { totalCount } webhookEndpoints { url deliveries(first: 5) { totalCount } } } } }`,
      );
      expect(res.errors).toBeUndefined();
      const [partner] = res.data.partners.nodes;
      expect(partner.sales.totalCount).toBeGreaterThan(5);
      expect(partner.apiKeys).toHaveLength(1);
      expect(partner.webhookEndpoints[0].deliveries.totalCount).toBeGreaterThan(0);
      expect(firstRun.history?.partnerKey).toMatch(/^kp_/);
    });

    it('fills the moderation queue with scored cases and charts decisions over the month', async () => {
      const moderator = await signIn(t, 'moderator@knowpay.local', 'knowpay-demo');
      const queue = await t.gql(`{ moderationQueue(first: 20) { totalCount nodes { held scores { label score } } } }`, {}, moderator);
      expect(queue.errors).toBeUndefined();
      expect(queue.data.moderationQueue.nodes.length).toBeGreaterThan(0);
      expect(queue.data.moderationQueue.nodes.some((c: any) => c.scores.length > 0)).toBe(true);
      const metrics = await t.gql(`{ moderationMetrics(days: 90) { day opened resolved precision } }`, {}, moderator);
      const days = metrics.data.moderationMetrics;
      expect(days.filter((d: any) => d.resolved > 0).length).toBeGreaterThan(3);
      const audit = await asAdmin(`{ auditLog(action: "moderation.*", first: 5) { totalCount } }`);
      expect(audit.data.auditLog.totalCount).toBeGreaterThan(0);
    });

    it('recommends courses to the demo learner, each with a reason', async () => {
      const learner = await signIn(t, 'learner@knowpay.local', 'knowpay-demo');
      const res = await t.gql(`{ recommendedCourses(first: 5) { explanation course { id } } }`, {}, learner);
      expect(res.errors).toBeUndefined();
      expect(res.data.recommendedCourses.length).toBeGreaterThan(0);
      expect(res.data.recommendedCourses.every((r: any) => r.explanation.length > 0)).toBe(true);
    });
  });
});
