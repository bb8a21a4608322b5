import 'reflect-metadata';
import { createDataSource, migrate } from '../src/server/data-source';
import { demoAccountLines } from './demo-accounts';
import { seedDemoData } from './seed-demo';

/**
 * `node dist/seeds/run.js`: migrates the database at DATABASE_URL and seeds
 * the demo data into it (once; a second run reports it is already there).
 */
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set. Point it at the PostgreSQL database to seed, e.g.\n'
      + '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/knowpay node dist/seeds/run.js');
    return 2;
  }
  const dataSource = createDataSource(url, { poolSize: 2 });
  await dataSource.initialize();
  try {
    const ran = await migrate(dataSource);
    if (ran > 0) console.log(`applied ${ran} migration(s)`);
    const started = performance.now();
    const { inserted, counts } = await seedDemoData(dataSource, { log: (line) => console.log(line) });
    if (inserted) {
      console.log(`seeded demo data in ${Math.round(performance.now() - started)} ms:`);
      for (const [table, count] of Object.entries(counts)) console.log(`  ${table.padEnd(18)} ${count}`);
    }
    for (const line of demoAccountLines()) console.log(line);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error('seeding failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
