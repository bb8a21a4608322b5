import { forbidden, unauthenticated } from '../common/errors';
import { Loaders, DomainContext } from '../kernel/context';
import type { Subscriber } from './pubsub';

/**
 * A subscription keeps one context for its whole life. Each event resolves
 * with empty loaders, so it never sees entities cached by an earlier event.
 */
export function startEvent(ctx: DomainContext): void {
  ctx.loaders = new Loaders(ctx);
}

/** How long an access decision is trusted without a signal; time alone can end access (a lapsed membership). */
export const ACCESS_RECHECK_MS = 60_000;

/**
 * The subscribe step of every subscription: the caller must be signed in and
 * pass `mayListen`; then the topic's bounded queue, once events published
 * anywhere reach this instance.
 *
 * Access is not decided once: whenever the socket's user or access changes
 * (a ban, new roles, a refund, a revoked seat, an ended membership — see
 * SocketSessions) and at least every ACCESS_RECHECK_MS, `mayListen` runs
 * again, with the user as they are now and fresh loaders, before another
 * event is delivered. Once it fails the subscription ends with FORBIDDEN.
 */
export async function listen<T>(ctx: DomainContext, topic: string, mayListen: () => Promise<boolean>, refusal: string): Promise<AsyncIterableIterator<T>> {
  if (!ctx.user) throw unauthenticated('Sign in first: put "Bearer <token>" in connectionParams.authorization.');
  if (!(await mayListen())) throw forbidden(refusal);
  const subscriber = ctx.pubsub.subscribe<T>(topic);
  await ctx.pubsub.ready(topic);
  return new GuardedEvents(ctx, subscriber, mayListen, refusal);
}

/**
 * Revocation ends the topic's queue, which wakes a `next` that is waiting for
 * an event, and `next` turns that end into the refusal. (Racing each `next`
 * against one long-lived "revoked" promise would add a reaction to that
 * promise per event, holding every delivered event for the subscription's
 * whole life: about a kilobyte per event per subscriber.)
 */
class GuardedEvents<T> implements AsyncIterableIterator<T> {
  private checkedAt = Date.now();
  private stale = false;
  private checking: Promise<boolean> | null = null;
  /** Set once `mayListen` has failed: the pending and every later `next` rejects with it. */
  private refused: Error | null = null;
  private readonly unwatch: () => void;

  constructor(
    private readonly ctx: DomainContext,
    private readonly events: Subscriber<T>,
    private readonly mayListen: () => Promise<boolean>,
    private readonly refusal: string,
  ) {
    this.unwatch =
      ctx.session?.watch(() => {
        this.stale = true;
        void this.recheck();
      }) ?? (() => undefined);
  }

  /** Runs `mayListen` again as the user is now; on refusal the pending (or next) event is replaced by FORBIDDEN. */
  private recheck(): Promise<boolean> {
    this.checking ??= (async () => {
      this.stale = false;
      const session = this.ctx.session;
      if (session) this.ctx.user = session.closed ? null : session.user;
      startEvent(this.ctx);
      const allowed = this.ctx.user !== null && (await this.mayListen().catch(() => false));
      this.checkedAt = Date.now();
      if (!allowed) {
        this.refused = forbidden(this.refusal);
        this.close();
      }
      return allowed;
    })().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  async next(): Promise<IteratorResult<T>> {
    if (this.refused) throw this.refused;
    const result = await this.events.next();
    if (this.refused) throw this.refused;
    if (result.done) {
      this.unwatch();
      return result;
    }
    if (this.stale || this.checking || Date.now() - this.checkedAt > ACCESS_RECHECK_MS) {
      if (!(await (this.checking ?? this.recheck()))) throw this.refused ?? forbidden(this.refusal);
    }
    return result;
  }

  private close(): void {
    this.unwatch();
    void this.events.return?.();
  }

  async return(): Promise<IteratorResult<T>> {
    this.close();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * type-graphql insists on a schema-wide pub/sub even when every subscription
 * brings its own `subscribe` (ours use the per-instance `ctx.pubsub`, which
 * exists only once the server runs). This one refuses to be used.
 */
export const subscriptionsOwnPubSub = {
  publish(): void {
    throw new Error('publish through ctx.pubsub, after commit');
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('subscriptions use @Subscription({ subscribe }) with ctx.pubsub');
  },
};
