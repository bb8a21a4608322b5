import { adminToken } from '../commerce/commerce-fixtures';
import { publishedCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';

const ERRORS = 'errors { code message field }';
const CATEGORY = 'id slug name nameEn nameZh position archivedAt parent { slug }';
const CREATE = `mutation($input: CreateCategoryInput!) { createCategory(input: $input) { category { ${CATEGORY} } ${ERRORS} } }`;
const UPDATE = `mutation($input: UpdateCategoryInput!) { updateCategory(input: $input) { category { ${CATEGORY} } ${ERRORS} } }`;
const ARCHIVE = `mutation($id: ID!) { archiveCategory(id: $id) { category { ${CATEGORY} } ${ERRORS} } }`;
const RESTORE = `mutation($id: ID!) { restoreCategory(id: $id) { category { ${CATEGORY} } ${ERRORS} } }`;
const PUBLIC = `{ categories { ${CATEGORY} } }`;
const ADMIN_LIST = `query($all: Boolean) { adminCategories(first: 100, includeArchived: $all) { totalCount nodes { slug archivedAt parent { slug } } } }`;
const CREATE_COURSE = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id categories { slug } } ${ERRORS} } }`;
const UPDATE_COURSE = `mutation($input: UpdateCourseInput!) { updateCourse(input: $input) { course { id categories { slug } } ${ERRORS} } }`;
const AUDIT = `{ auditLog(action: "category.*", first: 20) { nodes { action subjectType data } } }`;

describe('categories, kept by admins', () => {
  let t: TestServer;
  let admin: string;

  beforeAll(async () => {
    t = await startTestServer();
    admin = await adminToken(t);
  });
  afterAll(async () => t?.stop());

  it('a fresh database already has a bilingual base set, one level deep', async () => {
    const categories = (await t.gql(PUBLIC)).data.categories;
    expect(categories.length).toBeGreaterThanOrEqual(15);
    expect(categories.find((c: any) => c.slug === 'programming')).toMatchObject({
      nameEn: 'Programming',
      nameZh: '编程开发',
      name: '编程开发 Programming',
      parent: null,
    });
    expect(categories.find((c: any) => c.slug === 'machine-learning')).toMatchObject({ nameZh: '机器学习', parent: { slug: 'data-science' } });
    const parents = new Set(categories.filter((c: any) => c.parent).map((c: any) => c.parent.slug));
    for (const slug of parents) expect(categories.find((c: any) => c.slug === slug).parent).toBeNull();
  });

  it('an admin creates, renames and re-parents categories; bad input gets coded errors', async () => {
    const created = (await t.gql(CREATE, { input: { slug: 'cooking', nameEn: 'Cooking', nameZh: '烹饪' } }, admin)).data.createCategory;
    expect(created.errors).toEqual([]);
    expect(created.category).toMatchObject({ slug: 'cooking', name: '烹饪 Cooking', parent: null, archivedAt: null });
    const child = (await t.gql(CREATE, { input: { slug: 'baking', nameEn: 'Baking', nameZh: '烘焙', parentId: created.category.id } }, admin)).data
      .createCategory;
    expect(child.category).toMatchObject({ slug: 'baking', parent: { slug: 'cooking' }, position: 1 });

    const bad = async (input: Record<string, unknown>) =>
      (await t.gql(CREATE, { input: { slug: 'x-ok', nameEn: 'X', nameZh: '某', ...input } }, admin)).data.createCategory.errors[0];
    expect(await bad({ slug: 'Not A Slug!' })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'slug'] });
    expect(await bad({ slug: 'cooking' })).toMatchObject({ code: 'ALREADY_EXISTS', field: ['input', 'slug'] });
    expect(await bad({ nameZh: '' })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'nameZh'] });
    expect(await bad({ parentId: child.category.id })).toMatchObject({
      code: 'INVALID_INPUT',
      field: ['input', 'parentId'],
      message: expect.stringMatching(/one level/),
    });

    const renamed = (await t.gql(UPDATE, { input: { id: child.category.id, nameEn: 'Baking & Pastry', slug: 'baking-pastry', parentId: null } }, admin)).data
      .updateCategory;
    // moved to the top level, it goes after the other top-level categories
    expect(renamed.category).toMatchObject({ slug: 'baking-pastry', nameEn: 'Baking & Pastry', nameZh: '烘焙', parent: null, position: 14 });
    // a category with subcategories stays top-level
    const programming = (await t.gql(PUBLIC)).data.categories.find((c: any) => c.slug === 'programming');
    expect((await t.gql(UPDATE, { input: { id: programming.id, parentId: created.category.id } }, admin)).data.updateCategory.errors[0]).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/subcategories/),
    });

    const learner = await signUpUser(t, 'Curious');
    expect((await t.gql(CREATE, { input: { slug: 'mine', nameEn: 'Mine', nameZh: '我的' } }, learner.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(ADMIN_LIST, {}, learner.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const audit = (await t.gql(AUDIT, {}, admin)).data.auditLog.nodes;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['category.update', 'category.create', 'category.create']);
    expect(JSON.parse(audit[0].data)).toMatchObject({ slug: 'baking-pastry', fields: ['nameEn', 'parentId', 'position', 'slug'] });
  });

  it('courses cannot be filed under an archived category, and a category in use is not archived', async () => {
    const creator = await signUpUser(t, 'Chef');
    const course = await publishedCourse(t, creator.token, { lessons: 1 });
    const spare = (await t.gql(CREATE, { input: { slug: 'knitting', nameEn: 'Knitting', nameZh: '编织' } }, admin)).data.createCategory.category;
    const used = (await t.gql(CREATE, { input: { slug: 'pottery', nameEn: 'Pottery', nameZh: '陶艺' } }, admin)).data.createCategory.category;
    expect((await t.gql(UPDATE_COURSE, { input: { id: course.id, categorySlugs: ['pottery'] } }, creator.token)).data.updateCourse.course.categories).toEqual([
      { slug: 'pottery' },
    ]);

    const inUse = (await t.gql(ARCHIVE, { id: used.id }, admin)).data.archiveCategory;
    expect(inUse.errors[0]).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/1 course is filed under this category/) });

    const archived = (await t.gql(ARCHIVE, { id: spare.id }, admin)).data.archiveCategory;
    expect(archived.errors).toEqual([]);
    expect(archived.category.archivedAt).toEqual(expect.any(String));
    expect((await t.gql(PUBLIC)).data.categories.map((c: any) => c.slug)).not.toContain('knitting');
    const all = (await t.gql(ADMIN_LIST, { all: true }, admin)).data.adminCategories;
    const active = (await t.gql(ADMIN_LIST, { all: false }, admin)).data.adminCategories;
    expect(all.totalCount).toBe(active.totalCount + 1);
    expect(all.nodes.find((c: any) => c.slug === 'knitting').archivedAt).toEqual(expect.any(String));

    const refused = (await t.gql(CREATE_COURSE, { input: { title: 'Knit a scarf', description: 'Warm.', categorySlugs: ['knitting'] } }, creator.token)).data
      .createCourse;
    expect(refused.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'categorySlugs'], message: expect.stringMatching(/archived/) });
    expect((await t.gql(UPDATE_COURSE, { input: { id: course.id, categorySlugs: ['knitting'] } }, creator.token)).data.updateCourse.errors[0].code).toBe(
      'INVALID_INPUT',
    );

    expect((await t.gql(RESTORE, { id: spare.id }, admin)).data.restoreCategory.category.archivedAt).toBeNull();
    const filed = (await t.gql(CREATE_COURSE, { input: { title: 'Knit a scarf', description: 'Warm.', categorySlugs: ['knitting'] } }, creator.token)).data
      .createCourse;
    expect(filed.course.categories).toEqual([{ slug: 'knitting' }]);
  });

  it('lists parents followed by their children, for storefronts and the admin panel', async () => {
    for (const nodes of [(await t.gql(ADMIN_LIST, {}, admin)).data.adminCategories.nodes, (await t.gql(PUBLIC)).data.categories]) {
      const index = (slug: string) => nodes.findIndex((c: any) => c.slug === slug);
      expect(nodes[0].slug).toBe('programming');
      expect(index('data-science')).toBeLessThan(index('machine-learning'));
      expect(index('machine-learning')).toBeLessThan(index('design'));
    }
  });
});
