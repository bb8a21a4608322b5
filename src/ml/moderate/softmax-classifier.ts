import * as tf from '@tensorflow/tfjs';
import type { ProgressReporter } from '../progress';
import { SeededRandom } from '../seeded-random';
import { argmax, classificationQuality } from './classification-metrics';
import { packBatch, sparseMatMul } from './sparse-softmax';
import type { SparseVector } from './sparse-vector';
import { stratifiedHoldout } from './stratified-folds';

/**
 * Multinomial logistic regression (linear softmax) over sparse features,
 * trained on tfjs with Adam, optional balanced class weights, L2, and early
 * stopping on a stratified validation split (best macro-F1 wins, its weights
 * are kept). Feature indices are compacted to those seen in training: a
 * feature never seen has a zero weight anyway, and the model stays small.
 */

export interface SoftmaxTrainingOptions {
  /** Default: 40 on small corpora, fewer on large ones (about 400K examples seen in all, at least 8 epochs). */
  maxEpochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** L2 penalty per weight, added to the mean batch loss. */
  l2?: number;
  /** 'balanced': weight class c by N / (C·n_c), so rare classes count as much as common ones. */
  classWeights?: 'balanced' | 'none';
  /** Share of examples held out for early stopping; 0 trains for `maxEpochs`. */
  validationFraction?: number;
  patience?: number;
  /** Features seen in fewer training examples are dropped. */
  minFeatureCount?: number;
  seed?: number;
  progress?: ProgressReporter;
}

export interface SoftmaxWeights {
  labels: string[];
  /** Original feature index of each weight row, ascending. */
  features: Int32Array;
  /** features.length × labels.length, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

const DEFAULTS = { learningRate: 0.02, l2: 1e-6, classWeights: 'balanced', validationFraction: 0.1, patience: 4, minFeatureCount: 1, seed: 1 } as const;
const SCORE_BATCH = 512;
const LOSS_TOLERANCE = 0.02;
const EXAMPLE_BUDGET = 400_000;

export class SoftmaxClassifier {
  private readonly rowOf: Map<number, number>;
  private weightTensor?: tf.Tensor2D;
  private biasTensor?: tf.Tensor1D;

  constructor(readonly parts: SoftmaxWeights) {
    this.rowOf = new Map(Array.from(parts.features, (f, row) => [f, row]));
  }

  get labels(): string[] {
    return this.parts.labels;
  }

  static async train(
    vectors: readonly SparseVector[],
    targets: readonly number[],
    labels: readonly string[],
    options: SoftmaxTrainingOptions = {},
  ): Promise<SoftmaxClassifier> {
    const o = { ...DEFAULTS, ...options };
    if (vectors.length !== targets.length) throw new RangeError(`${vectors.length} examples vs ${targets.length} targets`);
    if (vectors.length === 0) throw new RangeError('no training examples');
    const c = labels.length;
    const rng = new SeededRandom(o.seed);
    const split =
      o.validationFraction > 0 && vectors.length >= 20
        ? stratifiedHoldout(targets, o.validationFraction, o.seed)
        : { train: vectors.map((_, i) => i), validation: [] };
    const features = keptFeatures(
      split.train.map((i) => vectors[i]),
      o.minFeatureCount,
    );
    const rowOf = new Map(Array.from(features, (f, row) => [f, row]));
    // Re-index the training rows once instead of on every batch of every epoch.
    const rows = vectors.map((v) => toRows(v, rowOf));
    const asIs = (row: number) => row;
    const classWeight = balancedWeights(
      split.train.map((i) => targets[i]),
      c,
      o.classWeights === 'balanced',
    );
    // About 30 steps per epoch on small corpora; large ones get big batches
    // (per-step overhead dominates on the tensor backend) and a bigger step size.
    const batchSize = o.batchSize ?? Math.min(1024, Math.max(16, Math.round(split.train.length / 30)));
    const learningRate = options.learningRate ?? o.learningRate * Math.max(1, Math.sqrt(batchSize / 256));
    const maxEpochs = options.maxEpochs ?? Math.min(40, Math.max(8, Math.ceil(EXAMPLE_BUDGET / split.train.length)));

    // tidy frees the zero tensors the variables are initialized from (they share the data until the first step).
    const w = tf.tidy(() => tf.variable(tf.zeros([Math.max(1, features.length), c]), true)) as tf.Variable<tf.Rank.R2>;
    const b = tf.tidy(() => tf.variable(tf.zeros([c]), true)) as tf.Variable<tf.Rank.R1>;
    const optimizer = tf.train.adam(learningRate);
    let best = { f1: -1, loss: Infinity, weights: new Float32Array(w.size), bias: new Float32Array(c) };
    let stale = 0;
    try {
      for (let epoch = 0; epoch < maxEpochs; epoch++) {
        const order = rng.shuffle([...split.train]);
        for (let start = 0; start < order.length; start += batchSize) {
          const ids = order.slice(start, start + batchSize);
          const batch = packBatch(
            ids.map((i) => rows[i]),
            asIs,
          );
          // tidy: the int32 label tensor oneHot reads from would otherwise outlive the batch.
          const onehot = tf.tidy(() =>
            tf.oneHot(
              tf.tensor1d(
                ids.map((i) => targets[i]),
                'int32',
              ),
              c,
            ),
          );
          const sampleWeights = tf.tensor1d(ids.map((i) => classWeight[targets[i]]));
          optimizer.minimize(
            () => {
              const logits = sparseMatMul(batch, w).add(b);
              const loss = tf.losses.softmaxCrossEntropy(onehot, logits, sampleWeights, 0, tf.Reduction.MEAN);
              return loss.add(tf.sum(tf.square(w)).mul(o.l2)) as tf.Scalar;
            },
            false,
            [w, b],
          );
          tf.dispose([onehot, sampleWeights]);
          batch.dispose();
        }
        o.progress?.('training epochs', (epoch + 1) / maxEpochs);
        if (split.validation.length === 0) continue;
        const current = new SoftmaxClassifier({ labels: [...labels], features, weights: w.dataSync() as Float32Array, bias: b.dataSync() as Float32Array });
        const probabilities = current.predictProba(split.validation.map((i) => vectors[i]));
        current.dispose();
        const truth = split.validation.map((i) => targets[i]);
        const f1 = classificationQuality(truth, probabilities.map(argmax), labels).macroF1;
        const loss = meanLogLoss(probabilities, truth);
        // On a tie in F1 only a clear drop in loss counts, or a separable
        // corpus would creep on for every epoch allowed.
        if (f1 > best.f1 + 1e-9 || (Math.abs(f1 - best.f1) <= 1e-9 && loss < best.loss * (1 - LOSS_TOLERANCE))) {
          best = { f1, loss, weights: Float32Array.from(w.dataSync()), bias: Float32Array.from(b.dataSync()) };
          stale = 0;
        } else if (++stale >= o.patience) {
          o.progress?.('training epochs', 1);
          break;
        }
      }
      const finalWeights = split.validation.length > 0 ? best : { weights: Float32Array.from(w.dataSync()), bias: Float32Array.from(b.dataSync()) };
      return new SoftmaxClassifier({ labels: [...labels], features, weights: finalWeights.weights, bias: finalWeights.bias });
    } finally {
      optimizer.dispose();
      w.dispose();
      b.dispose();
    }
  }

  /** Class probabilities per example, in `labels` order. */
  predictProba(vectors: readonly SparseVector[]): Float32Array[] {
    const c = this.parts.labels.length;
    this.weightTensor ??= tf.tensor2d(this.parts.weights, [Math.max(1, this.parts.features.length), c]);
    this.biasTensor ??= tf.tensor1d(this.parts.bias);
    const weights = this.weightTensor;
    const bias = this.biasTensor;
    const out: Float32Array[] = [];
    for (let start = 0; start < vectors.length; start += SCORE_BATCH) {
      const batch = packBatch(vectors.slice(start, start + SCORE_BATCH), (f) => this.rowOf.get(f) ?? -1);
      const probabilities = tf.tidy(() => tf.softmax(sparseMatMul(batch, weights).add(bias)));
      const flat = probabilities.dataSync() as Float32Array;
      probabilities.dispose();
      batch.dispose();
      for (let r = 0; r < batch.size; r++) out.push(flat.slice(r * c, (r + 1) * c));
    }
    return out;
  }

