import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum LessonKind {
  VIDEO = 'VIDEO',
  AUDIO = 'AUDIO',
  ARTICLE = 'ARTICLE',
  QUIZ = 'QUIZ',
  LIVE = 'LIVE',
}

@Entity('lessons')
export class LessonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'section_id' })
  sectionId: string;

  @Column('uuid', { name: 'course_id' })
  courseId: string;

  @Column('text')
  title: string;

  @Column('text')
  kind: LessonKind;

  @Column('int')
  position: number;

  @Column('int', { name: 'duration_seconds' })
  durationSeconds: number;

  @Column('boolean', { name: 'is_preview' })
  isPreview: boolean;

  @Column('text', { nullable: true })
  body: string | null;

  @Column('text', { name: 'media_url', nullable: true })
  mediaUrl: string | null;

  /** Set when moderation removed the lesson's content (its body and media are then not served). */
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  /** Archived lessons leave the outline and the course's counts; learners' progress on them stays. */
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
