import type { InteractionMatrix } from './interaction-matrix';
import { ItemScorer } from './item-scorer';
import { meanRankingQuality, type RankingQuality } from './ranking-metrics';

/**
 * Full-ranking evaluation: every training user is ranked over all items except
 * their own training items, and the top K is compared with their held-out items.
 */

const BATCH = 256;

/** Top-K item indices for every user of `train`, scored with item-item `weights`. */
export async function topKForAllUsers(train: InteractionMatrix, weights: Float32Array, k: number, onBatch?: (fraction: number) => void): Promise<Int32Array[]> {
  const scorer = new ItemScorer(weights, train.itemCount);
  try {
    const ranked: Int32Array[] = [];
    for (let start = 0; start < train.userCount; start += BATCH) {
      const rows = [];
      for (let u = start; u < Math.min(train.userCount, start + BATCH); u++) rows.push({ items: train.itemsOf(u) });
      for (const top of await scorer.topK(rows, k)) ranked.push(top.indices);
      onBatch?.(Math.min(1, (start + BATCH) / train.userCount));
    }
    return ranked;
  } finally {
    scorer.dispose();
  }
}

export async function evaluateItemWeights(train: InteractionMatrix, relevant: Set<number>[], weights: Float32Array, k = 10): Promise<RankingQuality> {
  return meanRankingQuality(await topKForAllUsers(train, weights, k), relevant, k);
}

/** Most-interacted items first, skipping each user's training items. */
export function evaluatePopularity(train: InteractionMatrix, relevant: Set<number>[], k = 10): RankingQuality {
  const counts = train.itemCounts();
  const order = Array.from(counts.keys()).sort((a, b) => counts[b] - counts[a] || a - b);
  const ranked = train.userIds.map((_, u) => {
    const seen = new Set(train.itemsOf(u));
    const list: number[] = [];
    for (const i of order) {
      if (list.length === k) break;
      if (!seen.has(i)) list.push(i);
    }
    return list;
  });
  return meanRankingQuality(ranked, relevant, k);
}
