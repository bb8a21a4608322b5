import { splitShare, type MoneyValue } from '../common/money';

/**
 * A partner's price for a course: the list price less the partner's
 * commission. The split is done in the money module, so wholesale +
 * commission is exactly the list price, to the fen.
 */
export function wholesaleSplit(list: MoneyValue, commissionBps: number): { wholesale: MoneyValue; commission: MoneyValue } {
  const { share, rest } = splitShare(list.amount, commissionBps);
  return { commission: { amount: share, currency: list.currency }, wholesale: { amount: rest, currency: list.currency } };
}
