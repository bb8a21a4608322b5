import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OrderStatus } from './order.entity';

@Entity('tips')
export class TipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'from_user_id', nullable: true })
  fromUserId: string | null;

  @Column('uuid', { name: 'creator_id' })
  creatorId: string;

  @Column('uuid', { name: 'course_id', nullable: true })
  courseId: string | null;

  @Column('int')
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text', { nullable: true })
  message: string | null;

  /** Moderation state of the message: VISIBLE, PENDING_REVIEW (its sender only), REMOVED, AUTHOR_BANNED. */
  @Column('text', { name: 'message_visibility' })
  messageVisibility: string;

  @Column('text')
  status: OrderStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'paid_at', nullable: true })
  paidAt: Date | null;
}
