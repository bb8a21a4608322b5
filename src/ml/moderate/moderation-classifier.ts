import { createSnapshot, expectSnapshot, weightOf, type ModelSnapshot } from '../model-snapshot';
import type { AuditPolicy } from './audit-policy';
import { argmax } from './classification-metrics';
import { DEFAULT_NGRAM_CONFIG, HashedNgramFeaturizer, type HashedNgramConfig } from './hashed-ngram-features';
import { SoftmaxClassifier, type SoftmaxTrainingOptions } from './softmax-classifier';

/**
 * The moderation model the server calls: de-obfuscated, hashed character and
 * word n-grams into a linear softmax. Labels are whatever the training data
 * uses (e.g. ok, spam, abuse); every score() result carries a probability per
 * label. A model may carry its decision policy (thresholds per content kind,
 * calibrated on a validation split: audit-policy.ts); it is part of the
 * snapshot, so a version names weights and thresholds together.
 */

export interface LabeledText {
  text: string;
  label: string;
}

export interface ModerationScore {
  /** Most probable label. */
  label: string;
  /** Probability per label; sums to 1. */
  scores: Record<string, number>;
}

export type ModerationTrainingOptions = SoftmaxTrainingOptions & { ngrams?: HashedNgramConfig };

const KIND = 'moderate.hashed-ngram-softmax';
const FORMAT = 1;

export class ModerationClassifier {
  private readonly featurizer: HashedNgramFeaturizer;

  private constructor(
    private readonly classifier: SoftmaxClassifier,
    readonly ngrams: HashedNgramConfig,
    readonly training: SoftmaxTrainingOptions,
    readonly trainedAt = new Date().toISOString(),
    readonly policy?: AuditPolicy,
  ) {
    this.featurizer = new HashedNgramFeaturizer(ngrams);
  }

  get labels(): string[] {
    return this.classifier.labels;
  }

  static async train(examples: readonly LabeledText[], options: ModerationTrainingOptions = {}): Promise<ModerationClassifier> {
    const { ngrams = DEFAULT_NGRAM_CONFIG, ...training } = options;
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    if (labels.length < 2) throw new RangeError(`moderation training needs at least two labels, got ${labels.length}`);
    const featurizer = new HashedNgramFeaturizer(ngrams);
    const index = new Map(labels.map((l, i) => [l, i]));
    const classifier = await SoftmaxClassifier.train(
      examples.map((e) => featurizer.featurize(e.text)),
      examples.map((e) => index.get(e.label)!),
      labels,
      training,
    );
    const { progress: _progress, ...recorded } = training;
    return new ModerationClassifier(classifier, ngrams, recorded);
  }

  /** The same weights with a decision policy attached (shares the backend copy: dispose one of them only). */
  withPolicy(policy: AuditPolicy): ModerationClassifier {
    return new ModerationClassifier(this.classifier, this.ngrams, this.training, this.trainedAt, policy);
  }

  /** One result per text, in order. Batched internally. */
  score(texts: readonly string[]): ModerationScore[] {
    const labels = this.classifier.labels;
    return this.classifier.predictProba(texts.map((t) => this.featurizer.featurize(t))).map((p) => ({
      label: labels[argmax(p)],
      scores: Object.fromEntries(labels.map((l, k) => [l, p[k]])),
    }));
  }

  serialize(): ModelSnapshot<{ ngrams: HashedNgramConfig; training: SoftmaxTrainingOptions }, { labels: string[]; policy?: AuditPolicy }> {
    const { labels, features, weights, bias } = this.classifier.parts;
    return createSnapshot({
      kind: KIND,
      formatVersion: FORMAT,
      trainedAt: this.trainedAt,
      params: { ngrams: this.ngrams, training: this.training },
      meta: { labels, ...(this.policy ? { policy: this.policy } : {}) },
      weights: { features, weights, bias },
    });
  }

  static deserialize(snapshot: ModelSnapshot): ModerationClassifier {
    expectSnapshot(snapshot, KIND, FORMAT);
    const params = snapshot.params as { ngrams: HashedNgramConfig; training: SoftmaxTrainingOptions };
    const { labels, policy } = snapshot.meta as { labels: string[]; policy?: AuditPolicy };
    const classifier = new SoftmaxClassifier({
      labels,
      features: weightOf(snapshot, 'features', Int32Array),
      weights: weightOf(snapshot, 'weights', Float32Array),
      bias: weightOf(snapshot, 'bias', Float32Array),
    });
    return new ModerationClassifier(classifier, params.ngrams, params.training, snapshot.trainedAt, policy);
  }

  /** Frees the backend copy of the weights. */
  dispose(): void {
    this.classifier.dispose();
  }
}
