import { randomUUID } from 'node:crypto';
import { ledgerProblems as bookProblems } from '../../src/commerce/ledger';
import { signIn, signUpUser, TestServer } from '../harness/server';

export const ADMIN = { email: 'admin@knowpay.test', password: 'admin-password' };

const CREATE = `mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id creator { id } } errors { code message } } }`;
const ADD_SECTION = `mutation($input: AddSectionInput!) { addSection(input: $input) { course { sections { id } } errors { code message } } }`;
const ADD_LESSON = `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id } errors { code message } } }`;
const PUBLISH = `mutation($id: ID!) { publishCourse(id: $id) { course { id } errors { code message } } }`;

export interface PublishedCourse {
  id: string;
  creatorId: string;
  lessonIds: string[];
}

let courseCounter = 0;

/** A published course with `lessons` lessons (the first a preview), built through the API. */
export async function publishedCourse(t: TestServer, token: string, price: { amount: number; currency: string } | null, lessons = 3, publish = true): Promise<PublishedCourse> {
  courseCounter += 1;
  const created = await t.gql(CREATE, { input: { title: `Course ${courseCounter} ${randomUUID().slice(0, 6)}`, description: 'A course for commerce tests.', price } }, token);
  if (created.data?.createCourse?.errors?.length || !created.data?.createCourse?.course) throw new Error(JSON.stringify(created));
  const course = created.data.createCourse.course;
  const section = await t.gql(ADD_SECTION, { input: { courseId: course.id, title: 'Part one' } }, token);
  const sectionId = section.data.addSection.course.sections[0].id;
  const lessonIds: string[] = [];
  for (let i = 0; i < lessons; i += 1) {
    const lesson = await t.gql(ADD_LESSON, { input: { sectionId, title: `Lesson ${i + 1}`, kind: 'ARTICLE', durationSeconds: 60, isPreview: i === 0, body: `Secret body ${i + 1}` } }, token);
    lessonIds.push(lesson.data.addLesson.lesson.id);
  }
  if (publish) await t.gql(PUBLISH, { id: course.id }, token);
  return { id: course.id, creatorId: course.creator.id, lessonIds };
}

export async function creatorWithCourse(t: TestServer, price: { amount: number; currency: string } | null = { amount: 9900, currency: 'CNY' }) {
  const creator = await signUpUser(t, 'Creator');
  const course = await publishedCourse(t, creator.token, price);
  return { creator, course };
}

export const adminToken = (t: TestServer) => signIn(t, ADMIN.email, ADMIN.password);

export const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) {
  order { id code status subtotal { amount currency } discount { amount } total { amount currency formatted } refundedTotal { amount }
          lines { description unitPrice { amount } total { amount } course { id } } payment { provider clientSecret status } paidAt }
  errors { code message field } } }`;

export const ACCESS = `query($id: ID!) { node(id: $id) { ... on Course { viewerHasAccess sections { lessons { content { body } } } } } }`;

export async function checkout(t: TestServer, token: string, courseIds: string[], extra: { couponCode?: string; idempotencyKey?: string } = {}) {
  const res = await t.gql(CHECKOUT, { input: { courseIds, idempotencyKey: extra.idempotencyKey ?? randomUUID(), couponCode: extra.couponCode } }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.checkout;
}

export async function hasAccess(t: TestServer, token: string, courseId: string): Promise<boolean> {
  const res = await t.gql(ACCESS, { id: courseId }, token);
  return res.data.node.viewerHasAccess;
}

export async function ledgerProblems(t: TestServer): Promise<string[]> {
  return bookProblems(t.db.dataSource.manager);
}

/** The raw uuid inside a global ID, for SQL in assertions. */
export function rawId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}
