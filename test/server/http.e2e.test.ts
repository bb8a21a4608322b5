import { WebSocket } from 'ws';
import { createClient } from 'graphql-ws';
import { signUpUser, startTestServer, TestServer } from '../harness/server';

describe('HTTP and WebSocket transport', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ GRAPHQL_MAX_COST: '2000', GRAPHQL_MAX_BODY_BYTES: '4096' });
  });
  afterAll(async () => t.stop());

  it('reports liveness and readiness with the model backend', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      database: 'ok',
      migrations: 'applied',
      modelBackend: expect.any(String),
      moderationModel: expect.stringMatching(/^[0-9a-f.]+$/),
    });
  });

  it('answers GET queries (with a CSRF-safe header) as well as POST', async () => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ categories { slug } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    // Every database starts with the base categories (School migration).
    expect(await res.json()).toEqual({ data: { categories: expect.arrayContaining([{ slug: 'programming' }]) } });
  });

  it('rejects over-costly queries before execution with the computed cost', async () => {
    const res = await t.gql(`{ courses(first: 100) { nodes { sections { lessons { course { sections { id } } } } } } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 2000 });
    expect(res.errors?.[0].extensions?.cost).toBeGreaterThan(2000);
    // The header is there (NaN otherwise), and says nothing ran.
    expect(res.sqlStatements).toBe(0);
    expect((await t.gql(`{ courses(first: 1) { totalCount } }`)).sqlStatements).toBeGreaterThan(0);
  });

  it('rejects over-deep queries', async () => {
    const deep = `{ courses(first: 1) { nodes { creator { courses(first: 1) { nodes { creator { courses(first: 1) { nodes { creator { courses(first: 1) { nodes { creator { courses(first: 1) { nodes { id } } } } } } } } } } } } } } }`;
    const res = await t.gql(deep);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxDepth: 12 });
  });

  it('refuses oversized and malformed bodies with clear codes', async () => {
    const big = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ categories { slug } }`, pad: 'x'.repeat(5000) }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const broken = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(broken.status).toBe(400);
    const unknownField = await t.gql(`{ nope }`);
    expect(unknownField.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('accepts graphql-ws connections with a valid token and closes them with 4403 for a bad one', async () => {
    const { token } = await signUpUser(t, 'Socket');
    const wsUrl = `${t.url.replace('http', 'ws')}/graphql`;
    const connect = (authorization: string) =>
      new Promise<{ acked: boolean; closeCode?: number }>((resolve) => {
        const client = createClient({
          url: wsUrl,
          webSocketImpl: WebSocket,
          lazy: false,
          retryAttempts: 0,
          onNonLazyError: () => undefined,
          connectionParams: { authorization },
          on: {
            connected: () => {
              resolve({ acked: true });
              void client.dispose();
            },
            closed: (event) => resolve({ acked: false, closeCode: (event as { code: number }).code }),
          },
        });
      });
    expect(await connect(`Bearer ${token}`)).toEqual({ acked: true });
    expect(await connect('Bearer forged.token.value')).toEqual({ acked: false, closeCode: 4403 });
  });
});
