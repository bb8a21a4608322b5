import 'reflect-metadata';
import { loadConfig } from '../src/kernel/config';
import { createLogger } from '../src/kernel/logger';
import { progressBar } from '../src/ml/progress';
import { createDataSource, migrate } from '../src/server/data-source';
import { startServices } from '../src/server/services';
import { demoAccountLines } from './demo-accounts';
import { seedDemo } from './seed-demo';

/**
 * `node dist/seeds/run.js`: migrates the database at DATABASE_URL and seeds
 * the demo data into it (once; a second run reports it is already there).
 */
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'DATABASE_URL is not set. Point it at the PostgreSQL database to seed, e.g.\n' +
        '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/knowpay node dist/seeds/run.js',
    );
    return 2;
  }
  const dataSource = createDataSource(url, { poolSize: 2 });
  await dataSource.initialize();
  try {
    const ran = await migrate(dataSource);
    if (ran > 0) console.log(`applied ${ran} migration(s)`);
    const started = performance.now();
    // The history is replayed through the services, as the server's first start does (without job workers).
    const config = loadConfig({ ...process.env, JOB_WORKERS: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
    const services = await startServices(config, dataSource, createLogger(config.logLevel));
    try {
      const { inserted, history } = await seedDemo(services, { log: (line) => console.log(line), progress: progressBar(process.stdout) });
      if (inserted) console.log(`seeded the demo in ${Math.round(performance.now() - started)} ms`);
      if (history?.partnerKey) console.log(`demo partner "Campus Books" API key (shown once): ${history.partnerKey}`);
    } finally {
      await services.stop();
    }
    for (const line of demoAccountLines()) console.log(line);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('seeding failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
