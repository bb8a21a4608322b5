import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum Visibility {
  VISIBLE = 'VISIBLE',
  PENDING_REVIEW = 'PENDING_REVIEW',
  REMOVED = 'REMOVED',
}

@Entity('reviews')
export class ReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'course_id' })
  courseId: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('smallint')
  stars: number;

  @Column('text', { nullable: true })
  body: string | null;

  @Column('text')
  visibility: Visibility;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
