import { knowpaySchema } from '../../src/server/schema';
import { publishedCourse } from '../harness/courses';
import { createTestDatabase, TestDatabase } from '../harness/database';
import { HostileTraffic, runFuzz } from '../harness/hostile-fuzz';
import { graphqlClient, signUpUser } from '../harness/server';
import { ServerProcess, startServerProcess } from '../harness/server-process';

/**
 * A thousand hostile requests generated from the schema against the real
 * server process (bench/fuzz.bench.ts sends 5,000 and reports timings): no
 * 5xx, no stack trace or SQL in any answer, no unexpected error in the
 * server's log, and the server still healthy afterwards.
 */
describe('hostile fuzz', () => {
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

  it('gets no 5xx, no stack traces and no unexpected errors from 1,000 generated requests', async () => {
    const gql = graphqlClient(server.url);
    const creator = await signUpUser({ gql }, 'Creator');
    const course = await publishedCourse({ gql }, creator.token);
    const traffic = new HostileTraffic(await knowpaySchema(), 20261206, [course.id, ...course.lessonIds, creator.userId]);
    const report = await runFuzz(server.url, traffic, 1000, 8);
    expect(report.serverErrors).toEqual([]);
    expect(report.stackTraces).toEqual([]);
    expect(report.timeouts).toBe(0);
    expect(report.requests).toBe(1000);
    expect(Object.keys(report.byKind).length).toBeGreaterThanOrEqual(10);
    expect(server.output()).not.toMatch(/unexpected error|failed/i);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 240_000);
});
