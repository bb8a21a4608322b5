import { randomUUID } from 'node:crypto';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { adminToken, creatorWithCourse } from './commerce-fixtures';

const TIP = `mutation($input: SendTipInput!) { sendTip(input: $input) { tip { id status } errors { code message } } }`;
const RECEIVED = `query($handle: String!, $first: Int, $after: String) { creator(handle: $handle) { tipsReceived(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id amount { amount currency } message course { id } from { id profile { displayName } } } } } }`;
const SENT = `query($first: Int) { viewer { tipsSent(first: $first) { totalCount nodes { amount { amount } message to { id } course { id } } } } }`;

/** Creators see who tipped them, how much, with what message, on which course; tippers see what they sent. */
describe('tips visible to the creator and the tipper', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.stop());

  it('a creator pages through the tips received; the tipper lists the tips sent; no one else reads them', async () => {
    const { creator, course } = await creatorWithCourse(t);
    const me = (await t.gql(`{ viewer { creator { id profile { handle } } } }`, {}, creator.token)).data.viewer.creator;
    const fans = [await signUpUser(t, 'Fan'), await signUpUser(t, 'Fan')];
    const amounts = [500, 1500, 800, 2000, 1200];
    for (const [i, amount] of amounts.entries()) {
      const sent = await t.gql(
        TIP,
        {
          input: {
            creatorId: me.id,
            courseId: i % 2 ? course.id : null,
            amount: { amount, currency: 'CNY' },
            message: `thanks #${i}`,
            idempotencyKey: randomUUID(),
          },
        },
        fans[i % 2].token,
      );
      expect(sent.data.sendTip.errors).toEqual([]);
    }

    const first = await t.gql(RECEIVED, { handle: me.profile.handle, first: 2 }, creator.token);
    const page = first.data.creator.tipsReceived;
    expect(page.totalCount).toBe(5);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.nodes).toEqual([
      {
        id: expect.any(String),
        amount: { amount: 1200, currency: 'CNY' },
        message: 'thanks #4',
        course: null,
        from: { id: fans[0].userId, profile: { displayName: expect.stringMatching(/^Fan/) } },
      },
      {
        id: expect.any(String),
        amount: { amount: 2000, currency: 'CNY' },
        message: 'thanks #3',
        course: { id: course.id },
        from: { id: fans[1].userId, profile: expect.any(Object) },
      },
    ]);
    const rest = await t.gql(RECEIVED, { handle: me.profile.handle, first: 10, after: page.pageInfo.endCursor }, creator.token);
    expect(rest.data.creator.tipsReceived.nodes.map((n: { amount: { amount: number } }) => n.amount.amount)).toEqual([800, 1500, 500]);
    // tippers, courses and profiles come through loaders: a longer page costs no more statements
    expect(rest.sqlStatements).toBeLessThanOrEqual(first.sqlStatements);

    const admin = await adminToken(t);
    expect((await t.gql(RECEIVED, { handle: me.profile.handle }, admin)).data.creator.tipsReceived.totalCount).toBe(5);
    expect((await t.gql(RECEIVED, { handle: me.profile.handle }, fans[0].token)).data.creator.tipsReceived).toBeNull();
    expect((await t.gql(RECEIVED, { handle: me.profile.handle })).data.creator.tipsReceived).toBeNull();

    const sent = (await t.gql(SENT, { first: 10 }, fans[1].token)).data.viewer.tipsSent;
    expect(sent).toEqual({
      totalCount: 2,
      nodes: [
        { amount: { amount: 2000 }, message: 'thanks #3', to: { id: me.id }, course: { id: course.id } },
        { amount: { amount: 1500 }, message: 'thanks #1', to: { id: me.id }, course: { id: course.id } },
      ],
    });
    expect((await t.gql(SENT, {}, creator.token)).data.viewer.tipsSent.totalCount).toBe(0);
  });
});
