import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { MODELS_UPDATED_TOPIC } from '../../src/ml/model-registry';
import type { TestServer } from './server';

export interface Subscription<T = any> {
  /** The next result (data or errors) within `ms`, else throws. */
  next(ms?: number): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, any> }> }>;
  /** Results received so far and not yet taken with next(). */
  readonly pending: number;
  readonly completed: boolean;
  dispose(): void;
}

/** A graphql-ws client for `t`, signed in with `token` when given. */
export function wsClient(t: Pick<TestServer, 'url'>, token?: string | null): Client {
  return createClient({
    url: `${t.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
}

export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Subscription<T> {
  const results: any[] = [];
  const waiters: Array<(result: any) => void> = [];
  let completed = false;
  const push = (result: any) => {
    const waiter = waiters.shift();
    if (waiter) waiter(result);
    else results.push(result);
  };
  const dispose = client.subscribe(
    { query, variables },
    {
      next: push,
      error: (error) =>
        push({
          errors: Array.isArray(error)
            ? error
            : [{ message: String((error as Error)?.message ?? error), extensions: { closeCode: (error as { code?: number })?.code } }],
        }),
      complete: () => {
        completed = true;
      },
    },
  );
  return {
    next(ms = 5000) {
      if (results.length) return Promise.resolve(results.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no subscription result within ${ms} ms`)), ms);
        waiters.push((result) => {
          clearTimeout(timer);
          resolve(result);
        });
      });
    },
    get pending() {
      return results.length;
    },
    get completed() {
      return completed;
    },
    dispose,
  };
}

/** Waits until `count` subscribers listen on `topic` on this instance (and, with Redis, their channel is subscribed). */
export async function waitForSubscribers(t: TestServer, topic: string, count = 1, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (t.server.services.pubsub.subscriberCount(topic) < count) {
    if (Date.now() > deadline) throw new Error(`${topic}: ${t.server.services.pubsub.subscriberCount(topic)} of ${count} subscribers after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await t.server.services.pubsub.ready(topic);
}

/** Polls `condition` (sync or async) every 10 ms until it holds, or throws after `ms`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Subscribers held for clients on this instance (the server's own model-update listener left out). */
export function clientSubscriptionCount(t: Pick<TestServer, 'server'>): number {
  const pubsub = t.server.services.pubsub;
  return pubsub.subscriberCount() - pubsub.subscriberCount(MODELS_UPDATED_TOPIC);
}
