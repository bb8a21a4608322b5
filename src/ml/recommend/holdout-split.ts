import { SeededRandom } from '../seeded-random';
import type { Interaction } from './interaction-matrix';
import { InteractionMatrix } from './interaction-matrix';

/** A random split by interaction (not by user or time), reproducible from `seed`. */
export function splitByInteraction<T>(interactions: readonly T[], trainFraction: number, seed: number): { train: T[]; test: T[] } {
  if (!(trainFraction > 0 && trainFraction < 1)) throw new RangeError(`trainFraction must be in (0, 1), got ${trainFraction}`);
  const shuffled = new SeededRandom(seed).shuffle([...interactions]);
  const cut = Math.round(shuffled.length * trainFraction);
  return { train: shuffled.slice(0, cut), test: shuffled.slice(cut) };
}

/**
 * Held-out items per training user, as item indices of `train` (items unseen
 * in training cannot be ranked by any model and are left out, as are users
 * without training rows).
 */
export function heldOutByUser(train: InteractionMatrix, test: readonly Interaction[]): Set<number>[] {
  const relevant = train.userIds.map(() => new Set<number>());
  for (const e of test) {
    const u = train.userIndex.get(e.userId);
    const i = train.itemIndex.get(e.itemId);
    if (u !== undefined && i !== undefined) relevant[u].add(i);
  }
  // A pair in both halves (duplicate lines) is not a held-out item.
  relevant.forEach((set, u) => {
    for (const i of train.itemsOf(u)) set.delete(i);
  });
  return relevant;
}
