import { forbidden, unauthenticated } from '../common/errors';
import { Loaders, RequestContext } from '../server/context';
import type { Subscriber } from './pubsub';

/**
 * A subscription keeps one context for its whole life. Each event resolves
 * with empty loaders, so it never sees entities cached by an earlier event.
 */
export function startEvent(ctx: RequestContext): void {
  ctx.loaders = new Loaders(ctx);
}

/**
 * The subscribe step of every subscription: the caller must be signed in and
 * pass `mayListen` (checked once, before any event flows); then the topic's
 * bounded queue, once events published anywhere reach this instance.
 */
export async function listen<T>(ctx: RequestContext, topic: string, mayListen: () => Promise<boolean>, refusal: string): Promise<Subscriber<T>> {
  if (!ctx.user) throw unauthenticated('Sign in first: put "Bearer <token>" in connectionParams.authorization.');
  if (!(await mayListen())) throw forbidden(refusal);
  const subscriber = ctx.pubsub.subscribe<T>(topic);
  await ctx.pubsub.ready(topic);
  return subscriber;
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
