import Redis from 'ioredis';
import type { Logger } from './logger';

/**
 * Token buckets per key ("apikey:<id>"): up to `capacity` calls in a burst,
 * refilled at `refillPerMinute`. With REDIS_URL set the buckets live in Redis
 * (one Lua script, atomic, on Redis's clock), so a limit holds across every
 * server instance; otherwise in this process's memory.
 */
export interface TokenBuckets {
  /** Takes one token from `key`'s bucket; when it is empty, how long until one is back. */
  take(key: string, capacity: number, refillPerMinute: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
  close(): Promise<void>;
}

export class InMemoryTokenBuckets implements TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sweptAt = 0;

  async take(key: string, capacity: number, refillPerMinute: number) {
    const now = Date.now();
    const perMs = refillPerMinute / 60_000;
    this.sweep(now, capacity, perMs);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
  }

  /** Forgets buckets that have refilled completely: they are the same as no bucket. */
  private sweep(now: number, capacity: number, perMs: number): void {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) if (bucket.tokens + (now - bucket.at) * perMs >= capacity) this.buckets.delete(key);
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}

// KEYS[1] bucket; ARGV capacity, tokens per ms. Returns { allowed (0/1), ms until a token is back }.
const TAKE_SCRIPT = `local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(now - at, 0) * perMs)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) / perMs)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / perMs) + 1000)
return { allowed, retry }`;

export class RedisTokenBuckets implements TokenBuckets {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  static async connect(url: string, logger: Logger, prefix = 'knowpay:bucket:'): Promise<RedisTokenBuckets> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    redis.on('error', (error) => logger.warn(`redis (token buckets): ${error.message}`));
    await redis.connect();
    return new RedisTokenBuckets(redis, prefix);
  }

  async take(key: string, capacity: number, refillPerMinute: number) {
    const [allowed, retry] = (await this.redis.eval(TAKE_SCRIPT, 1, `${this.prefix}${key}`, String(capacity), String(refillPerMinute / 60_000))) as [
      number,
      number,
    ];
    return { allowed: allowed === 1, retryAfterMs: allowed === 1 ? 0 : Math.max(retry, 1) };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
