/**
 * Re-ranks a relevance-ordered candidate list so the top k is not ten
 * variations of one course. Two policies:
 * - MMR (maximal marginal relevance): repeatedly take the candidate with the
 *   best λ·relevance − (1−λ)·max similarity to what is already taken;
 * - category cap: at most N per category, overflow kept for the end.
 */

export type DiversityOption = { kind: 'mmr'; /** 1 = relevance only, 0 = diversity only. */ lambda: number } | { kind: 'category-cap'; maxPerCategory: number };

export interface RankedCandidate {
  itemId: string;
  score: number;
}

export interface DiversitySignals {
  similarity: (a: string, b: string) => number;
  categoryOf: (itemId: string) => string | undefined;
}

export function diversify<T extends RankedCandidate>(candidates: readonly T[], k: number, option: DiversityOption, signals: DiversitySignals): T[] {
  return option.kind === 'mmr'
    ? maximalMarginalRelevance(candidates, k, option.lambda, signals.similarity)
    : capPerCategory(candidates, k, option.maxPerCategory, signals.categoryOf);
}

function maximalMarginalRelevance<T extends RankedCandidate>(
  candidates: readonly T[],
  k: number,
  lambda: number,
  similarity: (a: string, b: string) => number,
): T[] {
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`MMR lambda must be in [0, 1], got ${lambda}`);
  // Scores of different sources are on different scales; MMR needs [0, 1].
  const scores = candidates.map((c) => c.score);
  const lo = Math.min(...scores);
  const span = Math.max(...scores) - lo || 1;
  const relevance = scores.map((s) => (s - lo) / span);
  const left = candidates.map((_, i) => i);
  const maxSimilarity = new Float64Array(candidates.length);
  const out: T[] = [];
  while (out.length < k && left.length > 0) {
    let bestAt = 0;
    let best = -Infinity;
    left.forEach((c, at) => {
      const value = lambda * relevance[c] - (1 - lambda) * maxSimilarity[c];
      if (value > best) {
        best = value;
        bestAt = at;
      }
    });
    const [chosen] = left.splice(bestAt, 1);
    out.push(candidates[chosen]);
    for (const c of left) maxSimilarity[c] = Math.max(maxSimilarity[c], similarity(candidates[chosen].itemId, candidates[c].itemId));
  }
  return out;
}

function capPerCategory<T extends RankedCandidate>(candidates: readonly T[], k: number, cap: number, categoryOf: (itemId: string) => string | undefined): T[] {
  if (!(Number.isInteger(cap) && cap >= 1)) throw new RangeError(`maxPerCategory must be a positive integer, got ${cap}`);
  const taken = new Map<string, number>();
  const out: T[] = [];
  const overflow: T[] = [];
  for (const c of candidates) {
    const category = categoryOf(c.itemId);
    const count = category === undefined ? 0 : (taken.get(category) ?? 0);
    if (category !== undefined && count >= cap) {
      overflow.push(c);
      continue;
    }
    if (category !== undefined) taken.set(category, count + 1);
    out.push(c);
    if (out.length === k) return out;
  }
  // Too few categories to honour the cap: fill with the best of the rest.
  return out.concat(overflow.slice(0, k - out.length));
}
