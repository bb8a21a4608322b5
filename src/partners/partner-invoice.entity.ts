import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

const bigintColumn = (name: string) => Column('bigint', { name });

/**
 * A partner's monthly invoice in one currency, issued once the month has
 * closed: what its receivable (money Knowpay is owed for the partner's sales
 * and seat packs) did in the month. `amountDue` is the receivable at the end
 * of the month, so it includes any balance carried over unpaid.
 */
@Entity('partner_invoices')
export class PartnerInvoiceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId: string;

  @Column('text')
  number: string;

  @Column('char', { length: 3 })
  currency: string;

  /** "YYYY-MM-01" */
  @Column('date', { name: 'period_start' })
  periodStart: string;

  @bigintColumn('previous_balance') previousBalance: string;
  @bigintColumn('partner_sales') partnerSales: string;
  @bigintColumn('seat_packs') seatPacks: string;
  @bigintColumn('refunds') refunds: string;
  @bigintColumn('payments_received') paymentsReceived: string;
  @bigintColumn('amount_due') amountDue: string;

  /** "YYYY-MM-DD" */
  @Column('date', { name: 'due_date' })
  dueDate: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A payment a partner made against an invoice, booked as an INVOICE_PAYMENT journal (bank account debited, receivable credited). */
@Entity('partner_invoice_payments')
export class PartnerInvoicePaymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'invoice_id' })
  invoiceId: string;

  /** The bank's or payer's reference; recording the same reference twice records one payment. */
  @Column('text')
  reference: string;

  @bigintColumn('amount') amount: string;

  @Column('uuid', { name: 'journal_id' })
  journalId: string;

  @Column('uuid', { name: 'recorded_by', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
