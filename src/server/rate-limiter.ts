import Redis from 'ioredis';
import type { Logger } from './logger';

/**
 * Fixed-window counters per key ("chat:<userId>"). With REDIS_URL set the
 * counters live in Redis, so a limit holds across every server instance;
 * otherwise in this process's memory.
 */
export interface RateLimiter {
  /** Counts one hit on `key`; false when it is over `limit` hits in the current `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
  close(): Promise<void>;
}

export class InMemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { endsAt: number; count: number }>();
  private sweptAt = 0;

  async hit(key: string, limit: number, windowMs: number) {
    const now = Date.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { endsAt: now + windowMs, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { allowed: window.count <= limit, retryAfterMs: window.count <= limit ? 0 : window.endsAt - now };
  }

  /** Forgets finished windows now and then, so idle users cost nothing. */
  private sweep(now: number): void {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}

// INCR, and start the window's expiry on its first hit; returns [count, ms left].
const HIT_SCRIPT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }`;

export class RedisRateLimiter implements RateLimiter {
  private constructor(private readonly redis: Redis, private readonly prefix: string) {}

  static async connect(url: string, logger: Logger, prefix = 'knowpay:rate:'): Promise<RedisRateLimiter> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    redis.on('error', (error) => logger.warn(`redis (rate limits): ${error.message}`));
    await redis.connect();
    return new RedisRateLimiter(redis, prefix);
  }

  async hit(key: string, limit: number, windowMs: number) {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, `${this.prefix}${key}`, String(windowMs))) as [number, number];
    return { allowed: count <= limit, retryAfterMs: count <= limit ? 0 : Math.max(ttl, 0) };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
