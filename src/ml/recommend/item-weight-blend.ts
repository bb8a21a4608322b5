import * as tf from '@tensorflow/tfjs';
import type { InteractionMatrix } from './interaction-matrix';

/**
 * ease/σ_ease + weight·lowPass/σ_lowPass, where σ is the mean spread of a
 * user's scores under each matrix: the two live on unrelated scales, and the
 * weight should mean the same thing on every data set.
 */
export function blendItemWeights(matrix: InteractionMatrix, ease: Float32Array, lowPass: Float32Array, weight: number): Float32Array {
  const a = 1 / scoreSpread(matrix, ease);
  const b = weight / scoreSpread(matrix, lowPass);
  const out = new Float32Array(ease.length);
  for (let i = 0; i < out.length; i++) out[i] = a * ease[i] + b * lowPass[i];
  return out;
}

/** Mean over (up to 512, evenly spaced) users of the standard deviation of their item scores. */
export function scoreSpread(matrix: InteractionMatrix, weights: Float32Array): number {
  const n = matrix.itemCount;
  const step = Math.max(1, Math.floor(matrix.userCount / 512));
  const users: number[] = [];
  for (let u = 0; u < matrix.userCount; u += step) if (matrix.rowPtr[u + 1] > matrix.rowPtr[u]) users.push(u);
  if (users.length === 0) return 1;
  const x = new Float32Array(users.length * n);
  users.forEach((u, r) => {
    for (const i of matrix.itemsOf(u)) x[r * n + i] = 1;
  });
  const spread = tf.tidy(() => {
    const scores = tf.matMul(tf.tensor2d(x, [users.length, n]), tf.tensor2d(weights, [n, n]));
    return tf.moments(scores, 1).variance.sqrt().mean().dataSync()[0];
  });
  return spread > 0 ? spread : 1;
}
