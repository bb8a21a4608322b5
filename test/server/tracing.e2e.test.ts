import { createServer, Server } from 'node:http';
import { ONE_ADDRESS_MANY_USERS } from '../../bench/bench-server';
import { createTestDatabase, TestDatabase } from '../harness/database';
import { freePort, postGraphQL, ServerProcess, startServerProcess } from '../harness/server-process';
import { waitUntil } from '../harness/subscriptions';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  scope: string;
  attributes: Record<string, unknown>;
}

/** An OpenTelemetry collector in the test process: OTLP/HTTP with JSON bodies, keeping every span it is sent. */
async function startCollector(): Promise<{ endpoint: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const payload = JSON.parse(body);
        for (const resourceSpans of payload.resourceSpans ?? []) {
          for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
            for (const span of scopeSpans.spans ?? []) {
              const attributes = Object.fromEntries(
                (span.attributes ?? []).map((a: { key: string; value: Record<string, unknown> }) => [a.key, Object.values(a.value)[0]]),
              );
              spans.push({
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId || undefined,
                name: span.name,
                kind: span.kind,
                scope: scopeSpans.scope?.name ?? '',
                attributes,
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const SERVER_KIND = 2;

describe('tracing with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  let db: TestDatabase;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let server: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    collector = await startCollector();
    server = await startServerProcess(db, {
      ...ONE_ADDRESS_MANY_USERS,
      REDIS_URL,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: 'knowpay-under-test',
    });
  });
  afterAll(async () => {
    await server?.terminate();
    await collector?.close();
    await db?.drop();
  });

  it('sends one trace per request to the collector: the HTTP request, GraphQL execution, PostgreSQL statements and Redis commands in it', async () => {
    const res = await postGraphQL(server.url, {
      query: 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token errors { code } } }',
      operationName: 'SignUp',
      variables: { input: { email: `traced-${process.pid}@example.com`, password: 'correct horse battery', displayName: 'Traced' } },
    });
    expect(res.json.data.signUp.errors).toEqual([]);
    const requestSpan = () =>
      collector.spans.find(
        (span) =>
          span.kind === SERVER_KIND &&
          span.scope === '@opentelemetry/instrumentation-http' &&
          String(span.attributes['url.path'] ?? span.attributes['http.target']).startsWith('/graphql'),
      );
    await waitUntil(() => requestSpan() !== undefined, 10_000, 'the HTTP server span');
    const { traceId } = requestSpan()!;
    const inTrace = (scope: string) => collector.spans.filter((span) => span.traceId === traceId && span.scope === scope);
    await waitUntil(
      () => inTrace('@opentelemetry/instrumentation-pg').length > 0 && inTrace('@opentelemetry/instrumentation-ioredis').length > 0,
      10_000,
      'database and Redis spans',
    );
    expect(inTrace('@opentelemetry/instrumentation-graphql').map((span) => span.name)).toEqual(
      expect.arrayContaining(['graphql.parse', 'graphql.validate', 'mutation SignUp']),
    );
    expect(inTrace('@opentelemetry/instrumentation-graphql').some((span) => span.attributes['graphql.operation.name'] === 'SignUp')).toBe(true);
    expect(
      inTrace('@opentelemetry/instrumentation-pg').some((span) => /INSERT/.test(String(span.attributes['db.statement'] ?? span.attributes['db.query.text']))),
    ).toBe(true);
    // Probes are not traced: they would be most of the traces and say nothing.
    await fetch(`${server.url}/readyz`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      collector.spans.filter(
        (span) => span.kind === SERVER_KIND && String(span.attributes['url.path'] ?? span.attributes['http.target']).startsWith('/readyz'),
      ),
    ).toEqual([]);
  });
});
