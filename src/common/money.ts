import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { UserFailure, ErrorCode, GraphQLErrorCode } from './errors';

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
    throw new UserFailure(ErrorCode.INVALID_INPUT, `Unsupported currency "${input.currency}"; use one of ${SUPPORTED_CURRENCIES.join(', ')}.`, [
      ...field,
      'currency',
    ]);
  }
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > MAX_AMOUNT) {
    throw new UserFailure(ErrorCode.INVALID_INPUT, `Amount must be a whole number of minor units between 1 and ${MAX_AMOUNT}.`, [...field, 'amount']);
  }
  return { amount: input.amount, currency };
}

/** One formatter per currency and locale: building an Intl.NumberFormat costs far more than formatting (a catalog page formats dozens of prices). */
const formatters = new Map<string, Intl.NumberFormat>();

function formatterOf(currency: string, locale: string, exponent: number): Intl.NumberFormat {
  const key = `${currency} ${locale}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exponent });
    // Currency codes and locales come from stored rows and validated input; the bound only guards against a flood of odd ones.
    if (formatters.size < 500) formatters.set(key, format);
  }
  return format;
}

/**
 * Formats exactly, from the integer minor units (Intl formats a decimal string without going through a float);
 * in the currency's home locale, or in `locale` (a reader's language, e.g. zh-CN for mail).
 */
export function formatMoney(money: { amount: number | bigint; currency: string }, locale?: string): string {
  // Prices repeat (a catalog page shows the same few dozen): formatted once per amount, currency and locale.
  const key = `${money.amount} ${money.currency} ${locale ?? ''}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = formatExactly(money, locale);
    if (formatted.size >= 10_000) formatted.delete(formatted.keys().next().value as string);
    formatted.set(key, text);
  }
  return text;
}

const formatted = new Map<string, string>();

function formatExactly(money: { amount: number | bigint; currency: string }, locale?: string): string {
  const info = CURRENCIES[money.currency] ?? { exponent: 2, locale: 'en-US' };
  const units = BigInt(money.amount);
  const digits = (units < 0n ? -units : units).toString().padStart(info.exponent + 1, '0');
  const major = `${units < 0n ? '-' : ''}${digits.slice(0, digits.length - info.exponent)}${info.exponent ? `.${digits.slice(-info.exponent)}` : ''}`;
  return (formatterOf(money.currency, locale ?? info.locale, info.exponent).format as unknown as (value: string) => string)(major);
}

const INT32_MAX = 2_147_483_647n;
const INT32_MIN = -2_147_483_648n;

/**
 * Amounts in minor units as a string of decimal digits (optionally signed),
 * exact at any size: GraphQL's Int is 32-bit, so sums (creator statements,
 * dashboards, organization totals) can outgrow `Money.amount`. Clients read
 * `Money.exactAmount` (e.g. "2147483648") and parse it with BigInt or a
 * decimal library.
 */
export const MinorUnitsScalar = new GraphQLScalarType({
  name: 'MinorUnits',
  description:
    'An integer amount in minor units, as a string of decimal digits with an optional leading "-", exact at any size (e.g. "2147483648" fen). Parse it with BigInt or a decimal type, never a float.',
  serialize(value) {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
    throw new GraphQLError(`MinorUnits cannot represent ${String(value)}`);
  },
  parseValue(value) {
    if (typeof value === 'string' && /^-?\d{1,30}$/.test(value)) return BigInt(value);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
    throw new GraphQLError('MinorUnits is a string of decimal digits, e.g. "2147483648".');
  },
  parseLiteral(ast) {
    if ((ast.kind === Kind.STRING || ast.kind === Kind.INT) && /^-?\d{1,30}$/.test(ast.value)) return BigInt(ast.value);
    throw new GraphQLError('MinorUnits is a string of decimal digits, e.g. "2147483648".');
  },
});

@ObjectType({ description: 'Integer minor units plus an ISO 4217 currency; never floats.', simpleResolvers: true })
export class Money {
  /** The amount as a number, for code (exact up to 2^53); `minorUnits` is exact at any size. */
  amount: number;

  minorUnits: bigint;

  @Field({ description: 'ISO 4217 code, e.g. CNY, USD.' })
  currency: string;

  @Field(() => Int, {
    name: 'amount',
    simple: false,
    description:
      "Integer amount in the currency's minor unit (e.g. cents, fen). 32-bit: a larger amount (only sums get there) is an AMOUNT_OUT_OF_RANGE error on this field; read exactAmount instead.",
  })
  get int32Amount(): number {
    if (this.minorUnits > INT32_MAX || this.minorUnits < INT32_MIN) {
      throw new GraphQLError(`${formatMoney(this)} is beyond GraphQL's 32-bit Int; select exactAmount (MinorUnits, a string) for amounts this large.`, {
        extensions: { code: GraphQLErrorCode.AMOUNT_OUT_OF_RANGE, exactAmount: this.minorUnits.toString() },
      });
    }
    return this.amount;
  }

  @Field(() => MinorUnitsScalar, {
    description: 'The same amount in minor units, exact at any size, as a string of digits (e.g. "2147483648"). Use it for sums.',
  })
  get exactAmount(): bigint {
    return this.minorUnits;
  }

  @Field({ description: 'Human-readable, locale-formatted amount, e.g. ¥99.00.' })
  get formatted(): string {
    return formatMoney({ amount: this.minorUnits, currency: this.currency });
  }

  /** `amount` may be a sum read from PostgreSQL (a string or a bigint): it stays exact in `minorUnits`. */
  static of(value: { amount: number | bigint | string; currency: string }): Money {
    const minorUnits = BigInt(value.amount);
    return Object.assign(new Money(), { amount: Number(minorUnits), minorUnits, currency: value.currency });
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
    throw new UserFailure(
      ErrorCode.INVALID_INPUT,
      `Amount must be between ${formatMoney({ amount: min, currency: money.currency })} and ${formatMoney({ amount: max, currency: money.currency })}.`,
      [...field, 'amount'],
    );
  }
  return money;
}
