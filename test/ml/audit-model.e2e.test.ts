import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/ml/cli';
import { enroll, publishedCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { caseAbout, POST, signUpModerator } from '../moderation/moderation-fixtures';
import { captureIo, csvField } from './fixtures/streams';

// The texts from issue 19, as a new user posted them on a fresh installation.
const CHINESE_ABUSE_AND_SPAM = '你就是个白痴，废物，垃圾课程！骗子老师滚出去！加微信 kaoyan2024 免费领取资料，点击链接 http://t.cn/A6x7Yq 日赚千元！！！';
const ENGLISH_ABUSE_AND_SPAM = 'you are a worthless idiot and a pathetic loser, BUY CHEAP FOLLOWERS NOW http://bit.ly/3fQx9';
const CRITICISM = [
  'this course was a waste of money, the pacing is terrible',
  'The audio in lesson 3 is awful and the examples are outdated. Not worth the price.',
  '这门课太浪费钱了，节奏很差，老师讲得也不清楚',
  '音质很差，第二章的例题也过时了，希望老师改进',
];

describe('the audit model a fresh installation ships', () => {
  let t: TestServer;
  let course: { id: string };
  let learner: { token: string; userId: string };
  let moderator: { token: string; userId: string };
  const dir = mkdtempSync(join(tmpdir(), 'knowpay-audit-'));

  beforeAll(async () => {
    t = await startTestServer();
    const creator = await signUpUser(t, 'Teacher');
    course = await publishedCourse(t, creator.token, { price: 2900 });
    learner = await signUpUser(t, 'Learner');
    await enroll(t, learner.userId, course.id);
    moderator = await signUpModerator(t);
  });
  afterAll(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['Chinese abuse with a WeChat pitch', CHINESE_ABUSE_AND_SPAM],
    ['English abuse with a follower pitch', ENGLISH_ABUSE_AND_SPAM],
  ])('holds %s for a moderator before anyone else sees it', async (_what, body) => {
    const posted = (await t.gql(POST, { input: { courseId: course.id, body } }, learner.token)).data.postComment;
    expect(posted.errors).toEqual([]);
    expect(posted.comment.visibility).toBe('PENDING_REVIEW');
    const found = await caseAbout(t, moderator.token, posted.comment.id);
    expect(found.contentKind).toBe('COMMENT');
  });

  it.each(CRITICISM)('publishes ordinary criticism: %s', async (body) => {
    const posted = (await t.gql(POST, { input: { courseId: course.id, body } }, learner.token)).data.postComment;
    expect(posted).toMatchObject({ errors: [], comment: { visibility: 'VISIBLE' } });
  });

  it('scores on the command line with the version the server serves, label ok for acceptable text', async () => {
    const ready = (await (await fetch(`${t.url}/readyz`)).json()) as { moderationModel: string };
    expect(ready).toMatchObject({
      moderationModel: expect.stringMatching(/^[0-9a-f]{16}$/),
      modelBackendPackage: expect.stringMatching(/^@tensorflow\//),
      modelDevice: expect.any(String),
    });
    const texts = [CHINESE_ABUSE_AND_SPAM, ENGLISH_ABUSE_AND_SPAM, ...CRITICISM];
    const input = join(dir, 'input.csv');
    writeFileSync(input, 'id,text\n' + texts.map((text, i) => `t${i},${csvField(text)}`).join('\n') + '\n');
    const io = captureIo();
    expect(await runCli(['moderate', '--input', input], io)).toBe(0);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.modelVersion)).toEqual(texts.map(() => ready.moderationModel));
    expect(lines.map((l) => l.label)).toEqual([expect.not.stringMatching(/^ok$/), expect.not.stringMatching(/^ok$/), 'ok', 'ok', 'ok', 'ok']);
    expect(lines.slice(0, 2).map((l) => l.decision)).toEqual(['HELD', 'HELD']);
    for (const l of lines) expect(Object.keys(l.scores).sort()).toEqual(['abuse', 'ok', 'spam']);
    // The thresholds it used are the server's for comments.
    expect(io.err()).toMatch(new RegExp(`audit model ${ready.moderationModel}, COMMENT: review ≥ [0-9.]+, hold ≥ [0-9.]+`));
  });
});
