import type { DataSource } from 'typeorm';
import { withAdvisoryLock } from '../db/advisory-lock';
import type { PubSub, Subscriber } from '../realtime/pubsub';
import type { Logger } from '../kernel/logger';
import { backendInfo, backendName, initBackend } from './backend';
import { ModerationModels } from './moderate/moderation-models';
import { trainCourseModels } from './recommend/course-model-retraining';
import { PopularityModel } from './recommend/popularity';
import { RecommendationCache } from './recommend/recommendation-cache';
import { buildRelease, loadStoredRelease, RecommenderRelease, saveRelease, type Batching } from './recommend/recommender-release';

/**
 * The models one server instance serves, and their lifecycle:
 * - `start()` loads the newest stored release, training one first when the
 *   database has none (a fresh install);
 * - `retrain()` (the `ml.retrain-models` job, hourly and on demand) trains on
 *   the current data, stores the new version, swaps it in and tells every
 *   other instance over pub/sub, which load it from the database;
 * - `use(fn)` runs a request against the current release. A swap replaces the
 *   reference atomically: requests that started on the old release finish on
 *   it, and its tensors are freed after the last of them.
 */

export const MODELS_UPDATED_TOPIC = 'ml.models.updated';

export interface ModelRegistryOptions {
  db: DataSource;
  logger: Logger;
  pubsub: PubSub;
  batching: Batching;
  /** Viewers' lists kept in memory (RecommendationCache); 0 turns the cache off. */
  recommendationCacheSize?: number;
}

export interface ModelStatus {
  backend: string;
  /** The package that provides the backend, and the device its kernels run on. */
  backendPackage: string;
  device: string;
  version: string;
  trainedAt: string;
  items: number;
  metrics: Record<string, unknown>;
  /** The audit (moderation) model's version. */
  moderation: string;
}

export class ModelRegistry {
  private current: RecommenderRelease | null = null;
  private updates: Subscriber<{ version: string }> | null = null;
  /** Swaps run one at a time, in the order asked. */
  private swapping: Promise<unknown> = Promise.resolve();

  /** The audit model that screens user text; it shares this registry's start, retrain and update cycle. */
  readonly moderation: ModerationModels;
  /** Viewers' recommendation lists by model and activity version. */
  readonly recommendations: RecommendationCache;

  constructor(private readonly options: ModelRegistryOptions) {
    this.moderation = new ModerationModels(options);
    this.recommendations = new RecommendationCache(options.recommendationCacheSize ?? 20_000);
  }

  async start(): Promise<void> {
    const backend = await initBackend();
    this.options.logger.info(
      `model backend: ${backend.name} from ${backend.source} on ${backend.device}${backend.skipped.length ? ` (skipped: ${backend.skipped.join('; ')})` : ''}`,
    );
    // On a fresh database the first instance to get here trains and stores the first versions; instances starting
    // with it wait, then load what it stored instead of training the same models again.
    await withAdvisoryLock(this.options.db, 'knowpay:models:first-training', async () => {
      try {
        await this.moderation.start();
      } catch (error) {
        // Screening then queues every text for human review (see content-screening) instead of failing writes.
        this.options.logger.error('could not load or train the moderation model; every text goes to human review', error);
      }
      try {
        const loaded = await this.serialized(() => this.loadStored());
        if (!loaded) await this.retrainRecommenders();
      } catch (error) {
        // The catalog must stay up without models: serve popularity-free content matches until a retrain succeeds.
        this.options.logger.error('could not load or train the recommendation models; serving content matches only', error);
        await this.serialized(async () =>
          this.swap(await buildRelease(this.options.db, { popularity: new PopularityModel([], new Float64Array(0)), metrics: {} }, this.options.batching)),
        );
      }
    });
    this.listenForUpdates();
    const status = this.status();
    this.options.logger.info(`recommendation models ${status.version} on ${status.backend} (${status.items} items in the item-item model)`);
  }

  /** Trains on the current data, stores the version and serves it. Returns the new version. */
  /** Both models: the audit model from its seed corpus and moderator decisions, then the recommenders. */
  async retrain(): Promise<string> {
    await this.moderation.retrain();
    return this.retrainRecommenders();
  }

  /** The recommenders alone, e.g. after a batch of history was added (the demo seeder); the moderation model stays as it is. */
  async retrainRecommenders(): Promise<string> {
    const trained = await trainCourseModels(this.options.db);
    await saveRelease(this.options.db, trained);
    const version = await this.serialized(async () => {
      const stored = await loadStoredRelease(this.options.db);
      if (!stored) throw new Error('the release just saved could not be read back');
      return this.swap(await buildRelease(this.options.db, stored, this.options.batching));
    });
    this.options.logger.info(`retrained recommendation models: ${version} (${JSON.stringify(trained.metrics)})`);
    await this.options.pubsub.publish(MODELS_UPDATED_TOPIC, { version });
    return version;
  }

  /** Runs `fn` on the current release; the release stays alive until `fn` settles. */
  async use<T>(fn: (release: RecommenderRelease) => Promise<T>): Promise<T> {
    const release = this.current;
    if (!release) throw new Error('the model registry has not started');
    release.acquire();
    try {
      return await fn(release);
    } finally {
      release.release();
    }
  }

  status(): ModelStatus {
    const info = backendInfo();
    return {
      backend: backendName(),
      backendPackage: info?.source ?? 'none',
      device: info?.device ?? 'none',
      version: this.current?.version ?? 'none',
      trainedAt: this.current?.trainedAt ?? '',
      items: this.current?.itemCount ?? 0,
      metrics: { ...(this.current?.metrics ?? {}) },
      moderation: this.moderation.version,
    };
  }

  async stop(): Promise<void> {
    await this.updates?.return?.();
    this.updates = null;
    await this.swapping.catch(() => undefined);
    this.current?.retire();
    this.current = null;
    this.recommendations.clear();
    this.moderation.stop();
  }

  /** Loads the newest stored release when it differs from the one served; false when none is stored. */
  private async loadStored(): Promise<boolean> {
    const stored = await loadStoredRelease(this.options.db);
    if (!stored) return false;
    this.swap(await buildRelease(this.options.db, stored, this.options.batching));
    return true;
  }

  private swap(next: RecommenderRelease): string {
    const previous = this.current;
    this.current = next;
    previous?.retire();
    return next.version;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.swapping.catch(() => undefined).then(work);
    this.swapping = run;
    return run;
  }

  /** Another instance retrained: serve its version too. */
  private listenForUpdates(): void {
    const updates = this.options.pubsub.subscribe<{ version: string }>(MODELS_UPDATED_TOPIC);
    this.updates = updates;
    void (async () => {
      for await (const event of updates) {
        try {
          await this.moderation.loadStored();
          if (event.version === this.current?.version) continue;
          await this.serialized(() => this.loadStored());
        } catch (error) {
          this.options.logger.warn(`could not load recommendation models ${event.version}`, error instanceof Error ? error.message : error);
        }
      }
    })();
  }
}

declare module '../kernel/context' {
  interface AppServices {
    /** The models served by this instance. */
    models: ModelRegistry;
  }
}
