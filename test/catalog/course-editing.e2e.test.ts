import { randomUUID } from 'node:crypto';
import { adminToken } from '../commerce/commerce-fixtures';
import { enroll, publishedCourse, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';

// Stands in for the audit model: "[hold]" texts are held for review, "[reject]" ones refused.
jest.mock('../../src/kernel/screening', () => require('../harness/screening-stand-in').screeningStandIn());

const ERRORS = 'errors { code message field }';
const OUTLINE = `query($id: ID!) { course(id: $id) { status lessonCount sections { id title position lessons { id title position archivedAt content { body } } } } }`;
const ADD_SECTION = `mutation($input: AddSectionInput!) { addSection(input: $input) { course { sections { id title position } } ${ERRORS} } }`;
const UPDATE_LESSON = `mutation($input: UpdateLessonInput!) { updateLesson(input: $input) { lesson { id title kind durationSeconds isPreview content { body mediaUrl } } ${ERRORS} } }`;
const MOVE_LESSON = `mutation($input: MoveLessonInput!) { moveLesson(input: $input) { lesson { id position } ${ERRORS} } }`;
const MOVE_SECTION = `mutation($input: MoveSectionInput!) { moveSection(input: $input) { course { sections { id position } } ${ERRORS} } }`;
const UPDATE_SECTION = `mutation($input: UpdateSectionInput!) { updateSection(input: $input) { section { id title } ${ERRORS} } }`;
const DELETE_LESSON = `mutation($id: ID!) { deleteLesson(id: $id) { deletedLessonId section { id lessons { id position } } ${ERRORS} } }`;
const DELETE_SECTION = `mutation($id: ID!) { deleteSection(id: $id) { deletedSectionId course { sections { id position } } ${ERRORS} } }`;
const ARCHIVE = `mutation($id: ID!) { archiveLesson(id: $id) { lesson { id archivedAt } ${ERRORS} } }`;
const RESTORE = `mutation($id: ID!) { restoreLesson(id: $id) { lesson { id archivedAt } ${ERRORS} } }`;
const UPDATE_COURSE = `mutation($input: UpdateCourseInput!) { updateCourse(input: $input) { course { id coverUrl status } ${ERRORS} } }`;
const RECORD = `mutation($input: RecordProgressInput!) { recordProgress(input: $input) { enrollment { completedAt progress certificate { code } } ${ERRORS} } }`;
const MINE = `query($id: ID!) { course(id: $id) { lessonCount viewerEnrollment { progress completedAt completedLessonIds certificate { code } } } }`;
const AUDIT = `query($subjectId: ID) { auditLog(subjectId: $subjectId, first: 50) { nodes { action subjectType subjectId data actor { id } } } }`;

const complete = (t: TestServer, token: string, lessonId: string) =>
  t.gql(RECORD, { input: { lessonId, positionSeconds: 300, completed: true, clientEventId: randomUUID() } }, token);

describe('a creator edits a course after publishing it', () => {
  let t: TestServer;
  let creator: { token: string; userId: string };
  let learner: { token: string; userId: string };
  let admin: string;

  beforeAll(async () => {
    t = await startTestServer();
    creator = await signUpUser(t, 'Editor');
    learner = await signUpUser(t, 'Learner');
    admin = await adminToken(t);
  });
  afterAll(async () => t?.stop());

  async function twoSections(): Promise<TestCourse & { sections: string[] }> {
    const course = await publishedCourse(t, creator.token, { lessons: 3 });
    const added = await t.gql(ADD_SECTION, { input: { courseId: course.id, title: 'Part two' } }, creator.token);
    return { ...course, sections: added.data.addSection.course.sections.map((s: { id: string }) => s.id) };
  }

  it('fixes a typo in a lesson, and the fix is in the audit log with who made it', async () => {
    const course = await publishedCourse(t, creator.token, { lessons: 2 });
    const fixed = (await t.gql(UPDATE_LESSON, { input: { id: course.lessonIds[1], title: 'Lesson two, fixed', body: 'Corrected text' } }, creator.token)).data
      .updateLesson;
    expect(fixed.errors).toEqual([]);
    expect(fixed.lesson).toMatchObject({ title: 'Lesson two, fixed', kind: 'ARTICLE', content: { body: 'Corrected text' } });
    const entries = (await t.gql(AUDIT, { subjectId: course.lessonIds[1] }, admin)).data.auditLog.nodes;
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['lesson.update', 'lesson.add']);
    expect(entries[0]).toMatchObject({ subjectType: 'Lesson', actor: { id: creator.userId } });
    expect(JSON.parse(entries[0].data)).toMatchObject({ fields: ['body', 'title'], title: 'Lesson two, fixed' });
  });

  it('screens changed text of a live course: rejected text is refused, held text is hidden until a moderator decides', async () => {
    const course = await publishedCourse(t, creator.token, { lessons: 2 });
    const rejected = (await t.gql(UPDATE_LESSON, { input: { id: course.lessonIds[1], body: 'rude [reject]' } }, creator.token)).data.updateLesson;
    expect(rejected.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'body'], message: expect.stringMatching(/community rules/) });
    const held = (await t.gql(UPDATE_LESSON, { input: { id: course.lessonIds[1], body: 'borderline [hold]' } }, creator.token)).data.updateLesson;
    expect(held.errors).toEqual([]);
    await enroll(t, learner.userId, course.id);
    const seen = (await t.gql(OUTLINE, { id: course.id }, learner.token)).data.course.sections[0].lessons[1];
    expect(seen.content).toEqual({ body: null });
    // A section title of a live course is course text: held, the course waits for a moderator.
    const section = (await t.gql(OUTLINE, { id: course.id }, creator.token)).data.course.sections[0].id;
    expect((await t.gql(UPDATE_SECTION, { input: { id: section, title: 'Odd [hold]' } }, creator.token)).data.updateSection.errors).toEqual([]);
    expect((await t.gql(OUTLINE, { id: course.id }, creator.token)).data.course.status).toBe('SUSPENDED');
  });

  it('refuses bad lesson edits with coded errors', async () => {
    const course = await publishedCourse(t, creator.token, { lessons: 2 });
    const bad = async (input: Record<string, unknown>) =>
      (await t.gql(UPDATE_LESSON, { input: { id: course.lessonIds[0], ...input } }, creator.token)).data.updateLesson.errors[0];
    expect(await bad({ title: '  ' })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'title'] });
    expect(await bad({ durationSeconds: -1 })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'durationSeconds'] });
    expect(await bad({ mediaUrl: 'javascript:alert(1)' })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'mediaUrl'] });
    expect(await bad({ kind: 'VIDEO', body: '' })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'mediaUrl'] });
    const unknown = (await t.gql(UPDATE_LESSON, { input: { id: 'TGVzc29uOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA', title: 'x' } }, creator.token))
      .data.updateLesson;
    expect(unknown.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'id'] });
    const stranger = await signUpUser(t, 'Stranger');
    const forbidden = await t.gql(UPDATE_LESSON, { input: { id: course.lessonIds[0], title: 'Mine now' } }, stranger.token);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.gql(DELETE_LESSON, { id: course.lessonIds[0] });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('moves lessons within and across sections and reorders sections, keeping positions 1..n', async () => {
    const course = await twoSections();
    const [a, b, c] = course.lessonIds;
    // c to the front of its own section
    expect((await t.gql(MOVE_LESSON, { input: { id: c, position: 1 } }, creator.token)).data.moveLesson.lesson).toEqual({ id: c, position: 1 });
    // a into part two (its end)
    expect((await t.gql(MOVE_LESSON, { input: { id: a, sectionId: course.sections[1] } }, creator.token)).data.moveLesson.lesson).toEqual({
      id: a,
      position: 1,
    });
    // part two before part one
    const moved = (await t.gql(MOVE_SECTION, { input: { id: course.sections[1], position: 1 } }, creator.token)).data.moveSection;
    expect(moved.course.sections).toEqual([
      { id: course.sections[1], position: 1 },
      { id: course.sections[0], position: 2 },
    ]);
    const outline = (await t.gql(OUTLINE, { id: course.id }, creator.token)).data.course.sections;
    expect(outline.map((s: any) => s.lessons.map((l: any) => [l.id, l.position]))).toEqual([
      [[a, 1]],
      [
        [c, 1],
        [b, 2],
      ],
    ]);
    const actions = (await t.gql(AUDIT, { subjectId: a }, admin)).data.auditLog.nodes.map((e: { action: string }) => e.action);
    expect(actions).toContain('lesson.move');
  });

  it('refuses moving a lesson into another course', async () => {
    const course = await twoSections();
    const other = await twoSections();
    const res = (await t.gql(MOVE_LESSON, { input: { id: course.lessonIds[0], sectionId: other.sections[0] } }, creator.token)).data.moveLesson;
    expect(res.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'sectionId'] });
    const outline = (await t.gql(OUTLINE, { id: other.id }, creator.token)).data.course.sections[0].lessons;
    expect(outline).toHaveLength(3);
  });

  it('deletes lessons and sections nobody completed, and refuses once a learner completed one (archive instead)', async () => {
    const course = await twoSections();
    const [first, second, third] = course.lessonIds;
    const deleted = (await t.gql(DELETE_LESSON, { id: second }, creator.token)).data.deleteLesson;
    expect(deleted.errors).toEqual([]);
    expect(deleted.deletedLessonId).toBe(second);
    expect(deleted.section.lessons).toEqual([
      { id: first, position: 1 },
      { id: third, position: 2 },
    ]);
    // the empty second section goes too
    expect((await t.gql(DELETE_SECTION, { id: course.sections[1] }, creator.token)).data.deleteSection.course.sections).toEqual([
      { id: course.sections[0], position: 1 },
    ]);

    await enroll(t, learner.userId, course.id);
    expect((await complete(t, learner.token, first)).data.recordProgress.errors).toEqual([]);
    const refusedLesson = (await t.gql(DELETE_LESSON, { id: first }, creator.token)).data.deleteLesson;
    expect(refusedLesson.errors[0]).toMatchObject({ code: 'CONFLICT', field: ['id'], message: expect.stringMatching(/archive/) });
    const refusedSection = (await t.gql(DELETE_SECTION, { id: course.sections[0] }, creator.token)).data.deleteSection;
    expect(refusedSection.errors[0]).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/1 learner has completed lessons of this section/) });
    expect((await t.gql(OUTLINE, { id: course.id }, creator.token)).data.course.lessonCount).toBe(2);
  });

  it('archives a lesson learners completed: it leaves the outline and the count, a learner who did the rest completes, and restoring keeps the certificate', async () => {
    const course = await publishedCourse(t, creator.token, { lessons: 3 });
    const [first, second, third] = course.lessonIds;
    const finisher = await signUpUser(t, 'Finisher');
    const starter = await signUpUser(t, 'Starter');
    await enroll(t, finisher.userId, course.id);
    await enroll(t, starter.userId, course.id);
    await complete(t, finisher.token, first);
    await complete(t, finisher.token, second);
    await complete(t, starter.token, third);

    const archived = (await t.gql(ARCHIVE, { id: third }, creator.token)).data.archiveLesson;
    expect(archived.errors).toEqual([]);
    expect(archived.lesson.archivedAt).toEqual(expect.any(String));
    // the finisher has now done every lesson that counts: complete, with a certificate, in the same transaction
    const finished = (await t.gql(MINE, { id: course.id }, finisher.token)).data.course;
    expect(finished.lessonCount).toBe(2);
    expect(finished.viewerEnrollment).toMatchObject({ progress: 1, completedAt: expect.any(String), certificate: { code: expect.any(String) } });
    // the starter's completion of the archived lesson stays on record but no longer counts
    const started = (await t.gql(MINE, { id: course.id }, starter.token)).data.course.viewerEnrollment;
    expect(started).toMatchObject({ progress: 0, completedAt: null, completedLessonIds: [third] });
    // learners no longer see it in the outline; the creator does, marked archived
    expect((await t.gql(OUTLINE, { id: course.id }, starter.token)).data.course.sections[0].lessons.map((l: any) => l.id)).toEqual([first, second]);
    expect((await t.gql(OUTLINE, { id: course.id }, creator.token)).data.course.sections[0].lessons.map((l: any) => l.id)).toEqual([first, second, third]);
    // archiving twice changes nothing
    expect((await t.gql(ARCHIVE, { id: third }, creator.token)).data.archiveLesson.lesson.archivedAt).toBe(archived.lesson.archivedAt);

    const restored = (await t.gql(RESTORE, { id: third }, creator.token)).data.restoreLesson;
    expect(restored.lesson.archivedAt).toBeNull();
    const after = (await t.gql(MINE, { id: course.id }, finisher.token)).data.course;
    expect(after.lessonCount).toBe(3);
    // a certificate once issued stays; progress counts the restored lesson again
    expect(after.viewerEnrollment).toMatchObject({ completedAt: finished.viewerEnrollment.completedAt, certificate: finished.viewerEnrollment.certificate });
    expect(after.viewerEnrollment.progress).toBeCloseTo(2 / 3);
    expect((await t.gql(MINE, { id: course.id }, starter.token)).data.course.viewerEnrollment.progress).toBeCloseTo(1 / 3);
    const actions = (await t.gql(AUDIT, { subjectId: third }, admin)).data.auditLog.nodes.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 2)).toEqual(['lesson.restore', 'lesson.archive']);
  });

  it('keeps at least one lesson in a published course', async () => {
    const course = await publishedCourse(t, creator.token, { lessons: 1 });
    const res = (await t.gql(ARCHIVE, { id: course.lessonIds[0] }, creator.token)).data.archiveLesson;
    expect(res.errors[0]).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/archiveCourse/) });
    expect((await t.gql(DELETE_LESSON, { id: course.lessonIds[0] }, creator.token)).data.deleteLesson.errors[0].code).toBe('CONFLICT');
  });

  it('sets, validates and removes a course cover', async () => {
    const course = await publishedCourse(t, creator.token, { lessons: 1 });
    const cover = 'https://cdn.example.com/covers/indexes.jpg';
    expect((await t.gql(UPDATE_COURSE, { input: { id: course.id, coverUrl: cover } }, creator.token)).data.updateCourse.course.coverUrl).toBe(cover);
    const bad = (await t.gql(UPDATE_COURSE, { input: { id: course.id, coverUrl: 'ftp://example.com/x.jpg' } }, creator.token)).data.updateCourse;
    expect(bad.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'coverUrl'] });
    expect((await t.gql(UPDATE_COURSE, { input: { id: course.id, coverUrl: null } }, creator.token)).data.updateCourse.course.coverUrl).toBeNull();
    const actions = (await t.gql(AUDIT, { subjectId: course.id }, admin)).data.auditLog.nodes.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'course.update')).toHaveLength(2);
    expect(actions).toEqual(expect.arrayContaining(['course.create', 'course.publish']));
  });
});
