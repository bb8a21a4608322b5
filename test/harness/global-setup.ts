import 'reflect-metadata';
import PgBoss from 'pg-boss';
import { createDataSource, migrate } from '../../src/server/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { initBackend } from '../../src/ml/backend';
import { ModerationModels } from '../../src/ml/moderate/moderation-models';
import { createLogger } from '../../src/kernel/logger';
import { ADMIN_URL_VARIABLE, TEMPLATE_VARIABLE, canConnect, databaseUrl, withAdminClient } from './database-server';
import { cjkFontWarning, ensureChromium, ensureRedis } from './prerequisites';

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Builds one migrated template database per test run; every test file then
 * clones it (CREATE DATABASE .. TEMPLATE), which takes milliseconds and keeps
 * files isolated from each other.
 */
export default async function globalSetup(): Promise<void> {
  // Fail fast, naming what is missing, before anything slow.
  ensureChromium();
  const fontWarning = cjkFontWarning();
  if (fontWarning) console.warn(fontWarning);
  const redis = await ensureRedis();
  if (redis) (globalThis as { __knowpayRedis?: { kill(): void } }).__knowpayRedis = redis;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    if (await canConnect(LOCAL_URL)) {
      adminUrl = LOCAL_URL;
    } else {
      const embedded = await startEmbeddedPostgres({ dataDir: '.data/test-postgres', port: 54339 });
      (globalThis as { __knowpayEmbedded?: { stop(): Promise<void> } }).__knowpayEmbedded = embedded;
      adminUrl = databaseUrl(embedded.url, 'postgres');
    }
  }
  const template = `kp_tpl_${process.pid}_${Date.now().toString(36)}`;
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE ${template}`));
  const dataSource = createDataSource(databaseUrl(adminUrl, template), { poolSize: 1 });
  await dataSource.initialize();
  await migrate(dataSource);
  // Train the first audit model once, as a fresh install does at its first start, so servers under test load it in milliseconds.
  await initBackend();
  const moderation = new ModerationModels({ db: dataSource, logger: createLogger('error'), batching: false });
  await moderation.retrain();
  moderation.stop();
  // With --runInBand the test files run in this process, each with its own copy of tfjs; drop this copy's
  // global engine and kernel registry, or theirs would find it and fail instanceof checks (e.g. on Variables).
  const tfGlobals = globalThis as { _tfengine?: unknown; _tfGlobals?: unknown };
  delete tfGlobals._tfengine;
  delete tfGlobals._tfGlobals;
  await dataSource.destroy();
  // pg-boss creates its own schema on first start; do it once here so every cloned database has it.
  const boss = new PgBoss({ connectionString: databaseUrl(adminUrl, template), schema: 'pgboss', max: 1, supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
  process.env[ADMIN_URL_VARIABLE] = adminUrl;
  process.env[TEMPLATE_VARIABLE] = template;
  process.env.NODE_ENV = 'test';
}
