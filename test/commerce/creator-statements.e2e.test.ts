import { randomUUID } from 'node:crypto';
import { closedMonth, databaseNow, dayOf, moveJournalsTo } from '../harness/ledger-clock';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { adminToken, checkout, creatorWithCourse, ledgerProblems } from './commerce-fixtures';

const MONEY = 'amount currency';
const STATEMENT = `id month currency status openingBalance { ${MONEY} } sales { ${MONEY} } memberships { ${MONEY} } tips { ${MONEY} }
  refunds { ${MONEY} } platformFee { ${MONEY} } partnerCommissions { ${MONEY} } payouts { ${MONEY} } closingBalance { ${MONEY} }
  payout { amount { ${MONEY} } } creator { id }`;
const MY_STATEMENTS = `{ viewer { creator { id statements(first: 10) { totalCount nodes { ${STATEMENT} csv } } } } }`;
const CREATOR_STATEMENTS = `query($id: ID!) { node(id: $id) { ... on Creator { statements { totalCount } } } }`;
const ADMIN_STATEMENTS = `query($month: String, $creatorId: ID) { creatorStatements(month: $month, creatorId: $creatorId) { totalCount nodes { ${STATEMENT} } } }`;
const ISSUE = `mutation($month: String!) { issueCreatorStatements(month: $month) { month issued errors { code message field } } }`;
const PAY = `mutation($id: ID!, $amount: Int) { payCreatorStatement(statementId: $id, amount: $amount) { statement { ${STATEMENT} } errors { code message field } } }`;
const TIP = `mutation($input: SendTipInput!) { sendTip(input: $input) { tip { id status } errors { code message } } }`;
const REQUEST_REFUND = `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { code message } } }`;
const RESOLVE_REFUND = `mutation($id: ID!) { resolveRefund(id: $id, approve: true, note: "ok") { refund { status } errors { code message } } }`;

