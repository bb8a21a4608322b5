import Redis from 'ioredis';
import type { Logger } from '../../kernel/logger';
import type { CachedResponse } from './cached-response';

/**
 * Stores an entry unless an invalidation ran since its answer was computed (the sequence moved), and files it under
 * each of its tags. KEYS: sequence, entry. ARGV: expected sequence, entry JSON, TTL ms, tag set keys…
 */
const PUT = `
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
for i = 4, #ARGV do
  redis.call('SADD', ARGV[i], KEYS[2])
  redis.call('PEXPIRE', ARGV[i], ARGV[3])
end
return 1`;

/** Moves the sequence and deletes every entry filed under the tags. KEYS: sequence. ARGV: tag set keys… */
const INVALIDATE = `
redis.call('INCR', KEYS[1])
for i = 1, #ARGV do
  local members = redis.call('SMEMBERS', ARGV[i])
  for j = 1, #members, 500 do
    redis.call('DEL', unpack(members, j, math.min(j + 499, #members)))
  end
  redis.call('DEL', ARGV[i])
end
return 1`;

/**
 * The response cache's shared level: entries and their tag sets in Redis
 * under a namespace per database (instances of one deployment share it), and
 * a channel on which every instance hears what to drop from its own copy.
 */
export class RedisResponseStore {
  private constructor(
    private readonly client: Redis,
    private readonly listener: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  static async connect(url: string, namespace: string, logger: Logger, onInvalidated: (tags: string[]) => void): Promise<RedisResponseStore> {
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 };
    const client = new Redis(url, options);
    const listener = new Redis(url, options);
    await Promise.all([client.connect(), listener.connect()]);
    const store = new RedisResponseStore(client, listener, `knowpay:response-cache:${namespace}:`, logger);
    listener.on('message', (channel: string, message: string) => {
      if (channel !== store.channel) return;
      try {
        onInvalidated(JSON.parse(message) as string[]);
      } catch (error) {
        logger.warn(`response cache: ignoring a malformed invalidation (${(error as Error).message})`);
      }
    });
    // Entries written while this instance could not hear invalidations are suspect: start from an empty local copy.
    listener.on('ready', () => onInvalidated(['*']));
    await listener.subscribe(store.channel);
    return store;
  }

  private get channel(): string {
    return `${this.prefix}invalidate`;
  }

  async sequence(): Promise<string | null> {
    try {
      return (await this.client.get(`${this.prefix}sequence`)) ?? '0';
    } catch (error) {
      this.logger.warn(`response cache: Redis unavailable (${(error as Error).message}); answering without the shared cache`);
      return null;
    }
  }

  async get(key: string): Promise<CachedResponse | null> {
    try {
      const raw = await this.client.get(`${this.prefix}entry:${key}`);
      return raw ? (JSON.parse(raw) as CachedResponse) : null;
    } catch (error) {
      this.logger.warn(`response cache: Redis read failed (${(error as Error).message})`);
      return null;
    }
  }

  async put(key: string, entry: CachedResponse, sequence: string, ttlMs: number): Promise<void> {
    try {
      await this.client.eval(
        PUT,
        2,
        `${this.prefix}sequence`,
        `${this.prefix}entry:${key}`,
        sequence,
        JSON.stringify({ ...entry, bytes: undefined, encoded: undefined }),
        String(ttlMs),
        ...entry.tags.map((tag) => `${this.prefix}tag:${tag}`),
      );
    } catch (error) {
      this.logger.warn(`response cache: Redis write failed (${(error as Error).message})`);
    }
  }

  /** Throws when Redis is unreachable: the writer's after-commit handler logs it (entries then live until their TTL). */
  async invalidate(tags: string[]): Promise<void> {
    await this.client.eval(INVALIDATE, 1, `${this.prefix}sequence`, ...tags.map((tag) => `${this.prefix}tag:${tag}`));
    await this.client.publish(this.channel, JSON.stringify(tags));
  }

  async close(): Promise<void> {
    await Promise.all([this.client.quit().catch(() => undefined), this.listener.quit().catch(() => undefined)]);
  }
}
