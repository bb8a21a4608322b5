import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A platform that resells Knowpay courses and keeps a commission on each sale. */
@Entity('partners')
export class PartnerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** The partner's share of list price in basis points (1500 = 15%). */
  @Column('int', { name: 'commission_bps' })
  commissionBps: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
