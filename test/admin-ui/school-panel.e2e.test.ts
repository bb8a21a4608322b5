import { ADMIN, adminToken } from '../commerce/commerce-fixtures';
import { inPage, screenshot, serverAndBrowser, signInToAdmin } from '../harness/browser';
import { enroll, publishedCourse } from '../harness/courses';
import { signUpUser } from '../harness/server';
import { answers, quizLesson, sectionOf, SUBMIT } from '../learning/quiz-fixtures';

const CATEGORIES = `{ adminCategories(first: 100, includeArchived: true) { nodes { id slug nameEn nameZh archivedAt parent { slug } } } }`;
const AUDIT = `{ auditLog(action: "category.*", first: 20) { nodes { action data } } }`;

describe('the school in the admin panel, in Chromium: categories and quiz pass rates', () => {
  const suite = serverAndBrowser();

  it('an admin adds a subcategory, renames it, and archives it; a category courses use is not archived', async () => {
    const { t, browser } = suite;
    const creator = await signUpUser(t, 'Baker');
    const course = await publishedCourse(t, creator.token, { lessons: 1 });
    await t.gql(
      `mutation($input: UpdateCourseInput!) { updateCourse(input: $input) { errors { code } } }`,
      { input: { id: course.id, categorySlugs: ['business'] } },
      creator.token,
    );

    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'categories', async (page) => {
      await page.getByRole('menuitem', { name: 'Categories' }).click();
      // the base set is there, Chinese and English side by side
      await page.getByRole('row', { name: /编程开发 Programming programming/ }).waitFor();
      await page.getByRole('link', { name: 'Create' }).click();
      await page.getByLabel('Chinese name').fill('烘焙');
      await page.getByLabel('English name').fill('Baking');
      await page.getByLabel('Slug').fill('Baking!');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Lowercase letters, digits and single hyphens, like data-science.').waitFor();
      await page.getByLabel('Slug').fill('baking');
      await page.getByRole('combobox', { name: 'Parent' }).click();
      await page.getByRole('option', { name: '个人成长 Personal Growth' }).click();
      await screenshot(page, 'category-create');
      await page.getByRole('button', { name: 'Save' }).click();
      const row = page.getByRole('row', { name: /烘焙 Baking baking Personal Growth/ });
      await row.waitFor();

      await row.getByRole('cell').first().click();
      await page.getByLabel('English name').fill('Baking & Pastry');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('row', { name: /Baking & Pastry/ }).waitFor();

      // Business has a course filed under it: the API refuses, the panel says why
      await page
        .getByRole('row', { name: /商业管理 Business business/ })
        .getByRole('cell')
        .first()
        .click();
      await page.getByRole('button', { name: 'Archive category' }).click();
      await page.getByText('1 course is filed under this category; move it to another one first.').waitFor();
      await screenshot(page, 'category-archive-refused');

      await page.getByRole('menuitem', { name: 'Categories' }).click();
      await page
        .getByRole('row', { name: /Baking & Pastry/ })
        .getByRole('cell')
        .first()
        .click();
      await page.getByRole('button', { name: 'Archive category' }).click();
      await page.getByText('Category archived.').waitFor();
      await page.getByRole('button', { name: 'Restore category' }).waitFor();
      await page.getByRole('menuitem', { name: 'Categories' }).click();
      await page
        .getByRole('row', { name: /Personal Growth/ })
        .first()
        .waitFor();
      expect(await page.getByRole('row', { name: /Baking & Pastry/ }).count()).toBe(0);
      await page.getByLabel('Show archived').check();
      await page.getByRole('row', { name: /Baking & Pastry/ }).waitFor();
      await screenshot(page, 'categories-archived');
    });

    const admin = await adminToken(t);
    const nodes = (await t.gql(CATEGORIES, {}, admin)).data.adminCategories.nodes;
    expect(nodes.find((c: any) => c.slug === 'baking')).toMatchObject({
      nameEn: 'Baking & Pastry',
      nameZh: '烘焙',
      parent: { slug: 'personal-growth' },
      archivedAt: expect.any(String),
    });
    expect(nodes.find((c: any) => c.slug === 'business').archivedAt).toBeNull();
    const actions = (await t.gql(AUDIT, {}, admin)).data.auditLog.nodes.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['category.archive', 'category.update', 'category.create']);
  });

  it("the courses screen shows each course's quiz pass rate", async () => {
    const { t, browser } = suite;
    const creator = await signUpUser(t, 'Examiner');
    const title = `Quizzed course ${Date.now().toString(36)}`;
    const course = await publishedCourse(t, creator.token, { lessons: 1, title });
    const quiz = await quizLesson(t, creator.token, await sectionOf(t, creator.token, course.id), { passPercent: 75 });
    for (const right of [
      [true, true, true],
      [true, true, false],
      [false, false, true],
    ] as Array<[boolean, boolean, boolean]>) {
      const learner = await signUpUser(t, 'Taker');
      await enroll(t, learner.userId, course.id);
      const graded = await t.gql(
        SUBMIT,
        { input: { lessonId: quiz.lessonId, clientAttemptId: `a-${learner.userId}`, answers: answers(quiz.questionIds, right) } },
        learner.token,
      );
      expect(graded.data.submitQuizAttempt.errors).toEqual([]);
    }
    const untested = `Course without quizzes ${Date.now().toString(36)}`;
    await publishedCourse(t, creator.token, { lessons: 1, title: untested });

    await inPage(await signInToAdmin(browser, t.url, ADMIN.email, ADMIN.password), 'courses-quiz-pass-rate', async (page) => {
      await page.getByRole('menuitem', { name: 'Courses' }).click();
      await page.getByRole('columnheader', { name: 'Quiz pass rate' }).waitFor();
      // two of three learners passed (4/4 and 3/4 at a 75% pass mark)
      await page.getByRole('row', { name: new RegExp(`${title}.*67%`) }).waitFor();
      await page.getByRole('row', { name: new RegExp(`${untested}.*—`) }).waitFor();
      await screenshot(page, 'courses-quiz-pass-rate');
    });
  });
});
