import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import type { Role } from '../identity/user.entity';
import type { PaymentProvider } from '../commerce/payments/payment-provider';
import type { JobQueue } from '../jobs/job-queue';
import type { ModelRegistry } from '../ml/model-registry';
import type { PubSub } from '../realtime/pubsub';
import type { RateLimiter } from './rate-limiter';
import type { Config } from './config';
import type { Logger } from './logger';

/** The signed-in caller as the rest of the code sees it. */
export interface AuthUser {
  id: string;
  roles: Role[];
}

/**
 * Per-request DataLoaders, created on first use. Each domain declares its
 * loaders with `defineLoader` next to its code; nothing central lists them.
 */
export type LoaderFactory<K, V> = (ctx: RequestContext) => DataLoader<K, V>;

export function defineLoader<K, V>(factory: LoaderFactory<K, V>): LoaderFactory<K, V> {
  return factory;
}

export class Loaders {
  private readonly created = new Map<LoaderFactory<unknown, unknown>, DataLoader<unknown, unknown>>();

  constructor(private readonly ctx: RequestContext) {}

  get<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V> {
    let loader = this.created.get(factory as LoaderFactory<unknown, unknown>);
    if (!loader) {
      loader = factory(this.ctx) as DataLoader<unknown, unknown>;
      this.created.set(factory as LoaderFactory<unknown, unknown>, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Travels with every service call: who is asking, with which loaders, against which database. */
export interface RequestContext {
  requestId: string;
  config: Config;
  db: DataSource;
  user: AuthUser | null;
  loaders: Loaders;
  logger: Logger;
  pubsub: PubSub;
  jobs: JobQueue;
  payments: PaymentProvider;
  rateLimiter: RateLimiter;
  models: ModelRegistry;
}

export function createRequestContext(fields: Omit<RequestContext, 'loaders'>): RequestContext {
  const ctx = { ...fields } as RequestContext;
  ctx.loaders = new Loaders(ctx);
  return ctx;
}
