import { adminToken } from '../commerce/commerce-fixtures';
import { enroll, publishedCourse, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { createKey, partnerWithKey } from './partner-fixtures';

const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
  organization { id name seatsTotal seatsUsed courses { id } } errors { code message field } } }`;
const ASSIGN = `mutation($input: AssignSeatInput!) { assignSeat(input: $input) { enrollment { id } errors { code message field } } }`;
const ASSIGN_INVITING = `mutation($input: AssignSeatInput!) { assignSeat(input: $input) { enrollment { id } invitationToken errors { code message field } } }`;
const ACCEPT = `mutation($token: String!, $password: String!) { acceptInvitation(token: $token, password: $password) { token errors { code } } }`;
const REVOKE = `mutation($org: ID!, $email: String!) { revokeSeat(organizationId: $org, email: $email) { enrollment { id } errors { code message field } } }`;
const ORG = `query($id: ID!) { organization(id: $id) { id seatsTotal seatsUsed members(first: 50) { totalCount nodes { id progress user { id } course { id } } } } }`;
const HAS_ACCESS = `query($id: ID!) { course(id: $id) { viewerHasAccess } }`;
const RECORD = `mutation($input: RecordProgressInput!) { recordProgress(input: $input) { enrollment { progress } errors { code message } } }`;

describe('enterprise seats', () => {
  let t: TestServer;
  let admin: string;
  let course: TestCourse;
  let other: TestCourse;

  beforeAll(async () => {
    t = await startTestServer({ API_KEY_RATE_LIMIT: '1000' });
    admin = await adminToken(t);
    const creator = await signUpUser(t, 'Creator');
    course = await publishedCourse(t, creator.token, { price: 9900, lessons: 2 });
    other = await publishedCourse(t, creator.token, { price: 4900, lessons: 1 });
  });
  afterAll(() => t?.stop());

  async function organization(seatsTotal: number, token = admin, extra: Record<string, unknown> = {}) {
    const res = await t.gql(CREATE_ORG, { input: { name: 'Globex', seatsTotal, courseIds: [course.id, other.id], ...extra } }, token);
    if (!res.data?.createOrganization?.organization) throw new Error(JSON.stringify(res));
    return res.data.createOrganization.organization.id as string;
  }

  it('20 concurrent assigns for 5 free seats: exactly 5 succeed, the rest are SEATS_EXHAUSTED', async () => {
    const orgId = await organization(5);
    const people = await Promise.all(Array.from({ length: 20 }, () => signUpUser(t, 'Employee')));
    const answers = await Promise.all(people.map((p) => t.gql(ASSIGN, { input: { organizationId: orgId, email: p.email, courseId: course.id } }, admin)));
    const codes = answers.map((a) => a.data.assignSeat.errors[0]?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(5);
    expect(codes.filter((c) => c === 'SEATS_EXHAUSTED')).toHaveLength(15);
    const org = await t.gql(ORG, { id: orgId }, admin);
    expect(org.data.organization).toMatchObject({ seatsTotal: 5, seatsUsed: 5 });
    expect(org.data.organization.members.totalCount).toBe(5);
    const winners = people.filter((_, i) => codes[i] === 'OK');
    const losers = people.filter((_, i) => codes[i] !== 'OK');
    for (const p of winners) expect((await t.gql(HAS_ACCESS, { id: course.id }, p.token)).data.course.viewerHasAccess).toBe(true);
    expect((await t.gql(HAS_ACCESS, { id: course.id }, losers[0].token)).data.course.viewerHasAccess).toBe(false);
  });

  it('a person without an account is invited: the seat waits for them, and the one-time token opens the course', async () => {
    const orgId = await organization(2);
    const email = `new-hire-${Date.now()}@example.com`;
    const assigned = await t.gql(ASSIGN_INVITING, { input: { organizationId: orgId, email, courseId: course.id } }, admin);
    expect(assigned.data.assignSeat.errors).toEqual([]);
    const token = assigned.data.assignSeat.invitationToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await t.gql(ORG, { id: orgId }, admin)).data.organization.seatsUsed).toBe(1);
    const [user] = await t.db.dataSource.query('SELECT password_hash FROM users WHERE lower(email) = $1', [email]);
    expect(user.password_hash).toBeNull();
    const accepted = (await t.gql(ACCEPT, { token, password: 'my new password' })).data.acceptInvitation;
    expect(accepted.errors).toEqual([]);
    expect((await t.gql(HAS_ACCESS, { id: course.id }, accepted.token)).data.course.viewerHasAccess).toBe(true);
    // Once they have a password, further seats need no invitation.
    const second = await t.gql(ASSIGN_INVITING, { input: { organizationId: orgId, email, courseId: other.id } }, admin);
    expect(second.data.assignSeat).toMatchObject({ errors: [], invitationToken: null });
    expect((await t.gql(ORG, { id: orgId }, admin)).data.organization.seatsUsed).toBe(1);
  });

  it('a seat is a person: a second course uses the same seat; the same course twice is refused', async () => {
    const orgId = await organization(1);
    const person = await signUpUser(t);
    expect((await t.gql(ASSIGN, { input: { organizationId: orgId, email: person.email, courseId: course.id } }, admin)).data.assignSeat.errors).toEqual([]);
    expect((await t.gql(ASSIGN, { input: { organizationId: orgId, email: person.email, courseId: other.id } }, admin)).data.assignSeat.errors).toEqual([]);
    const twice = await t.gql(ASSIGN, { input: { organizationId: orgId, email: person.email, courseId: course.id } }, admin);
    expect(twice.data.assignSeat.errors[0]).toMatchObject({ code: 'ALREADY_EXISTS', field: ['input', 'email'] });
    expect((await t.gql(ORG, { id: orgId }, admin)).data.organization.seatsUsed).toBe(1);
  });

  it('revoking frees the seat and removes that access; a course the person bought stays', async () => {
    const orgId = await organization(1);
    const person = await signUpUser(t);
    await t.gql(ASSIGN, { input: { organizationId: orgId, email: person.email, courseId: course.id } }, admin);
    const revoked = await t.gql(REVOKE, { org: orgId, email: person.email }, admin);
    expect(revoked.data.revokeSeat.errors).toEqual([]);
    expect((await t.gql(HAS_ACCESS, { id: course.id }, person.token)).data.course.viewerHasAccess).toBe(false);
    expect((await t.gql(ORG, { id: orgId }, admin)).data.organization.seatsUsed).toBe(0);
    const next = await signUpUser(t);
    expect((await t.gql(ASSIGN, { input: { organizationId: orgId, email: next.email, courseId: course.id } }, admin)).data.assignSeat.errors).toEqual([]);
    const again = await t.gql(REVOKE, { org: orgId, email: person.email }, admin);
    expect(again.data.revokeSeat.errors[0].code).toBe('NOT_FOUND');

    const buyer = await signUpUser(t);
    await enroll(t, buyer.userId, course.id);
    const bigger = await organization(1);
    expect((await t.gql(ASSIGN, { input: { organizationId: bigger, email: buyer.email, courseId: course.id } }, admin)).data.assignSeat.errors).toEqual([]);
    expect((await t.gql(REVOKE, { org: bigger, email: buyer.email }, admin)).data.revokeSeat.errors).toEqual([]);
    expect((await t.gql(HAS_ACCESS, { id: course.id }, buyer.token)).data.course.viewerHasAccess).toBe(true);
    const audit = await t.db.dataSource.query(`SELECT action FROM audit_entries WHERE action LIKE 'seat.%' ORDER BY seq`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['seat.assign', 'seat.revoke']));
  });

  it("the organization's admins and its partner manage seats and see members' progress; other partners cannot", async () => {
    const orgAdmin = await signUpUser(t, 'Manager');
    const { partnerId, key } = await partnerWithKey(t, admin);
    const created = await t.gql(CREATE_ORG, { input: { name: 'Initech', seatsTotal: 3, courseIds: [course.id], adminEmails: [orgAdmin.email] } }, key);
    expect(created.data.createOrganization.errors).toEqual([]);
    const orgId = created.data.createOrganization.organization.id;
    const person = await signUpUser(t);
    expect(
      (await t.gql(ASSIGN, { input: { organizationId: orgId, email: person.email, courseId: course.id } }, orgAdmin.token)).data.assignSeat.errors,
    ).toEqual([]);
    const lesson = course.lessonIds[0];
    await t.gql(RECORD, { input: { lessonId: lesson, positionSeconds: 300, completed: true, clientEventId: 'e-1' } }, person.token);
    const viaPartner = await t.gql(ORG, { id: orgId }, key);
    expect(viaPartner.data.organization.members.nodes).toEqual([
      expect.objectContaining({ progress: 0.5, user: { id: person.userId }, course: { id: course.id } }),
    ]);

    const stranger = await partnerWithKey(t, admin);
    expect((await t.gql(ORG, { id: orgId }, stranger.key)).data.organization).toBeNull();
    const foreign = await t.gql(ASSIGN, { input: { organizationId: orgId, email: person.email, courseId: course.id } }, stranger.key);
    expect(foreign.data.assignSeat.errors[0].code).toBe('NOT_FOUND');
    const learner = await signUpUser(t);
    expect((await t.gql(ORG, { id: orgId }, learner.token)).data.organization).toBeNull();
    const readOnly = await createKey(t, admin, partnerId, ['catalog:read']);
    const scoped = await t.gql(ASSIGN, { input: { organizationId: orgId, email: person.email, courseId: course.id } }, readOnly.secret);
    expect(scoped.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses negative seat counts, unknown courses, bad emails and courses outside the organization', async () => {
    const negative = await t.gql(CREATE_ORG, { input: { name: 'Neg', seatsTotal: -1, courseIds: [course.id] } }, admin);
    expect(negative.data.createOrganization.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'seatsTotal'] });
    const noCourses = await t.gql(CREATE_ORG, { input: { name: 'None', seatsTotal: 1, courseIds: [] } }, admin);
    expect(noCourses.data.createOrganization.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'courseIds'] });
    const learner = await signUpUser(t);
    const notAllowed = await t.gql(CREATE_ORG, { input: { name: 'Mine', seatsTotal: 1, courseIds: [course.id] } }, learner.token);
    expect(notAllowed.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const creator = await signUpUser(t, 'Creator');
    const outside = await publishedCourse(t, creator.token, { price: 100 });
    const orgId = await organization(2);
    const wrongCourse = await t.gql(ASSIGN, { input: { organizationId: orgId, email: learner.email, courseId: outside.id } }, admin);
    expect(wrongCourse.data.assignSeat.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'courseId'] });
    const badEmail = await t.gql(ASSIGN, { input: { organizationId: orgId, email: 'nope', courseId: course.id } }, admin);
    expect(badEmail.data.assignSeat.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'email'] });
  });
});
