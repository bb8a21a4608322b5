import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('certificates')
export class CertificateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'enrollment_id' })
  enrollmentId: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('uuid', { name: 'course_id' })
  courseId: string;

  /** Unguessable (192 random bits, base64url): knowing it is what lets anyone verify the certificate. */
  @Column('text')
  code: string;

  @Column('timestamptz', { name: 'issued_at' })
  issuedAt: Date;
}
