import { DataSource, EntityManager } from 'typeorm';
import { handlersOf, type DomainEvent } from '../kernel/domain-events';
import type { DomainContext } from '../kernel/context';

/**
 * One way to run a unit of work atomically. Work that must only happen once
 * the data is durable (publishing events, enqueueing notifications) is
 * registered with `afterCommit` and runs after COMMIT, never after a rollback.
 * Domain events (`emit`) run their in-transaction handlers inside it and
 * their after-commit handlers after it (see src/kernel/domain-events.ts).
 */
export interface Transaction {
  manager: EntityManager;
  afterCommit(effect: () => void | Promise<void>): void;
  /** Announces what happened: in-transaction handlers run now, in this transaction; after-commit ones once it commits. */
  emit(event: DomainEvent): Promise<void>;
}

/** Where a transaction runs: a context (its database, and the services event handlers need), or a bare data source (no events). */
export type TransactionScope = DataSource | DomainContext;

export async function inTransaction<T>(scope: TransactionScope, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const ctx = scope instanceof DataSource ? null : scope;
  const db = scope instanceof DataSource ? scope : scope.db;
  const effects: Array<{ name: string; run: () => void | Promise<void> }> = [];
  const result = await db.transaction(async (manager) => {
    const tx: Transaction = {
      manager,
      afterCommit: (effect) => effects.push({ name: 'after-commit effect', run: effect }),
      async emit(event) {
        if (!ctx) throw new Error(`${event.type} emitted in a transaction opened without a context: open it with inTransaction(ctx, …)`);
        for (const handler of handlersOf(event.type, 'in-transaction')) await handler.handle(event, { tx, ctx });
        for (const handler of handlersOf(event.type, 'after-commit')) effects.push({ name: `${event.type} → ${handler.name}`, run: () => handler.handle(event, { tx, ctx }) });
      },
    };
    return work(tx);
  });
  for (const effect of effects) {
    try {
      await effect.run();
    } catch (error) {
      if (ctx) ctx.logger.error(`${effect.name} failed after commit`, error);
      else console.error(`${effect.name} failed after commit`, error);
    }
  }
  return result;
}
