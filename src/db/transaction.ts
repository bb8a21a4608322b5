import { DataSource, EntityManager } from 'typeorm';

/**
 * One way to run a unit of work atomically. Work that must only happen once
 * the data is durable (publishing events, enqueueing notifications) is
 * registered with `afterCommit` and runs after COMMIT, never after a rollback.
 */
export interface Transaction {
  manager: EntityManager;
  afterCommit(effect: () => void | Promise<void>): void;
}

/** PostgreSQL's "try again" errors: a deadlock victim, a serialization failure. The transaction rolled back entirely. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/**
 * Runs `work` in a transaction. A deadlock or serialization failure rolls
 * everything back, so `work` is run again (up to 3 times): it must not call
 * the network or touch anything outside the database (those belong before
 * the transaction or in `afterCommit`).
 */
export async function inTransaction<T>(dataSource: DataSource, work: (tx: Transaction) => Promise<T>): Promise<T> {
  let effects: Array<() => void | Promise<void>> = [];
  let result: T;
  for (let attempt = 1; ; attempt++) {
    effects = [];
    try {
      result = await dataSource.transaction((manager) => work({ manager, afterCommit: (effect) => effects.push(effect) }));
      break;
    } catch (error) {
      const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
      if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
    }
  }
  for (const effect of effects) {
    try {
      await effect();
    } catch (error) {
      console.error('after-commit effect failed', error);
    }
  }
  return result;
}
