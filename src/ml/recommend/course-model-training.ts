import type { ModelSnapshot } from '../model-snapshot';
import type { Interaction } from './interaction-matrix';
import type { ItemItemModel } from './item-item-model';
import { EASE_BASELINE, trainItemModel } from './item-model-training';
import { PopularityModel } from './popularity';

/**
 * One training run of the course recommender on everything in the database:
 * the item-item model (EASE + low-pass, hyper-parameters chosen on an inner
 * validation split) and trending popularity. On the demo data (~2k
 * interactions, 65 courses) this takes well under a second; at MovieLens
 * scale, tens of seconds, so the fitting runs on a training thread
 * (worker/training-thread.ts) and the server keeps answering meanwhile.
 */

export const ITEM_MODEL_KIND = 'recommend.item-item';
export const POPULARITY_KIND = 'recommend.popularity';

/** Below this much data an item-item model is noise; content and popularity serve alone. */
const MIN_INTERACTIONS = 20;
const MIN_USERS = 5;
/** Hyper-parameter search needs a validation split with something in it. */
const MIN_INTERACTIONS_FOR_SELECTION = 500;
const TRENDING_HALF_LIFE_DAYS = 30;

export interface TrainedCourseModels {
  itemModel?: ItemItemModel;
  popularity: PopularityModel;
  metrics: TrainingMetrics;
}

export interface TrainingMetrics {
  interactions: number;
  users: number;
  items: number;
  trainMs: number;
  /** Inner-validation figures of the chosen hyper-parameters (NDCG@10, Recall@10), when they were searched. */
  validationNdcg10?: number;
  validationRecall10?: number;
}

/** The training itself, on plain data: what a training thread runs. */
export async function trainCourseModelsFrom(input: {
  interactions: readonly Interaction[];
  seed: number;
}): Promise<{ itemModel?: ModelSnapshot; popularity: ModelSnapshot; metrics: TrainingMetrics }> {
  const started = performance.now();
  const { interactions } = input;
  const users = new Set(interactions.map((e) => e.userId)).size;
  const items = new Set(interactions.map((e) => e.itemId)).size;
  const popularity = PopularityModel.fromInteractions(interactions, { halfLifeDays: TRENDING_HALF_LIFE_DAYS });
  let itemModel: ItemItemModel | undefined;
  if (interactions.length >= MIN_INTERACTIONS && users >= MIN_USERS && items >= 2) {
    const search = interactions.length >= MIN_INTERACTIONS_FOR_SELECTION;
    itemModel = await trainItemModel(interactions, { seed: input.seed, ...(search ? {} : { params: EASE_BASELINE }) });
  }
  const best = itemModel?.meta.selection?.find((t) => t.params === itemModel!.params) ?? itemModel?.meta.selection?.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  return {
    ...(itemModel ? { itemModel: itemModel.serialize() } : {}),
    popularity: popularity.serialize(),
    metrics: {
      interactions: interactions.length,
      users,
      items,
      trainMs: Math.round(performance.now() - started),
      ...(best ? { validationNdcg10: round(best.ndcg), validationRecall10: round(best.recall) } : {}),
    },
  };
}

export function snapshotsOf(models: { itemModel?: ItemItemModel; popularity: PopularityModel }): ModelSnapshot[] {
  return [...(models.itemModel ? [models.itemModel.serialize()] : []), models.popularity.serialize()];
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
