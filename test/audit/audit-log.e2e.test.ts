import { adminToken, checkout, creatorWithCourse, rawId } from '../commerce/commerce-fixtures';
import { signUpUser, startTestServer, TestServer } from '../harness/server';

const REQUEST_REFUND = `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { code } } }`;
const RESOLVE_REFUND = `mutation($id: ID!, $approve: Boolean!, $note: String) { resolveRefund(id: $id, approve: $approve, note: $note) { refund { status } errors { code } } }`;
const AUDIT_LOG = `query($action: String, $subjectId: ID, $first: Int, $after: String) { auditLog(action: $action, subjectId: $subjectId, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id action subjectType subjectId data at actor { id } } } }`;

describe('the audit log', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.stop());

  it('an admin decision on a refund is in the log, with its actor, subject and note, and can be filtered by action and subject', async () => {
    const admin = await adminToken(t);
    const { course } = await creatorWithCourse(t);
    const learner = await signUpUser(t, 'Refunder');
    const order = await checkout(t, learner.token, [course.id]);
    const refund = (await t.gql(REQUEST_REFUND, { input: { orderId: order.order.id, reason: 'Not what I expected' } }, learner.token)).data.requestRefund;
    expect(refund.errors).toEqual([]);
    expect(
      (await t.gql(RESOLVE_REFUND, { id: refund.refund.id, approve: false, note: 'Outside the spirit of the policy' }, admin)).data.resolveRefund.refund.status,
    ).toBe('REJECTED');

    const bySubject = (await t.gql(AUDIT_LOG, { subjectId: refund.refund.id }, admin)).data.auditLog;
    expect(bySubject.totalCount).toBe(1);
    const [entry] = bySubject.nodes;
    expect(entry).toMatchObject({ action: 'refund.reject', subjectType: 'Refund', subjectId: refund.refund.id });
    const adminId = (await t.gql(`{ viewer { user { id } } }`, {}, admin)).data.viewer.user.id;
    expect(adminId).toEqual(expect.any(String));
    expect(entry.actor.id).toBe(adminId);
    expect(JSON.parse(entry.data)).toMatchObject({ note: 'Outside the spirit of the policy', amount: 9900, currency: 'CNY' });
    expect((await t.gql(AUDIT_LOG, { action: 'refund.*' }, admin)).data.auditLog.totalCount).toBe(1);
    expect((await t.gql(AUDIT_LOG, { action: 'refund.approve' }, admin)).data.auditLog.totalCount).toBe(0);
    // the entry is a node admins can fetch again
    expect((await t.gql(`query($id: ID!) { node(id: $id) { ... on AuditEntry { action } } }`, { id: entry.id }, admin)).data.node).toEqual({
      action: 'refund.reject',
    });
  });

  it('non-admins are refused: learners and moderators get FORBIDDEN, the anonymous UNAUTHENTICATED', async () => {
    const learner = await signUpUser(t, 'Curious');
    const asLearner = await t.gql(AUDIT_LOG, {}, learner.token);
    expect(asLearner.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(asLearner.data).toBeNull();
    const moderator = await signUpUser(t, 'Mod');
    await t.db.dataSource.query(`UPDATE users SET roles = '{LEARNER,MODERATOR}' WHERE id = $1`, [rawId(moderator.userId)]);
    expect((await t.gql(AUDIT_LOG, {}, moderator.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(AUDIT_LOG, {}, null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('the database itself refuses to change or delete history: UPDATE, DELETE and TRUNCATE all fail, INSERT works', async () => {
    const db = t.db.dataSource;
    await db.query(`INSERT INTO audit_entries (action, subject_type, subject_id) VALUES ('test.insert', 'Course', 'x')`);
    const before = Number((await db.query('SELECT count(*) AS n FROM audit_entries'))[0].n);
    await expect(db.query(`UPDATE audit_entries SET action = 'test.rewritten'`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_entries')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_entries')).rejects.toThrow(/append-only/);
    expect(Number((await db.query('SELECT count(*) AS n FROM audit_entries'))[0].n)).toBe(before);
    expect(await db.query(`SELECT 1 FROM audit_entries WHERE action = 'test.rewritten'`)).toHaveLength(0);
  });

  it('pages newest first with a cursor', async () => {
    const db = t.db.dataSource;
    for (let i = 0; i < 5; i += 1)
      await db.query(`INSERT INTO audit_entries (action, subject_type, subject_id, data) VALUES ('test.page', 'Course', 'p', $1)`, [{ i }]);
    const admin = await adminToken(t);
    const first = (await t.gql(AUDIT_LOG, { action: 'test.page', first: 3 }, admin)).data.auditLog;
    expect(first.nodes.map((n: { data: string }) => JSON.parse(n.data).i)).toEqual([4, 3, 2]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await t.gql(AUDIT_LOG, { action: 'test.page', first: 3, after: first.pageInfo.endCursor }, admin)).data.auditLog;
    expect(second.nodes.map((n: { data: string }) => JSON.parse(n.data).i)).toEqual([1, 0]);
  });
});
