import { SeededRandom } from '../../seeds/random';

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed and a different one for another', () => {
    const draw = (seed: number) => {
      const rng = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('keeps int() inside its bounds, both ends reachable', () => {
    const rng = new SeededRandom(1);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(2, 5)));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('picks by weight and never picks a zero weight', () => {
    const rng = new SeededRandom(2);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[rng.weightedPick(['a', 'b', 'c'] as const, [1, 3, 0])] += 1;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
  });

  it('shuffles into a permutation without touching the input', () => {
    const rng = new SeededRandom(3);
    const input = [1, 2, 3, 4, 5, 6];
    const shuffled = rng.shuffle(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...shuffled].sort()).toEqual(input);
  });

  it('draws power-law ranks: rank 0 about twice as often as rank 1 for exponent 1', () => {
    const rng = new SeededRandom(4);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) counts[rng.zipf(10, 1)] += 1;
    expect(counts[0] / counts[1]).toBeGreaterThan(1.8);
    expect(counts[0] / counts[1]).toBeLessThan(2.2);
    expect(counts[9]).toBeGreaterThan(0);
  });

  it('draws normals with the asked mean and spread', () => {
    const rng = new SeededRandom(5);
    const xs = Array.from({ length: 20_000 }, () => rng.normal(10, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeGreaterThan(1.9);
    expect(sd).toBeLessThan(2.1);
  });

  it('forks independent streams: drawing from one leaves the other as it was', () => {
    const a = new SeededRandom(6);
    const b = new SeededRandom(6);
    const fromA = a.fork('x');
    const fromB = b.fork('x');
    fromA.next();
    fromA.next();
    expect(a.fork('y').next()).toBe(b.fork('y').next());
    expect(fromB.next()).not.toBe(fromA.next());
  });
});
