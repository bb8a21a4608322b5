import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { UserEntity } from './user.entity';

export interface StoredPalette {
  primary: string;
  secondary: string;
  accent: string;
  background: string;
  text: string;
  contrastRatio: number;
  wcagLevel: string;
}

@Entity('profiles')
export class ProfileEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @OneToOne('UserEntity', 'profile')
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column('text')
  handle: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text', { nullable: true })
  bio: string | null;

  /** Moderation state of the bio: VISIBLE, PENDING_REVIEW (its author only), REMOVED, AUTHOR_BANNED. */
  @Column('text', { name: 'bio_visibility' })
  bioVisibility: string;

  @Column('text', { name: 'avatar_url', nullable: true })
  avatarUrl: string | null;

  @Column('text', { array: true })
  interests: string[];

  /** The language mail is written in: en or zh. */
  @Column('text')
  locale: string;

  @Column('jsonb', { nullable: true })
  palette: StoredPalette | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