const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('creator statements and payouts', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await adminToken(t);
  });
  afterAll(async () => t.stop());

  async function refund(learnerToken: string, orderId: string, amount: number) {
    const requested = await t.gql(REQUEST_REFUND, { input: { orderId, reason: 'changed my mind', amount: cny(amount) } }, learnerToken);
    expect(requested.data.requestRefund.errors).toEqual([]);
    expect((await t.gql(RESOLVE_REFUND, { id: requested.data.requestRefund.refund.id }, admin)).data.resolveRefund.refund.status).toBe('SETTLED');
  }

  it("a creator's month closes into a statement they can read and download; the admin pays it; a refund after the payout carries a negative balance forward", async () => {
    const [october, november] = [closedMonth(1), closedMonth(0)];
    const { creator, course } = await creatorWithCourse(t, cny(10000));
    const learner = await signUpUser(t, 'Buyer');
    const fan = await signUpUser(t, 'Fan');

    // October: a sale of ¥100 and a tip of ¥20
    let since = await databaseNow(t.db.dataSource);
    const { order } = await checkout(t, learner.token, [course.id]);
    const creatorId = (await t.gql(MY_STATEMENTS, {}, creator.token)).data.viewer.creator.id;
    expect((await t.gql(TIP, { input: { creatorId, amount: cny(2000), idempotencyKey: randomUUID() } }, fan.token)).data.sendTip.tip.status).toBe('PAID');
    await moveJournalsTo(t.db.dataSource, since, dayOf(october, 14));

    const issued = await t.gql(ISSUE, { month: october.label }, admin);
    expect(issued.data.issueCreatorStatements).toEqual({ month: october.label, issued: expect.any(Number), errors: [] });
    expect(issued.data.issueCreatorStatements.issued).toBeGreaterThanOrEqual(1);
    // issuing again makes nothing new
    expect((await t.gql(ISSUE, { month: october.label }, admin)).data.issueCreatorStatements.issued).toBe(0);

    const mine = (await t.gql(MY_STATEMENTS, {}, creator.token)).data.viewer.creator.statements;
    expect(mine.totalCount).toBe(1);
    const octoberStatement = mine.nodes[0];
    // 80% of the sale and 95% of the tip are the creator's
    expect(octoberStatement).toMatchObject({
      month: october.label,
      currency: 'CNY',
      status: 'DUE',
      openingBalance: cny(0),
      sales: cny(10000),
      memberships: cny(0),
      tips: cny(2000),
      refunds: cny(0),
      platformFee: cny(2000 + 100),
      partnerCommissions: cny(0),
      payouts: cny(0),
      closingBalance: cny(8000 + 1900),
      payout: null,
    });
    expect(octoberStatement.csv.split('\r\n')).toEqual(
      expect.arrayContaining([
        'month,creator,currency,line,amount_minor_units,amount',
        `${october.label},${creatorId},CNY,sales,10000,¥100.00`,
        `${october.label},${creatorId},CNY,closing_balance,9900,¥99.00`,
      ]),
    );

    // the CSV download: the creator's token works; a stranger sees nothing there, nobody signed in is asked to sign in
    const download = (token?: string) =>
      fetch(`${t.url}/exports/statements/${octoberStatement.id}.csv`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const csv = await download(creator.token);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toBe(octoberStatement.csv);
    expect((await download(learner.token)).status).toBe(404);
    expect((await download()).status).toBe(401);
    expect((await download(admin)).status).toBe(200);
    // only the creator and admins see the statements at all
    expect((await t.gql(CREATOR_STATEMENTS, { id: creatorId }, learner.token)).data.node.statements).toBeNull();
    expect((await t.gql(PAY, { id: octoberStatement.id }, creator.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // November: the admin pays October out; not more than the statement; twice is once
    since = await databaseNow(t.db.dataSource);
    expect((await t.gql(PAY, { id: octoberStatement.id, amount: 9901 }, admin)).data.payCreatorStatement.errors[0]).toMatchObject({
      code: 'AMOUNT_EXCEEDS_BALANCE',
      field: ['amount'],
    });
    const paid = (await t.gql(PAY, { id: octoberStatement.id }, admin)).data.payCreatorStatement;
    expect(paid).toMatchObject({ statement: { status: 'PAID', payout: { amount: cny(9900) } }, errors: [] });
    expect((await t.gql(PAY, { id: octoberStatement.id }, admin)).data.payCreatorStatement).toMatchObject({
      statement: { payout: { amount: cny(9900) } },
      errors: [],
    });
    // then half the course is refunded: the creator's 80% of it is taken back from money already paid out
    await refund(learner.token, order.id, 5000);
    await moveJournalsTo(t.db.dataSource, since, dayOf(november, 9));
    expect((await t.gql(ISSUE, { month: november.label }, admin)).data.issueCreatorStatements.errors).toEqual([]);

    const listed = (await t.gql(ADMIN_STATEMENTS, { creatorId }, admin)).data.creatorStatements;
    expect(listed.nodes.map((s: { month: string }) => s.month)).toEqual([november.label, october.label]);
    expect(listed.nodes[0]).toMatchObject({
      status: 'NOTHING_DUE',
      openingBalance: cny(9900),
      sales: cny(0),
      refunds: cny(5000),
      platformFee: cny(-1000),
      payouts: cny(9900),
      closingBalance: cny(-4000),
    });
    expect((await t.gql(PAY, { id: listed.nodes[0].id }, admin)).data.payCreatorStatement.errors[0].code).toBe('CONFLICT');
    // the month that has not ended cannot be issued
    const thisMonth = new Date().toISOString().slice(0, 7);
    expect((await t.gql(ISSUE, { month: thisMonth }, admin)).data.issueCreatorStatements.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['month'] });
    expect((await t.gql(ISSUE, { month: '2026/11' }, admin)).data.issueCreatorStatements.errors[0].code).toBe('INVALID_INPUT');
    expect(await ledgerProblems(t)).toEqual([]);
  });

  it('a payout cannot take more than the creator holds now: a refund since the statement lowers what can be paid', async () => {
    const month = closedMonth(0);
    const { creator, course } = await creatorWithCourse(t, cny(5000));
    const learner = await signUpUser(t, 'Learner');
    const since = await databaseNow(t.db.dataSource);
    const { order } = await checkout(t, learner.token, [course.id]);
    await moveJournalsTo(t.db.dataSource, since, dayOf(month, 20));
    await t.gql(ISSUE, { month: month.label }, admin);
    const creatorId = (await t.gql(MY_STATEMENTS, {}, creator.token)).data.viewer.creator.id;
    const [statement] = (await t.gql(ADMIN_STATEMENTS, { month: month.label, creatorId }, admin)).data.creatorStatements.nodes;
    expect(statement.closingBalance).toEqual(cny(4000));

    await refund(learner.token, order.id, 2500);
    const refused = (await t.gql(PAY, { id: statement.id }, admin)).data.payCreatorStatement.errors[0];
    expect(refused).toMatchObject({ code: 'AMOUNT_EXCEEDS_BALANCE', message: expect.stringContaining('¥20.00') });
    expect((await t.gql(PAY, { id: statement.id, amount: 2000 }, admin)).data.payCreatorStatement).toMatchObject({
      statement: { status: 'PAID', payout: { amount: cny(2000) } },
      errors: [],
    });
    const [{ balance }] = await t.db.dataSource.query(
      `SELECT -sum(p.amount)::int AS balance FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.code = $1`,
      [`creator:${Buffer.from(creatorId, 'base64url').toString().split(':')[1]}:payable`],
    );
    expect(balance).toBe(0);
    expect(await ledgerProblems(t)).toEqual([]);
  });
});
