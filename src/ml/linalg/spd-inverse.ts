/**
 * Inverse of a symmetric positive-definite matrix, in place, via Cholesky.
 *
 * tfjs has no matrix inverse, and EASE needs (XᵀX + λI)⁻¹ for ~1–2k items.
 * Everything below is row-major and every inner loop walks contiguous memory
 * (dot products of two rows, or a row added to a row), which is what keeps a
 * 1,682² inverse at a couple of seconds in plain JavaScript. Cost ≈ n³/2
 * multiply-adds (Cholesky n³/6, L⁻¹ n³/6, L⁻ᵀL⁻¹ n³/6), half of Gauss-Jordan.
 */

export class NotPositiveDefiniteError extends Error {
  constructor(readonly row: number) {
    super(`matrix is not positive definite (pivot ${row} ≤ 0); increase the regularization`);
    this.name = 'NotPositiveDefiniteError';
  }
}

/**
 * Replaces `a` (n×n, row-major, symmetric positive definite) by its inverse.
 * `onProgress(fraction)` is called now and then so callers can show progress.
 */
export function invertSpdInPlace(a: Float64Array, n: number, onProgress?: (fraction: number) => void): Float64Array {
  if (a.length !== n * n) throw new RangeError(`expected ${n * n} entries, got ${a.length}`);
  const report = progressEvery(n, onProgress);
  choleskyLowerInPlace(a, n, (i) => report(i / 3));
  invertLowerTriangularInPlace(a, n, (i) => report(n / 3 + i / 3));
  lowerTransposeTimesLowerInPlace(a, n, (i) => report((2 * n) / 3 + i / 3));
  onProgress?.(1);
  return a;
}

function progressEvery(n: number, onProgress?: (fraction: number) => void): (rowEquivalent: number) => void {
  if (!onProgress) return () => undefined;
  const step = Math.max(1, Math.floor(n / 50));
  let last = -step;
  return (row) => {
    if (row - last >= step) {
      last = row;
      onProgress(row / n);
    }
  };
}

/**
 * Lower triangle of `a` becomes L with A = L·Lᵀ (row-oriented Cholesky–Crout);
 * the strict upper triangle is zeroed, which later phases rely on.
 * L[i,j] = (A[i,j] − L[i,0..j)·L[j,0..j)) / L[j,j]. Four j's share one pass over
 * row i for the part k < j0, then the short triangular rest is finished one by one.
 */
export function choleskyLowerInPlace(a: Float64Array, n: number, onRow: (i: number) => void = () => undefined): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let j = 0;
    for (; j + 4 <= i; j += 4) {
      const r0 = j * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < j; k++) {
        const lik = a[ri + k];
        s0 += lik * a[r0 + k];
        s1 += lik * a[r1 + k];
        s2 += lik * a[r2 + k];
        s3 += lik * a[r3 + k];
      }
      const l0 = (a[ri + j] - s0) / a[r0 + j];
      a[ri + j] = l0;
      s1 += l0 * a[r1 + j];
      s2 += l0 * a[r2 + j];
      s3 += l0 * a[r3 + j];
      const l1 = (a[ri + j + 1] - s1) / a[r1 + j + 1];
      a[ri + j + 1] = l1;
      s2 += l1 * a[r2 + j + 1];
      s3 += l1 * a[r3 + j + 1];
      const l2 = (a[ri + j + 2] - s2) / a[r2 + j + 2];
      a[ri + j + 2] = l2;
      s3 += l2 * a[r3 + j + 2];
      a[ri + j + 3] = (a[ri + j + 3] - s3) / a[r3 + j + 3];
    }
    for (; j < i; j++) {
      const rj = j * n;
      let sum = a[ri + j];
      for (let k = 0; k < j; k++) sum -= a[ri + k] * a[rj + k];
      a[ri + j] = sum / a[rj + j];
    }
    let diag = a[ri + i];
    for (let k = 0; k < i; k++) diag -= a[ri + k] * a[ri + k];
    if (!(diag > 0)) throw new NotPositiveDefiniteError(i);
    a[ri + i] = Math.sqrt(diag);
    for (let c = i + 1; c < n; c++) a[ri + c] = 0;
    onRow(i);
  }
}

/**
 * L (lower) becomes W = L⁻¹, solved row by row: row i of W is
 * (eᵢ − Σ_{k<i} L[i,k]·W[k,:]) / L[i,i]. L[i,k] for k<i is read before row i
 * of W is written, so one buffer holds both. Rows of W above i are zero past
 * their diagonal, so whole blocks of them can be folded in per pass; two rows
 * i, i+1 are built together so each W[k,:] read serves both.
 */
