import { ADMIN_URL_VARIABLE, TEMPLATE_VARIABLE, withAdminClient } from './database-server';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env[ADMIN_URL_VARIABLE];
  const template = process.env[TEMPLATE_VARIABLE];
  if (adminUrl && template) {
    await withAdminClient(adminUrl, async (client) => {
      const leftovers = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template.replace('kp_tpl_', 'kp_t_')}%`]);
      for (const row of leftovers.rows) await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    });
  }
  await (globalThis as { __knowpayEmbedded?: { stop(): Promise<void> } }).__knowpayEmbedded?.stop();
  (globalThis as { __knowpayRedis?: { kill(): void } }).__knowpayRedis?.kill();
}
