import * as tf from '@tensorflow/tfjs';
import type { SparseVector } from './sparse-vector';

/**
 * logits = X·W for a batch of sparse rows, on tfjs, with its gradient.
 *
 * tfjs's own route (gather + unsortedSegmentSum) has no UnsortedSegmentSum
 * kernel on the wasm backend, so forward and backward are both written with
 * gather + scatterND (which sums duplicate indices):
 *   forward:  logits[r] = Σ_{nz in row r} value·W[col]
 *   backward: dW[col]  += value·dLogits[r]
 * Only the touched rows of W are read; dW is dense, which Adam needs anyway.
 */

export interface PackedBatch {
  /** Feature column of each non-zero. */
  columns: tf.Tensor1D;
  /** Row (example) of each non-zero, as [nnz, 1] for scatterND. */
  rows: tf.Tensor2D;
  /** Value of each non-zero, as [nnz, 1] to broadcast over classes. */
  values: tf.Tensor2D;
  size: number;
  dispose(): void;
}

/**
 * Packs examples into batch tensors; `columnOf` maps a feature index to a
 * weight row, or −1 to drop it (a feature the model never saw in training).
 */
export function packBatch(vectors: readonly SparseVector[], columnOf: (feature: number) => number): PackedBatch {
  let nnz = 0;
  for (const v of vectors) nnz += v.indices.length;
  const columns = new Int32Array(nnz);
  const rows = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let at = 0;
  vectors.forEach((v, r) => {
    for (let k = 0; k < v.indices.length; k++) {
      const column = columnOf(v.indices[k]);
      if (column < 0) continue;
      columns[at] = column;
      rows[at] = r;
      values[at] = v.values[k];
      at++;
    }
  });
  // Every row gets at least its count of kept non-zeros; an empty batch still needs one entry.
  const used = Math.max(1, at);
  const tensors = {
    columns: tf.tensor1d(columns.subarray(0, used), 'int32'),
    rows: tf.tensor2d(rows.subarray(0, used), [used, 1], 'int32'),
    values: tf.tensor2d(at === 0 ? new Float32Array(1) : values.subarray(0, used), [used, 1]),
  };
  return {
    ...tensors,
    size: vectors.length,
    dispose: () => tf.dispose([tensors.columns, tensors.rows, tensors.values]),
  };
}

/** X·W for a packed batch; differentiable with respect to `weights` ([features, classes]). */
export function sparseMatMul(batch: PackedBatch, weights: tf.Tensor2D): tf.Tensor2D {
  const [features, classes] = weights.shape;
  const product = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const w = inputs[0] as tf.Tensor;
    const value = tf.scatterND(batch.rows, tf.gather(w, batch.columns).mul(batch.values), [batch.size, classes]);
    const gradFunc = (dy: tf.Tensor) =>
      tf.scatterND(batch.columns.expandDims(1), tf.gather(dy, batch.rows.squeeze([1])).mul(batch.values), [features, classes]);
    return { value, gradFunc };
  });
  return product(weights) as tf.Tensor2D;
}
