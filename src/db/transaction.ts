import { DataSource, EntityManager } from 'typeorm';
import { getProcessLogger } from '../server/logger';

/**
 * One way to run a unit of work atomically. Work that must only happen once
 * the data is durable (publishing events, enqueueing notifications) is
 * registered with `afterCommit` and runs after COMMIT, never after a rollback.
 */
export interface Transaction {
  manager: EntityManager;
  afterCommit(effect: () => void | Promise<void>): void;
}

export async function inTransaction<T>(dataSource: DataSource, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const effects: Array<() => void | Promise<void>> = [];
  const result = await dataSource.transaction((manager) => work({ manager, afterCommit: (effect) => effects.push(effect) }));
  for (const effect of effects) {
    try {
      await effect();
    } catch (error) {
      // The change is committed; a failed effect (a publish, a cache refresh) must not turn it into an error for the caller.
      getProcessLogger().error('after-commit effect failed', error);
    }
  }
  return result;
}
