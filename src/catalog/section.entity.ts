import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('sections')
export class SectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'course_id' })
  courseId: string;

  @Column('text')
  title: string;

  @Column('int')
  position: number;

  /** Drip: the section opens at this moment… */
  @Column('timestamptz', { name: 'release_at', nullable: true })
  releaseAt: Date | null;

  /** …or this many days after the learner's enrollment (never both). */
  @Column('int', { name: 'release_after_days', nullable: true })
  releaseAfterDays: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
