import type { DataSource } from 'typeorm';
import type { Logger } from '../../kernel/logger';
import type { RateLimiter } from '../../kernel/rate-limiter';
import { recordPriceImpressions, type PriceImpression } from './price-impressions';

/**
 * Price impressions observed by reads (course pages, quotes), recorded off
 * the read path: a read only notes what it showed (no I/O); every second, or
 * at 500 notes, one flush keeps the first impression per visitor and course
 * per window (the window lives in the rate limiter: Redis across instances
 * when REDIS_URL is set) and writes them in one INSERT. An impression is
 * evidence, not money: a crash may lose the last second of them.
 */
export class PriceImpressionBuffer {
  private pending: Array<{ impression: PriceImpression; visitor: string }> = [];
  private flushing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly deps: { db: DataSource; rateLimiter: RateLimiter; logger: Logger; windowSeconds: number },
    flushEveryMs = 1000,
    private readonly maxPending = 500,
  ) {
    this.timer = setInterval(() => void this.flush(), flushEveryMs);
    this.timer.unref();
  }

  note(impression: PriceImpression, visitor: string): void {
    this.pending.push({ impression, visitor });
    if (this.pending.length >= this.maxPending) void this.flush();
  }

  /** Writes what is pending; resolves when it is written (tests and shutdown call it). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.write(batch).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  private async write(batch: Array<{ impression: PriceImpression; visitor: string }>): Promise<void> {
    const rule = { limit: 1, windowSeconds: this.deps.windowSeconds };
    try {
      const first = await Promise.all(
        batch.map(async (note) => (await this.deps.rateLimiter.consume(`impression:${note.impression.courseId}:${note.visitor}`, rule)).allowed),
      );
      await recordPriceImpressions(
        this.deps.db.manager,
        batch.filter((_, i) => first[i]).map((note) => note.impression),
      );
    } catch (error) {
      this.deps.logger.warn(`${batch.length} price impression(s) not recorded: ${(error as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

declare module '../../kernel/context' {
  interface AppServices {
    /** Price impressions that reads announced, written off the read path. */
    impressions: PriceImpressionBuffer;
  }
}
