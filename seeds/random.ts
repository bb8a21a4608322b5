/**
 * A seeded pseudo-random source (sfc32, seeded through splitmix32) so the demo
 * data is the same on every machine and every run: a failing assertion or a
 * screenshot names rows that exist again tomorrow. Not for anything secret.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads a small integer seed over sfc32's 128 bits of state.
    let s = seed >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.next(); // discard the warm-up outputs
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

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
