// First: tracing must hook http, pg, ioredis and graphql before anything loads them.
import { tracing } from './server/tracing-bootstrap';
import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { createDataSource, migrate } from './server/data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded-postgres';
import { ensureAdmin } from './identity/identity.service';
import { initBackend } from './ml/backend';
import { startServer } from './server/app';
import { ConfigError, loadConfig } from './kernel/config';
import { createLogger, Logger, setProcessLogger } from './kernel/logger';
import { startBanner } from './server/start-banner';
import { demoAccountLines } from '../seeds/demo-accounts';
import { demoDataPresent, seedDemo } from '../seeds/seed-demo';
import { progressBar } from './ml/progress';
import { startServices } from './server/services';

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
  // Read at every full collection, so setting it now, while the heap is still small, bounds it from the first load on.
  if (config.heapGrowthPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent}`);
  const logger = createLogger(config.logLevel, { format: config.logFormat });
  setProcessLogger(logger);
  activeLogger = logger;
  warnAboutSingleInstanceSettings(config, logger);
  if (tracing) logger.info(`tracing: spans go to ${process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT} over OTLP`);

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
  logger.info(ran ? `applied ${ran} migration(s)` : 'database schema is up to date', { migrationsApplied: ran });
  const admin = await ensureAdmin(db, config);
  if (admin === 'promoted')
    logger.warn(`KNOWPAY_ADMIN_EMAIL names an account that existed without the ADMIN role: it is an admin now, and every token it had before was revoked`);
  if (config.seedDemoData && !(await demoDataPresent(db))) await seedDemoOnFirstStart(config, db, logger);
  const backend = await initBackend();
  logger.info(`model backend: ${backend.name}`);

  const server = await startServer({ config, db, logger });
  const bannerLines = [
    ...(server.metricsUrl ? [`  Metrics:      ${server.metricsUrl}`] : []),
    ...(config.admin ? [`  Admin:        ${config.admin.email}${config.databaseUrl ? '' : ` / ${config.admin.password}`}`] : []),
    ...(config.seedDemoData ? demoAccountLines().map((line) => `  Demo:         ${line}`) : []),
  ];
  // JSON logs stay one object per line: the banner becomes a log line there.
  if (config.logFormat === 'json')
    logger.info('Knowpay is ready', { url: server.url, graphql: `${server.url}/graphql`, metrics: server.metricsUrl, devDefaults: config.devDefaults });
  else console.log(startBanner(config, server.url, bannerLines));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: draining requests and stopping`);
    const force = setTimeout(() => {
      logger.error('graceful stop took over 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      await server.stop();
      logger.debug('http and websocket servers closed');
      await db.destroy();
      logger.debug('database pool closed');
      await embedded?.stop();
      await tracing?.shutdown().catch((error) => logger.warn('tracing: could not flush the last spans', error));
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

let activeLogger: Logger | null = null;

/**
 * The demo on a fresh database: its catalog, then its history replayed
 * through the services (their own instance, without job workers, stopped
 * before the server starts its own), then the models trained on it. A bar
 * on a terminal, progress lines in a log.
 */
async function seedDemoOnFirstStart(config: ReturnType<typeof loadConfig>, db: Awaited<ReturnType<typeof createDataSource>>, logger: Logger): Promise<void> {
  const started = Date.now();
  logger.info('first start: seeding the demo shop (a minute at most)…');
  const seeding = await startServices({ ...config, jobs: { ...config.jobs, work: false } }, db, logger);
  try {
    const stream =
      config.logFormat === 'json'
        ? {
            write: (chunk: string) => {
              if (chunk.trim()) logger.info(chunk.trim());
            },
          }
        : process.stdout;
    const { history } = await seedDemo(seeding, { log: (line) => logger.info(line), progress: progressBar(stream) });
    if (history?.partnerKey) logger.info(`demo partner "Campus Books": its API key, shown this once as to a real partner: ${history.partnerKey}`);
  } finally {
    await seeding.stop();
  }
  logger.info(`demo shop seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Production settings that only work for one instance: say so at start, where an operator
 * scaling out will read it, rather than let subscriptions or model swaps quietly stay local.
 */
function warnAboutSingleInstanceSettings(config: ReturnType<typeof loadConfig>, logger: Logger): void {
  if (config.nodeEnv !== 'production' || config.redisUrl) return;
  logger.warn(
    'REDIS_URL is not set: subscriptions (chat, progress, orders), credential throttles and API-key limits stay within this instance. Run one instance only, or set REDIS_URL.',
  );
  if (config.jobs.work) {
    logger.warn(
      'JOB_WORKERS is on without REDIS_URL: a model this instance retrains is not announced to other instances, which keep serving the old version until they restart.',
    );
  }
}

main().catch((error) => {
  if (activeLogger) activeLogger.error('Knowpay failed to start', error);
  else console.error('Knowpay failed to start:', error);
  process.exit(1);
});
