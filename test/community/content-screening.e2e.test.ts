import { enroll, publishedCourse, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';

// Stands in for the audit model: "[hold]" texts are held for review, "[reject]" ones refused.
jest.mock('../../src/kernel/screening', () => require('../harness/screening-stand-in').screeningStandIn());

const RATE = `mutation($input: RateCourseInput!) { rateCourse(input: $input) { review { id body } errors { code message field } } }`;
const POST = `mutation($input: PostCommentInput!) { postComment(input: $input) { comment { id visibility } errors { code message field } } }`;
const SEND = `mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { message { id visibility } errors { code message field } } }`;
const SEEN = `query($id: ID!) { course(id: $id) { ratingCount reviews { totalCount nodes { body } } comments { totalCount nodes { body replyCount } }
  chatRoom { messages { totalCount nodes { body visibility } } } } }`;

describe('community text goes through moderation screening', () => {
  let t: TestServer;
  let course: TestCourse;
  let author: { token: string; userId: string };
  let reader: { token: string; userId: string };
  let roomId: string;

  beforeAll(async () => {
    t = await startTestServer();
    const creator = await signUpUser(t, 'Creator');
    course = await publishedCourse(t, creator.token, { price: 1000, lessons: 1 });
    author = await signUpUser(t, 'Author');
    reader = await signUpUser(t, 'Reader');
    await enroll(t, author.userId, course.id);
    await enroll(t, reader.userId, course.id);
    roomId = (await t.gql(`query($id: ID!) { course(id: $id) { chatRoom { id } } }`, { id: course.id }, author.token)).data.course.chatRoom.id;
  });
  afterAll(async () => t?.stop());

  it('stores nothing visible for rejected text and says why', async () => {
    const review = (await t.gql(RATE, { input: { courseId: course.id, stars: 1, body: 'rude [reject]' } }, author.token)).data.rateCourse;
    expect(review.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'body'], message: expect.stringMatching(/community rules/) });
    const comment = (await t.gql(POST, { input: { courseId: course.id, body: 'rude [reject]' } }, author.token)).data.postComment;
    expect(comment.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'body'] });
    const chat = (await t.gql(SEND, { input: { roomId, body: 'rude [reject]', clientMessageId: 'r1' } }, author.token)).data.sendChatMessage;
    expect(chat.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'body'] });
    const counts = await t.db.dataSource.query(
      `SELECT (SELECT count(*) FROM reviews)::int AS r, (SELECT count(*) FROM comments)::int AS c, (SELECT count(*) FROM chat_messages)::int AS m`,
    );
    expect(counts[0]).toEqual({ r: 0, c: 0, m: 0 });
  });

  it('shows held text to its author only, and held reviews do not count in the rating yet', async () => {
    await t.gql(RATE, { input: { courseId: course.id, stars: 5, body: 'great [hold]' } }, author.token);
    const comment = (await t.gql(POST, { input: { courseId: course.id, body: 'question [hold]' } }, author.token)).data.postComment;
    expect(comment.comment.visibility).toBe('PENDING_REVIEW');
    await t.gql(POST, { input: { courseId: course.id, body: 'visible one' } }, reader.token);
    const chat = (await t.gql(SEND, { input: { roomId, body: 'hello [hold]', clientMessageId: 'h1' } }, author.token)).data.sendChatMessage;
    expect(chat.message.visibility).toBe('PENDING_REVIEW');

    const asAuthor = (await t.gql(SEEN, { id: course.id }, author.token)).data.course;
    expect(asAuthor.reviews).toEqual({ totalCount: 1, nodes: [{ body: 'great [hold]' }] });
    expect(asAuthor.comments.totalCount).toBe(2);
    expect(asAuthor.chatRoom.messages).toEqual({ totalCount: 1, nodes: [{ body: 'hello [hold]', visibility: 'PENDING_REVIEW' }] });
    expect(asAuthor.ratingCount).toBe(0);

    const asReader = (await t.gql(SEEN, { id: course.id }, reader.token)).data.course;
    expect(asReader.reviews.totalCount).toBe(0);
    expect(asReader.comments).toEqual({ totalCount: 1, nodes: [{ body: 'visible one', replyCount: 0 }] });
    expect(asReader.chatRoom.messages.totalCount).toBe(0);
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: comment.comment.id }, reader.token)).data.node).toBeNull();
  });
});
