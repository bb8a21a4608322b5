import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One recorded decision or admin action. Rows are never updated or deleted (a database trigger refuses). */
@Entity('audit_entries')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text')
  action: string;

  /** The GraphQL type of the subject (Course, Refund, User, ModerationCase, …). */
  @Column('text', { name: 'subject_type' })
  subjectType: string;

  /** The subject's raw id. */
  @Column('text', { name: 'subject_id' })
  subjectId: string;

  @Column('jsonb', { nullable: true })
  data: Record<string, unknown> | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;
}
