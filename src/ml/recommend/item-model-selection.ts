import type { ProgressReporter } from '../progress';
import { fitEase } from './ease';
import { heldOutByUser, splitByInteraction } from './holdout-split';
import { InteractionMatrix, type Interaction } from './interaction-matrix';
import type { ItemModelParams, SelectionTrial } from './item-item-model';
import { blendItemWeights } from './item-weight-blend';
import { lowPassBasis, lowPassWeights } from './low-pass-filter';
import { evaluateItemWeights } from './topn-evaluation';

/**
 * Chooses the item model's hyper-parameters on an inner split of the training
 * interactions only (the caller's test data is never seen), by coordinate
 * search on NDCG@10:
 *   1. EASE λ on a grid scaled to the mean item degree, then refined;
 *   2. EDLAE dropout at and just below that λ;
 *   3. the low-pass filter's rank, then its blend weight, on top.
 * λ is then rescaled by the ratio of full to inner training size, since the
 * Gram matrix (and so the optimal ridge) grows linearly with the data.
 * About 10 inverses and 10 cheap blends: ~30 s for MovieLens-100K on 2 cores.
 */

export interface SelectionOptions {
  seed?: number;
  /** Share of training interactions held out for validation. */
  validationFraction?: number;
  progress?: ProgressReporter;
}

export interface SelectionResult {
  params: ItemModelParams;
  trials: SelectionTrial[];
}

const LAMBDA_MULTIPLIERS = [1.5, 3, 6, 12];
const LOW_PASS_RANKS = [16, 32, 64, 128, 256];
const LOW_PASS_WEIGHTS = [0.25, 1, 2, 4];
const FIRST_LOW_PASS_WEIGHT = 0.5;
/** A more complex candidate must win by this much NDCG to be taken. */
const MIN_GAIN = 0.0005;
const PLANNED_TRIALS = LAMBDA_MULTIPLIERS.length + 2 + 3 + LOW_PASS_RANKS.length + LOW_PASS_WEIGHTS.length;

export async function selectItemModelParams(
  interactions: readonly Interaction[],
  itemIds: readonly string[],
  options: SelectionOptions = {},
): Promise<SelectionResult> {
  const seed = options.seed ?? 1;
  const { train, test } = splitByInteraction(interactions, 1 - (options.validationFraction ?? 0.15), seed);
  const inner = InteractionMatrix.build(train, { itemIds });
  const relevant = heldOutByUser(inner, test);
  const gram = inner.gram();
  const n = inner.itemCount;
  const trials: SelectionTrial[] = [];
  const report = () => options.progress?.('model selection', Math.min(1, trials.length / PLANNED_TRIALS));

  let best: { params: ItemModelParams; ndcg: number; ease: Float32Array } | undefined;
  const evaluate = async (params: ItemModelParams, weights: Float32Array) => {
    const quality = await evaluateItemWeights(inner, relevant, weights);
    trials.push({ params, ndcg: quality.ndcg, recall: quality.recall });
    report();
    return quality.ndcg;
  };
  const tryEase = async (lambda: number, dropout: number) => {
    const params = { lambda, dropout, lowPassRank: 0, lowPassWeight: 0 };
    const ease = fitEase(gram, n, params);
    const ndcg = await evaluate(params, ease);
    const margin = dropout > 0 ? MIN_GAIN : 0;
    if (!best || ndcg > best.ndcg + margin) best = { params, ndcg, ease };
  };

  const degree = meanItemDegree(inner);
  for (const m of LAMBDA_MULTIPLIERS) await tryEase(m * degree, 0);
  const coarse = best!.params.lambda;
  for (const f of [Math.SQRT1_2, Math.SQRT2]) await tryEase(coarse * f, 0);
  const lambda = best!.params.lambda;
  for (const [f, dropout] of [
    [1, 0.2],
    [Math.SQRT1_2, 0.2],
    [Math.SQRT1_2, 0.4],
  ])
    await tryEase(lambda * f, dropout);

  const chosen = best!;
  let lowPass = { rank: 0, weight: 0, ndcg: chosen.ndcg };
  const maxRank = Math.min(LOW_PASS_RANKS[LOW_PASS_RANKS.length - 1], Math.floor(n / 2));
  if (maxRank >= LOW_PASS_RANKS[0]) {
    const basis = lowPassBasis(inner, maxRank, { seed });
    const blend = async (rank: number, weight: number) => {
      const params = { ...chosen.params, lowPassRank: rank, lowPassWeight: weight };
      const ndcg = await evaluate(params, blendItemWeights(inner, chosen.ease, lowPassWeights(basis, rank), weight));
      if (ndcg > lowPass.ndcg + MIN_GAIN) lowPass = { rank, weight, ndcg };
    };
    for (const rank of LOW_PASS_RANKS.filter((r) => r <= maxRank)) await blend(rank, FIRST_LOW_PASS_WEIGHT);
    if (lowPass.rank > 0) {
      const rank = lowPass.rank;
      for (const weight of LOW_PASS_WEIGHTS) await blend(rank, weight);
    }
  }
  options.progress?.('model selection', 1);

  const growth = Math.max(1, countPairs(interactions, itemIds)) / Math.max(1, inner.nnz);
  return {
    params: { lambda: chosen.params.lambda * growth, dropout: chosen.params.dropout, lowPassRank: lowPass.rank, lowPassWeight: lowPass.weight },
    trials,
  };
}

function meanItemDegree(matrix: InteractionMatrix): number {
  const counts = matrix.itemCounts();
  let items = 0;
  for (const c of counts) if (c > 0) items++;
  return matrix.nnz / Math.max(1, items);
}

function countPairs(interactions: readonly Interaction[], itemIds: readonly string[]): number {
  const modelled = new Set(itemIds);
  const pairs = new Set<string>();
  for (const e of interactions) if (modelled.has(e.itemId)) pairs.add(`${e.userId}\u0000${e.itemId}`);
  return pairs.size;
}
