import type { ProgressReporter } from '../progress';
import { fitEase } from './ease';
import { InteractionMatrix, type Interaction } from './interaction-matrix';
import { ItemItemModel, type ItemModelParams, type SelectionTrial } from './item-item-model';
import { blendItemWeights } from './item-weight-blend';
import { lowPassBasis, lowPassWeights } from './low-pass-filter';
import { selectItemModelParams } from './item-model-selection';

/** Plain EASE with a fixed λ: the baseline every change is measured against. */
export const EASE_BASELINE: ItemModelParams = { lambda: 250, dropout: 0, lowPassRank: 0, lowPassWeight: 0 };

export interface TrainItemModelOptions {
  /** Fixed hyper-parameters; when absent they are chosen on an inner validation split. */
  params?: ItemModelParams;
  seed?: number;
  /**
   * Dense n×n weights cost n² memory and an n³ inverse; past this many items
   * only the most popular are modelled and the rest fall back to content and
   * popularity.
   */
  maxItems?: number;
  progress?: ProgressReporter;
}

export const DEFAULT_MAX_ITEMS = 4000;

export async function trainItemModel(interactions: readonly Interaction[], options: TrainItemModelOptions = {}): Promise<ItemItemModel> {
  const itemIds = mostPopularItems(interactions, options.maxItems ?? DEFAULT_MAX_ITEMS);
  const matrix = InteractionMatrix.build(interactions, { itemIds });
  let params = options.params;
  let selection: SelectionTrial[] | undefined;
  if (!params) {
    const chosen = await selectItemModelParams(interactions, itemIds, { seed: options.seed, progress: options.progress });
    params = chosen.params;
    selection = chosen.trials;
  }
  const weights = fitItemWeights(matrix, params, { progress: options.progress, seed: options.seed });
  return new ItemItemModel(weights, params, {
    itemIds: [...itemIds],
    itemCounts: Array.from(matrix.itemCounts()),
    users: matrix.userCount,
    interactions: matrix.nnz,
    ...(selection ? { selection } : {}),
  });
}

/** W for fixed hyper-parameters: EASE, blended with the low-pass filter when its weight is positive. */
export function fitItemWeights(matrix: InteractionMatrix, params: ItemModelParams, options: { progress?: ProgressReporter; seed?: number } = {}): Float32Array {
  const ease = fitEase(matrix.gram(), matrix.itemCount, params, options.progress);
  if (!(params.lowPassWeight > 0 && params.lowPassRank > 0)) return ease;
  const basis = lowPassBasis(matrix, params.lowPassRank, { seed: options.seed, progress: options.progress });
  return blendItemWeights(matrix, ease, lowPassWeights(basis, params.lowPassRank), params.lowPassWeight);
}

function mostPopularItems(interactions: readonly Interaction[], maxItems: number): string[] {
  const users = new Map<string, Set<string>>();
  for (const e of interactions) {
    let set = users.get(e.itemId);
    if (!set) users.set(e.itemId, (set = new Set()));
    set.add(e.userId);
  }
  const ids = [...users.keys()];
  if (ids.length <= maxItems) return ids;
  return ids.sort((a, b) => users.get(b)!.size - users.get(a)!.size).slice(0, maxItems);
}
