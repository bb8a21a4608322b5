import { randomUUID } from 'node:crypto';
import { publishedCourse as buildCourse, TestCourse } from '../harness/courses';
import { ledgerProblems as bookProblems } from '../../src/commerce/ledger';
import { signIn, signUpUser, TestServer } from '../harness/server';

export const ADMIN = { email: 'admin@knowpay.test', password: 'admin-password' };

/** A published course (or a draft) with `lessons` lessons, built through the API. */
export function publishedCourse(
  t: TestServer,
  token: string,
  price: { amount: number; currency: string } | null,
  lessons = 3,
  publish = true,
): Promise<TestCourse> {
  return buildCourse(t, token, { price, lessons, publish });
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

export { rawId } from '../harness/courses';
