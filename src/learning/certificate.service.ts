import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../kernel/config';
import { CertificateEntity } from './certificate.entity';

/** 24 random bytes = 192 bits, 32 URL-safe characters. */
const CODE_BYTES = 24;
const CODE_SHAPE = /^[A-Za-z0-9_-]{22,64}$/;

export function newCertificateCode(): string {
  return randomBytes(CODE_BYTES).toString('base64url');
}

/** Issues the enrollment's certificate inside the caller's transaction; a second call keeps the first one. */
export async function issueCertificate(manager: EntityManager, enrollment: { id: string; userId: string; courseId: string }): Promise<void> {
  await manager.query(`INSERT INTO certificates (enrollment_id, user_id, course_id, code) VALUES ($1, $2, $3, $4) ON CONFLICT (enrollment_id) DO NOTHING`, [
    enrollment.id,
    enrollment.userId,
    enrollment.courseId,
    newCertificateCode(),
  ]);
}

export function verifyUrlOf(config: Config, code: string): string {
  const base = config.publicUrl ?? `http://127.0.0.1:${config.port}`;
  return new URL(`/certificates/${encodeURIComponent(code)}`, base).toString();
}

/** The certificate with this code; null for anything that is not a code we issued. */
export async function certificateByCode(db: DataSource, code: string): Promise<CertificateEntity | null> {
  if (typeof code !== 'string' || !CODE_SHAPE.test(code)) return null;
  return db.getRepository(CertificateEntity).findOneBy({ code });
}
