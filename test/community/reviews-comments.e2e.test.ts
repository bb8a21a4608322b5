import { enroll, publishedCourse, rawId, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';

const RATE = `mutation($input: RateCourseInput!) { rateCourse(input: $input) { review { id stars body author { id } } errors { code message field } } }`;
const RATING = `query($id: ID!) { course(id: $id) { ratingAverage ratingCount reviews(first: 50) { totalCount nodes { stars body } } } }`;
const POST = `mutation($input: PostCommentInput!) { postComment(input: $input) { comment { id body replyCount visibility parent { id } author { id } } errors { code message field } } }`;
const THREAD = `query($id: ID!, $first: Int, $after: String) { course(id: $id) { comments(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id body replyCount replies(first: 10) { totalCount nodes { body parent { id } } } } } } }`;

describe('community: reviews and threaded comments', () => {
  let t: TestServer;
  let creator: { token: string; userId: string };
  let course: TestCourse;
  let learner: { token: string; userId: string };

  beforeAll(async () => {
    t = await startTestServer();
    creator = await signUpUser(t, 'Creator');
    course = await publishedCourse(t, creator.token, { price: 4900, lessons: 2 });
    learner = await signUpUser(t, 'Learner');
    await enroll(t, learner.userId, course.id);
  });
  afterAll(async () => t?.stop());

  it('lets only learners with access rate, one review each (a second call updates it)', async () => {
    const outsider = await signUpUser(t, 'Outsider');
    expect((await t.gql(RATE, { input: { courseId: course.id, stars: 5 } }, outsider.token)).data.rateCourse.errors[0]).toMatchObject({
      code: 'NOT_ENTITLED',
      field: ['input', 'courseId'],
    });
    expect((await t.gql(RATE, { input: { courseId: course.id, stars: 5 } }, creator.token)).data.rateCourse.errors[0].code).toBe('NOT_ENTITLED');

    const first = (await t.gql(RATE, { input: { courseId: course.id, stars: 4, body: '  Clear and practical. ' } }, learner.token)).data.rateCourse;
    expect(first).toMatchObject({ errors: [], review: { stars: 4, body: 'Clear and practical.', author: { id: learner.userId } } });
    const second = (await t.gql(RATE, { input: { courseId: course.id, stars: 2 } }, learner.token)).data.rateCourse;
    expect(second.review).toMatchObject({ id: first.review.id, stars: 2, body: null });
    const view = (await t.gql(RATING, { id: course.id })).data.course;
    expect(view).toMatchObject({ ratingAverage: 2, ratingCount: 1, reviews: { totalCount: 1, nodes: [{ stars: 2, body: null }] } });
  });

  it('keeps rating_sum and rating_count exact under concurrent ratings and re-ratings', async () => {
    const busy = await publishedCourse(t, creator.token, { price: 100, lessons: 1 });
    const learners = await Promise.all(Array.from({ length: 12 }, (_, i) => signUpUser(t, `Rater${i}`)));
    for (const l of learners) await enroll(t, l.userId, busy.id);
    // Every learner rates three times at once; whichever call commits last decides their stars.
    const calls = learners.flatMap((l, i) => [1, 3, 5].map((s) => t.gql(RATE, { input: { courseId: busy.id, stars: ((i + s) % 5) + 1 } }, l.token)));
    const results = await Promise.all(calls);
    expect(results.every((r) => r.data.rateCourse.errors.length === 0)).toBe(true);
    const [row] = await t.db.dataSource.query(
      `SELECT c.rating_sum, c.rating_count, (SELECT sum(stars)::int FROM reviews WHERE course_id = c.id) AS sum, (SELECT count(*)::int FROM reviews WHERE course_id = c.id) AS count
         FROM courses c WHERE c.id = $1`,
      [rawId(busy.id)],
    );
    expect(row.rating_count).toBe(12);
    expect(row.count).toBe(12);
    expect(row.rating_sum).toBe(row.sum);
  });

  it('validates stars, text and ids', async () => {
    const bad = async (input: Record<string, unknown>) => (await t.gql(RATE, { input }, learner.token)).data.rateCourse.errors[0];
    expect(await bad({ courseId: course.id, stars: 0 })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'stars'] });
    expect(await bad({ courseId: course.id, stars: 6 })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'stars'] });
    expect(await bad({ courseId: course.id, stars: 3, body: 'x'.repeat(5001) })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'body'] });
    expect(await bad({ courseId: course.lessonIds[0], stars: 3 })).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'courseId'] });
    expect(await bad({ courseId: 'nope', stars: 3 })).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'courseId'] });
    expect((await t.gql(RATE, { input: { courseId: course.id, stars: 3 } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('threads comments by parent, counts replies and pages through them', async () => {
    const post = async (token: string, input: Record<string, unknown>) => (await t.gql(POST, { input }, token)).data.postComment;
    const top: string[] = [];
    for (let i = 0; i < 3; i += 1) top.push((await post(learner.token, { courseId: course.id, body: `Question ${i}` })).comment.id);
    const reply = await post(creator.token, { courseId: course.id, parentId: top[0], body: 'Answer from the creator' });
    expect(reply).toMatchObject({ errors: [], comment: { parent: { id: top[0] }, author: { id: creator.userId }, visibility: 'VISIBLE' } });
    await post(learner.token, { courseId: course.id, parentId: top[0], body: 'Thanks!' });
    const onLesson = await post(learner.token, { courseId: course.id, lessonId: course.lessonIds[1], body: 'About this lesson' });
    expect(onLesson.errors).toEqual([]);

    const page1 = (await t.gql(THREAD, { id: course.id, first: 2 })).data.course.comments;
    expect(page1.totalCount).toBe(3);
    expect(page1.nodes.map((n: any) => n.body)).toEqual(['Question 2', 'Question 1']);
    const page2 = (await t.gql(THREAD, { id: course.id, first: 2, after: page1.pageInfo.endCursor })).data.course.comments;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page2.nodes[0]).toMatchObject({
      id: top[0],
      replyCount: 2,
      replies: { totalCount: 2, nodes: [{ body: 'Answer from the creator', parent: { id: top[0] } }, { body: 'Thanks!' }] },
    });

    // A paid lesson's thread is as private as the lesson: its learners read it, passers-by see none of it.
    const LESSON_THREAD = `query($id: ID!) { node(id: $id) { ... on Lesson { comments { totalCount nodes { body } } } } }`;
    expect((await t.gql(LESSON_THREAD, { id: course.lessonIds[1] }, learner.token)).data.node.comments).toEqual({
      totalCount: 1,
      nodes: [{ body: 'About this lesson' }],
    });
    expect((await t.gql(LESSON_THREAD, { id: course.lessonIds[1] })).data.node.comments).toEqual({ totalCount: 0, nodes: [] });
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: onLesson.comment.id })).data.node).toBeNull();
  });

  it('keeps outsiders out of the conversation and rejects bad comments', async () => {
    const outsider = await signUpUser(t, 'Lurker');
    const post = async (token: string, input: Record<string, unknown>) => (await t.gql(POST, { input }, token)).data.postComment.errors[0];
    expect(await post(outsider.token, { courseId: course.id, body: 'Hi' })).toMatchObject({ code: 'NOT_ENTITLED' });
    expect(await post(learner.token, { courseId: course.id, body: '   ' })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'body'] });
    expect(await post(learner.token, { courseId: course.id, body: 'x'.repeat(5001) })).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'body'] });
    expect(await post(learner.token, { courseId: course.id, parentId: course.id, body: 'Hi' })).toMatchObject({
      code: 'NOT_FOUND',
      field: ['input', 'parentId'],
    });
    const other = await publishedCourse(t, creator.token, { price: null, lessons: 1 });
    expect(await post(learner.token, { courseId: course.id, lessonId: other.lessonIds[0], body: 'Hi' })).toMatchObject({
      code: 'NOT_FOUND',
      field: ['input', 'lessonId'],
    });
  });
});
