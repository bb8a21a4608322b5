import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { enroll, publishedCourse, rawId, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, startTestServerOn, TestServer } from '../harness/server';
import { waitUntil } from '../harness/subscriptions';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CATALOG = `query Catalog($first: Int) { courses(first: $first) { nodes { id title enrollmentCount ratingCount creator { profile { displayName } } offers { kind price { amount currency } } } } }`;
const COURSE = `query Course($id: ID!) { course(id: $id) { id title status sections { lessons { title } } } }`;
const UPDATE = `mutation($input: UpdateCourseInput!) { updateCourse(input: $input) { course { id title } errors { code } } }`;
const RATE = `mutation($input: RateCourseInput!) { rateCourse(input: $input) { review { id } errors { code } } }`;

interface Answer {
  status: number;
  body: any;
  cache: string | null;
  etag: string | null;
  cacheControl: string | null;
  sql: number;
}

async function post(t: TestServer, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return answerOf(res);
}

async function answerOf(res: Response): Promise<Answer> {
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : null,
    cache: res.headers.get('x-knowpay-cache'),
    etag: res.headers.get('etag'),
    cacheControl: res.headers.get('cache-control'),
    sql: Number(res.headers.get('x-knowpay-sql-statements')),
  };
}

/**
 * Reads until the answer comes from the cache: the change triggers of writes
 * that committed just before (creating the course) may still be on their way
 * and drop the first copy, which is right, just not what this test is about.
 */
async function cachedRead(t: TestServer, query: string, variables: Record<string, unknown>): Promise<Answer> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const answer = await post(t, query, variables);
    if (answer.cache === 'HIT') return answer;
  }
  throw new Error('never answered from the cache');
}