export function invertLowerTriangularInPlace(a: Float64Array, n: number, onRow: (i: number) => void = () => undefined): void {
  const rowA = new Float64Array(n);
  const rowB = new Float64Array(n);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const ra = i * n;
    const rb = ra + n;
    rowA.fill(0, 0, i + 2);
    rowB.fill(0, 0, i + 2);
    rowA[i] = 1;
    rowB[i + 1] = 1;
    let k = 0;
    for (; k + 4 <= i; k += 4) {
      const a0 = a[ra + k];
      const a1 = a[ra + k + 1];
      const a2 = a[ra + k + 2];
      const a3 = a[ra + k + 3];
      const b0 = a[rb + k];
      const b1 = a[rb + k + 1];
      const b2 = a[rb + k + 2];
      const b3 = a[rb + k + 3];
      const r0 = k * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      const end = k + 3;
      for (let j = 0; j <= end; j++) {
        const w0 = a[r0 + j];
        const w1 = a[r1 + j];
        const w2 = a[r2 + j];
        const w3 = a[r3 + j];
        rowA[j] -= a0 * w0 + a1 * w1 + a2 * w2 + a3 * w3;
        rowB[j] -= b0 * w0 + b1 * w1 + b2 * w2 + b3 * w3;
      }
    }
    for (; k < i; k++) {
      const ca = a[ra + k];
      const cb = a[rb + k];
      const rk = k * n;
      for (let j = 0; j <= k; j++) {
        rowA[j] -= ca * a[rk + j];
        rowB[j] -= cb * a[rk + j];
      }
    }
    // Row i is complete: store it, then fold it into row i+1.
    const invA = 1 / a[ra + i];
    const lbi = a[rb + i];
    for (let j = 0; j <= i; j++) {
      const w = rowA[j] * invA;
      a[ra + j] = w;
      rowB[j] -= lbi * w;
    }
    const invB = 1 / a[rb + i + 1];
    for (let j = 0; j <= i + 1; j++) a[rb + j] = rowB[j] * invB;
    onRow(i + 1);
  }
  if (i < n) {
    const ri = i * n;
    rowA.fill(0, 0, i + 1);
    rowA[i] = 1;
    for (let k = 0; k < i; k++) {
      const c = a[ri + k];
      const rk = k * n;
      for (let j = 0; j <= k; j++) rowA[j] -= c * a[rk + j];
    }
    const inv = 1 / a[ri + i];
    for (let j = 0; j <= i; j++) a[ri + j] = rowA[j] * inv;
    onRow(i);
  }
}

/**
 * W (lower) becomes Wᵀ·W = A⁻¹ (full symmetric). Row i of the result's lower
 * part is Σ_{k≥i} W[k,i]·W[k,0..i]. Step i reads only rows k ≥ i below the
 * diagonal, so its result can go to column i of the upper triangle (already
 * consumed) and be mirrored at the end. Results i and i+1 share their reads of
 * rows k ≥ i+1.
 */
function lowerTransposeTimesLowerInPlace(a: Float64Array, n: number, onRow: (i: number) => void): void {
  const accA = new Float64Array(n);
  const accB = new Float64Array(n);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const i1 = i + 1;
    accA.fill(0, 0, i1 + 1);
    accB.fill(0, 0, i1 + 1);
    let k = i1;
    for (; k + 4 <= n; k += 4) {
      const r0 = k * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      const a0 = a[r0 + i];
      const a1 = a[r1 + i];
      const a2 = a[r2 + i];
      const a3 = a[r3 + i];
      const b0 = a[r0 + i1];
      const b1 = a[r1 + i1];
      const b2 = a[r2 + i1];
      const b3 = a[r3 + i1];
      for (let j = 0; j <= i1; j++) {
        const w0 = a[r0 + j];
        const w1 = a[r1 + j];
        const w2 = a[r2 + j];
        const w3 = a[r3 + j];
        accA[j] += a0 * w0 + a1 * w1 + a2 * w2 + a3 * w3;
        accB[j] += b0 * w0 + b1 * w1 + b2 * w2 + b3 * w3;
      }
    }
    for (; k < n; k++) {
      const rk = k * n;
      const ca = a[rk + i];
      const cb = a[rk + i1];
      for (let j = 0; j <= i1; j++) {
        accA[j] += ca * a[rk + j];
        accB[j] += cb * a[rk + j];
      }
    }
    // Result i also has the k = i term (row i of W is zero past column i).
    const ri = i * n;
    const wii = a[ri + i];
    for (let j = 0; j <= i; j++) accA[j] += wii * a[ri + j];
    for (let j = 0; j < i; j++) a[j * n + i] = accA[j];
    for (let j = 0; j <= i; j++) a[j * n + i1] = accB[j];
    a[ri + i] = accA[i];
    a[i1 * n + i1] = accB[i1];
    onRow(i1);
  }
  if (i < n) {
    // Last row when n is odd: only k = n−1 contributes.
    const ri = i * n;
    const wii = a[ri + i];
    for (let j = 0; j < i; j++) a[j * n + i] = wii * a[ri + j];
    a[ri + i] = wii * wii;
    onRow(i);
  }
  for (let r = 0; r < n; r++) for (let c = 0; c < r; c++) a[r * n + c] = a[c * n + r];
}
