import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from './clock';
import type { RequestLoader } from './request-loader';
import type { Config } from './config';
import type { Logger } from './logger';
import type { RateLimiter } from './rate-limiter';
import type { Role } from './roles';
import type { TokenBuckets } from './token-bucket';

/**
 * The long-lived parts one instance shares across requests and jobs. The
 * kernel's own are listed here; each layer above adds what it provides by
 * declaration merging next to its implementation (realtime: `pubsub`; jobs:
 * `jobs`; commerce: `payments`; ml: `models`, `impressions`), so the kernel
 * imports nothing above it. The composition root (src/server/services.ts)
 * builds the whole object.
 */
export interface AppServices {
  config: Config;
  db: DataSource;
  logger: Logger;
  rateLimiter: RateLimiter;
  /** Per-API-key request limits (src/partners). */
  tokenBuckets: TokenBuckets;
  /** The time money moments are stamped with (see clock.ts); absent: the wall clock. */
  clock?: Clock;
}

/** The signed-in caller as the rest of the code sees it. */
export interface AuthUser {
  id: string;
  roles: Role[];
}

/** A partner's API key calling (`Authorization: Bearer kp_live_…`); it acts only within its scopes. */
export interface ApiKeyPrincipal {
  id: string;
  partnerId: string;
  scopes: string[];
}

/**
 * Per-request DataLoaders, created on first use. Each domain declares its
 * loaders with `defineLoader` next to its code; nothing central lists them.
 */
export type LoaderFactory<K, V> = (ctx: DomainContext) => RequestLoader<K, V>;

export function defineLoader<K, V>(factory: LoaderFactory<K, V>): LoaderFactory<K, V> {
  return factory;
}

export class Loaders {
  private readonly created = new Map<LoaderFactory<unknown, unknown>, RequestLoader<unknown, unknown>>();

  constructor(private readonly ctx: DomainContext) {}

  get<K, V>(factory: LoaderFactory<K, V>): RequestLoader<K, V> {
    let loader = this.created.get(factory as LoaderFactory<unknown, unknown>);
    if (!loader) {
      loader = factory(this.ctx) as RequestLoader<unknown, unknown>;
      this.created.set(factory as LoaderFactory<unknown, unknown>, loader);
    }
    return loader as RequestLoader<K, V>;
  }

  /** What this request's loader already holds for `key`, as it is (see RequestLoader), else a promise of it. */
  now<K, V>(factory: LoaderFactory<K, V>, key: K): V | Promise<V> {
    return this.get(factory).now(key);
  }
}

/**
 * What every domain function takes first: who is asking (`user`, or a
 * partner's `apiKey`), per-unit-of-work DataLoaders, and the instance's
 * services. A resolver, a job and a command line build it alike
 * (`createDomainContext`); nothing in it is GraphQL's. Layers above add
 * fields by declaration merging (realtime: the socket `session`).
 */
export interface DomainContext extends AppServices {
  requestId: string;
  user: AuthUser | null;
  /** Set when an API key authenticated the request (then `user` is null). */
  apiKey?: ApiKeyPrincipal | null;
  /** Where the request came from, as throttles count it (see client-address.ts). */
  clientAddress: string;
  loaders: Loaders;
}

export function createDomainContext(
  fields: Omit<DomainContext, 'loaders' | 'requestId' | 'clientAddress'> & Partial<Pick<DomainContext, 'requestId' | 'clientAddress'>>,
): DomainContext {
  const ctx = { requestId: randomUUID(), clientAddress: 'internal', ...fields } as DomainContext;
  ctx.loaders = new Loaders(ctx);
  return ctx;
}

/** The context of work nobody asked for in a request: jobs, webhooks from providers, commands. It acts as no user. */
export function systemContext(services: AppServices, requestId = `system-${randomUUID()}`): DomainContext {
  return createDomainContext({ ...services, user: null, requestId, clientAddress: 'internal' });
}