  /** Releases the backend copies of the weights (they are rebuilt on the next call). */
  dispose(): void {
    this.weightTensor?.dispose();
    this.biasTensor?.dispose();
    this.weightTensor = undefined;
    this.biasTensor = undefined;
  }
}

/** A feature vector with indices replaced by weight rows; unknown features dropped. */
function toRows(v: SparseVector, rowOf: ReadonlyMap<number, number>): SparseVector {
  const indices: number[] = [];
  const values: number[] = [];
  v.indices.forEach((f, k) => {
    const row = rowOf.get(f);
    if (row !== undefined) {
      indices.push(row);
      values.push(v.values[k]);
    }
  });
  return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

function keptFeatures(vectors: readonly SparseVector[], minCount: number): Int32Array {
  const counts = new Map<number, number>();
  for (const v of vectors) for (const f of v.indices) counts.set(f, (counts.get(f) ?? 0) + 1);
  return Int32Array.from([...counts].filter(([, n]) => n >= minCount).map(([f]) => f)).sort();
}

function balancedWeights(targets: readonly number[], classes: number, balanced: boolean): Float64Array {
  const weights = new Float64Array(classes).fill(1);
  if (!balanced) return weights;
  const counts = new Float64Array(classes);
  for (const t of targets) counts[t]++;
  for (let k = 0; k < classes; k++) weights[k] = counts[k] > 0 ? targets.length / (classes * counts[k]) : 0;
  return weights;
}

function meanLogLoss(probabilities: readonly Float32Array[], truth: readonly number[]): number {
  let sum = 0;
  truth.forEach((t, i) => (sum -= Math.log(Math.max(1e-12, probabilities[i][t]))));
  return sum / Math.max(1, truth.length);
}
