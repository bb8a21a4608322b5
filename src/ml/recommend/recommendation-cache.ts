import type { DataSource, EntityManager } from 'typeorm';
import type { RecommendationReason } from './course-recommender';

/**
 * Each viewer's scored list, kept in this instance's memory (least recently
 * used out first) and keyed by what it was computed from: the model version
 * and the viewer's activity version. A retrain changes the first; an
 * enrollment, a purchase, progress, a review, a repeat course-page view or
 * new interests change the second (database triggers bump it in the same
 * transaction, see the LearnerActivity migration). So a hit is always what
 * the model would say now, and the next request after any such change
 * recomputes, on every instance, with no message between instances.
 *
 * Only ids, scores and reasons are kept: course cards are loaded per request,
 * so a course unpublished since is dropped and titles are current.
 * Concurrent misses for one key share one computation.
 */

export interface CachedRecommendation {
  itemId: string;
  score: number;
  reason: RecommendationReason;
  because?: string;
  /** Whether the viewer is enrolled in `because` ("Because you enrolled in …" or "… looked at …"). */
  becauseEnrolled?: boolean;
}

interface Entry {
  modelVersion: string;
  activityVersion: string;
  items: Promise<readonly CachedRecommendation[]>;
}

export class RecommendationCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The list for `key` at these versions: from memory, or computed by `compute` and kept. */
  async lookup(
    key: string,
    modelVersion: string,
    activityVersion: string,
    compute: () => Promise<readonly CachedRecommendation[]>,
  ): Promise<readonly CachedRecommendation[]> {
    const entry = this.entries.get(key);
    if (entry && entry.modelVersion === modelVersion && entry.activityVersion === activityVersion) {
      this.hits += 1;
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.items;
    }
    this.misses += 1;
    const items = compute();
    if (this.capacity === 0) return items;
    const fresh: Entry = { modelVersion, activityVersion, items };
    this.entries.delete(key);
    this.entries.set(key, fresh);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    items.catch(() => {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
    });
    return items;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The viewer's activity version ('0' before any tracked activity): one primary-key lookup. */
export async function readActivityVersion(db: DataSource | EntityManager, userId: string): Promise<string> {
  const rows: Array<{ version: string }> = await db.query('SELECT version FROM learner_activity WHERE user_id = $1', [userId]);
  return rows[0]?.version ?? '0';
}
