import { conversionAt } from './logistic-demand';
import type { PricePolicy, PricePosterior } from './price-policy';
import { formatPrice, roundPrice } from './price-rounding';

/**
 * The deterministic reading of a PricePolicy for a merchant: which price to
 * set next, and why. It maximises posterior-mean revenue per visitor, then
 * applies guardrails in order: the merchant's min/max, a bounded step from
 * the current price, and the currency's customary price endings.
 */

export interface SuggestPriceInput {
  /** Minor units. */
  currentPrice: number;
  currency: string;
  min?: number;
  max?: number;
  /** Largest relative change per suggestion; default 0.2 (±20%). */
  maxStep?: number;
  /** Visitors needed across all prices before any move; default 100. */
  minEvidence?: number;
  /** How prices read in the explanation; default: English currency format. */
  format?: (amount: number) => string;
}

export type Guardrail = 'insufficient-evidence' | 'min' | 'max' | 'max-step' | 'rounding';

export interface PriceSuggestion {
  price: number;
  currency: string;
  currentPrice: number;
  /** Posterior-mean revenue per visitor at the suggested and the current price (minor units). */
  expectedRevenuePerVisitor: number;
  currentRevenuePerVisitor: number;
  /** Visitors observed across all candidate prices. */
  evidence: number;
  guardrails: Guardrail[];
  explanation: string;
}

const DEFAULT_MAX_STEP = 0.2;
const DEFAULT_MIN_EVIDENCE = 100;

export function suggestPrice(policy: PricePolicy, input: SuggestPriceInput): PriceSuggestion {
  const { currentPrice, currency } = input;
  if (!(Number.isInteger(currentPrice) && currentPrice > 0))
    throw new RangeError(`currentPrice must be a positive integer in minor units, got ${currentPrice}`);
  const min = input.min ?? 1;
  const max = input.max ?? Number.MAX_SAFE_INTEGER;
  if (min > max) throw new RangeError(`min (${min}) is above max (${max})`);
  const maxStep = input.maxStep ?? DEFAULT_MAX_STEP;
  const posteriors = policy.posteriors();
  const evidence = posteriors.reduce((s, p) => s + p.trials, 0);
  const revenueAt = (price: number) => price * estimatedConversion(policy, posteriors, price);
  const fmt = input.format ?? ((price: number) => formatPrice(price, currency));
  const base = { currency, currentPrice, evidence, currentRevenuePerVisitor: revenueAt(currentPrice) };

  if (evidence < (input.minEvidence ?? DEFAULT_MIN_EVIDENCE)) {
    return {
      ...base,
      price: currentPrice,
      expectedRevenuePerVisitor: base.currentRevenuePerVisitor,
      guardrails: ['insufficient-evidence'],
      explanation: `Keep ${fmt(currentPrice)}: only ${evidence} visitors have seen a test price so far, and ${input.minEvidence ?? DEFAULT_MIN_EVIDENCE} are needed before a change is worth suggesting.`,
    };
  }

  const allowed = posteriors.filter((p) => p.price >= min && p.price <= max);
  const best = (allowed.length > 0 ? allowed : posteriors).reduce((a, b) => (b.revenuePerVisitor > a.revenuePerVisitor ? b : a));
  const guardrails: Guardrail[] = [];
  let price = best.price;
  const clamp = (low: number, high: number, lowRule: Guardrail, highRule: Guardrail) => {
    if (price < low) {
      price = low;
      guardrails.push(lowRule);
    } else if (price > high) {
      price = high;
      guardrails.push(highRule);
    }
  };
  clamp(min, max, 'min', 'max');
  const lowStep = Math.ceil(currentPrice * (1 - maxStep));
  const highStep = Math.floor(currentPrice * (1 + maxStep));
  // The creator's bounds are hard: when the whole step window lies outside them, the price goes to the nearer bound.
  if (Math.max(min, lowStep) <= Math.min(max, highStep)) clamp(Math.max(min, lowStep), Math.min(max, highStep), 'max-step', 'max-step');
  // Round toward the current price when a bound was hit, so rounding never breaks it.
  const direction = price > currentPrice ? 'down' : price < currentPrice ? 'up' : 'nearest';
  let rounded = roundPrice(price, currency, guardrails.length > 0 ? direction : 'nearest');
  if (rounded < min || rounded > max || rounded < lowStep || rounded > highStep) rounded = roundPrice(price, currency, direction);
  if (rounded >= min && rounded <= max && rounded !== price) {
    price = rounded;
    guardrails.push('rounding');
  }

  const expected = revenueAt(price);
  const atBest = posteriors.find((p) => p.price === best.price)!;
  const change = base.currentRevenuePerVisitor > 0 ? expected / base.currentRevenuePerVisitor - 1 : 0;
  const verb =
    price > currentPrice
      ? `Raise ${fmt(currentPrice)} to ${fmt(price)}`
      : price < currentPrice
        ? `Lower ${fmt(currentPrice)} to ${fmt(price)}`
        : `Keep ${fmt(price)}`;
  const evidenceLine = `${pct(atBest.conversion)} of visitors bought at ${fmt(best.price)} (${atBest.purchases} of ${atBest.trials} shown it, ${evidence} visitors in all)`;
  const effect =
    price === currentPrice
      ? 'it already earns the most per visitor within the limits'
      : `expected revenue per visitor ${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
  const limits = guardrails.filter((g) => g !== 'rounding');
  const limitLine = limits.length > 0 ? ` Limited by ${limits.map(describe).join(' and ')}; the best tested price is ${fmt(best.price)}.` : '';
  return { ...base, price, expectedRevenuePerVisitor: expected, guardrails, explanation: `${verb}: ${effect}. Estimated ${evidenceLine}.${limitLine}` };
}

/** Conversion at any price: the demand curve when pooling is on, else the nearest tested price. */
function estimatedConversion(policy: PricePolicy, posteriors: readonly PricePosterior[], price: number): number {
  const exact = posteriors.find((p) => p.price === price);
  if (exact) return exact.conversion;
  const curve = policy.curve();
  if (curve) return conversionAt(curve, price);
  return posteriors.reduce((a, b) => (Math.abs(b.price - price) < Math.abs(a.price - price) ? b : a)).conversion;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function describe(rule: Guardrail): string {
  return {
    'insufficient-evidence': 'too little evidence',
    min: 'the minimum price',
    max: 'the maximum price',
    'max-step': 'the largest allowed step',
    rounding: 'price rounding',
  }[rule];
}
