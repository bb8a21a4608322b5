import { SeededRandom } from '../seeded-random';

/**
 * Fold number (0..k−1) per example such that every class is spread evenly
 * over the folds: each class is shuffled and dealt round-robin, continuing
 * where the previous class stopped so fold sizes stay balanced too.
 */
export function stratifiedFolds(labels: readonly number[], k: number, seed: number): Int32Array {
  if (!(Number.isInteger(k) && k >= 2)) throw new RangeError(`folds must be an integer ≥ 2, got ${k}`);
  const rng = new SeededRandom(seed);
  const byClass = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const members = byClass.get(label) ?? [];
    members.push(i);
    byClass.set(label, members);
  });
  const fold = new Int32Array(labels.length);
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const i of rng.shuffle(byClass.get(label)!)) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

/** A stratified train/validation split: `fraction` of each class goes to validation. */
export function stratifiedHoldout(labels: readonly number[], fraction: number, seed: number): { train: number[]; validation: number[] } {
  const folds = Math.max(2, Math.round(1 / fraction));
  const fold = stratifiedFolds(labels, folds, seed);
  const train: number[] = [];
  const validation: number[] = [];
  fold.forEach((f, i) => (f === 0 ? validation : train).push(i));
  return { train, validation };
}
