import { Client } from 'pg';

/**
 * Where the tests' PostgreSQL lives: TEST_DATABASE_URL if set, else the
 * machine's server on 127.0.0.1:5432 when it answers, else an embedded one
 * that global-setup starts. The chosen admin URL travels in this variable.
 */
export const ADMIN_URL_VARIABLE = 'KNOWPAY_TEST_ADMIN_URL';
export const TEMPLATE_VARIABLE = 'KNOWPAY_TEST_TEMPLATE_DB';

export async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
