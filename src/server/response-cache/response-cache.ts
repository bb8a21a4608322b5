import type { Logger } from '../../kernel/logger';
import { ALL, courseTag, LISTS, type CachedResponse } from './cached-response';
import { CatalogChangeListener } from './catalog-change-listener';
import { RedisResponseStore } from './redis-response-store';

/**
 * Answers to anonymous public reads, in this process (L1) and, with
 * REDIS_URL, in Redis shared by every instance (L2). Entries are dropped by
 * tag when a domain event says what they show changed; the TTL is a
 * backstop. An answer computed while an invalidation happened is not stored
 * (the epoch here, a sequence number in Redis), so a slow read never puts
 * back what a write just removed.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly byTag = new Map<string, Set<string>>();
  private epoch = 0;
  /** Characters of the bodies held here: with the entry count, what bounds this process's memory (a catalog page is ~20 KB). */
  private size = 0;

  private changes: CatalogChangeListener | null = null;

  private constructor(
    private readonly ttlSeconds: number,
    private readonly maxEntries: number,
    private readonly maxSize: number,
    private readonly shared: RedisResponseStore | null,
  ) {}

  /** `databaseUrl`: where the catalog's change triggers announce what changed (every writer, not only those with a domain event). */
  static async start(options: {
    ttlSeconds: number;
    maxEntries: number;
    maxMiB: number;
    redisUrl: string | null;
    namespace: string;
    databaseUrl: string;
    logger: Logger;
  }): Promise<ResponseCache> {
    let cache: ResponseCache | null = null;
    const shared = options.redisUrl
      ? await RedisResponseStore.connect(options.redisUrl, options.namespace, options.logger, (tags) => cache?.dropLocally(tags))
      : null;
    const started = new ResponseCache(options.ttlSeconds, options.maxEntries, options.maxMiB * 1024 * 1024, shared);
    cache = started;
    started.changes = await CatalogChangeListener.start(options.databaseUrl, options.logger, (courseIds) => {
      const tags = courseIds.includes(ALL) ? [ALL] : [...courseIds.map(courseTag), LISTS];
      started.invalidate(tags).catch((error: Error) => options.logger.warn(`response cache: invalidation failed (${error.message})`));
    });
    return started;
  }

  /** This process's copy, synchronously: the hot path. */
  local(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry;
    this.forget(key);
    return undefined;
  }

  /** This process's copy, else the shared one (copied here). */
  async lookup(key: string): Promise<CachedResponse | undefined> {
    const local = this.local(key);
    if (local || !this.shared) return local;
    const epoch = this.epoch;
    const entry = await this.shared.get(key);
    if (entry && entry.expiresAt > Date.now() && epoch === this.epoch) this.keep(key, entry);
    return entry ?? undefined;
  }

  /** Where a miss starts: pass it to `store` with the answer. */
  async begin(): Promise<{ epoch: number; sequence: string | null }> {
    return { epoch: this.epoch, sequence: this.shared ? await this.shared.sequence() : null };
  }

  async store(key: string, started: { epoch: number; sequence: string | null }, answer: Omit<CachedResponse, 'expiresAt'>): Promise<CachedResponse> {
    const entry: CachedResponse = { ...answer, tags: [...new Set([...answer.tags, ALL])], expiresAt: Date.now() + this.ttlSeconds * 1000 };
    if (started.epoch === this.epoch) this.keep(key, entry);
    if (this.shared && started.sequence !== null) await this.shared.put(key, entry, started.sequence, this.ttlSeconds * 1000);
    return entry;
  }

  /** Drops what shows any of `tags`, here and (through Redis) on every instance, before the writer's answer leaves. */
  async invalidate(tags: string[]): Promise<void> {
    this.dropLocally(tags);
    if (this.shared) await this.shared.invalidate(tags);
  }

  async close(): Promise<void> {
    await this.changes?.stop();
    await this.shared?.close();
  }

  private dropLocally(tags: string[]): void {
    this.epoch += 1;
    if (tags.includes(ALL)) {
      this.entries.clear();
      this.byTag.clear();
      this.size = 0;
      return;
    }
    for (const tag of tags) {
      for (const key of this.byTag.get(tag) ?? []) this.forget(key);
      this.byTag.delete(tag);
    }
  }

  private keep(key: string, entry: CachedResponse): void {
    this.forget(key);
    if (entry.body.length > this.maxSize / 4) return;
    while (this.entries.size > 0 && (this.entries.size >= this.maxEntries || this.size + entry.body.length > this.maxSize))
      this.forget(this.entries.keys().next().value as string);
    this.entries.set(key, entry);
    this.size += entry.body.length;
    for (const tag of entry.tags) {
      if (tag === ALL) continue;
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.size -= entry.body.length;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
