import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createTestDatabase, TestDatabase } from '../harness/database';
import { graphqlClient, signUpUser } from '../harness/server';
import { postGraphQL, ServerProcess, startServerProcess } from '../harness/server-process';

/**
 * One anonymous request must never stop the service. The real server runs in
 * a process of its own with its default limits and throttles, so a request
 * that wedged its event loop would show here as a timeout, not hang jest.
 */
const fragmentBomb = (levels = 30, on = 'Query', leaf = '__typename') =>
  [
    on === 'Query' ? 'query Bomb { ...F0 }' : `query Bomb { courses(first: 1) { nodes { ...F0 } } }`,
    ...Array.from({ length: levels }, (_, i) => `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} }`),
    `fragment F${levels} on ${on} { ${leaf} }`,
  ].join('\n');

const SIGN_IN = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token errors { code message } } }';

describe('hostile requests against a running server', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServerProcess(db);
  }, 90_000);
  afterAll(async () => {
    await server?.kill();
    await db?.drop();
  });

  const healthz = () =>
    fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (res) => res.status,
      () => 0,
    );

  describe('operation limits', () => {
    it('refuses a fragment bomb in milliseconds while the server keeps answering', async () => {
      const [bomb, health] = await Promise.all([postGraphQL(server.url, { query: fragmentBomb() }, { ms: 5000 }), healthz()]);
      expect(bomb.timedOut).toBe(false);
      expect(bomb.status).toBe(400);
      expect(bomb.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
      expect(bomb.ms).toBeLessThan(2000);
      expect(health).toBe(200);
      // The same shape inside a field, on an object type.
      const nested = await postGraphQL(server.url, { query: fragmentBomb(30, 'Course', 'id title') }, { ms: 5000 });
      expect(nested.json.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(await healthz()).toBe(200);
    });

    it('refuses the same fragment bomb over graphql-ws', async () => {
      const client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
      try {
        const result = await new Promise<any>((resolve) => {
          const timer = setTimeout(() => resolve({ timedOut: true }), 5000);
          client.subscribe(
            { query: fragmentBomb() },
            {
              next: (value) => {
                clearTimeout(timer);
                resolve(value);
              },
              error: (error) => {
                clearTimeout(timer);
                resolve({ errors: error });
              },
              complete: () => undefined,
            },
          );
        });
        expect(result.timedOut).toBeUndefined();
        expect(result.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      } finally {
        await client.dispose();
      }
      expect(await healthz()).toBe(200);
    });

    it('limits aliases, root fields, directives and tokens, and counts introspection like any field', async () => {
      const aliases = await postGraphQL(server.url, { query: `{ ${Array.from({ length: 100 }, (_, i) => `c${i}: categories { slug }`).join(' ')} }` });
      expect(aliases.status).toBe(400);
      expect(aliases.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });

      const rootFields = await postGraphQL(server.url, { query: `{ ${'categories { slug } '.repeat(40)} }` });
      expect(rootFields.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'rootFields' });

      const directives = await postGraphQL(server.url, {
        query: `{ categories { ${Array.from({ length: 60 }, () => 'slug @include(if: true)').join(' ')} } }`,
      });
      expect(directives.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'directives' });

      const tokens = await postGraphQL(server.url, { query: `{ categories { ${'slug '.repeat(5000)} } }` });
      expect(tokens.status).toBe(400);
      expect(tokens.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });

      // graphql-js caps nested introspection `fields` itself; an `ofType` chain is ours to count.
      const introspection = await postGraphQL(server.url, {
        query: `{ __schema { types { fields { type ${'{ ofType '.repeat(9)}{ name }${' }'.repeat(9)} } } } }`,
      });
      expect(introspection.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', maxDepth: 12 });

      const fine = await postGraphQL(server.url, { query: '{ __schema { queryType { name } } categories { slug } }' });
      expect(fine.json).toEqual({ data: { __schema: { queryType: { name: 'Query' } }, categories: expect.arrayContaining([{ slug: 'programming' }]) } });
    });

    it('refuses batched bodies and non-object bodies with a 400, not a 500', async () => {
      const batch = await postGraphQL(server.url, [{ query: '{ categories { slug } }' }, { query: '{ categories { slug } }' }]);
      expect(batch.status).toBe(400);
      for (const body of ['null', '"query"', '42', '{"query": 42}', '{"query": "{ categories { slug } }", "variables": "x"}']) {
        const res = await postGraphQL(server.url, body);
        expect([400, 415]).toContain(res.status);
        expect(res.text).not.toMatch(/\bat .+\.js:\d+/);
      }
    });
  });

  describe('credential throttling', () => {
    it('stops guessing one account after 10 attempts from one address, the same way for accounts that do not exist', async () => {
      const gql = graphqlClient(server.url);
      const victim = await signUpUser({ gql }, 'Victim');
      for (const email of [victim.email, 'nobody-here@example.com']) {
        for (let attempt = 1; attempt <= 10; attempt += 1) {
          const res = await postGraphQL(server.url, { query: SIGN_IN, variables: { e: email, p: `guess-${attempt}` } });
          expect(res.json.data.signIn.errors[0]).toMatchObject({ code: 'INVALID_INPUT', message: 'Email or password is incorrect.' });
        }
        const refused = await postGraphQL(server.url, { query: SIGN_IN, variables: { e: email, p: 'correct horse battery' } });
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(refused.json.data ?? null).toBeNull();
        expect(refused.json.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
        expect(refused.json.errors[0].message).not.toMatch(/exist|unknown|no account/i);
      }
    });

    it('counts every aliased signIn as one attempt and refuses a request over the allowance as a whole', async () => {
      const gql = graphqlClient(server.url);
      const target = await signUpUser({ gql }, 'Target');
      const fields = Array.from({ length: 12 }, (_, i) => `a${i}: signIn(email: "${target.email}", password: "wrong-${i}") { token }`).join(' ');
      const res = await postGraphQL(server.url, { query: `mutation { ${fields} }` });
      expect(res.status).toBe(429);
      expect(res.json.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(res.json.data ?? null).toBeNull();
      // The account's own sign-in from this address is now throttled too: the 12 attempts were counted.
      const after = await postGraphQL(server.url, { query: SIGN_IN, variables: { e: target.email, p: 'correct horse battery' } });
      expect(after.json.errors[0].extensions.code).toBe('RATE_LIMITED');
    });

    it('ignores X-Forwarded-For unless TRUST_PROXY says a proxy sets it', async () => {
      const gql = graphqlClient(server.url);
      const user = await signUpUser({ gql }, 'Spoofed');
      for (let attempt = 0; attempt < 10; attempt += 1) {
        await postGraphQL(server.url, { query: SIGN_IN, variables: { e: user.email, p: 'nope' } }, { headers: { 'x-forwarded-for': `198.51.100.${attempt}` } });
      }
      const spoofed = await postGraphQL(
        server.url,
        { query: SIGN_IN, variables: { e: user.email, p: 'nope' } },
        { headers: { 'x-forwarded-for': '203.0.113.7' } },
      );
      expect(spoofed.json.errors[0].extensions.code).toBe('RATE_LIMITED');
    });

    it('throttles sign-ups from one address', async () => {
      let created = 0;
      let refused: Awaited<ReturnType<typeof postGraphQL>> | null = null;
      for (let i = 0; i < 40 && !refused; i += 1) {
        const res = await postGraphQL(server.url, {
          query: 'mutation($i: SignUpInput!) { signUp(input: $i) { token errors { code } } }',
          variables: { i: { email: `flood-${i}-${Date.now()}@example.com`, password: 'correct horse battery', displayName: `Flood ${i}` } },
        });
        if (res.json.data?.signUp?.token) created += 1;
        else refused = res;
      }
      expect(refused?.status).toBe(429);
      expect(refused?.json.errors[0].extensions.code).toBe('RATE_LIMITED');
      const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM users WHERE email LIKE 'flood-%'`);
      expect(count).toBe(created);
      expect(created).toBeLessThanOrEqual(20);
    });

    it('throttles password-reset requests like sign-ins, the same way for addresses nobody uses', async () => {
      // An account that exists (sign-ups from here are used up by now), then one that does not.
      const RESET = 'mutation($e: String!) { requestPasswordReset(email: $e) { ok errors { code } } }';
      for (const email of ['admin@knowpay.test', 'nobody-resets@example.com']) {
        for (let attempt = 1; attempt <= 10; attempt += 1) {
          expect((await postGraphQL(server.url, { query: RESET, variables: { e: email } })).json.data.requestPasswordReset).toEqual({ ok: true, errors: [] });
        }
        const refused = await postGraphQL(server.url, { query: RESET, variables: { e: email } });
        expect(refused.status).toBe(429);
        expect(refused.json.errors[0].extensions.code).toBe('RATE_LIMITED');
      }
    });
  });

  describe('logs', () => {
    it('does not log business errors as unexpected errors', async () => {
      const before = server.output().length;
      await postGraphQL(server.url, { query: SIGN_IN, variables: { e: 'not-an-email', p: 'x' } });
      await postGraphQL(server.url, { query: '{ course(slug: "no-such-course") { id } node(id: "bm90LWFuLWlk") { id } }' });
      await postGraphQL(server.url, {
        query: 'mutation { reportContent(input: { contentKind: COMMENT, contentId: "Q29tbWVudDp4", reason: "spam" }) { errors { code } } }',
      });
      await postGraphQL(server.url, { query: '{ courses(first: 1000) { totalCount } }' });
      await postGraphQL(server.url, { query: '{ courses(first: 1) { nodes { nope } } }' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const logged = server.output().slice(before);
      expect(logged).not.toMatch(/unexpected error/i);
      expect(logged).not.toMatch(/\n\s+at .+:\d+:\d+\)/);
    });
  });

  it('still stops gracefully on SIGTERM after all of the above', async () => {
    expect(await healthz()).toBe(200);
    expect(await server.terminate(15_000)).toBe(true);
  });
});