/** A GET the way Apollo Client sends persisted queries: the hash, the query only when asked for it. */
async function getPersisted(
  t: TestServer,
  query: string,
  variables: Record<string, unknown>,
  options: { withQuery?: boolean; ifNoneMatch?: string; token?: string } = {},
): Promise<Answer> {
  const params = new URLSearchParams({
    variables: JSON.stringify(variables),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } }),
  });
  if (options.withQuery) params.set('query', query);
  const res = await fetch(`${t.url}/graphql?${params}`, {
    headers: {
      'apollo-require-preflight': 'true',
      ...(options.ifNoneMatch ? { 'if-none-match': options.ifNoneMatch } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
  });
  return answerOf(res);
}

/** The bytes as they travel (fetch would decode them): status, headers, body. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { 'apollo-require-preflight': 'true', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function persistedUrl(t: TestServer, query: string, variables: Record<string, unknown>, withQuery = false): string {
  const params = new URLSearchParams({
    variables: JSON.stringify(variables),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } }),
  });
  if (withQuery) params.set('query', query);
  return `${t.url}/graphql?${params}`;
}

describe('anonymous catalog reads come from the response cache until what they show changes', () => {
  let a: TestServer;
  let b: TestServer;
  let creator: { token: string; userId: string };
  let course: TestCourse;

  beforeAll(async () => {
    a = await startTestServer({ REDIS_URL });
    b = await startTestServerOn(a.db, { REDIS_URL });
    creator = await signUpUser(a, 'Creator');
    course = await publishedCourse(a, creator.token, { price: 9900, lessons: 2, title: 'Cached course one' });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('answers a repeated anonymous catalog page without SQL, and shows a new title on the next read after an edit', async () => {
    const first = await post(a, CATALOG, { first: 20 });
    expect(first.body.errors).toBeUndefined();
    expect(first.cache).toBe('MISS');
    expect(first.sql).toBeGreaterThan(0);
    const again = await cachedRead(a, CATALOG, { first: 20 });
    expect(again.sql).toBe(0);
    expect(again.body).toEqual(first.body);

    // A simple cross-site POST (text/plain) is refused as before, cached answer or not (Apollo's CSRF rule).
    const crossSite = await fetch(`${a.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: CATALOG, variables: { first: 20 } }),
    });
    expect(crossSite.status).toBe(400);
    expect(crossSite.headers.get('x-knowpay-cache')).toBeNull();

    const edited = await post(a, UPDATE, { input: { id: course.id, title: 'Cached course, renamed' } }, creator.token);
    expect(edited.body.data.updateCourse.errors).toEqual([]);
    const after = await post(a, CATALOG, { first: 20 });
    expect(after.cache).toBe('MISS');
    expect(after.body.data.courses.nodes.find((n: any) => n.id === course.id).title).toBe('Cached course, renamed');
  });

  it('drops a cached page on a second instance sharing Redis when the course is edited through the first', async () => {
    const cachedOnB = await cachedRead(b, COURSE, { id: course.id });
    expect(cachedOnB.body.data.course.title).toBe('Cached course, renamed');

    const edited = await post(a, UPDATE, { input: { id: course.id, title: 'Renamed through A' } }, creator.token);
    expect(edited.body.data.updateCourse.errors).toEqual([]);
    // Redis dropped the shared copy before A answered; B drops its own copy when the invalidation reaches it.
    await waitUntil(async () => (await post(b, COURSE, { id: course.id })).body.data.course.title === 'Renamed through A', 5000, 'B shows the new title');
    // And A, which never read it, fills from the fresh answer.
    expect((await post(a, COURSE, { id: course.id })).body.data.course.title).toBe('Renamed through A');
  });

  it('shows a new rating and enrollment count after a learner enrolls and rates', async () => {
    const before = (await post(a, CATALOG, { first: 20 })).body.data.courses.nodes.find((n: any) => n.id === course.id);
    await cachedRead(a, CATALOG, { first: 20 });
    const learner = await signUpUser(a, 'Learner');
    await enroll(a, learner.userId, course.id);
    const rated = await post(a, RATE, { input: { courseId: course.id, stars: 5 } }, learner.token);
    expect(rated.body.data.rateCourse.errors).toEqual([]);
    const after = (await post(a, CATALOG, { first: 20 })).body.data.courses.nodes.find((n: any) => n.id === course.id);
    expect(after.ratingCount).toBe(before.ratingCount + 1);
    expect(after.enrollmentCount).toBe(before.enrollmentCount + 1);
  });

  it('drops cached pages on every instance when a writer without a domain event changes a course (a SQL console, a job)', async () => {
    for (const server of [a, b]) {
      await cachedRead(server, COURSE, { id: course.id });
    }
    await a.db.dataSource.query(`UPDATE courses SET title = 'Renamed in a SQL console' WHERE id = $1`, [rawId(course.id)]);
    for (const server of [a, b]) {
      await waitUntil(async () => (await post(server, COURSE, { id: course.id })).body.data.course.title === 'Renamed in a SQL console', 5000, 'the new title');
    }
  });

  it("never answers a signed-in reader from the cache, nor an anonymous one with a signed-in reader's answer", async () => {
    const draft = await publishedCourse(a, creator.token, { price: 4900, lessons: 1, title: 'A draft only its creator sees', publish: false });
    // Anonymous readers do not see a draft; that null is cached.
    expect((await post(a, COURSE, { id: draft.id })).body.data.course).toBeNull();
    expect((await cachedRead(a, COURSE, { id: draft.id })).body.data.course).toBeNull();
    // Its creator asks the same question and gets their own answer, computed for them.
    const own = await post(a, COURSE, { id: draft.id }, creator.token);
    expect(own.cache).toBeNull();
    expect(own.etag).toBeNull();
    expect(own.body.data.course).toMatchObject({ title: 'A draft only its creator sees', status: 'DRAFT' });
    // Which never becomes the anonymous answer.
    const anonymous = await post(a, COURSE, { id: draft.id });
    expect(anonymous.body.data.course).toBeNull();
  });

  it('never caches lesson content: paid text reaches no anonymous reader', async () => {
    const query = `query($id: ID!) { course(id: $id) { title sections { lessons { title content { body } } } } }`;
    const creatorView = await post(a, query, { id: course.id }, creator.token);
    expect(creatorView.body.data.course.sections[0].lessons[1].content.body).toBe('Text 2');
    for (let i = 0; i < 2; i += 1) {
      const anonymous = await post(a, query, { id: course.id });
      expect(anonymous.cache).toBeNull();
      expect(anonymous.body.data.course.sections[0].lessons[1].content).toBeNull();
      expect(JSON.stringify(anonymous.body)).not.toContain('Text 2');
    }
  });

  it('serves persisted-query GETs with an ETag and Cache-Control, and 304 when the client has them', async () => {
    const variables = { id: course.id };
    const unknown = await getPersisted(a, COURSE, variables);
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await getPersisted(a, COURSE, variables, { withQuery: true });
    expect(registered.status).toBe(200);
    expect(registered.body.data.course.id).toBe(course.id);
    expect(registered.etag).toMatch(/^"[\w-]+"$/);
    expect(registered.cacheControl).toBe('public, max-age=5');
    let byHash = await getPersisted(a, COURSE, variables);
    for (let attempt = 0; byHash.cache !== 'HIT' && attempt < 50; attempt += 1) byHash = await getPersisted(a, COURSE, variables);
    expect(byHash.cache).toBe('HIT');
    expect(byHash.etag).toBe(registered.etag);
    expect(byHash.body).toEqual(registered.body);
    const unchanged = await getPersisted(a, COURSE, variables, { ifNoneMatch: registered.etag! });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBeNull();
    // A signed-in GET is not public: no shared cache may keep it.
    const signedIn = await getPersisted(a, COURSE, variables, { withQuery: true, token: creator.token });
    expect(signedIn.status).toBe(200);
    expect(signedIn.etag).toBeNull();
    expect(signedIn.cacheControl ?? '').not.toContain('public');

    await post(a, UPDATE, { input: { id: course.id, title: 'Renamed for the ETag' } }, creator.token);
    const changed = await getPersisted(a, COURSE, variables, { ifNoneMatch: registered.etag! });
    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(registered.etag);
    expect(changed.body.data.course.title).toBe('Renamed for the ETag');
  });

  it('sends a cached page of 1 KB or more compressed for clients that accept brotli or gzip, with its own ETag per encoding', async () => {
    const OUTLINE = `query Outline($id: ID!) { course(id: $id) { id title slug sections { id title lessons { id title kind durationSeconds isPreview } } } }`;
    const long = await publishedCourse(a, creator.token, { lessons: 12, title: 'Cached course, compressed' });
    const variables = { id: long.id };
    const url = persistedUrl(a, OUTLINE, variables);

    // The first answer (a miss) is compressed too.
    const miss = await rawGet(persistedUrl(a, OUTLINE, variables, true), { 'accept-encoding': 'gzip, deflate, br' });
    expect(miss.status).toBe(200);
    expect(miss.headers['x-knowpay-cache']).toBe('MISS');
    expect(miss.headers['content-encoding']).toBe('br');
    const plainText = brotliDecompressSync(miss.bytes).toString();
    expect(JSON.parse(plainText).data.course.sections[0].lessons).toHaveLength(12);

    let plain = await rawGet(url, {});
    for (let attempt = 0; plain.headers['x-knowpay-cache'] !== 'HIT' && attempt < 50; attempt += 1) plain = await rawGet(url, {});
    expect(plain.headers['x-knowpay-cache']).toBe('HIT');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBeGreaterThanOrEqual(1024);
    expect(plain.bytes.toString()).toBe(plainText);
    const etag = plain.headers.etag!;
    expect(etag).toMatch(/^"[\w-]+"$/);

    const brotli = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toBe('Authorization, Accept-Encoding');
    expect(Number(brotli.headers['content-length'])).toBe(brotli.bytes.length);
    expect(brotli.bytes.length).toBeLessThan(plain.bytes.length / 2);
    expect(brotliDecompressSync(brotli.bytes).toString()).toBe(plainText);
    expect(brotli.headers.etag).not.toBe(etag);

    const gzip = await rawGet(url, { 'accept-encoding': 'gzip, deflate' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.bytes).toString()).toBe(plainText);
    expect(new Set([etag, brotli.headers.etag, gzip.headers.etag]).size).toBe(3);

    // q-values decide; a refused encoding is never sent.
    const encodingFor = async (header: string) => (await rawGet(url, { 'accept-encoding': header })).headers['content-encoding'] ?? 'identity';
    expect(await encodingFor('br;q=0, gzip')).toBe('gzip');
    expect(await encodingFor('gzip;q=1, br;q=0.5')).toBe('gzip');
    expect(await encodingFor('gzip;q=0, br;q=0, deflate')).toBe('identity');
    expect(await encodingFor('*')).toBe('br');

    // A client holding any representation of the current answer gets 304, whatever it now accepts.
    expect((await rawGet(url, { 'accept-encoding': 'gzip', 'if-none-match': brotli.headers.etag! })).status).toBe(304);
    expect((await rawGet(url, { 'if-none-match': `W/${gzip.headers.etag}` })).status).toBe(304);
    expect((await rawGet(url, { 'accept-encoding': 'br', 'if-none-match': `"${'x'.repeat(27)}-br"` })).status).toBe(200);

    // Small answers travel as they are: compressing them would save less than a packet.
    const small = await rawGet(persistedUrl(a, COURSE, { id: course.id }, true), { 'accept-encoding': 'br' });
    expect(small.status).toBe(200);
    expect(small.bytes.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});
