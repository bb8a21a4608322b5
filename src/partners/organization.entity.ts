import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An enterprise customer with a pool of seats for a set of courses; a seat is one person. */
@Entity('organizations')
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** The reselling partner, when a partner sold the seats. */
  @Column('uuid', { name: 'partner_id', nullable: true })
  partnerId: string | null;

  @Column('int', { name: 'seats_total' })
  seatsTotal: number;

  @Column('int', { name: 'seats_used' })
  seatsUsed: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
