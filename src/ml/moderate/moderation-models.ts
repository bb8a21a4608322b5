import type { DataSource } from 'typeorm';
import type { Logger } from '../../server/logger';
import { MicroBatcher } from '../micro-batcher';
import { loadLatestModel, saveModel } from '../model-store';
import { ModerationClassifier, type LabeledText, type ModerationScore } from './moderation-classifier';
import { SEED_CORPUS } from './seed-corpus';

/**
 * The audit model the server screens text with, and its lifecycle:
 * - `start()` loads the newest stored version, training the first one from
 *   the seed corpus when none is stored (about 1.5 s);
 * - `retrain()` learns from the seed corpus plus every moderator decision
 *   (moderation_labels: the latest label per text wins), stores the version
 *   and serves it;
 * - `score(text)` is micro-batched: concurrent screens share one sparse
 *   matrix product. Scoring is synchronous inside a batch, so a swap between
 *   batches cannot free weights a batch is using.
 */

export const MODERATION_MODEL_KIND = 'moderate.hashed-ngram-softmax';

export interface TextScore extends ModerationScore {
  modelVersion: string;
}

interface Served {
  classifier: ModerationClassifier;
  version: string;
}

export interface ModerationModelsOptions {
  db: DataSource;
  logger: Logger;
  batching: { maxBatch: number; maxWaitMs: number } | false;
}

export class ModerationModels {
  private current: Served | null = null;
  private readonly batcher: MicroBatcher<string, TextScore> | null;

  constructor(private readonly options: ModerationModelsOptions) {
    this.batcher = options.batching ? new MicroBatcher({ ...options.batching, run: async (texts) => this.scoreNow(texts) }) : null;
  }

  get version(): string {
    return this.current?.version ?? 'none';
  }

  async start(): Promise<void> {
    if (!(await this.loadStored())) await this.retrain();
  }

  /** Loads the newest stored version when it differs from the one served; false when none is stored. */
  async loadStored(): Promise<boolean> {
    const stored = await loadLatestModel(this.options.db, MODERATION_MODEL_KIND);
    if (!stored) return false;
    if (stored.snapshot.version !== this.current?.version) this.swap({ classifier: ModerationClassifier.deserialize(stored.snapshot), version: stored.snapshot.version });
    return true;
  }

  async retrain(): Promise<string> {
    const decisions: LabeledText[] = await this.options.db.query(
      `SELECT DISTINCT ON (text) text, label FROM moderation_labels ORDER BY text, decided_at DESC, id DESC`);
    const examples = [...SEED_CORPUS, ...decisions];
    const classifier = await ModerationClassifier.train(examples, { seed: 1 });
    const snapshot = classifier.serialize();
    await saveModel(this.options.db, snapshot, { examples: examples.length, moderatorDecisions: decisions.length });
    this.swap({ classifier, version: snapshot.version });
    this.options.logger.info(`moderation model ${snapshot.version}: ${examples.length} examples (${decisions.length} from moderators)`);
    return snapshot.version;
  }

  score(text: string): Promise<TextScore> {
    return this.batcher ? this.batcher.submit(text) : Promise.resolve(this.scoreNow([text])[0]);
  }

  stop(): void {
    this.batcher?.flush();
    this.current?.classifier.dispose();
    this.current = null;
  }

  private scoreNow(texts: string[]): TextScore[] {
    const served = this.current;
    if (!served) throw new Error('the moderation model has not started');
    return served.classifier.score(texts).map((s) => ({ ...s, modelVersion: served.version }));
  }

  private swap(next: Served): void {
    const previous = this.current;
    this.current = next;
    previous?.classifier.dispose();
  }
}
