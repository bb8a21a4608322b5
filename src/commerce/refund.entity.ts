import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * REQUESTED → APPROVED → PROCESSING → SETTLED (refunded) | FAILED, or
 * REQUESTED → REJECTED. PROCESSING: the provider is being (or was) asked to
 * pay it back, by a durable job with retries and one idempotency key.
 */
export enum RefundStatus {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  PROCESSING = 'PROCESSING',
  REJECTED = 'REJECTED',
  SETTLED = 'SETTLED',
  FAILED = 'FAILED',
}

@Entity('refunds')
export class RefundEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'order_id' })
  orderId: string;

  @Column('uuid', { name: 'requested_by', nullable: true })
  requestedBy: string | null;

  @Column('int')
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  reason: string;

  @Column('text')
  status: RefundStatus;

  @Column('uuid', { name: 'resolved_by', nullable: true })
  resolvedBy: string | null;

  @Column('text', { name: 'resolution_note', nullable: true })
  resolutionNote: string | null;

  @Column('text', { name: 'provider_ref', nullable: true })
  providerRef: string | null;

  /** The key sent with every provider call for this refund (`refund:<id>`), so retries refund once. */
  @Column('text', { name: 'provider_idempotency_key', nullable: true })
  providerIdempotencyKey: string | null;

  @Column('int')
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  /** While PROCESSING: when a retry (or the watchdog of the attempt in flight) runs next. */
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('timestamptz', { name: 'failed_at', nullable: true })
  failedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'settled_at', nullable: true })
  settledAt: Date | null;
}
