import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/server/data-source';
import { ADMIN_URL_VARIABLE, TEMPLATE_VARIABLE, databaseUrl, withAdminClient } from './database-server';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** A fresh, migrated database of this test file's own (a clone of the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  return createDatabase((name, template) => `CREATE DATABASE ${name} TEMPLATE ${template}`, 5);
}

/**
 * An empty database (no template, no migrations): what a first deployment
 * starts on. Its dataSource is connected but knows no tables until a server
 * has migrated the database.
 */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  return createDatabase((name) => `CREATE DATABASE ${name}`, 2);
}

async function createDatabase(createStatement: (name: string, template: string) => string, poolSize: number): Promise<TestDatabase> {
  const adminUrl = process.env[ADMIN_URL_VARIABLE];
  const template = process.env[TEMPLATE_VARIABLE];
  if (!adminUrl || !template) throw new Error('test/harness/global-setup.ts did not run (start tests with `npm test` or jest)');
  const name = `${template.replace('kp_tpl_', 'kp_t_')}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(adminUrl, (client) => client.query(createStatement(name, template)));
  const url = databaseUrl(adminUrl, name);
  const dataSource = createDataSource(url, { poolSize });
  await dataSource.initialize();
  return {
    url,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
