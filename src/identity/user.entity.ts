import { Column, CreateDateColumn, Entity, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ProfileEntity } from './profile.entity';

import { Role } from '../kernel/roles';

export { Role };

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text', { name: 'password_hash', nullable: true, select: false })
  passwordHash: string | null;

  @Column('text', { array: true })
  roles: Role[];

  /** Bumped to invalidate every token issued before (bans, password changes). */
  @Column('int', { name: 'token_version' })
  tokenVersion: number;

  @Column('timestamptz', { name: 'banned_at', nullable: true })
  bannedAt: Date | null;

  /** Null until the owner follows the verification link (accounts from before verification existed count as verified). */
  @Column('timestamptz', { name: 'email_verified_at', nullable: true })
  emailVerifiedAt: Date | null;

  /** Set by deleteAccount: the profile is anonymized and the account can no longer sign in; ledger and audit rows stay. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @OneToOne('ProfileEntity', 'user')
  profile?: ProfileEntity;
}
