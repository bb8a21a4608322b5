import { allocate, formatMoney, majorUnits, splitShare } from '../../src/common/money';

/** A small seeded generator, so a failure names inputs that reproduce it. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('money allocation', () => {
  it('splits 100 three ways as 34/33/33, never 99 or 101', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(1, [1, 1, 1])).toEqual([1, 0, 0]);
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
  });

  it('gives leftover units to the largest remainders', () => {
    // exact shares 28.5714, 57.1428, 14.2857 → floors 28, 57, 14 (99); the one left goes to the largest remainder (.5714)
    expect(allocate(100, [2, 4, 1])).toEqual([29, 57, 14]);
  });

  it('never loses or invents a unit over thousands of random splits, even near the largest amounts', () => {
    const random = lcg(42);
    for (let i = 0; i < 2000; i += 1) {
      const amount = Math.floor(random() * 100_000_000);
      const weights = Array.from({ length: 1 + Math.floor(random() * 7) }, () => Math.floor(random() * 100_000_000));
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      const parts = allocate(amount, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
      const total = weights.reduce((a, b) => a + b, 0);
      parts.forEach((part, k) => expect(Math.abs(part - (amount * weights[k]) / total)).toBeLessThan(1));
    }
  });

  it('rejects what cannot be split', () => {
    expect(() => allocate(-1, [1])).toThrow(RangeError);
    expect(() => allocate(1.5, [1])).toThrow(RangeError);
    expect(() => allocate(10, [0, 0])).toThrow(RangeError);
    expect(() => allocate(10, [])).toThrow(RangeError);
  });

  it('splits a revenue share in basis points', () => {
    expect(splitShare(999, 8000)).toEqual({ share: 799, rest: 200 });
    expect(splitShare(1, 8000)).toEqual({ share: 1, rest: 0 });
  });

  it('formats per currency and knows minor units', () => {
    expect(formatMoney({ amount: 9900, currency: 'CNY' })).toBe('¥99.00');
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toMatch(/1,500/);
    expect(majorUnits('JPY', 5)).toBe(5);
    expect(majorUnits('USD', 5)).toBe(500);
  });
});
