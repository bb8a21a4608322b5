import { createLogger } from '../../src/kernel/logger';
import { PgChannelListener } from '../../src/realtime/pg-channel-listener';
import { createTestDatabase, TestDatabase } from '../harness/database';
import { waitUntil } from '../harness/subscriptions';

const CHANNEL = 'knowpay_listener_test';

describe('a LISTEN connection that PostgreSQL drops', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('hears committed notifications, comes back after its backend is terminated, says so, and hears the next ones', async () => {
    const payloads: string[] = [];
    let reconnects = 0;
    const listener = await PgChannelListener.start(db.url, CHANNEL, createLogger('error'), {
      onPayload: (payload) => payloads.push(payload),
      onReconnect: () => (reconnects += 1),
    });
    try {
      await db.dataSource.query(`SELECT pg_notify($1, 'before')`, [CHANNEL]);
      await waitUntil(() => payloads.includes('before'), 5000, 'the first notification');

      const [{ terminated }] = await db.dataSource.query(
        `SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity WHERE datname = current_database() AND query = $1`,
        [`LISTEN ${CHANNEL}`],
      );
      expect(terminated).toBe(1);
      await waitUntil(() => reconnects === 1, 10_000, 'the reconnect');

      await db.dataSource.query(`SELECT pg_notify($1, 'after')`, [CHANNEL]);
      await waitUntil(() => payloads.includes('after'), 5000, 'a notification after the reconnect');
      expect(payloads).toEqual(['before', 'after']);
    } finally {
      await listener.stop();
    }
  });

  it('refuses a channel name it would have to quote', async () => {
    await expect(
      PgChannelListener.start(db.url, 'knowpay; DROP TABLE users', createLogger('error'), { onPayload: () => undefined, onReconnect: () => undefined }),
    ).rejects.toThrow(/not a channel name/);
  });
});
