import type { DataSource } from 'typeorm';
import type { Logger } from '../../kernel/logger';
import { MicroBatcher } from '../micro-batcher';
import type { ModelSnapshot } from '../model-snapshot';
import { loadLatestModel, saveModel } from '../model-store';
import { progressBar } from '../progress';
import { runTrainingJob } from '../worker/training-thread';
import { FALLBACK_THRESHOLDS, DEFAULT_OK_PRIOR, type KindThresholds } from './audit-policy';
import { ModerationClassifier, type LabeledText, type ModerationScore } from './moderation-classifier';

/**
 * The audit model the server screens text with, and its lifecycle:
 * - `start()` loads the newest stored version; on a fresh install, the
 *   default model built from the shipped knowledge (default-audit-model.ts),
 *   which it stores;
 * - `retrain()` learns from the knowledge corpus plus every moderator
 *   decision (moderation_labels: the latest label per text wins) on a
 *   training thread, stores the version and serves it; with no decisions it
 *   serves the default model again;
 * - `score(text)` is micro-batched: concurrent screens share one sparse
 *   matrix product. Scoring is synchronous inside a batch, so a swap between
 *   batches cannot free weights a batch is using;
 * - `thresholdsFor(kind)` / `okPrior` are the served version's calibrated
 *   policy.
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

  /** The served version's thresholds for a content kind (its calibrated policy). */
  thresholdsFor(kind: string): KindThresholds {
    return this.current?.classifier.policy?.thresholds[kind] ?? FALLBACK_THRESHOLDS;
  }

  get okPrior(): number {
    return this.current?.classifier.policy?.okPrior ?? DEFAULT_OK_PRIOR;
  }

  async start(): Promise<void> {
    if (!(await this.loadStored())) await this.retrain();
  }

  /** Loads the newest stored version when it differs from the one served; false when none is stored. */
  async loadStored(): Promise<boolean> {
    const stored = await loadLatestModel(this.options.db, MODERATION_MODEL_KIND);
    if (!stored) return false;
    if (stored.snapshot.version !== this.current?.version)
      this.swap({ classifier: ModerationClassifier.deserialize(stored.snapshot), version: stored.snapshot.version });
    return true;
  }

  async retrain(): Promise<string> {
    const decisions: LabeledText[] = await this.options.db.query(
      `SELECT DISTINCT ON (text) text, label FROM moderation_labels ORDER BY text, decided_at DESC, id DESC`,
    );
    const started = performance.now();
    // A first training takes half a minute: say how far it is (a line per tenth of each stage; a cached model says nothing).
    const progress = progressBar({ write: (line: string) => line.trim() && this.options.logger.info(`moderation model: ${line.trim()}`) });
    const { output } =
      decisions.length > 0 ? await runTrainingJob('audit-model', { decisions }, progress) : await runTrainingJob('default-audit-model', {}, progress);
    const { snapshot, metrics } = output as { snapshot: ModelSnapshot; metrics: { examples: number; heldOut: Record<string, { macroF1: number }> } };
    await saveModel(this.options.db, snapshot, { ...metrics, moderatorDecisions: decisions.length });
    this.swap({ classifier: ModerationClassifier.deserialize(snapshot), version: snapshot.version });
    this.options.logger.info(
      `moderation model ${snapshot.version}: ${metrics.examples} training examples (${decisions.length} moderator decisions), held-out macro-F1 ${metrics.heldOut.all?.macroF1}, ready in ${Math.round(performance.now() - started)} ms`,
    );
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
