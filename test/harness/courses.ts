import { parseGlobalId } from '../../src/common/global-id';
import { EnrollmentSource } from '../../src/learning/enrollment.entity';
import { grantEnrollment } from '../../src/learning/enrollment-grants';
import type { TestServer } from './server';

const CREATE = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id creator { id } } errors { code message field } } }`;
const ADD_SECTION = `mutation($input: AddSectionInput!) { addSection(input: $input) { course { sections { id } } errors { code message field } } }`;
const ADD_LESSON = `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id } errors { code message field } } }`;
const PUBLISH = `mutation($id: ID!) { publishCourse(id: $id) { course { status } errors { code message field } } }`;

export interface TestCourse {
  id: string;
  creatorId: string;
  lessonIds: string[];
}

let counter = 0;

/**
 * A published course built through the API: `lessons` article lessons of 300 s, the first one a preview.
 * `price` is CNY minor units, or a MoneyInput, or null for free; `publish: false` leaves it a draft.
 */
export async function publishedCourse(
  t: Pick<TestServer, 'gql'>,
  creatorToken: string,
  options: { price?: number | null | { amount: number; currency: string }; lessons?: number; title?: string; publish?: boolean } = {},
): Promise<TestCourse> {
  counter += 1;
  const price = options.price === undefined ? 9900 : options.price;
  const created = await t.gql(
    CREATE,
    {
      input: {
        title: options.title ?? `Course ${counter} ${Date.now().toString(36)}`,
        description: 'A course for tests.',
        ...(price === null ? {} : { price: typeof price === 'number' ? { amount: price, currency: 'CNY' } : price }),
      },
    },
    creatorToken,
  );
  if (created.data?.createCourse?.errors?.length !== 0) throw new Error(`createCourse failed: ${JSON.stringify(created)}`);
  const id = created.data.createCourse.course.id;
  const section = await t.gql(ADD_SECTION, { input: { courseId: id, title: 'Part one' } }, creatorToken);
  const sectionId = section.data.addSection.course.sections[0].id;
  const lessonIds: string[] = [];
  for (let i = 0; i < (options.lessons ?? 3); i += 1) {
    const lesson = await t.gql(
      ADD_LESSON,
      { input: { sectionId, title: `Lesson ${i + 1}`, kind: 'ARTICLE', durationSeconds: 300, isPreview: i === 0, body: `Text ${i + 1}` } },
      creatorToken,
    );
    if (!lesson.data?.addLesson?.lesson) throw new Error(`addLesson failed: ${JSON.stringify(lesson)}`);
    lessonIds.push(lesson.data.addLesson.lesson.id);
  }
  const creatorId = created.data.createCourse.course.creator.id;
  if (options.publish === false) return { id, creatorId, lessonIds };
  const published = await t.gql(PUBLISH, { id }, creatorToken);
  if (published.data?.publishCourse?.course?.status !== 'PUBLISHED') throw new Error(`publishCourse failed: ${JSON.stringify(published)}`);
  return { id, creatorId, lessonIds };
}

export function rawId(globalId: string): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed) throw new Error(`not a global id: ${globalId}`);
  return parsed.id;
}

/** Stands in for a purchase (commerce builds checkout): an enrollment granted the one way enrollments are granted. */
export async function enroll(t: Pick<TestServer, 'db'>, userId: string, courseId: string, source = EnrollmentSource.PURCHASE): Promise<void> {
  await t.db.dataSource.transaction((manager) => grantEnrollment(manager, { userId: rawId(userId), courseId: rawId(courseId), source }));
}
