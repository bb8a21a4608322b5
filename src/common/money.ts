import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { UserFailure, ErrorCode } from './errors';

/**
 * The one money module: integer minor units plus an ISO 4217 code. Amounts
 * are never floats; arithmetic, splitting and formatting live here.
 */
export interface MoneyValue {
  amount: number;
  currency: string;
}

/** Minor-unit exponent and display locale per supported currency. */
const CURRENCIES: Record<string, { exponent: number; locale: string }> = {
  CNY: { exponent: 2, locale: 'zh-CN' },
  USD: { exponent: 2, locale: 'en-US' },
  EUR: { exponent: 2, locale: 'de-DE' },
  GBP: { exponent: 2, locale: 'en-GB' },
  HKD: { exponent: 2, locale: 'zh-HK' },
  TWD: { exponent: 2, locale: 'zh-TW' },
  SGD: { exponent: 2, locale: 'en-SG' },
  JPY: { exponent: 0, locale: 'ja-JP' },
  KRW: { exponent: 0, locale: 'ko-KR' },
};

export const SUPPORTED_CURRENCIES = Object.keys(CURRENCIES);

/** Largest amount accepted anywhere (fits GraphQL's 32-bit Int with headroom for sums). */
export const MAX_AMOUNT = 100_000_000;

export function isSupportedCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURRENCIES, code);
}

/** Validates a price from input: a supported currency and 1..MAX_AMOUNT minor units. */
export function parsePrice(input: MoneyValue, field: string[]): MoneyValue {
  const currency = (input.currency ?? '').toUpperCase();
  if (!isSupportedCurrency(currency)) {
    throw new UserFailure(ErrorCode.INVALID_INPUT, `Unsupported currency "${input.currency}"; use one of ${SUPPORTED_CURRENCIES.join(', ')}.`, [...field, 'currency']);
  }
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > MAX_AMOUNT) {
    throw new UserFailure(ErrorCode.INVALID_INPUT, `Amount must be a whole number of minor units between 1 and ${MAX_AMOUNT}.`, [...field, 'amount']);
  }
  return { amount: input.amount, currency };
}

export function formatMoney(money: MoneyValue): string {
  const info = CURRENCIES[money.currency] ?? { exponent: 2, locale: 'en-US' };
  const major = money.amount / 10 ** info.exponent;
  return new Intl.NumberFormat(info.locale, { style: 'currency', currency: money.currency, minimumFractionDigits: info.exponent }).format(major);
}

@ObjectType({ description: 'Integer minor units plus an ISO 4217 currency; never floats.', simpleResolvers: true })
export class Money {
  @Field(() => Int, { description: "Integer amount in the currency's minor unit (e.g. cents, fen)." })
  amount: number;

  @Field({ description: 'ISO 4217 code, e.g. CNY, USD.' })
  currency: string;

  @Field({ description: 'Human-readable, locale-formatted amount, e.g. ¥99.00.' })
  get formatted(): string {
    return formatMoney(this);
  }

  static of(value: MoneyValue): Money {
    return Object.assign(new Money(), { amount: value.amount, currency: value.currency });
  }
}

@InputType()
export class MoneyInput {
  @Field(() => Int)
  amount: number;

  @Field()
  currency: string;
}

/**
 * Splits `amount` minor units in proportion to `weights` without losing or
 * inventing a unit (largest-remainder method): every part is the floor of its
 * exact share, and the units left over go to the parts with the largest
 * remainders (earlier parts win ties). Parts always sum to `amount`.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`allocate: amount must be a non-negative integer, got ${amount}`);
  if (weights.length === 0) throw new RangeError('allocate: no weights');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('allocate: weights must be non-negative integers');
  const total = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (total === 0n) {
    if (amount === 0) return weights.map(() => 0);
    throw new RangeError('allocate: all weights are zero');
  }
  const big = BigInt(amount);
  const parts = weights.map((w) => (big * BigInt(w)) / total);
  const remainders = weights.map((w, index) => ({ index, remainder: (big * BigInt(w)) % total }));
  let left = Number(big - parts.reduce((sum, p) => sum + p, 0n));
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0) break;
    parts[index] += 1n;
    left -= 1;
  }
  return parts.map(Number);
}

/** A share given in basis points (8000 = 80%) of `amount`, and the rest; the two always sum to `amount`. */
export function splitShare(amount: number, shareBasisPoints: number): { share: number; rest: number } {
  const [share, rest] = allocate(amount, [shareBasisPoints, 10_000 - shareBasisPoints]);
  return { share, rest };
}

export function sameCurrency(a: MoneyValue, b: MoneyValue): boolean {
  return a.currency === b.currency;
}

/** Major units → minor units for a currency (e.g. 5 CNY → 500). */
export function majorUnits(currency: string, major: number): number {
  return major * 10 ** (CURRENCIES[currency]?.exponent ?? 2);
}

/**
 * Validates an amount from input against bounds in the currency's minor
 * units, e.g. a tip of at least ¥1 and at most ¥5,000.
 */
export function parseAmountWithin(input: MoneyValue, field: string[], bounds: (currency: string) => { min: number; max: number }): MoneyValue {
  const money = parsePrice(input, field);
  const { min, max } = bounds(money.currency);
  if (money.amount < min || money.amount > max) {
    throw new UserFailure(ErrorCode.INVALID_INPUT,
      `Amount must be between ${formatMoney({ amount: min, currency: money.currency })} and ${formatMoney({ amount: max, currency: money.currency })}.`, [...field, 'amount']);
  }
  return money;
}
