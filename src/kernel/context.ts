import DataLoader from 'dataloader';
import type { Role } from '../identity/user.entity';
import type { SocketSession } from '../realtime/socket-sessions';
import type { AppServices } from '../server/services';

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

/** Travels with every service call: who is asking, with which loaders, plus the instance's services (database, pub/sub, jobs, …). */
export interface RequestContext extends AppServices {
  requestId: string;
  user: AuthUser | null;
  /** Set when an API key authenticated the request (then `user` is null). */
  apiKey?: ApiKeyPrincipal | null;
  /** Where the request came from, as throttles count it (see client-address.ts). */
  clientAddress: string;
  /** For operations over graphql-ws: the socket's session, kept current as the user's standing changes. */
  session?: SocketSession | null;
  loaders: Loaders;
}

export function createRequestContext(fields: Omit<RequestContext, 'loaders'>): RequestContext {
  const ctx = { ...fields } as RequestContext;
  ctx.loaders = new Loaders(ctx);
  return ctx;
}
