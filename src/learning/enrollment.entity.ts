import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum EnrollmentSource {
  FREE = 'FREE',
  PURCHASE = 'PURCHASE',
  MEMBERSHIP = 'MEMBERSHIP',
  SEAT = 'SEAT',
  PARTNER = 'PARTNER',
  GRANT = 'GRANT',
}

@Entity('enrollments')
export class EnrollmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('uuid', { name: 'course_id' })
  courseId: string;

  @Column('text')
  source: EnrollmentSource;

  @Column('int', { name: 'completed_lesson_count' })
  completedLessonCount: number;

  @Column('uuid', { name: 'last_lesson_id', nullable: true })
  lastLessonId: string | null;

  @Column('int', { name: 'last_position_seconds' })
  lastPositionSeconds: number;

  /** The client time of the newest progress event; resume (last lesson) only follows newer events. */
  @Column('timestamptz', { name: 'last_progress_at', nullable: true })
  lastProgressAt: Date | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt: Date | null;

  @Column('timestamptz', { name: 'enrolled_at' })
  enrolledAt: Date;
}
