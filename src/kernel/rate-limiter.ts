import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from './logger';

/** An allowance: `limit` points per fixed window of `windowSeconds`. */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: how long until the window resets. */
  retryAfterMs: number;
}

/**
 * Fixed-window allowances per key ("chat:<userId>", "signin:account:<email>"),
 * on rate-limiter-flexible. With REDIS_URL set the counters live in Redis (one
 * atomic Lua call per consume), so a limit holds across every server
 * instance; should Redis fail, each instance falls back to counting in its
 * own memory rather than letting everything through. Without REDIS_URL,
 * memory only.
 */
export interface RateLimiter {
  /** Takes `points` (default 1) from `key`'s allowance under `rule`; refused when that would go over it. */
  consume(key: string, rule: RateRule, points?: number): Promise<RateDecision>;
  close(): Promise<void>;
}

export class FlexibleRateLimiter implements RateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  private constructor(
    private readonly redis: Redis | null,
    private readonly prefix: string,
  ) {}

  static inMemory(prefix = 'knowpay:rate'): FlexibleRateLimiter {
    return new FlexibleRateLimiter(null, prefix);
  }

  static async connect(url: string, logger: Logger, prefix = 'knowpay:rate'): Promise<FlexibleRateLimiter> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: false });
    redis.on('error', (error) => logger.warn(`redis (rate limits): ${error.message}`));
    await redis.connect();
    return new FlexibleRateLimiter(redis, prefix);
  }

  /** One limiter per distinct rule; rate-limiter-flexible fixes points and duration per instance. */
  private limiterFor(rule: RateRule): RateLimiterAbstract {
    const name = `${rule.limit}/${rule.windowSeconds}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const options = { points: rule.limit, duration: rule.windowSeconds, keyPrefix: `${this.prefix}:${name}` };
      limiter = this.redis
        ? new RateLimiterRedis({ ...options, storeClient: this.redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(options) })
        : new RateLimiterMemory(options);
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  async consume(key: string, rule: RateRule, points = 1): Promise<RateDecision> {
    try {
      await this.limiterFor(rule).consume(key, points);
      return { allowed: true, retryAfterMs: 0 };
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterMs: Math.max(refusal.msBeforeNext, 1) };
      throw refusal;
    }
  }

  async close(): Promise<void> {
    this.limiters.clear();
    await this.redis?.quit().catch(() => undefined);
  }
}
