import type { ProgressReporter } from '../progress';
import { heldOutByUser, splitByInteraction } from './holdout-split';
import { InteractionMatrix, type Interaction } from './interaction-matrix';
import type { ItemModelParams } from './item-item-model';
import { EASE_BASELINE, trainItemModel } from './item-model-training';
import type { RankingQuality } from './ranking-metrics';
import { evaluateItemWeights, evaluatePopularity } from './topn-evaluation';

/**
 * The offline comparison behind `eval recommend`: one seeded 80/20 split by
 * interaction, full ranking excluding training items, the same users for
 * every model. The tuned model chooses its hyper-parameters on an inner split
 * of the 80% only. Rows: the tuned blend, its EASE part alone, plain EASE
 * (λ = 250, RecBole's default) and popularity.
 */

export interface EvaluationRow extends RankingQuality {
  model: string;
  trainSeconds: number;
  params?: ItemModelParams;
}

export interface RecommendEvaluationOptions {
  seed?: number;
  k?: number;
  trainFraction?: number;
  progress?: ProgressReporter;
}

export async function evaluateRecommenders(interactions: readonly Interaction[], options: RecommendEvaluationOptions = {}): Promise<EvaluationRow[]> {
  const seed = options.seed ?? 42;
  const k = options.k ?? 10;
  const { train, test } = splitByInteraction(interactions, options.trainFraction ?? 0.8, seed);
  const matrix = InteractionMatrix.build(train);
  const relevant = heldOutByUser(matrix, test);
  const rows: EvaluationRow[] = [];

  const timed = async <T>(run: () => Promise<T>) => {
    const started = process.hrtime.bigint();
    const value = await run();
    return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };

  const tuned = await timed(() => trainItemModel(train, { seed, progress: options.progress, maxItems: matrix.itemCount }));
  const tunedModel = tuned.value;
  // Same item order as `matrix`, so indices line up with `relevant`.
  const aligned = tunedModel.itemIds.every((id, i) => matrix.itemIds[i] === id);
  if (!aligned) throw new Error('tuned model item order differs from the evaluation matrix');
  rows.push({
    model: 'knowpay-blend',
    trainSeconds: tuned.seconds,
    params: tunedModel.params,
    ...(await evaluateItemWeights(matrix, relevant, tunedModel.weights, k)),
  });

  // The tuned model's own EASE part alone: separates the gain of tuning λ
  // and dropout from the gain of the low-pass blend.
  const easePart = { ...tunedModel.params, lowPassRank: 0, lowPassWeight: 0 };
  const tunedEase = await timed(() => trainItemModel(train, { params: easePart, maxItems: matrix.itemCount }));
  rows.push({
    model: 'ease-tuned',
    trainSeconds: tunedEase.seconds,
    params: easePart,
    ...(await evaluateItemWeights(matrix, relevant, tunedEase.value.weights, k)),
  });

  const ease = await timed(() => trainItemModel(train, { params: EASE_BASELINE, progress: options.progress, maxItems: matrix.itemCount }));
  rows.push({ model: 'ease', trainSeconds: ease.seconds, params: EASE_BASELINE, ...(await evaluateItemWeights(matrix, relevant, ease.value.weights, k)) });

  rows.push({ model: 'popularity', trainSeconds: 0, ...evaluatePopularity(matrix, relevant, k) });
  return rows;
}
