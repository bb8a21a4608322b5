import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum MembershipStatus {
  /** Created; the first payment has not settled yet. No access. */
  INCOMPLETE = 'INCOMPLETE',
  TRIALING = 'TRIALING',
  ACTIVE = 'ACTIVE',
  /** A renewal payment failed; retries run and access lasts through the grace period. */
  PAST_DUE = 'PAST_DUE',
  /** Ended by the learner (at the end of the period they paid for). */
  CANCELED = 'CANCELED',
  /** Ended because renewal payments kept failing. */
  EXPIRED = 'EXPIRED',
}

export const LIVE_MEMBERSHIP_STATUSES = [MembershipStatus.INCOMPLETE, MembershipStatus.TRIALING, MembershipStatus.ACTIVE, MembershipStatus.PAST_DUE];

@Entity('memberships')
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('uuid', { name: 'plan_id' })
  planId: string;

  @Column('text')
  status: MembershipStatus;

  @Column('timestamptz', { name: 'current_period_start' })
  currentPeriodStart: Date;

  @Column('timestamptz', { name: 'current_period_end' })
  currentPeriodEnd: Date;

  @Column('timestamptz', { name: 'trial_ends_at', nullable: true })
  trialEndsAt: Date | null;

  @Column('boolean', { name: 'cancel_at_period_end' })
  cancelAtPeriodEnd: boolean;

  @Column('timestamptz', { name: 'past_due_since', nullable: true })
  pastDueSince: Date | null;

  @Column('int', { name: 'renewal_attempts' })
  renewalAttempts: number;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
