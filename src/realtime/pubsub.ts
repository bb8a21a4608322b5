/**
 * Real-time fan-out. Publishers send small JSON payloads (ids, not entities)
 * to a topic; every subscriber of that topic on every server instance gets
 * them. Publish only after the transaction that caused the event commits
 * (`afterCommit`), so nobody hears about state that was rolled back.
 *
 * Each subscriber owns a bounded queue: a consumer that stops reading loses
 * its oldest undelivered events instead of stalling others or growing memory.
 */
export interface PubSub {
  publish(topic: string, payload: unknown): Promise<void>;
  subscribe<T = unknown>(topic: string): Subscriber<T>;
  /** Resolves once events published anywhere on `topic` reach this instance's subscribers. */
  ready(topic: string): Promise<void>;
  /** Live subscribers on this instance (of `topic`, or of every topic): for health checks and leak tests. */
  subscriberCount(topic?: string): number;
  close(): Promise<void>;
}

export interface Subscriber<T> extends AsyncIterableIterator<T> {
  /** Events dropped because this subscriber fell more than `bufferSize` behind. */
  readonly dropped: number;
}

export const SUBSCRIBER_BUFFER_SIZE = 256;

class BoundedSubscriber<T> implements Subscriber<T> {
  private readonly queue: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private closed = false;
  dropped = 0;

  constructor(
    private readonly onClose: () => void,
    private readonly bufferSize: number,
  ) {}

  push(value: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
      return;
    }
    if (this.queue.length >= this.bufferSize) {
      this.queue.shift();
      this.dropped += 1;
    }
    this.queue.push(value);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift() as T, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.queue.length = 0;
      this.onClose();
      this.waiting?.({ value: undefined, done: true });
      this.waiting = null;
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Local fan-out: topic → subscribers. The whole pub/sub for one instance, and the local half of the Redis one. */
export class LocalFanout {
  private readonly topics = new Map<string, Set<BoundedSubscriber<unknown>>>();

  constructor(
    private readonly bufferSize = SUBSCRIBER_BUFFER_SIZE,
    private readonly onFirst: (topic: string) => void = () => {},
    private readonly onLast: (topic: string) => void = () => {},
  ) {}

  deliver(topic: string, payload: unknown): void {
    const subscribers = this.topics.get(topic);
    if (!subscribers) return;
    for (const subscriber of subscribers) subscriber.push(payload);
  }

  subscribe<T>(topic: string): Subscriber<T> {
    let subscribers = this.topics.get(topic);
    if (!subscribers) {
      subscribers = new Set();
      this.topics.set(topic, subscribers);
      this.onFirst(topic);
    }
    const set = subscribers;
    const subscriber: BoundedSubscriber<unknown> = new BoundedSubscriber(() => {
      set.delete(subscriber);
      if (set.size === 0 && this.topics.get(topic) === set) {
        this.topics.delete(topic);
        this.onLast(topic);
      }
    }, this.bufferSize);
    set.add(subscriber);
    return subscriber as Subscriber<T>;
  }

  subscriberCount(topic?: string): number {
    if (topic !== undefined) return this.topics.get(topic)?.size ?? 0;
    let total = 0;
    for (const set of this.topics.values()) total += set.size;
    return total;
  }

  closeAll(): void {
    for (const set of [...this.topics.values()]) for (const subscriber of [...set]) void subscriber.return();
  }
}

/** Single-instance pub/sub: the embedded default. */
export class InProcessPubSub implements PubSub {
  readonly fanout: LocalFanout;

  constructor(bufferSize = SUBSCRIBER_BUFFER_SIZE) {
    this.fanout = new LocalFanout(bufferSize);
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    // A JSON round trip keeps the in-process behaviour identical to Redis.
    this.fanout.deliver(topic, JSON.parse(JSON.stringify(payload)));
  }

  subscribe<T>(topic: string): Subscriber<T> {
    return this.fanout.subscribe<T>(topic);
  }

  async ready(): Promise<void> {}

  subscriberCount(topic?: string): number {
    return this.fanout.subscriberCount(topic);
  }

  async close(): Promise<void> {
    this.fanout.closeAll();
  }
}

declare module '../kernel/context' {
  interface AppServices {
    /** Fan-out to subscriptions on every instance (Redis when REDIS_URL is set). */
    pubsub: PubSub;
  }
}
