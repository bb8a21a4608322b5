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
