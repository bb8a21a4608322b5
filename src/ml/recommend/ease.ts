import { invertSpdInPlace } from '../linalg/spd-inverse';
import type { ProgressReporter } from '../progress';

/**
 * EASE (Steck 2019): the item-item weight matrix that best reconstructs X from
 * X under a zero diagonal, in closed form:
 *   P = (XᵀX + Λ)⁻¹,  B = I − P·diag(1/diag(P))   (so B_jj = 0).
 * With `dropout` > 0 the ridge becomes per item, Λ_ii = λ + p/(1−p)·G_ii: the
 * closed form of training the same model with input dropout p (EDLAE, Steck
 * 2020), which penalises popular items' self-similarity harder and tends to
 * beat a single λ.
 */
export interface EaseParams {
  lambda: number;
  /** Emulated input dropout in [0, 1); 0 is plain EASE. */
  dropout: number;
}

/** Returns B (n×n row-major float32); score_j = Σ_i x_i·B[i, j]. `gram` is left untouched. */
export function fitEase(gram: Float64Array, n: number, params: EaseParams, progress?: ProgressReporter): Float32Array {
  if (!(params.lambda > 0)) throw new RangeError(`EASE lambda must be > 0, got ${params.lambda}`);
  if (!(params.dropout >= 0 && params.dropout < 1)) throw new RangeError(`EASE dropout must be in [0, 1), got ${params.dropout}`);
  const p = gram.slice();
  const dropoutRidge = params.dropout / (1 - params.dropout);
  for (let i = 0; i < n; i++) p[i * n + i] += params.lambda + dropoutRidge * gram[i * n + i];
  invertSpdInPlace(p, n, progress && ((f) => progress('EASE inverse', f)));
  const b = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) b[row + j] = i === j ? 0 : -p[row + j] / p[j * n + j];
  }
  return b;
}
