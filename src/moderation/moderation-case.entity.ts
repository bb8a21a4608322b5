import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ContentKind, ModerationAction, ModerationStatus } from './moderation.types';

export interface StoredScore {
  label: string;
  score: number;
  modelVersion: string;
}

@Entity('moderation_cases')
export class ModerationCaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'content_kind' })
  contentKind: ContentKind;

  @Column('uuid', { name: 'content_id' })
  contentId: string;

  @Column('uuid', { name: 'author_id', nullable: true })
  authorId: string | null;

  @Column('text')
  excerpt: string;

  @Column('text')
  status: ModerationStatus;

  @Column('int')
  priority: number;

  /** Whether the content waits hidden (visible to its author only) for this case. */
  @Column('boolean')
  held: boolean;

  @Column('jsonb')
  scores: StoredScore[];

  @Column('int', { name: 'report_count' })
  reportCount: number;

  @Column('text', { array: true })
  reasons: string[];

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId: string | null;

  @Column('text', { nullable: true })
  resolution: ModerationAction | null;

  @Column('text', { name: 'resolution_note', nullable: true })
  resolutionNote: string | null;

  @Column('uuid', { name: 'resolved_by', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column('text', { name: 'appeal_message', nullable: true })
  appealMessage: string | null;

  @Column({ name: 'appealed_at', type: 'timestamptz', nullable: true })
  appealedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
