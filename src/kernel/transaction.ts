import { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent, DomainEventType, EventOf } from './domain-events';
import { systemContext, type AppServices, type DomainContext } from './context';
import { getProcessLogger } from './logger';

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

/**
 * Where a transaction runs: a context (its database, and the services event
 * handlers need), the instance's services for work nobody asked for in a
 * request (jobs, provider webhooks: handlers get a system context), or a bare
 * data source (no events).
 */
export type TransactionScope = DataSource | AppServices;

/** PostgreSQL's "try again" errors: a deadlock victim, a serialization failure. The transaction rolled back entirely. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/**
 * Runs `work` in a transaction. A deadlock or serialization failure rolls
 * everything back, so `work` (and the in-transaction handlers of the events
 * it emits) runs again, up to 3 times: it must not call the network or touch
 * anything outside the database (those belong before the transaction, in
 * `afterCommit`, or in after-commit handlers).
 */
export async function inTransaction<T>(scope: TransactionScope, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const ctx = scope instanceof DataSource ? null : 'loaders' in scope ? (scope as DomainContext) : systemContext(scope);
  const db = scope instanceof DataSource ? scope : scope.db;
  let effects: Array<{ name: string; run: () => void | Promise<void> }> = [];
  let result: T;
  for (let attempt = 1; ; attempt++) {
    effects = [];
    try {
      result = await db.transaction(async (manager) => {
        const tx: Transaction = {
          manager,
          afterCommit: (effect) => effects.push({ name: 'after-commit effect', run: effect }),
          async emit(event) {
            if (!ctx) throw new Error(`${event.type} emitted in a transaction opened without a context: open it with inTransaction(ctx, …)`);
            for (const handler of handlersOf(event.type, 'in-transaction')) await handler.handle(event, { tx, ctx });
            for (const handler of handlersOf(event.type, 'after-commit'))
              effects.push({ name: `${event.type} → ${handler.name}`, run: () => handler.handle(event, { tx, ctx }) });
          },
        };
        return work(tx);
      });
      break;
    } catch (error) {
      const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
      if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
    }
  }
  for (const effect of effects) {
    try {
      await effect.run();
    } catch (error) {
      // The change is committed; a failed effect (a publish, a cache refresh) must not turn it into an error for the caller.
      (ctx?.logger ?? getProcessLogger()).error(`${effect.name} failed after commit`, error);
    }
  }
  return result;
}

// ---------------------------------------------------------------- event handlers

/** What a handler gets besides the event: the transaction it runs in (in-transaction) and the emitter's context (its services). */
export interface EventScope {
  /** Null for events announced by reads (`announce`). */
  tx: Transaction | null;
  ctx: DomainContext;
}

type Handler = (event: DomainEvent, scope: EventScope) => Promise<void> | void;
export type EventPhase = 'in-transaction' | 'after-commit';

const registry: Record<EventPhase, Map<DomainEventType, Array<{ name: string; handle: Handler }>>> = {
  'in-transaction': new Map(),
  'after-commit': new Map(),
};

/** What an in-transaction handler gets: always the transaction. */
export interface InTransactionScope extends EventScope {
  tx: Transaction;
}

/**
 * Registers `handle` for events of `type`. `name` identifies the handler in
 * logs and tests ("partners: webhook outbox for order.paid"); registering the
 * same name twice keeps one (modules may load twice under test runners).
 */
export function onEvent<T extends DomainEventType>(
  type: T,
  phase: 'in-transaction',
  name: string,
  handle: (event: EventOf<T>, scope: InTransactionScope) => Promise<void> | void,
): void;
export function onEvent<T extends DomainEventType>(
  type: T,
  phase: 'after-commit',
  name: string,
  handle: (event: EventOf<T>, scope: EventScope) => Promise<void> | void,
): void;
export function onEvent<T extends DomainEventType>(
  type: T,
  phase: EventPhase,
  name: string,
  handle: (event: EventOf<T>, scope: InTransactionScope) => Promise<void> | void,
): void {
  const list = registry[phase].get(type) ?? [];
  if (!list.some((h) => h.name === name)) list.push({ name, handle: handle as unknown as Handler });
  registry[phase].set(type, list);
}

/**
 * Announces something a read observed (a price shown): there is no
 * transaction to join, so only after-commit handlers may listen, and they run
 * now. Reads stay reads: the handlers buffer or publish, they do not write in
 * the request.
 */
export async function announce(ctx: DomainContext, event: DomainEvent): Promise<void> {
  if (handlersOf(event.type, 'in-transaction').length) throw new Error(`${event.type} has in-transaction handlers; emit it with tx.emit inside a transaction`);
  for (const handler of handlersOf(event.type, 'after-commit')) {
    try {
      await handler.handle(event, { tx: null, ctx });
    } catch (error) {
      ctx.logger.error(`${event.type} → ${handler.name} failed`, error);
    }
  }
}

export function handlersOf(type: DomainEventType, phase: EventPhase): ReadonlyArray<{ name: string; handle: Handler }> {
  return registry[phase].get(type) ?? [];
}
