import { createHmac } from 'node:crypto';
import { ConfigError, loadConfig } from '../../src/kernel/config';
import { enroll, publishedCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';

const KEY = 'media-key-for-tests-0123456789abcdef';
const TTL_SECONDS = 600;
const ADD_LESSON = `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id } errors { code message field } } }`;
const MEDIA = `query($id: ID!) { node(id: $id) { ... on Lesson { content { mediaUrl mediaUrlExpiresAt } } } }`;
const OUTLINE = `query($id: ID!) { course(id: $id) { sections { id } } }`;

/** The documented signature: base64url(HMAC-SHA256(key, path + "\n" + expires)). */
const sign = (path: string, expires: number) => createHmac('sha256', KEY).update(`${path}\n${expires}`).digest('base64url');

describe('signed, expiring links to paid lesson media', () => {
  let t: TestServer;
  let creator: { token: string; userId: string };
  let buyer: { token: string; userId: string };
  let paidVideo: string;
  let previewVideo: string;

  beforeAll(async () => {
    t = await startTestServer({ MEDIA_SIGNING_KEY: KEY, MEDIA_URL_TTL_SECONDS: String(TTL_SECONDS) });
    creator = await signUpUser(t, 'Filmmaker');
    buyer = await signUpUser(t, 'Buyer');
    const course = await publishedCourse(t, creator.token, { price: 19900, lessons: 1, publish: false });
    const section = (await t.gql(OUTLINE, { id: course.id }, creator.token)).data.course.sections[0].id;
    const add = async (title: string, isPreview: boolean) =>
      (
        await t.gql(
          ADD_LESSON,
          {
            input: {
              sectionId: section,
              title,
              kind: 'VIDEO',
              durationSeconds: 600,
              isPreview,
              mediaUrl: `https://media.example.com/videos/${title}.mp4?quality=hd`,
            },
          },
          creator.token,
        )
      ).data.addLesson.lesson.id;
    paidVideo = await add('paid', false);
    previewVideo = await add('trailer', true);
    await t.gql(`mutation($id: ID!) { publishCourse(id: $id) { errors { code } } }`, { id: course.id }, creator.token);
    await enroll(t, buyer.userId, course.id);
  });
  afterAll(async () => t?.stop());

  const authorize = (uri: string | null) => fetch(`${t.url}/media/authorize`, { headers: uri === null ? {} : { 'x-original-uri': uri } });

  it('gives the buyer a signed link that expires after MEDIA_URL_TTL_SECONDS, never the permanent one', async () => {
    const before = Math.floor(Date.now() / 1000);
    const content = (await t.gql(MEDIA, { id: paidVideo }, buyer.token)).data.node.content;
    const url = new URL(content.mediaUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://media.example.com/videos/paid.mp4');
    expect(url.searchParams.get('quality')).toBe('hd');
    const expires = Number(url.searchParams.get('expires'));
    expect(expires).toBeGreaterThanOrEqual(before + TTL_SECONDS);
    expect(expires).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + TTL_SECONDS);
    expect(new Date(content.mediaUrlExpiresAt).getTime()).toBe(expires * 1000);
    expect(url.searchParams.get('signature')).toBe(sign('/videos/paid.mp4', expires));
  });

  it('keeps permanent links for the creator and for free previews; strangers get no link at all', async () => {
    expect((await t.gql(MEDIA, { id: paidVideo }, creator.token)).data.node.content).toEqual({
      mediaUrl: 'https://media.example.com/videos/paid.mp4?quality=hd',
      mediaUrlExpiresAt: null,
    });
    expect((await t.gql(MEDIA, { id: previewVideo }, buyer.token)).data.node.content.mediaUrlExpiresAt).toBeNull();
    const stranger = await signUpUser(t, 'Stranger');
    expect((await t.gql(MEDIA, { id: paidVideo }, stranger.token)).data.node.content).toBeNull();
    expect((await t.gql(MEDIA, { id: paidVideo })).data.node.content).toBeNull();
  });

  it('GET /media/authorize lets a media server check a link: valid until it expires, never for another path', async () => {
    const signed = new URL((await t.gql(MEDIA, { id: paidVideo }, buyer.token)).data.node.content.mediaUrl);
    const uri = `${signed.pathname}${signed.search}`;
    expect((await authorize(uri)).status).toBe(204);
    expect((await fetch(`${t.url}/media/authorize?uri=${encodeURIComponent(uri)}`)).status).toBe(204);

    const otherPath = await authorize(uri.replace('/videos/paid.mp4', '/videos/other.mp4'));
    expect(otherPath.status).toBe(403);
    expect(((await otherPath.json()) as { error: string }).error).toMatch(/signature does not match/);
    const laterExpiry = signed.search.replace(/expires=\d+/, `expires=${Number(signed.searchParams.get('expires')) + 3600}`);
    expect((await authorize(`${signed.pathname}${laterExpiry}`)).status).toBe(403);

    const past = Math.floor(Date.now() / 1000) - 5;
    const expired = await authorize(`/videos/paid.mp4?expires=${past}&signature=${sign('/videos/paid.mp4', past)}`);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { error: string }).error).toMatch(/expired/);
    expect((await authorize('/videos/paid.mp4')).status).toBe(403);
    expect((await authorize(null)).status).toBe(400);
  });

  it('refuses a signing key shorter than 32 characters and a lifetime out of range', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ NODE_ENV: 'test', ...env });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ MEDIA_SIGNING_KEY: 'short' })).toEqual([expect.stringMatching(/MEDIA_SIGNING_KEY must be at least 32/)]);
    expect(problems({ MEDIA_URL_TTL_SECONDS: '5' })).toEqual([expect.stringMatching(/MEDIA_URL_TTL_SECONDS/)]);
    expect(loadConfig({ NODE_ENV: 'test' }).media.signingKey).toHaveLength(43);
  });
});
