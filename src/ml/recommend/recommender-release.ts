import type { DataSource } from 'typeorm';
import { loadLatestModel, loadModelVersion, saveModel } from '../model-store';
import { ContentIndex } from './content-index';
import { readCatalog } from './course-activity';
import { ITEM_MODEL_KIND, POPULARITY_KIND, type TrainedCourseModels, type TrainingMetrics } from './course-model-training';
import { CourseRecommender } from './course-recommender';
import { ItemItemModel } from './item-item-model';
import type { LearnerSignals } from './learner-signals';
import { PopularityModel } from './popularity';

/**
 * One servable version of the course recommender: trained weights (item-item
 * model, popularity) plus the content index of the catalog as it was when the
 * release was built. Requests hold a release while they score (`acquire` /
 * `release`); a release replaced by a newer one frees its tensors only when
 * the last request holding it is done, so a swap never breaks a request.
 */

export type Batching = { maxBatch: number; maxWaitMs: number } | false;

/** Per-request history comes in the call's options; the recommender's own signals are never asked. */
const NO_SIGNALS: LearnerSignals = { historyOf: async () => [] };

export class RecommenderRelease {
  readonly recommender: CourseRecommender;
  /** Courses the weights know that are not recommendable now (drafts, archived): always excluded. */
  readonly unavailable: readonly string[];
  private holders = 0;
  private retired = false;
  private disposed = false;

  constructor(
    readonly version: string,
    readonly trainedAt: string,
    readonly metrics: Partial<TrainingMetrics>,
    private readonly parts: { itemModel?: ItemItemModel; popularity: PopularityModel; content: ContentIndex },
    batching: Batching,
  ) {
    this.recommender = new CourseRecommender({
      ...(parts.itemModel ? { model: parts.itemModel } : {}),
      popularity: parts.popularity,
      content: parts.content,
      signals: NO_SIGNALS,
      batching,
    });
    const known = new Set([...(parts.itemModel?.itemIds ?? []), ...parts.popularity.itemIds]);
    this.unavailable = [...known].filter((id) => !parts.content.has(id));
  }

  get itemCount(): number {
    return this.parts.itemModel?.itemCount ?? 0;
  }

  isCatalogued(courseId: string): boolean {
    return this.parts.content.has(courseId);
  }

  acquire(): void {
    if (this.disposed) throw new Error(`model release ${this.version} was already disposed`);
    this.holders += 1;
  }

  release(): void {
    this.holders -= 1;
    if (this.retired && this.holders === 0) this.dispose();
  }

  /** Called when a newer release takes over: frees the tensors now or when the last holder leaves. */
  retire(): void {
    this.retired = true;
    if (this.holders === 0) this.dispose();
  }

  get inUse(): number {
    return this.holders;
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.recommender.dispose();
  }
}

/** Saves a training run; the popularity row goes last and names its item model, so it marks a complete release. */
export async function saveRelease(db: DataSource, trained: TrainedCourseModels): Promise<void> {
  await db.transaction(async (manager) => {
    const itemSnapshot = trained.itemModel?.serialize();
    if (itemSnapshot) await saveModel(manager, itemSnapshot, { ...trained.metrics });
    await saveModel(manager, trained.popularity.serialize(), { ...trained.metrics, itemModelVersion: itemSnapshot?.version ?? null });
  });
}

export interface StoredRelease {
  itemModel?: ItemItemModel;
  popularity: PopularityModel;
  metrics: Partial<TrainingMetrics>;
}

/** The newest complete release in ml_models, or null when nothing was trained yet. */
export async function loadStoredRelease(db: DataSource): Promise<StoredRelease | null> {
  const popularity = await loadLatestModel(db, POPULARITY_KIND);
  if (!popularity) return null;
  const itemModelVersion = popularity.metrics.itemModelVersion as string | null | undefined;
  const item = itemModelVersion ? await loadModelVersion(db, ITEM_MODEL_KIND, itemModelVersion) : null;
  if (itemModelVersion && !item) return null;
  return {
    popularity: PopularityModel.deserialize(popularity.snapshot),
    ...(item ? { itemModel: ItemItemModel.deserialize(item.snapshot) } : {}),
    metrics: popularity.metrics as Partial<TrainingMetrics>,
  };
}

/** A release over the catalog as it is now; its version names the weights (item model, popularity). */
export async function buildRelease(db: DataSource, stored: StoredRelease, batching: Batching): Promise<RecommenderRelease> {
  const catalog = await readCatalog(db);
  const weights = [stored.itemModel?.serialize().version ?? 'no-item-model', stored.popularity.serialize().version].join('.');
  return new RecommenderRelease(
    weights,
    stored.itemModel?.trainedAt ?? stored.popularity.trainedAt,
    stored.metrics,
    { ...(stored.itemModel ? { itemModel: stored.itemModel } : {}), popularity: stored.popularity, content: new ContentIndex(catalog) },
    batching,
  );
}
