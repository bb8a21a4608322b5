import { randomUUID } from 'node:crypto';
import { sweepMemberships } from '../../src/commerce/membership-billing';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { waitUntil } from '../harness/subscriptions';
import { adminToken, checkout, creatorWithCourse, hasAccess, rawId } from './commerce-fixtures';

const CREATE_PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } errors { code message } } }`;
const SUBSCRIBE = `mutation($input: SubscribeInput!) { subscribe(input: $input) { membership { id status } errors { code message } } }`;
const CANCEL = `mutation($id: ID!) { cancelMembership(id: $id) { membership { status } errors { code } } }`;
const ENROLL_FREE = `mutation($id: ID!) { enrollFree(courseId: $id) { enrollment { id } errors { code message } } }`;
const REQUEST_REFUND = `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { code message } } }`;
const RESOLVE_REFUND = `mutation($id: ID!) { resolveRefund(id: $id, approve: true) { refund { status } errors { code message } } }`;
const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } errors { code message } } }`;
const ASSIGN = `mutation($input: AssignSeatInput!) { assignSeat(input: $input) { enrollment { id } errors { code message } } }`;
const REVOKE = `mutation($org: ID!, $email: String!) { revokeSeat(organizationId: $org, email: $email) { errors { code message } } }`;

/**
 * One enrollment per learner and course records its strongest grant: a
 * purchase outlives the membership the learner first reached the course
 * through, and a refunded purchase falls back to a seat still held.
 */
describe('enrollment grants: paid access does not vanish with a weaker grant', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer({ JOB_POLL_SECONDS: '1' });
    admin = await adminToken(t);
  });
  afterAll(async () => t.stop());

  it('buying a course reached through a membership keeps it after the membership ends', async () => {
    const { creator, course } = await creatorWithCourse(t);
    const plan = (await t.gql(CREATE_PLAN, { input: { name: 'All in', price: { amount: 3000, currency: 'CNY' }, interval: 'MONTH', courseIds: [course.id] } }, creator.token)).data.createPlan.plan;
    const learner = await signUpUser(t, 'Member');
    const membership = (await t.gql(SUBSCRIBE, { input: { planId: plan.id, idempotencyKey: randomUUID() } }, learner.token)).data.subscribe.membership;
    expect(membership.status).toBe('ACTIVE');
    expect((await t.gql(ENROLL_FREE, { id: course.id }, learner.token)).data.enrollFree.errors).toEqual([]);

    const { order, errors } = await checkout(t, learner.token, [course.id]);
    expect(errors).toEqual([]);
    expect(order.status).toBe('PAID');

    expect((await t.gql(CANCEL, { id: membership.id }, learner.token)).data.cancelMembership.errors).toEqual([]);
    await t.db.dataSource.query(`UPDATE memberships SET current_period_end = now() - interval '1 second', current_period_start = now() - interval '1 month' WHERE id = $1`, [rawId(membership.id)]);
    await t.server.services.jobs.runNow(sweepMemberships, {});
    await waitUntil(async () => (await t.db.dataSource.query('SELECT status FROM memberships WHERE id = $1', [rawId(membership.id)]))[0].status === 'CANCELED', 10_000, 'the membership ended');
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);
    const enrolled = await t.gql(`{ viewer { enrollments(first: 10) { nodes { course { id } } } } }`, {}, learner.token);
    expect(enrolled.data.viewer.enrollments.nodes).toEqual([{ course: { id: course.id } }]);
  });

  it('a refunded purchase falls back to a seat the learner still holds; revoking the seat then ends access', async () => {
    const { course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'Employee');
    const { order } = await checkout(t, learner.token, [course.id]);
    const org = (await t.gql(CREATE_ORG, { input: { name: 'Acme', seatsTotal: 2, courseIds: [course.id] } }, admin)).data.createOrganization.organization;
    expect((await t.gql(ASSIGN, { input: { organizationId: org.id, email: learner.email, courseId: course.id } }, admin)).data.assignSeat.errors).toEqual([]);

    const refund = (await t.gql(REQUEST_REFUND, { input: { orderId: order.id, reason: 'My company pays now' } }, learner.token)).data.requestRefund.refund;
    expect((await t.gql(RESOLVE_REFUND, { id: refund.id }, admin)).data.resolveRefund.refund.status).toBe('SETTLED');
    expect(await hasAccess(t, learner.token, course.id)).toBe(true);

    expect((await t.gql(REVOKE, { org: org.id, email: learner.email }, admin)).data.revokeSeat.errors).toEqual([]);
    expect(await hasAccess(t, learner.token, course.id)).toBe(false);
  });
});
