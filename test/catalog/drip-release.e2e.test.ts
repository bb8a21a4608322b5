import { randomUUID } from 'node:crypto';
import { adminToken } from '../commerce/commerce-fixtures';
import { enroll, publishedCourse, rawId, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';

const ERRORS = 'errors { code message field }';
const ADD_SECTION = `mutation($input: AddSectionInput!) { addSection(input: $input) { course { sections { id } } ${ERRORS} } }`;
const ADD_LESSON = `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id } ${ERRORS} } }`;
const UPDATE_SECTION = `mutation($input: UpdateSectionInput!) { updateSection(input: $input) { section { id release { at afterEnrollmentDays } } ${ERRORS} } }`;
const OUTLINE = `query($id: ID!) { course(id: $id) { sections { release { at afterEnrollmentDays } lessons { id isReleased releaseAt content { body } } } } }`;
const LESSON = `query($id: ID!) { node(id: $id) { ... on Lesson { isReleased releaseAt content { body } } } }`;
const RECORD = `mutation($input: RecordProgressInput!) { recordProgress(input: $input) { enrollment { id } ${ERRORS} } }`;
const AUDIT = `query($id: ID) { auditLog(subjectId: $id) { nodes { action data } } }`;

const DAY_MS = 86_400_000;

describe('scheduled (drip) release per section', () => {
  let t: TestServer;
  let creator: { token: string; userId: string };
  let learner: { token: string; userId: string };
  let course: TestCourse;
  let sections: string[];
  let fixedLesson: string;
  let afterDaysLesson: string;
  const opensAt = new Date(Date.now() + 3 * DAY_MS);

  beforeAll(async () => {
    t = await startTestServer();
    creator = await signUpUser(t, 'Teacher');
    learner = await signUpUser(t, 'Learner');
    course = await publishedCourse(t, creator.token, { lessons: 1 });
    for (const title of ['Week two', 'Week three']) await t.gql(ADD_SECTION, { input: { courseId: course.id, title } }, creator.token);
    const outline = await t.gql(`query($id: ID!) { course(id: $id) { sections { id } } }`, { id: course.id }, creator.token);
    sections = outline.data.course.sections.map((s: { id: string }) => s.id);
    const add = async (sectionId: string, body: string) =>
      (await t.gql(ADD_LESSON, { input: { sectionId, title: body, kind: 'ARTICLE', durationSeconds: 300, body } }, creator.token)).data.addLesson.lesson.id;
    fixedLesson = await add(sections[1], 'Released on a date');
    afterDaysLesson = await add(sections[2], 'Released a week after enrolling');
    await enroll(t, learner.userId, course.id);
  });
  afterAll(async () => t?.stop());

  it('the creator schedules sections: a fixed moment, or days after enrollment, never both', async () => {
    const fixed = (await t.gql(UPDATE_SECTION, { input: { id: sections[1], release: { at: opensAt.toISOString() } } }, creator.token)).data.updateSection;
    expect(fixed.section.release).toEqual({ at: opensAt.toISOString(), afterEnrollmentDays: null });
    const relative = (await t.gql(UPDATE_SECTION, { input: { id: sections[2], release: { afterEnrollmentDays: 7 } } }, creator.token)).data.updateSection;
    expect(relative.section.release).toEqual({ at: null, afterEnrollmentDays: 7 });

    const both = (await t.gql(UPDATE_SECTION, { input: { id: sections[1], release: { at: opensAt.toISOString(), afterEnrollmentDays: 3 } } }, creator.token))
      .data.updateSection;
    expect(both.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'release'] });
    const zero = (await t.gql(UPDATE_SECTION, { input: { id: sections[1], release: { afterEnrollmentDays: 0 } } }, creator.token)).data.updateSection;
    expect(zero.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'release', 'afterEnrollmentDays'] });
    const audit = (await t.gql(AUDIT, { id: sections[2] }, await adminToken(t))).data.auditLog.nodes;
    expect(audit[0].action).toBe('section.update');
    expect(JSON.parse(audit[0].data).release).toEqual({ at: null, afterEnrollmentDays: 7 });
  });

  it('shows the enrolled learner when each locked lesson opens, and no content before it', async () => {
    const [open, fixed, relative] = (await t.gql(OUTLINE, { id: course.id }, learner.token)).data.course.sections;
    expect(open.lessons[0]).toMatchObject({ isReleased: true, releaseAt: null, content: { body: 'Text 1' } });
    expect(fixed.lessons[0]).toEqual({ id: fixedLesson, isReleased: false, releaseAt: opensAt.toISOString(), content: null });
    const [{ enrolledAt }] = await t.db.dataSource.query(`SELECT enrolled_at AS "enrolledAt" FROM enrollments WHERE user_id = $1`, [rawId(learner.userId)]);
    expect(relative.lessons[0]).toEqual({
      id: afterDaysLesson,
      isReleased: false,
      releaseAt: new Date(enrolledAt.getTime() + 7 * DAY_MS).toISOString(),
      content: null,
    });
    // the creator sees everything
    expect((await t.gql(LESSON, { id: fixedLesson }, creator.token)).data.node.content).toEqual({ body: 'Released on a date' });
  });

  it('refuses progress on a lesson before it is released, saying when it opens', async () => {
    const early = (await t.gql(RECORD, { input: { lessonId: fixedLesson, positionSeconds: 10, clientEventId: randomUUID() } }, learner.token)).data
      .recordProgress;
    expect(early.errors[0]).toMatchObject({ code: 'NOT_RELEASED', field: ['input', 'lessonId'], message: expect.stringContaining(opensAt.toISOString()) });
  });

  it('opens the relative section once the learner has been enrolled long enough, and a past date opens at once', async () => {
    await t.db.dataSource.query(`UPDATE enrollments SET enrolled_at = enrolled_at - interval '8 days' WHERE user_id = $1`, [rawId(learner.userId)]);
    expect((await t.gql(LESSON, { id: afterDaysLesson }, learner.token)).data.node).toMatchObject({
      isReleased: true,
      content: { body: 'Released a week after enrolling' },
    });
    await t.gql(UPDATE_SECTION, { input: { id: sections[1], release: { at: new Date(Date.now() - 1000).toISOString() } } }, creator.token);
    expect((await t.gql(LESSON, { id: fixedLesson }, learner.token)).data.node.content).toEqual({ body: 'Released on a date' });
    // clearing the schedule releases it for good
    await t.gql(UPDATE_SECTION, { input: { id: sections[2], release: null } }, creator.token);
    expect((await t.gql(OUTLINE, { id: course.id }, learner.token)).data.course.sections[2]).toMatchObject({
      release: null,
      lessons: [{ isReleased: true, releaseAt: null }],
    });
  });

  it('keeps a relative section closed to viewers without an enrollment, previews included', async () => {
    const free = await publishedCourse(t, creator.token, { price: null, lessons: 2 });
    const section = (await t.gql(`query($id: ID!) { course(id: $id) { sections { id } } }`, { id: free.id }, creator.token)).data.course.sections[0].id;
    await t.gql(UPDATE_SECTION, { input: { id: section, release: { afterEnrollmentDays: 2 } } }, creator.token);
    for (const viewer of [null, (await signUpUser(t, 'Visitor')).token]) {
      const lessons = (await t.gql(OUTLINE, { id: free.id }, viewer)).data.course.sections[0].lessons;
      expect(lessons.map((l: any) => [l.isReleased, l.releaseAt, l.content])).toEqual([
        [false, null, null],
        [false, null, null],
      ]);
    }
  });
});
