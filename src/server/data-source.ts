import { DataSource } from 'typeorm';
import { withAdvisoryLock } from '../db/advisory-lock';
import { entities } from './entities';
import { migrations } from './migrations';
import { StatementCountingLogger } from '../db/sql-statement-counter';

export function createDataSource(url: string, options: { poolSize?: number; logQueries?: boolean } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: false,
    synchronize: false,
    logging: true,
    logger: new StatementCountingLogger(options.logQueries ?? false),
    extra: { max: options.poolSize ?? 10, application_name: 'knowpay' },
  });
}

/**
 * Applies pending migrations; returns how many ran. Instances starting
 * together take turns: the first applies them, the others find none pending.
 */
export async function migrate(dataSource: DataSource): Promise<number> {
  return withAdvisoryLock(dataSource, 'knowpay:migrations', async () => {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.length;
  });
}

export async function hasPendingMigrations(dataSource: DataSource): Promise<boolean> {
  return dataSource.showMigrations();
}
