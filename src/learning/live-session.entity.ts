import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The schedule of a LIVE lesson: when, for how long, where to join, how many seats. */
@Entity('live_sessions')
export class LiveSessionEntity {
  @PrimaryColumn('uuid', { name: 'lesson_id' })
  lessonId: string;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt: Date;

  @Column('int', { name: 'duration_minutes' })
  durationMinutes: number;

  /** IANA zone the creator scheduled in (e.g. Asia/Shanghai), for showing local times. */
  @Column('text', { name: 'time_zone' })
  timeZone: string;

  /** Revealed only to entitled learners holding a seat, from LIVE_JOIN_WINDOW_MINUTES before the start. */
  @Column('text', { name: 'join_url' })
  joinUrl: string;

  /** Null: no seat limit. */
  @Column('int', { nullable: true })
  capacity: number | null;

  @Column('text', { name: 'recording_url', nullable: true })
  recordingUrl: string | null;

  @Column('timestamptz', { name: 'reminder_sent_at', nullable: true })
  reminderSentAt: Date | null;
}
