import { createSnapshot, expectSnapshot, weightOf, type ModelSnapshot } from '../model-snapshot';
import type { Interaction } from './interaction-matrix';

/**
 * Popularity as a recommender of last resort: distinct users per item, or,
 * with a half-life, exponentially decayed counts ("trending") measured back
 * from the newest interaction, so old hits fade.
 */

export interface PopularityOptions {
  /** Decay half-life; absent = all-time counts. Needs timestamps. */
  halfLifeDays?: number;
  /** Unix seconds the decay is measured back from; default the newest timestamp. */
  now?: number;
}

export interface ScoredItem {
  itemId: string;
  score: number;
}

const KIND = 'recommend.popularity';
const FORMAT = 1;

export class PopularityModel {
  private readonly order: number[];
  private readonly index: Map<string, number>;

  constructor(
    readonly itemIds: readonly string[],
    readonly scores: Float64Array,
    readonly options: PopularityOptions = {},
    readonly trainedAt = new Date().toISOString(),
  ) {
    this.order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || (itemIds[a] < itemIds[b] ? -1 : 1));
    this.index = new Map(itemIds.map((id, i) => [id, i]));
  }

  static fromInteractions(interactions: readonly Interaction[], options: PopularityOptions = {}): PopularityModel {
    const halfLife = options.halfLifeDays ? options.halfLifeDays * 86_400 : undefined;
    let now = options.now ?? -Infinity;
    if (halfLife && options.now === undefined) for (const e of interactions) now = Math.max(now, e.timestamp ?? -Infinity);
    const latest = new Map<string, number>(); // user·item → newest timestamp, so repeats count once
    for (const e of interactions) {
      const key = `${e.itemId}\u0000${e.userId}`;
      latest.set(key, Math.max(latest.get(key) ?? -Infinity, e.timestamp ?? now));
    }
    const scores = new Map<string, number>();
    for (const [key, at] of latest) {
      const itemId = key.slice(0, key.indexOf('\u0000'));
      const weight = halfLife && Number.isFinite(at) && Number.isFinite(now) ? Math.pow(0.5, Math.max(0, now - at) / halfLife) : 1;
      scores.set(itemId, (scores.get(itemId) ?? 0) + weight);
    }
    const ids = [...scores.keys()];
    return new PopularityModel(
      ids,
      Float64Array.from(ids, (id) => scores.get(id)!),
      options,
    );
  }

  serialize(): ModelSnapshot<PopularityOptions, { itemIds: string[] }> {
    return createSnapshot({
      kind: KIND,
      formatVersion: FORMAT,
      trainedAt: this.trainedAt,
      params: this.options,
      meta: { itemIds: [...this.itemIds] },
      weights: { scores: this.scores },
    });
  }

  static deserialize(snapshot: ModelSnapshot): PopularityModel {
    expectSnapshot(snapshot, KIND, FORMAT);
    const meta = snapshot.meta as { itemIds: string[] };
    return new PopularityModel(meta.itemIds, weightOf(snapshot, 'scores', Float64Array), snapshot.params as PopularityOptions, snapshot.trainedAt);
  }

  scoreOf(itemId: string): number {
    const i = this.index.get(itemId);
    return i === undefined ? 0 : this.scores[i];
  }

  /** Best `k` items, skipping those `skip` rejects. */
  top(k: number, skip: (itemId: string) => boolean = () => false): ScoredItem[] {
    const out: ScoredItem[] = [];
    for (const i of this.order) {
      if (out.length >= k) break;
      const itemId = this.itemIds[i];
      if (!skip(itemId)) out.push({ itemId, score: this.scores[i] });
    }
    return out;
  }
}
