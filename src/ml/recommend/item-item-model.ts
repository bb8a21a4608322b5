import { createSnapshot, expectSnapshot, weightOf, type ModelSnapshot } from '../model-snapshot';

/**
 * A trained item-item recommender: one n×n weight matrix W over a fixed item
 * vocabulary, score_j = Σ_i x_i·W[i, j] for a user's history x. Whatever
 * blend produced W (EASE, low-pass filter), serving is one matrix product.
 */

export interface ItemModelParams {
  /** EASE ridge λ (absolute, for the training set the model was fitted on). */
  lambda: number;
  /** EDLAE emulated dropout; 0 = plain EASE. */
  dropout: number;
  /** Eigenvectors kept by the low-pass filter; ignored when its weight is 0. */
  lowPassRank: number;
  /** Weight of the low-pass filter relative to EASE after both are scaled to unit score spread. */
  lowPassWeight: number;
}

export interface SelectionTrial {
  params: ItemModelParams;
  ndcg: number;
  recall: number;
}

export interface ItemModelMeta {
  itemIds: string[];
  /** Users per item in the training data (popularity fallback, evidence counts). */
  itemCounts: number[];
  users: number;
  interactions: number;
  /** Inner-validation trials that chose `params`, when they were searched. */
  selection?: SelectionTrial[];
}

const KIND = 'recommend.item-item';
const FORMAT = 1;

export class ItemItemModel {
  readonly itemIndex: Map<string, number>;

  constructor(
    readonly weights: Float32Array,
    readonly params: ItemModelParams,
    readonly meta: ItemModelMeta,
    readonly trainedAt = new Date().toISOString(),
  ) {
    const n = meta.itemIds.length;
    if (weights.length !== n * n) throw new RangeError(`weights hold ${weights.length} entries for ${n} items`);
    this.itemIndex = new Map(meta.itemIds.map((id, i) => [id, i]));
  }

  get itemIds(): readonly string[] {
    return this.meta.itemIds;
  }

  get itemCount(): number {
    return this.meta.itemIds.length;
  }

  serialize(): ModelSnapshot<ItemModelParams, ItemModelMeta> {
    return createSnapshot({ kind: KIND, formatVersion: FORMAT, trainedAt: this.trainedAt, params: this.params, meta: this.meta, weights: { W: this.weights } });
  }

  static deserialize(snapshot: ModelSnapshot): ItemItemModel {
    expectSnapshot(snapshot, KIND, FORMAT);
    const params = snapshot.params as unknown as ItemModelParams;
    const meta = snapshot.meta as unknown as ItemModelMeta;
    return new ItemItemModel(weightOf(snapshot, 'W', Float32Array), params, meta, snapshot.trainedAt);
  }
}
