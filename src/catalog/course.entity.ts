import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum CourseStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
  SUSPENDED = 'SUSPENDED',
}

@Entity('courses')
export class CourseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  slug: string;

  @Column('uuid', { name: 'creator_id' })
  creatorId: string;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  subtitle: string | null;

  @Column('text')
  description: string;

  @Column('text', { name: 'cover_url', nullable: true })
  coverUrl: string | null;

  @Column('text')
  language: string;

  @Column('text', { array: true })
  tags: string[];

  @Column('text')
  status: CourseStatus;

  /** Null amount and currency together: the course is free. */
  @Column('int', { name: 'price_amount', nullable: true })
  priceAmount: number | null;

  @Column('char', { name: 'price_currency', length: 3, nullable: true })
  priceCurrency: string | null;

  /** Creator-set bounds for pricing suggestions, in priceCurrency. */
  @Column('int', { name: 'price_floor', nullable: true })
  priceFloor: number | null;

  @Column('int', { name: 'price_ceiling', nullable: true })
  priceCeiling: number | null;

  @Column('int', { name: 'rating_sum' })
  ratingSum: number;

  @Column('int', { name: 'rating_count' })
  ratingCount: number;

  @Column('int', { name: 'enrollment_count' })
  enrollmentCount: number;

  /** The certificate also needs every quiz passed (not only every lesson completed). */
  @Column('boolean', { name: 'certificate_requires_quiz_pass' })
  certificateRequiresQuizPass: boolean;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
