/**
 * Top-K accuracy of one user's ranked list against that user's held-out
 * items. Recall@K is hits / |held-out| (the RecBole / most-papers form);
 * NDCG@K uses binary gains and the ideal DCG of min(K, |held-out|) hits.
 */

export function recallAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r])) hits++;
  return hits / relevant.size;
}

export function ndcgAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r])) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}

export interface RankingQuality {
  recall: number;
  ndcg: number;
  /** Users with at least one held-out item, over which the means are taken. */
  users: number;
  k: number;
}

/** Means over users; `ranked[u]` and `relevant[u]` belong to the same user. */
export function meanRankingQuality(ranked: ArrayLike<number>[], relevant: ReadonlySet<number>[], k: number): RankingQuality {
  let recall = 0;
  let ndcg = 0;
  let users = 0;
  ranked.forEach((list, u) => {
    if (relevant[u].size === 0) return;
    recall += recallAtK(list, relevant[u], k);
    ndcg += ndcgAtK(list, relevant[u], k);
    users++;
  });
  return { recall: users ? recall / users : 0, ndcg: users ? ndcg / users : 0, users, k };
}
