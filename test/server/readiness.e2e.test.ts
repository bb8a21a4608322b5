import { startTestServer, TestServer } from '../harness/server';
import { startTcpProxy, TcpProxy } from '../harness/tcp-proxy';
import { waitUntil } from '../harness/subscriptions';

const REDIS = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

async function readyz(t: Pick<TestServer, 'url'>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t.url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** What a load balancer asks before sending traffic: /readyz. */
describe('readiness', () => {
  it('fails while the instance drains after SIGTERM, while requests are still served', async () => {
    const t = await startTestServer({ SHUTDOWN_DELAY_SECONDS: '2' });
    try {
      expect((await readyz(t)).status).toBe(200);
      const stopping = t.server.stop();
      const during = await readyz(t);
      expect(during).toEqual({ status: 503, body: expect.objectContaining({ status: 'draining', draining: true, database: 'ok' }) });
      const served = await t.gql(`{ courses(first: 1) { totalCount } }`);
      expect(served.status).toBe(200);
      expect(served.data.courses.totalCount).toEqual(expect.any(Number));
      await stopping;
      await expect(fetch(`${t.url}/readyz`)).rejects.toThrow();
    } finally {
      await t.db.drop();
    }
  });

  describe('with Redis configured', () => {
    let proxy: TcpProxy;
    let t: TestServer;

    beforeAll(async () => {
      proxy = await startTcpProxy(REDIS.hostname, Number(REDIS.port || 6379));
      t = await startTestServer({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    });
    afterAll(async () => {
      await proxy?.restore().catch(() => undefined);
      await t?.stop();
      await proxy?.close();
    });

    it('fails while Redis is unreachable, and recovers when it is back', async () => {
      expect(await readyz(t)).toEqual({ status: 200, body: expect.objectContaining({ status: 'ready', redis: 'ok' }) });
      await proxy.cut();
      const cut = await readyz(t);
      expect(cut).toEqual({
        status: 503,
        body: expect.objectContaining({ status: 'not ready', database: 'ok', redis: expect.stringMatching(/^unreachable/) }),
      });
      await proxy.restore();
      await waitUntil(async () => (await readyz(t)).status === 200, 15_000, 'ready again after Redis came back');
    });
  });

  it('serves metrics on a port of their own when METRICS_PORT is set, and not on the public port', async () => {
    const t = await startTestServer({ METRICS_PORT: '0' });
    try {
      expect(t.server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(t.server.metricsUrl).not.toContain(`:${t.server.port}/`);
      const scraped = await fetch(t.server.metricsUrl!);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('knowpay_db_pool_connections{state="max"}');
      expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});
