import { recordAudit } from '../audit/audit-log';
import { creatorById } from '../catalog/catalog.loaders';
import type { CreatorEntity } from '../catalog/creator.entity';
import { requireRole } from '../common/auth-checker';
import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { formatMoney } from '../common/money';
import type { Month } from '../common/month';
import { lockForTransaction } from '../db/advisory-lock';
import type { AppServices, DomainContext } from '../kernel/context';
import { Role } from '../kernel/roles';
import { inTransaction } from '../kernel/transaction';
import { availableBalance, statementFigures } from './creator-statement-figures';
import { CreatorPayoutEntity, CreatorStatementEntity } from './creator-statement.entity';
import { accounts, postJournal } from './ledger';

/** The creator themself or an admin. */
export function canSeeStatementsOf(ctx: DomainContext, creator: Pick<CreatorEntity, 'userId'>): boolean {
  return !!ctx.user && (ctx.user.id === creator.userId || ctx.user.roles.includes(Role.ADMIN));
}

export async function canSeeStatement(ctx: DomainContext, statement: Pick<CreatorStatementEntity, 'creatorId'>): Promise<boolean> {
  if (!ctx.user) return false;
  const creator = await ctx.loaders.get(creatorById).load(statement.creatorId);
  return !!creator && canSeeStatementsOf(ctx, creator);
}

/**
 * Issues every creator's statement for a closed month, from the ledger.
 * Idempotent: a statement that exists is kept as issued (the unique index
 * makes a second run, or two at once, insert nothing). Returns how many were
 * new. Run by the monthly job and by admins on demand.
 */
export async function issueStatements(services: Pick<AppServices, 'db'>, month: Month): Promise<number> {
  return inTransaction(services.db, async (tx) => {
    // One issuer per month at a time, so figures read and rows written agree.
    await lockForTransaction(tx.manager, `knowpay:statements:${month.label}`);
    const figures = await statementFigures(tx.manager, month);
    if (!figures.length) return 0;
    const rows: unknown[] = await tx.manager.query(
      `INSERT INTO creator_statements (creator_id, currency, period_start, opening_balance, sales, memberships, tips, refunds, platform_fee,
                                       partner_commissions, payouts, closing_balance)
       SELECT f."creatorId", f.currency, $1::date, f."openingBalance", f.sales, f.memberships, f.tips, f.refunds,
              f."platformFee", f."partnerCommissions", f.payouts, f."closingBalance"
         FROM json_to_recordset($2::json) AS f("creatorId" uuid, currency text, "openingBalance" bigint, sales bigint, memberships bigint, tips bigint,
              refunds bigint, "platformFee" bigint, "partnerCommissions" bigint, payouts bigint, "closingBalance" bigint)
       ON CONFLICT (creator_id, currency, period_start) DO NOTHING RETURNING id`,
      [month.start.toISOString().slice(0, 10), JSON.stringify(figures)],
    );
    return rows.length;
  });
}

export async function issueStatementsOnDemand(ctx: DomainContext, month: Month): Promise<number> {
  const admin = requireRole(ctx, Role.ADMIN);
  const issued = await issueStatements(ctx, month);
  await recordAudit(ctx.db.manager, { actorId: admin.id, action: 'statements.issue', subjectType: 'Month', subjectId: month.label, data: { issued } });
  return issued;
}

/**
 * Admins: pays a statement out (by bank transfer or another channel outside
 * Knowpay) and books it: a PAYOUT journal debits the creator's payable and
 * credits the payouts account. By default the statement's closing balance;
 * never more than that, nor more than the creator's payable holds now (a
 * refund after the month may have taken some of it back). One payout per
 * statement; paying a paid statement again returns its payout.
 */
export async function payStatement(ctx: DomainContext, statementGlobalId: string, amountInput: number | null): Promise<CreatorStatementEntity> {
  const admin = requireRole(ctx, Role.ADMIN);
  const statementId = idOfType(statementGlobalId, 'CreatorStatement');
  if (!statementId) throw notFound('No such statement.', ['statementId']);
  return inTransaction(ctx, async (tx) => {
    const [statement] = await tx.manager.getRepository(CreatorStatementEntity).find({ where: { id: statementId }, lock: { mode: 'pessimistic_write' } });
    if (!statement) throw notFound('No such statement.', ['statementId']);
    if (await tx.manager.getRepository(CreatorPayoutEntity).existsBy({ statementId })) return statement;
    const closing = BigInt(statement.closingBalance);
    const money = (amount: bigint) => formatMoney({ amount, currency: statement.currency });
    if (closing <= 0n) throw new UserFailure(ErrorCode.CONFLICT, `This statement closed at ${money(closing)}: there is nothing to pay out.`, ['statementId']);
    const amount = amountInput == null ? closing : BigInt(amountInput);
    if (amount <= 0n) throw invalidInput('A payout is a positive amount.', ['amount']);
    if (amount > closing)
      throw new UserFailure(ErrorCode.AMOUNT_EXCEEDS_BALANCE, `The statement closed at ${money(closing)}; a payout of ${money(amount)} is more than that.`, [
        'amount',
      ]);
    // Payouts of one creator run one at a time, so two cannot both spend the same balance.
    await lockForTransaction(tx.manager, `knowpay:payouts:${statement.creatorId}`);
    const available = await availableBalance(tx.manager, statement.creatorId, statement.currency);
    if (amount > available) {
      throw new UserFailure(
        ErrorCode.AMOUNT_EXCEEDS_BALANCE,
        `The creator's available balance is ${money(available)} (refunds since the statement took some back); pay at most that.`,
        ['amount'],
      );
    }
    const journalId = await postJournal(tx.manager, {
      kind: 'PAYOUT',
      currency: statement.currency,
      memo: `payout of statement ${statement.periodStart.slice(0, 7)} to creator ${statement.creatorId}`,
      postings: [
        { account: accounts.creatorPayable(statement.creatorId), amount: Number(amount), creatorId: statement.creatorId },
        { account: accounts.payouts(), amount: -Number(amount) },
      ],
    });
    await tx.manager.query('INSERT INTO creator_payouts (statement_id, creator_id, amount, currency, journal_id, paid_by) VALUES ($1, $2, $3, $4, $5, $6)', [
      statement.id,
      statement.creatorId,
      amount.toString(),
      statement.currency,
      journalId,
      admin.id,
    ]);
    await recordAudit(tx.manager, {
      actorId: admin.id,
      action: 'statement.pay',
      subjectType: 'CreatorStatement',
      subjectId: statement.id,
      data: { amount: amount.toString(), currency: statement.currency },
    });
    return statement;
  });
}
