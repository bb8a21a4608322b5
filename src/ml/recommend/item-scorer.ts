import * as tf from '@tensorflow/tfjs';

/**
 * Scores users against an item-item weight matrix W with tfjs:
 * scores = X·W for a batch of users at once, training items masked to −∞,
 * top-k on the backend. W lives on the backend for the scorer's lifetime;
 * every per-batch tensor is released before the call returns.
 */

export interface ScoringRow {
  /** Item indices the user has (history); they form x. */
  items: ArrayLike<number>;
  /** Per-item values of x; default 1. */
  values?: ArrayLike<number>;
  /** Further item indices to keep out of the result. History is always excluded. */
  exclude?: ArrayLike<number>;
}

export interface TopItems {
  indices: Int32Array;
  scores: Float32Array;
}

export class ItemScorer {
  private readonly weights: tf.Tensor2D;

  /** `weights` is n×n row-major. Call after `initBackend()`. */
  constructor(
    weights: Float32Array,
    readonly itemCount: number,
  ) {
    if (weights.length !== itemCount * itemCount) throw new RangeError(`expected ${itemCount}² weights, got ${weights.length}`);
    this.weights = tf.tensor2d(weights, [itemCount, itemCount]);
  }

  /** Best `k` items per row, best first; fewer when fewer items are left. */
  async topK(rows: ScoringRow[], k: number): Promise<TopItems[]> {
    if (rows.length === 0) return [];
    const n = this.itemCount;
    const kk = Math.max(0, Math.min(k, n));
    const x = new Float32Array(rows.length * n);
    const mask = new Float32Array(rows.length * n);
    rows.forEach((row, r) => {
      const base = r * n;
      for (let a = 0; a < row.items.length; a++) {
        x[base + row.items[a]] = row.values ? row.values[a] : 1;
        mask[base + row.items[a]] = -Infinity;
      }
      if (row.exclude) for (let a = 0; a < row.exclude.length; a++) mask[base + row.exclude[a]] = -Infinity;
    });
    const [values, indices] = tf.tidy(() => {
      const scores = tf.matMul(tf.tensor2d(x, [rows.length, n]), this.weights).add(tf.tensor2d(mask, [rows.length, n]));
      const top = tf.topk(scores, kk, true);
      return [top.values, top.indices];
    });
    try {
      const [v, i] = (await Promise.all([values.data(), indices.data()])) as [Float32Array, Int32Array];
      return rows.map((_, r) => keepFinite(i.subarray(r * kk, (r + 1) * kk), v.subarray(r * kk, (r + 1) * kk)));
    } finally {
      values.dispose();
      indices.dispose();
    }
  }

  dispose(): void {
    this.weights.dispose();
  }
}

/** Masked items score −∞; they only reach the top-k when nothing else is left. */
function keepFinite(indices: Int32Array, scores: Float32Array): TopItems {
  let end = scores.length;
  while (end > 0 && scores[end - 1] === -Infinity) end--;
  return { indices: Int32Array.from(indices.subarray(0, end)), scores: Float32Array.from(scores.subarray(0, end)) };
}
