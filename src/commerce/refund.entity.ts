import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum RefundStatus {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  SETTLED = 'SETTLED',
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'settled_at', nullable: true })
  settledAt: Date | null;
}
