import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A message in a course's chat room. The room is the course (one per course), so messages name the course. */
@Entity('chat_messages')
export class ChatMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Order of arrival across the whole table (bigint, as a string); history cursors name it. */
  @Column({ type: 'bigint', insert: false })
  seq: string;

  @Column('uuid', { name: 'course_id' })
  courseId: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  body: string;

  @Column('text')
  visibility: string;

  @Column('text', { name: 'client_message_id' })
  clientMessageId: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}

/** A course's chat room: it has no row of its own, and its id is the course's. */
export class ChatRoomRef {
  constructor(readonly id: string) {}

  get courseId(): string {
    return this.id;
  }
}
