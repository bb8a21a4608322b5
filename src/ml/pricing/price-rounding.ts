/**
 * Price points people expect to see, per currency, on integer minor units:
 * charm prices ending in .99 where that is the custom (USD 24.99), whole units
 * where it is not (CNY 199, JPY 1980 is already whole).
 */

export type RoundingRule = 'charm-99' | 'whole-unit';

const RULES: Record<string, RoundingRule> = {
  USD: 'charm-99',
  EUR: 'charm-99',
  GBP: 'charm-99',
  CAD: 'charm-99',
  AUD: 'charm-99',
  NZD: 'charm-99',
  SGD: 'charm-99',
  HKD: 'whole-unit',
  CNY: 'whole-unit',
  JPY: 'whole-unit',
  KRW: 'whole-unit',
  TWD: 'whole-unit',
  INR: 'whole-unit',
};

export function roundingRuleOf(currency: string): RoundingRule {
  return RULES[currency.toUpperCase()] ?? 'whole-unit';
}

/** Digits after the decimal point, from the runtime's ICU data (JPY 0, USD 2). */
export function minorUnitDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    throw new RangeError(`unknown currency code '${currency}'`);
  }
}

/**
 * The nearest presentable price to `amount` (minor units) in `direction`;
 * never below one whole unit − 0.01 (a charm price of 0.99) or one whole unit.
 */
export function roundPrice(amount: number, currency: string, direction: 'nearest' | 'down' | 'up' = 'nearest'): number {
  const unit = 10 ** minorUnitDigits(currency);
  const rule = roundingRuleOf(currency);
  // Charm pricing needs cents; zero-decimal currencies fall back to whole units.
  if (rule === 'charm-99' && unit >= 100) {
    const below = Math.floor((amount + 1) / unit) * unit - 1;
    const above = below + unit;
    const lowest = unit - 1;
    if (direction === 'down') return Math.max(lowest, below);
    if (direction === 'up') return amount === below ? below : Math.max(lowest, above);
    return Math.max(lowest, amount - below <= above - amount ? below : above);
  }
  const pick = direction === 'down' ? Math.floor : direction === 'up' ? Math.ceil : Math.round;
  return Math.max(unit, pick(amount / unit) * unit);
}

export function formatPrice(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: digits }).format(amount / 10 ** digits);
}
