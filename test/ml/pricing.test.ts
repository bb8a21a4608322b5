import { decodeSnapshot, encodeSnapshot } from '../../src/ml/model-snapshot';
import { PricePolicy } from '../../src/ml/pricing/price-policy';
import { formatPrice, roundPrice } from '../../src/ml/pricing/price-rounding';
import { suggestPrice } from '../../src/ml/pricing/price-suggestion';
import { SeededRandom } from '../../src/ml/seeded-random';
import { conversionAt, DEMAND, epsilonGreedy, PRICES, referenceRegrets, thompson, uniformSplit } from './fixtures/pricing-simulation';

describe('conversion-aware pricing', () => {
  it('loses less revenue than a uniform A/B split and than ε-greedy, over several seeds', () => {
    const ours = referenceRegrets(() => thompson({ prices: PRICES, currency: 'USD' }));
    const split = referenceRegrets(() => uniformSplit(PRICES));
    const greedy = referenceRegrets(() => epsilonGreedy(PRICES, 0.1));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b) / xs.length;
    ours.forEach((r, i) => expect(r).toBeLessThan(split[i]));
    expect(mean(ours)).toBeLessThan(mean(split) / 3);
    expect(mean(ours)).toBeLessThan(mean(greedy));
  });

  it('puts most visitors on the best price once it has learnt', () => {
    const policy = new PricePolicy({ prices: PRICES, currency: 'USD' });
    const rng = new SeededRandom(9);
    const world = new SeededRandom(10);
    const late: number[] = [];
    for (let t = 0; t < 6000; t++) {
      const price = policy.choose(rng);
      policy.record(price, world.next() < conversionAt(DEMAND, price));
      if (t >= 5000) late.push(price);
    }
    const nearBest = late.filter((p) => p === 1490 || p === 1990).length;
    expect(nearBest / late.length).toBeGreaterThan(0.7);
  });

  it('suggests the best-earning price within min/max and a bounded step, rounded to .99', () => {
    const policy = new PricePolicy({ prices: [1499, 1999, 2499, 2999], currency: 'USD' }, [
      { price: 1499, trials: 400, purchases: 60 },
      { price: 1999, trials: 400, purchases: 56 },
      { price: 2499, trials: 400, purchases: 52 },
      { price: 2999, trials: 400, purchases: 30 },
    ]);
    const free = suggestPrice(policy, { currentPrice: 1999, currency: 'USD', maxStep: 0.5 });
    expect(free.price).toBe(2499);
    expect(free.guardrails).toEqual([]);
    expect(free.evidence).toBe(1600);
    expect(free.explanation).toContain('Raise $19.99 to $24.99');
    expect(free.explanation).toContain('1600 visitors');

    const stepped = suggestPrice(policy, { currentPrice: 1999, currency: 'USD', maxStep: 0.1 });
    expect(stepped.price).toBe(2099);
    expect(stepped.price).toBeLessThanOrEqual(1999 * 1.1);
    expect(stepped.guardrails).toEqual(['max-step', 'rounding']);
    expect(stepped.explanation).toContain('largest allowed step');

    const capped = suggestPrice(policy, { currentPrice: 1999, currency: 'USD', max: 2000, maxStep: 1 });
    expect(capped.price).toBeLessThanOrEqual(2000);
  });

  it('rounds yuan prices to whole yuan and keeps the price while evidence is thin', () => {
    expect(roundPrice(19_950, 'CNY')).toBe(20_000);
    expect(roundPrice(2050, 'USD')).toBe(2099);
    expect(roundPrice(2050, 'USD', 'down')).toBe(1999);
    expect(roundPrice(1980, 'JPY')).toBe(1980);
    expect(formatPrice(19_900, 'CNY')).toBe('CN¥199.00');
    const policy = new PricePolicy({ prices: [9900, 12900], currency: 'CNY' }, [{ price: 12900, trials: 10, purchases: 5 }]);
    const thin = suggestPrice(policy, { currentPrice: 9900, currency: 'CNY' });
    expect(thin.price).toBe(9900);
    expect(thin.guardrails).toEqual(['insufficient-evidence']);
    expect(thin.explanation).toMatch(/only 10 visitors/);
  });

  it('serializes its evidence and suggests the same after loading', () => {
    const policy = new PricePolicy({ prices: [990, 1990], currency: 'USD' });
    for (let i = 0; i < 300; i++) policy.record(i % 2 ? 990 : 1990, i % 7 === 0);
    const loaded = PricePolicy.deserialize(decodeSnapshot(encodeSnapshot(policy.serialize())));
    expect(suggestPrice(loaded, { currentPrice: 990, currency: 'USD', maxStep: 1 })).toEqual(
      suggestPrice(policy, { currentPrice: 990, currency: 'USD', maxStep: 1 }),
    );
  });
});
