import { ONE_ADDRESS_MANY_USERS } from '../../bench/bench-server';
import { rawId } from '../harness/courses';
import { createTestDatabase, TestDatabase } from '../harness/database';
import { jsonLogLines, LogLine, metricValue, scrape } from '../harness/observability';
import { postGraphQL, ServerProcess, startServerProcess } from '../harness/server-process';
import { graphqlClient, signUpUser } from '../harness/server';
import { waitUntil } from '../harness/subscriptions';

const TOKEN = 'metrics-token-for-tests-0123';

/** What an operator sees of a running instance: its JSON log lines and its /metrics. */
describe('an instance in production clothes', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let user: { token: string; userId: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServerProcess(db, { ...ONE_ADDRESS_MANY_USERS, LOG_FORMAT: 'json', LOG_LEVEL: 'info', METRICS_TOKEN: TOKEN });
    user = await signUpUser({ gql: graphqlClient(server.url) }, 'Operator');
  });
  afterAll(async () => {
    await server?.terminate();
    await db?.drop();
  });

  /** The log lines of one request, once its own line (msg "graphql") is written. */
  const linesOf = async (requestId: string): Promise<LogLine[]> => {
    await waitUntil(
      () => jsonLogLines(server.output()).some((line) => line.requestId === requestId && line.msg === 'graphql'),
      5000,
      `the log line of ${requestId}`,
    );
    return jsonLogLines(server.output()).filter((line) => line.requestId === requestId);
  };

  it('writes one JSON line per request: request id, operation, viewer, duration, SQL statements, outcome', async () => {
    const res = await postGraphQL(
      server.url,
      { query: 'query MyAccount { viewer { user { id } } }', operationName: 'MyAccount' },
      { token: user.token, headers: { 'x-request-id': 'ticket-4711' } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('ticket-4711');
    const [line, ...others] = await linesOf('ticket-4711');
    expect(others).toEqual([]);
    expect(line).toEqual(
      expect.objectContaining({
        level: 'info',
        msg: 'graphql',
        requestId: 'ticket-4711',
        transport: 'http',
        operation: 'MyAccount',
        operationType: 'query',
        viewerId: rawId(user.userId),
        outcome: 'ok',
        status: 200,
        durationMs: expect.any(Number),
      }),
    );
    expect(line.sqlStatements).toBeGreaterThan(0);
  });

  it("names the request id in error responses; a business failure is logged as the caller's, without a stack trace", async () => {
    const res = await postGraphQL(server.url, { query: 'query Quote { priceQuote(courseId: "nope") { total { amount } } }' });
    const requestId = res.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json.errors[0].extensions).toEqual(expect.objectContaining({ code: 'NOT_FOUND', requestId }));
    const lines = await linesOf(requestId);
    expect(lines).toEqual([expect.objectContaining({ level: 'info', operation: 'Quote', outcome: 'client_error', errors: ['NOT_FOUND'] })]);
    expect(JSON.stringify(lines)).not.toMatch(/stack| {4}at /);
  });

  it('names the request id in refusals answered before any resolver (a bad token, an unreadable body)', async () => {
    const badToken = await postGraphQL(server.url, { query: '{ viewer { user { id } } }' }, { token: 'not-a-token' });
    expect(badToken.status).toBe(401);
    expect(badToken.json.errors[0].extensions.requestId).toBe(badToken.headers.get('x-request-id'));
    const notJson = await postGraphQL(server.url, '{"query": ');
    expect(notJson.status).toBe(400);
    expect(notJson.json.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', requestId: notJson.headers.get('x-request-id') });
  });

  it('serves /metrics to the token only', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-the-same-len' } })).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('counts operations by name and outcome, and shows the pool, the queue, sockets, models, moderation and the event loop', async () => {
    const gql = graphqlClient(server.url);
    for (let i = 0; i < 3; i += 1) await postGraphQL(server.url, { query: 'query Catalog { courses(first: 2) { totalCount } }', operationName: 'Catalog' });
    const profile = await gql(`mutation { updateProfile(input: { bio: "I teach statistics to nurses." }) { errors { code } } }`, {}, user.token);
    expect(profile.data.updateProfile.errors).toEqual([]);
    const metrics = await scrape(`${server.url}/metrics`, TOKEN);
    expect(
      metricValue(metrics, 'knowpay_graphql_operation_duration_seconds_count', { operation: 'Catalog', type: 'query', outcome: 'ok', transport: 'http' }),
    ).toBe(3);
    expect(metricValue(metrics, 'knowpay_graphql_operation_duration_seconds_count', { operation: 'Quote', outcome: 'client_error' })).toBe(1);
    expect(metricValue(metrics, 'knowpay_http_request_duration_seconds_count', { route: '/graphql', method: 'POST', status: '401' })).toBe(1);
    expect(metricValue(metrics, 'knowpay_db_pool_connections', { state: 'max' })).toBe(10);
    expect(metricValue(metrics, 'knowpay_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    expect(metricValue(metrics, 'knowpay_job_queue_jobs', { job: 'ml.retrain-models', state: 'queued' })).toBeGreaterThanOrEqual(0);
    expect(metricValue(metrics, 'knowpay_job_queue_jobs', { job: 'partners.deliver-webhook', state: 'failed' })).toBe(0);
    expect(metricValue(metrics, 'knowpay_websocket_connections')).toBe(0);
    expect(metricValue(metrics, 'knowpay_graphql_subscriptions')).toBe(0);
    expect(metricValue(metrics, 'knowpay_webhook_deliveries', { status: 'FAILED' })).toBe(0);
    expect(metricValue(metrics, 'knowpay_moderation_decisions_total', { kind: 'PROFILE', decision: 'PUBLISHED', source: 'model' })).toBe(1);
    const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { models: string; moderationModel: string };
    expect(metricValue(metrics, 'knowpay_model_info', { model: 'recommendations', version: ready.models })).toBe(1);
    expect(metricValue(metrics, 'knowpay_model_info', { model: 'moderation', version: ready.moderationModel })).toBe(1);
    expect(metricValue(metrics, 'knowpay_model_last_trained_timestamp_seconds', { kind: 'moderate.hashed-ngram-softmax' })).toBeGreaterThan(1.7e9);
    expect(metricValue(metrics, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
  });
});

describe('NODE_ENV=production, one instance without Redis', () => {
  let db: TestDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServerProcess(db, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      JWT_SECRET: 'a-production-secret-of-at-least-32-chars',
      STRIPE_SECRET_KEY: 'sk_test_production_check',
      STRIPE_WEBHOOK_SECRET: 'whsec_production_check',
    });
  });
  afterAll(async () => {
    await server?.terminate();
    await db?.drop();
  });

  it('logs JSON only, one object per line, the start banner included', async () => {
    const output = server.output().split('\n').filter(Boolean);
    expect(output.length).toBeGreaterThan(3);
    expect(output.filter((line) => !line.startsWith('{'))).toEqual([]);
    expect(jsonLogLines(server.output())).toContainEqual(expect.objectContaining({ level: 'info', msg: 'Knowpay is ready', url: server.url }));
  });

  it('warns at start that subscriptions, throttles and job announcements stay within the instance', () => {
    const warnings = jsonLogLines(server.output())
      .filter((line) => line.level === 'warn')
      .map((line) => line.msg);
    expect(warnings).toContainEqual(expect.stringMatching(/^REDIS_URL is not set: subscriptions/));
    expect(warnings).toContainEqual(expect.stringMatching(/^JOB_WORKERS is on without REDIS_URL/));
  });

  it('keeps /metrics off the public port unless a token or a port is configured', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
