import * as tf from '@tensorflow/tfjs';
import { choleskyLowerInPlace, invertLowerTriangularInPlace } from '../linalg/spd-inverse';
import { symmetricEigen } from '../linalg/symmetric-eigen';
import type { ProgressReporter } from '../progress';
import { SeededRandom } from '../seeded-random';
import type { InteractionMatrix } from './interaction-matrix';

/**
 * Ideal low-pass graph filter on the item–item graph (the low-rank half of
 * GF-CF, Shen et al. 2021): with the degree-normalised co-occurrence
 *   Ñ = D_I^{-1/2} Xᵀ D_U^{-1} X D_I^{-1/2},
 * keep its top-k eigenvectors U_k and score with
 *   W_k = D_I^{-1/2} U_k U_kᵀ D_I^{1/2}.
 * It captures broad taste directions that EASE's full-rank, heavily
 * regularised weights smooth over; the two blend well.
 *
 * The eigenvectors come from subspace iteration on tfjs (n×n by n×r products)
 * with Cholesky-QR re-orthonormalisation and a final Rayleigh–Ritz step.
 * Products are written with explicit transposes: the wasm backend's
 * transposeA/transposeB flags run about 10× slower than transpose + matMul.
 */

export interface LowPassBasis {
  itemCount: number;
  /** n×rank row-major; column c is the c-th strongest eigenvector. */
  vectors: Float32Array;
  /** Eigenvalues, largest first. */
  values: Float64Array;
  rank: number;
  /** √(item degree); 0 for items nobody interacted with. */
  sqrtDegree: Float64Array;
}

export interface LowPassOptions {
  iterations?: number;
  seed?: number;
  progress?: ProgressReporter;
}

const OVERSAMPLING = 16;

export function lowPassBasis(matrix: InteractionMatrix, rank: number, options: LowPassOptions = {}): LowPassBasis {
  const n = matrix.itemCount;
  const iterations = options.iterations ?? 12;
  const r = Math.min(n, rank + OVERSAMPLING);
  const keep = Math.min(rank, r);
  const userWeights = new Float64Array(matrix.userCount);
  for (let u = 0; u < matrix.userCount; u++) userWeights[u] = 1 / Math.max(1, matrix.rowPtr[u + 1] - matrix.rowPtr[u]);
  const gram = matrix.gram(userWeights);
  const sqrtDegree = matrix.itemCounts().map(Math.sqrt);
  const normalized = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    if (sqrtDegree[i] === 0) continue;
    for (let j = 0; j < n; j++) if (sqrtDegree[j] > 0) normalized[i * n + j] = gram[i * n + j] / (sqrtDegree[i] * sqrtDegree[j]);
  }
  const rng = new SeededRandom(options.seed ?? 1);
  const start = Float32Array.from({ length: n * r }, () => rng.normal());

  const a = tf.tensor2d(normalized, [n, n]);
  let q = orthonormalize(tf.tensor2d(start, [n, r]));
  try {
    for (let it = 0; it < iterations; it++) {
      const next = orthonormalize(tf.matMul(a, q));
      q.dispose();
      q = next;
      options.progress?.('low-pass basis', (it + 1) / (iterations + 1));
    }
    const eigen = symmetricEigen(readAndDispose(tf.tidy(() => tf.matMul(q.transpose(), tf.matMul(a, q)))), r);
    const rotation = new Float32Array(r * keep);
    for (let row = 0; row < r; row++) for (let c = 0; c < keep; c++) rotation[row * keep + c] = eigen.vectors[row * r + c];
    const vectors = readAndDispose(tf.tidy(() => tf.matMul(q, tf.tensor2d(rotation, [r, keep]))));
    options.progress?.('low-pass basis', 1);
    return { itemCount: n, vectors, values: eigen.values.slice(0, keep), rank: keep, sqrtDegree };
  } finally {
    a.dispose();
    q.dispose();
  }
}

/** W_k (n×n row-major float32) from the `rank` strongest eigenvectors of `basis`. */
export function lowPassWeights(basis: LowPassBasis, rank: number): Float32Array {
  const n = basis.itemCount;
  const k = Math.min(rank, basis.rank);
  const columns = new Float32Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) columns[i * k + c] = basis.vectors[i * basis.rank + c];
  const w = readAndDispose(
    tf.tidy(() => {
      const u = tf.tensor2d(columns, [n, k]);
      return tf.matMul(u, u.transpose());
    }),
  );
  const d = basis.sqrtDegree;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    if (d[i] === 0) {
      w.fill(0, row, row + n);
      continue;
    }
    for (let j = 0; j < n; j++) w[row + j] *= d[j] / d[i];
  }
  return w;
}

/**
 * Cholesky-QR, twice (CholQR2): Q = Z·L⁻ᵀ with ZᵀZ = L·Lᵀ. One pass loses
 * orthogonality with κ(Z)² in float32; the second pass restores it.
 * Disposes `z`.
 */
function orthonormalize(z: tf.Tensor2D): tf.Tensor2D {
  let q = z;
  for (let pass = 0; pass < 2; pass++) {
    const r = q.shape[1];
    const c = Float64Array.from(readAndDispose(tf.tidy(() => tf.matMul(q.transpose(), q))));
    let trace = 0;
    for (let i = 0; i < r; i++) trace += c[i * r + i];
    // Directions with no energy (items nobody touched) would stop Cholesky.
    const jitter = (1e-6 * trace) / r + 1e-12;
    for (let i = 0; i < r; i++) c[i * r + i] += jitter;
    choleskyLowerInPlace(c, r);
    invertLowerTriangularInPlace(c, r);
    const inverseTransposed = new Float32Array(r * r);
    for (let i = 0; i < r; i++) for (let j = 0; j <= i; j++) inverseTransposed[j * r + i] = c[i * r + j];
    const current = q;
    q = tf.tidy(() => tf.matMul(current, tf.tensor2d(inverseTransposed, [r, r])));
    current.dispose();
  }
  return q;
}

/**
 * Reads a float32 tensor back and frees it. Typed arrays must not be returned
 * from tf.tidy: it walks returned containers element by element.
 */
function readAndDispose(t: tf.Tensor): Float32Array {
  try {
    return t.dataSync() as Float32Array;
  } finally {
    t.dispose();
  }
}
