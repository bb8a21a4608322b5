import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum BillingInterval {
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}

@Entity('membership_plans')
export class MembershipPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'creator_id' })
  creatorId: string;

  @Column('text')
  name: string;

  @Column('int', { name: 'price_amount' })
  priceAmount: number;

  @Column('char', { name: 'price_currency', length: 3 })
  priceCurrency: string;

  @Column('text', { name: 'billing_interval' })
  interval: BillingInterval;

  @Column('int', { name: 'trial_days' })
  trialDays: number;

  @Column('boolean')
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
