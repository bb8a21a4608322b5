import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('comments')
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'course_id' })
  courseId: string;

  /** Set for comments on a lesson; null for comments on the course itself. */
  @Column('uuid', { name: 'lesson_id', nullable: true })
  lessonId: string | null;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  body: string;

  /** VISIBLE, PENDING_REVIEW (held: its author alone sees it) or REMOVED (stays in its thread, blanked). */
  @Column('text')
  visibility: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
