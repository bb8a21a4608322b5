import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Minor units in a bigint column, read back as an exact string. */
const bigintColumn = (name: string) => Column('bigint', { name });

/**
 * A creator's monthly statement in one currency, issued once the month has
 * closed: a snapshot of what the ledger said about the month. Balances are
 * what Knowpay owes the creator (negative: the creator owes, e.g. after a
 * refund of money already paid out).
 */
@Entity('creator_statements')
export class CreatorStatementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'creator_id' })
  creatorId: string;

  @Column('char', { length: 3 })
  currency: string;

  /** "YYYY-MM-01" */
  @Column('date', { name: 'period_start' })
  periodStart: string;

  @bigintColumn('opening_balance') openingBalance: string;
  @bigintColumn('sales') sales: string;
  @bigintColumn('memberships') memberships: string;
  @bigintColumn('tips') tips: string;
  @bigintColumn('refunds') refunds: string;
  @bigintColumn('platform_fee') platformFee: string;
  @bigintColumn('partner_commissions') partnerCommissions: string;
  @bigintColumn('payouts') payouts: string;
  @bigintColumn('closing_balance') closingBalance: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One payout of a statement: a PAYOUT journal moved `amount` from the creator's payable to the payouts account. */
@Entity('creator_payouts')
export class CreatorPayoutEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'statement_id' })
  statementId: string;

  @Column('uuid', { name: 'creator_id' })
  creatorId: string;

  @bigintColumn('amount') amount: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column('uuid', { name: 'journal_id' })
  journalId: string;

  @Column('uuid', { name: 'paid_by', nullable: true })
  paidBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
