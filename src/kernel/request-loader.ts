import DataLoader from 'dataloader';

/**
 * A per-request DataLoader that also answers synchronously what it was primed with.
 *
 * A read model primes a request's loaders with everything a page shows (a catalog page: a few hundred values); the
 * field resolvers then ask for them one by one. Through `load`, each answer is a promise, a microtask and, with
 * AsyncLocalStorage enabled, a promise hook, for a value that is already here. `now` hands over a primed value as it
 * is, and falls back to `load` (batched, as before) for anything else.
 *
 * It keeps DataLoader's rules: the first value for a key wins (a primed value does not replace a loaded one), and
 * `clear`/`clearAll` drop primed values too.
 */
export class RequestLoader<K, V, C = K> extends DataLoader<K, V, C> {
  private readonly primed = new Map<C, V>();
  private readonly cached: Map<C, Promise<V>>;
  private readonly keyOf: (key: K) => C;

  constructor(batch: DataLoader.BatchLoadFn<K, V>, options: Omit<DataLoader.Options<K, V, C>, 'cacheMap' | 'cache'> = {}) {
    const cached = new Map<C, Promise<V>>();
    super(batch, { ...options, cacheMap: cached });
    this.cached = cached;
    this.keyOf = options.cacheKeyFn ?? ((key: K) => key as unknown as C);
  }

  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    const cacheKey = this.keyOf(key);
    if (!this.cached.has(cacheKey) && !(value instanceof Error) && !isPromiseLike(value)) this.primed.set(cacheKey, value);
    return super.prime(key, value);
  }

  override clear(key: K): this {
    this.primed.delete(this.keyOf(key));
    return super.clear(key);
  }

  override clearAll(): this {
    this.primed.clear();
    return super.clearAll();
  }

  /** The primed value as it is, else `load(key)`. */
  now(key: K): V | Promise<V> {
    const cacheKey = this.keyOf(key);
    return this.primed.has(cacheKey) ? (this.primed.get(cacheKey) as V) : this.load(key);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** Applies `then` to a value that may or may not be a promise yet, without making a promise when it is not. */
export function thenNow<T, R>(value: T | Promise<T>, then: (value: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(then) : then(value);
}
