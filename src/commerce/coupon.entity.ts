import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum CouponKind {
  PERCENT = 'PERCENT',
  FIXED = 'FIXED',
}

@Entity('coupons')
export class CouponEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'creator_id' })
  creatorId: string;

  @Column('text')
  code: string;

  @Column('text')
  kind: CouponKind;

  /** Percent 1..100 for PERCENT, minor units of `currency` for FIXED. */
  @Column('int')
  value: number;

  @Column('char', { length: 3, nullable: true })
  currency: string | null;

  @Column('int', { name: 'max_redemptions', nullable: true })
  maxRedemptions: number | null;

  @Column('int')
  redemptions: number;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
