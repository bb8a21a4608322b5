import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Work that one instance of a cluster must do alone (migrations, creating
 * the job queues, the first model training): a PostgreSQL session-level advisory lock named `name`,
 * held for the whole of `work` on a connection of its own, outside the
 * pool (so the work itself may use every pooled connection). Other
 * instances wait for it, then see what the first one did. If the holder
 * dies, PostgreSQL drops the lock with its connection.
 */
/** `db`: the data source, or a connection string. */
export async function withAdvisoryLock<T>(db: DataSource | string, name: string, work: () => Promise<T>): Promise<T> {
  const url = typeof db === 'string' ? db : (db.options as { url?: string }).url;
  if (!url) throw new Error('the data source must be configured with a url');
  const client = new Client({ connectionString: url, application_name: 'knowpay-lock' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
    return await work();
  } finally {
    // Closing the session releases the lock.
    await client.end().catch(() => undefined);
  }
}

/** The same, for the rest of a transaction (released at COMMIT or ROLLBACK). */
export async function lockForTransaction(manager: EntityManager, name: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
}
