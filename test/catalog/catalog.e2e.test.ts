import { signUpUser, startTestServer, TestServer } from '../harness/server';

const CREATE = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id slug status creator { id } } errors { code message field } } }`;
const ADD_SECTION = `mutation($input: AddSectionInput!) { addSection(input: $input) { course { sections { id title position } } errors { code message field } } }`;
const ADD_LESSON = `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id title position isPreview content { body } } errors { code message field } } }`;
const PUBLISH = `mutation($id: ID!) { publishCourse(id: $id) { course { id status publishedAt } errors { code message field } } }`;
const COURSE = `query($slug: String) { course(slug: $slug) { id title viewerHasAccess sections { lessons { title isPreview content { body mediaUrl } } } offers { kind price { amount currency formatted } } } }`;
const SEARCH = `query($q: String, $first: Int, $after: String) { courses(first: $first, after: $after, filter: { query: $q }) { totalCount nodes { slug title } pageInfo { hasNextPage endCursor } } }`;

async function buildCourse(t: TestServer, token: string, input: Record<string, unknown>, lessons = 2) {
  const created = await t.gql(CREATE, { input }, token);
  expect(created.data.createCourse.errors).toEqual([]);
  const course = created.data.createCourse.course;
  const section = await t.gql(ADD_SECTION, { input: { courseId: course.id, title: 'Getting started' } }, token);
  const sectionId = section.data.addSection.course.sections[0].id;
  for (let i = 0; i < lessons; i += 1) {
    const lesson = await t.gql(
      ADD_LESSON,
      { input: { sectionId, title: `Lesson ${i + 1}`, kind: 'ARTICLE', durationSeconds: 300, isPreview: i === 0, body: `Body of lesson ${i + 1}` } },
      token,
    );
    expect(lesson.data.addLesson.errors).toEqual([]);
  }
  return { ...course, sectionId };
}

describe('catalog: a creator builds and publishes a course, learners find it', () => {
  let t: TestServer;
  let creator: { token: string };
  let learner: { token: string };
  let english: { id: string; slug: string; sectionId: string; status: string };

  beforeAll(async () => {
    t = await startTestServer();
    // 'programming' and 'data-science' come with the base categories every database gets (School migration).
    creator = await signUpUser(t, 'Creator');
    learner = await signUpUser(t, 'Learner');
  });
  afterAll(async () => t.stop());

  it('creating a course makes the user a CREATOR and starts a draft', async () => {
    english = await buildCourse(t, creator.token, {
      title: 'Practical Python for Data Analysis',
      description: 'Clean, explore and visualise data with pandas.',
      tags: ['Python', 'pandas'],
      categorySlugs: ['programming', 'data-science'],
      price: { amount: 9900, currency: 'cny' },
    });
    expect(english.slug).toBe('practical-python-for-data-analysis');
    expect(english.status).toBe('DRAFT');
    const me = await t.gql(`{ viewer { user { roles } creator { id courses { totalCount } } } }`, {}, creator.token);
    expect(me.data.viewer.user.roles).toEqual(expect.arrayContaining(['LEARNER', 'CREATOR']));
    expect(me.data.viewer.creator.courses.totalCount).toBe(1);
  });

  it('drafts are invisible to others until published', async () => {
    expect((await t.gql(COURSE, { slug: english.slug }, learner.token)).data.course).toBeNull();
    const published = await t.gql(PUBLISH, { id: english.id }, creator.token);
    expect(published.data.publishCourse.course.status).toBe('PUBLISHED');
    expect(published.data.publishCourse.course.publishedAt).toEqual(expect.any(String));
    expect((await t.gql(COURSE, { slug: english.slug }, learner.token)).data.course.id).toBe(english.id);
  });

  it("shows a course's creator in the catalog with every profile field their own profile has", async () => {
    const PROFILE = 'handle displayName bio avatarUrl interests locale';
    const own = await t.gql(`{ viewer { user { profile { ${PROFILE} } } } }`, {}, creator.token);
    const listed = await t.gql(`{ courses(first: 20) { nodes { slug creator { profile { ${PROFILE} } } } } }`);
    expect(listed.errors).toBeUndefined();
    const card = listed.data.courses.nodes.find((c: { slug: string }) => c.slug === english.slug);
    expect(card.creator.profile).toEqual(own.data.viewer.user.profile);
    expect(card.creator.profile.locale).toMatch(/^(en|zh)$/);
  });

  it('shows previews to everyone but paid lessons only to the creator', async () => {
    const anonymous = (await t.gql(COURSE, { slug: english.slug })).data.course;
    const lessons = anonymous.sections[0].lessons;
    expect(lessons.map((l: any) => [l.isPreview, l.content?.body ?? null])).toEqual([
      [true, 'Body of lesson 1'],
      [false, null],
    ]);
    expect(anonymous.viewerHasAccess).toBe(false);
    expect(anonymous.offers).toEqual([{ kind: 'ONE_TIME', price: { amount: 9900, currency: 'CNY', formatted: '¥99.00' } }]);
    const asLearner = (await t.gql(COURSE, { slug: english.slug }, learner.token)).data.course;
    expect(asLearner.sections[0].lessons[1].content).toBeNull();
    const asCreator = (await t.gql(COURSE, { slug: english.slug }, creator.token)).data.course;
    expect(asCreator.sections[0].lessons[1].content.body).toBe('Body of lesson 2');
    expect(asCreator.viewerHasAccess).toBe(true);
  });

  it('finds courses by English and Chinese words, ranked by relevance', async () => {
    const chinese = await buildCourse(t, creator.token, {
      title: '机器学习实战：从数据到模型',
      description: '用 Python 学习机器学习的核心算法。',
      language: 'zh',
      tags: ['机器学习', 'python'],
    });
    await t.gql(PUBLISH, { id: chinese.id }, creator.token);
    const byChinese = (await t.gql(SEARCH, { q: '机器学习' })).data.courses;
    expect(byChinese.nodes.map((n: any) => n.slug)).toEqual([chinese.slug]);
    const byTwoChars = (await t.gql(SEARCH, { q: '数据' })).data.courses;
    expect(byTwoChars.nodes.map((n: any) => n.slug)).toEqual([chinese.slug]);
    const byEnglish = (await t.gql(SEARCH, { q: 'pandas' })).data.courses;
    expect(byEnglish.nodes.map((n: any) => n.slug)).toEqual([english.slug]);
    // "python" is in both: the course with it in the title ranks first.
    const both = (await t.gql(SEARCH, { q: 'Python' })).data.courses;
    expect(both.totalCount).toBe(2);
    expect(both.nodes[0].slug).toBe(english.slug);
    expect((await t.gql(SEARCH, { q: 'kubernetes' })).data.courses.totalCount).toBe(0);
  });

  it('pages through the catalog with exact totals and caps first at 100', async () => {
    const page1 = (await t.gql(SEARCH, { q: null, first: 1 })).data.courses;
    expect(page1.totalCount).toBe(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await t.gql(SEARCH, { q: null, first: 1, after: page1.pageInfo.endCursor })).data.courses;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(new Set([page1.nodes[0].slug, page2.nodes[0].slug]).size).toBe(2);
    const tooMany = await t.gql(SEARCH, { q: null, first: 101 });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0].message).toMatch(/between 1 and 100/);
    const badCursor = await t.gql(SEARCH, { q: null, first: 1, after: 'bogus' });
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps other users out of a course they do not own', async () => {
    const res = await t.gql(
      `mutation($input: UpdateCourseInput!) { updateCourse(input: $input) { course { id } errors { code } } }`,
      { input: { id: english.id, title: 'Hijacked' } },
      learner.token,
    );
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.gql(CREATE, { input: { title: 'Nope', description: 'x' } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers bad input with coded errors, never a 500', async () => {
    const badPrice = await t.gql(CREATE, { input: { title: 'Bad price', description: 'x', price: { amount: -5, currency: 'CNY' } } }, creator.token);
    expect(badPrice.data.createCourse.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'price', 'amount'] });
    const badCurrency = await t.gql(CREATE, { input: { title: 'Bad currency', description: 'x', price: { amount: 500, currency: 'XXX' } } }, creator.token);
    expect(badCurrency.data.createCourse.errors[0].field).toEqual(['input', 'price', 'currency']);
    const unknownCategory = await t.gql(CREATE, { input: { title: 'Cat', description: 'x', categorySlugs: ['nope'] } }, creator.token);
    expect(unknownCategory.data.createCourse.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'categorySlugs'] });
    const hugeTitle = await t.gql(CREATE, { input: { title: 'x'.repeat(500), description: 'x' } }, creator.token);
    expect(hugeTitle.data.createCourse.errors[0].field).toEqual(['input', 'title']);
    const malformedId = await t.gql(PUBLISH, { id: 'not-an-id' }, creator.token);
    expect(malformedId.data.publishCourse.errors[0].code).toBe('NOT_FOUND');
    const emptyCourse = await t.gql(CREATE, { input: { title: 'Empty course', description: 'x' } }, creator.token);
    const publishEmpty = await t.gql(PUBLISH, { id: emptyCourse.data.createCourse.course.id }, creator.token);
    expect(publishEmpty.data.publishCourse.errors[0]).toMatchObject({ code: 'INVALID_INPUT' });
    const badLesson = await t.gql(ADD_LESSON, { input: { sectionId: english.sectionId, title: 'Video', kind: 'VIDEO', durationSeconds: -1 } }, creator.token);
    expect(badLesson.data.addLesson.errors[0].field).toEqual(['input', 'durationSeconds']);
    const unknownCourse = await t.gql(`{ course(id: "Q291cnNlOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA") { id } }`);
    expect(unknownCourse.data.course).toBeNull();
  });

  it('resolves any object by global id through node(id:)', async () => {
    const res = await t.gql(`query($id: ID!) { node(id: $id) { id ... on Course { title } } nodes(ids: [$id, "garbage"]) { id } }`, { id: english.id });
    expect(res.data.node).toEqual({ id: english.id, title: 'Practical Python for Data Analysis' });
    expect(res.data.nodes).toEqual([{ id: english.id }, null]);
  });
});
