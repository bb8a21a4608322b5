import { Sfc32 } from '../src/common/sfc32';

/**
 * The demo data's random draws, on the shared seeded core, so the demo data
 * is the same on every machine and every run: a failing assertion or a
 * screenshot names rows that exist again tomorrow.
 */
export class SeededRandom extends Sfc32 {
  /** An independent stream, so adding draws to one part of a generator leaves the others unchanged. */
  fork(label: string): SeededRandom {
    let h = 2166136261;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
    return new SeededRandom((Math.floor(this.next() * 4294967296) ^ h) >>> 0);
  }

  /** Integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick() needs at least one item');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks items[i] with probability weights[i] / sum(weights); weights must not all be zero. */
  weightedPick<T>(items: readonly T[], weights: readonly number[]): T {
    return items[this.weightedIndex(weights)];
  }

  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0)) throw new Error('weightedIndex() needs a positive total weight');
    let target = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (target < 0) return i;
    }
    return weights.length - 1; // rounding left a sliver past the last weight
  }

  /** A shuffled copy (Fisher–Yates); the input is left as it was. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  /** `count` distinct items in random order (all of them when there are fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, count));
  }

  /**
   * A rank in [0, n) with P(rank = k) proportional to 1 / (k + 1)^exponent:
   * the power law behind "a few courses are very popular, most are a long tail".
   */
  zipf(n: number, exponent = 1): number {
    return this.weightedIndex(SeededRandom.zipfWeights(n, exponent));
  }

  /** Normally distributed (Box–Muller). */
  normal(mean = 0, standardDeviation = 1): number {
    const u = 1 - this.next(); // (0, 1], so the logarithm is finite
    const v = this.next();
    return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A normal draw clamped into [min, max] — durations, prices and the like have hard bounds. */
  boundedNormal(mean: number, standardDeviation: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, this.normal(mean, standardDeviation)));
  }

  /** Weights 1 / (k + 1)^exponent for k in [0, n), for callers that combine them with other factors. */
  static zipfWeights(n: number, exponent = 1): number[] {
    return Array.from({ length: n }, (_, k) => 1 / Math.pow(k + 1, exponent));
  }
}
