import 'reflect-metadata';
import { createDataSource, migrate } from './server/data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded-postgres';
import { ensureAdmin } from './identity/identity.service';
import { initBackend } from './ml/backend';
import { startServer } from './server/app';
import { ConfigError, loadConfig } from './kernel/config';
import { createLogger } from './kernel/logger';
import { startBanner } from './server/start-banner';
import { demoAccountLines } from '../seeds/demo-accounts';
import { seedDemoData } from '../seeds/seed-demo';

/**
 * `npm start`: the embedded PostgreSQL when DATABASE_URL is unset, then
 * migrations, the admin account, demo data on first start, the model
 * backend, and the HTTP/WebSocket server. SIGINT/SIGTERM stop it gracefully.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const started = Date.now();
    embedded = await startEmbeddedPostgres({ ...config.embeddedPostgres, log: (line) => logger.warn(line) });
    databaseUrl = embedded.url;
    logger.info(`embedded PostgreSQL up in ${Date.now() - started} ms (data in ${config.embeddedPostgres.dataDir}, port ${config.embeddedPostgres.port})`);
  }

  const db = createDataSource(databaseUrl);
  await db.initialize();
  const ran = await migrate(db);
  logger.info(ran ? `applied ${ran} migration(s)` : 'database schema is up to date');
  const admin = await ensureAdmin(db, config);
  if (admin === 'promoted') logger.warn(`KNOWPAY_ADMIN_EMAIL names an account that existed without the ADMIN role: it is an admin now, and every token it had before was revoked`);
  if (config.seedDemoData) {
    const { inserted, counts } = await seedDemoData(db);
    if (inserted) logger.info(`seeded demo data: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  }
  const backend = await initBackend();
  logger.info(`model backend: ${backend.name}`);

  const server = await startServer({ config, db, logger });
  console.log(startBanner(config, server.url, [
    ...(config.admin ? [`  Admin:        ${config.admin.email}${config.databaseUrl ? '' : ` / ${config.admin.password}`}`] : []),
    ...(config.seedDemoData ? demoAccountLines().map((line) => `  Demo:         ${line}`) : []),
  ]));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: draining requests and stopping`);
    const force = setTimeout(() => { logger.error('graceful stop took over 20 s; exiting'); process.exit(1); }, 20_000);
    force.unref();
    try {
      await server.stop();
      logger.debug('http and websocket servers closed');
      await db.destroy();
      logger.debug('database pool closed');
      await embedded?.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error('error while stopping', error);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error('Knowpay failed to start:', error);
  process.exit(1);
});
