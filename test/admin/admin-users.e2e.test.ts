import { adminToken } from '../commerce/commerce-fixtures';
import { signUpUser, startTestServer, TestServer } from '../harness/server';

const USERS = `query($first: Int, $after: String, $query: String, $role: Role) {
  users(first: $first, after: $after, query: $query, role: $role) {
    nodes { id email roles bannedAt profile { handle displayName } } totalCount pageInfo { hasNextPage endCursor } } }`;
const SET_ROLES = `mutation($userId: ID!, $roles: [Role!]!) { setUserRoles(userId: $userId, roles: $roles) {
  user { id roles } errors { code message field } } }`;
const ME = `{ viewer { user { id email bannedAt } } }`;
const AUDIT = `query($subjectId: ID) { auditLog(action: "user.roles", subjectId: $subjectId) { nodes { action subjectType actor { id } data } } }`;

describe('admin API: users and roles', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await adminToken(t);
  });
  afterAll(async () => t.stop());

  it('learners and moderators are refused the user list, role changes and the dashboard', async () => {
    const learner = await signUpUser(t, 'Nosy');
    const moderator = await signUpUser(t, 'Mod');
    expect((await t.gql(SET_ROLES, { userId: moderator.userId, roles: ['LEARNER', 'MODERATOR'] }, admin)).data.setUserRoles.errors).toEqual([]);
    for (const token of [learner.token, moderator.token]) {
      expect((await t.gql(USERS, {}, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(SET_ROLES, { userId: learner.userId, roles: ['ADMIN'] }, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(`{ adminDashboard { days } }`, {}, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(`{ adminOrders { totalCount } }`, {}, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(`{ refundRequests { totalCount } }`, {}, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await t.gql(USERS, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // moderators do see courses in every status, learners do not
    expect((await t.gql(`{ adminCourses { totalCount } }`, {}, moderator.token)).errors).toBeUndefined();
    expect((await t.gql(`{ adminCourses { totalCount } }`, {}, learner.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('an admin finds users by email, handle or display name, filters by role and walks the pages', async () => {
    const tag = `zq${Date.now().toString(36)}`;
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push(await signUpUser(t, `${tag}x`));
    const byName = await t.gql(USERS, { query: tag.toUpperCase() }, admin);
    expect(byName.data.users.totalCount).toBe(5);
    // newest first
    expect(byName.data.users.nodes.map((u: any) => u.id)).toEqual(made.map((m) => m.userId).reverse());
    const byEmail = await t.gql(USERS, { query: made[2].email }, admin);
    expect(byEmail.data.users.nodes).toEqual([expect.objectContaining({ id: made[2].userId, email: made[2].email, roles: ['LEARNER'] })]);
    const handle = byEmail.data.users.nodes[0].profile.handle;
    expect((await t.gql(USERS, { query: handle }, admin)).data.users.nodes.map((u: any) => u.id)).toContain(made[2].userId);
    // LIKE wildcards in the query are taken literally
    expect((await t.gql(USERS, { query: '%' }, admin)).data.users.totalCount).toBe(0);

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await t.gql(USERS, { query: tag, first: 2, after }, admin);
      seen.push(...page.data.users.nodes.map((u: any) => u.id));
      if (!page.data.users.pageInfo.hasNextPage) break;
      after = page.data.users.pageInfo.endCursor;
    }
    expect(seen).toEqual(made.map((m) => m.userId).reverse());
    expect((await t.gql(USERS, { first: 101 }, admin)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const admins = await t.gql(USERS, { role: 'ADMIN' }, admin);
    expect(admins.data.users.nodes.map((u: any) => u.email)).toEqual(['admin@knowpay.test']);
  });

  it('an admin makes a learner a moderator: it applies to their next request and the audit log records it', async () => {
    const learner = await signUpUser(t, 'Promoted');
    expect((await t.gql(`{ adminCourses { totalCount } }`, {}, learner.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const set = await t.gql(SET_ROLES, { userId: learner.userId, roles: ['MODERATOR', 'LEARNER', 'MODERATOR'] }, admin);
    expect(set.data.setUserRoles).toEqual({ user: { id: learner.userId, roles: ['LEARNER', 'MODERATOR'] }, errors: [] });
    expect((await t.gql(`{ adminCourses { totalCount } }`, {}, learner.token)).errors).toBeUndefined();
    // the same roles again change nothing and record nothing
    await t.gql(SET_ROLES, { userId: learner.userId, roles: ['LEARNER', 'MODERATOR'] }, admin);

    const audit = await t.gql(AUDIT, { subjectId: learner.userId }, admin);
    expect(audit.data.auditLog.nodes).toHaveLength(1);
    const [entry] = audit.data.auditLog.nodes;
    expect(entry).toMatchObject({ action: 'user.roles', subjectType: 'User' });
    expect(JSON.parse(entry.data)).toEqual({ before: ['LEARNER'], after: ['LEARNER', 'MODERATOR'] });
    const adminId = (await t.gql(ME, {}, admin)).data.viewer.user.id;
    expect(entry.actor.id).toBe(adminId);
  });

  it('refuses bad role changes with typed errors: an admin dropping their own ADMIN, no roles, an unknown user', async () => {
    const adminId = (await t.gql(ME, {}, admin)).data.viewer.user.id;
    const own = await t.gql(SET_ROLES, { userId: adminId, roles: ['LEARNER'] }, admin);
    expect(own.data.setUserRoles).toMatchObject({ user: null, errors: [{ code: 'INVALID_INPUT', field: ['roles'] }] });
    expect((await t.gql(ME, {}, admin)).data.viewer.user.id).toBe(adminId);
    expect((await t.gql(USERS, { role: 'ADMIN' }, admin)).data.users.totalCount).toBe(1);

    const learner = await signUpUser(t, 'Plain');
    expect((await t.gql(SET_ROLES, { userId: learner.userId, roles: [] }, admin)).data.setUserRoles.errors[0]).toMatchObject({
      code: 'INVALID_INPUT',
      field: ['roles'],
    });
    const ghost = Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect((await t.gql(SET_ROLES, { userId: ghost, roles: ['LEARNER'] }, admin)).data.setUserRoles.errors[0].code).toBe('NOT_FOUND');
  });

  it('email and bannedAt are visible to admins and the user themself, null to everyone else', async () => {
    const alice = await signUpUser(t, 'Alice');
    const bob = await signUpUser(t, 'Bob');
    const NODE = `query($id: ID!) { node(id: $id) { ... on User { email bannedAt } } }`;
    expect((await t.gql(ME, {}, alice.token)).data.viewer.user).toMatchObject({ email: alice.email, bannedAt: null });
    expect((await t.gql(NODE, { id: alice.userId }, admin)).data.node.email).toBe(alice.email);
    expect((await t.gql(NODE, { id: alice.userId }, bob.token)).data.node).toEqual({ email: null, bannedAt: null });
    expect((await t.gql(NODE, { id: alice.userId })).data.node).toEqual({ email: null, bannedAt: null });
  });

  it('a page of users with profiles costs the same SQL statements for 3 or 30 users', async () => {
    for (let i = 0; i < 30; i += 1) await signUpUser(t, 'Bulk');
    const small = await t.gql(USERS, { first: 3 }, admin);
    const large = await t.gql(USERS, { first: 30 }, admin);
    expect(large.data.users.nodes).toHaveLength(30);
    expect(large.data.users.nodes.every((u: any) => u.profile.displayName)).toBe(true);
    expect(small.sqlStatements).toBeGreaterThan(0);
    expect(large.sqlStatements).toBe(small.sqlStatements);
  });
});
