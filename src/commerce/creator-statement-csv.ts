import { csvDocument } from '../common/csv';
import { toGlobalId } from '../common/global-id';
import { formatMoney } from '../common/money';
import type { CreatorStatementEntity } from './creator-statement.entity';

export const STATEMENT_LINES = [
  ['opening_balance', 'openingBalance'],
  ['sales', 'sales'],
  ['memberships', 'memberships'],
  ['tips', 'tips'],
  ['refunds', 'refunds'],
  ['platform_fee', 'platformFee'],
  ['partner_commissions', 'partnerCommissions'],
  ['payouts', 'payouts'],
  ['closing_balance', 'closingBalance'],
] as const;

/**
 * A statement as CSV, one line per figure: month, currency, line, the amount
 * in minor units (exact, for spreadsheets and accounting imports) and
 * formatted. Refunds, fees, commissions and payouts are listed as the
 * positive amounts they take off the balance.
 */
export function statementCsv(statement: CreatorStatementEntity): string {
  const creator = toGlobalId('Creator', statement.creatorId);
  const month = statement.periodStart.slice(0, 7);
  return csvDocument(
    ['month', 'creator', 'currency', 'line', 'amount_minor_units', 'amount'],
    STATEMENT_LINES.map(([line, key]) => [
      month,
      creator,
      statement.currency,
      line,
      statement[key],
      formatMoney({ amount: BigInt(statement[key]), currency: statement.currency }),
    ]),
  );
}
