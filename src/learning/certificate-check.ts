import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { certificateByCode } from './certificate.service';
import { sendJson } from '../common/http-body';

/**
 * GET /certificates/<code>, the page a certificate's verifyUrl points at:
 * JSON saying whether the code is genuine, and if so whose and for what.
 * (`verifyCertificate(code)` answers the same over GraphQL.)
 */
export async function serveCertificateCheck(db: DataSource, rawCode: string, res: ServerResponse): Promise<void> {
  let code = rawCode;
  try {
    code = decodeURIComponent(rawCode);
  } catch {
    // a malformed escape is simply not a code we issued
  }
  const certificate = await certificateByCode(db, code);
  const [details]: Array<{ holderName: string | null; courseTitle: string }> = certificate
    ? await db.query(
        `SELECT (SELECT display_name FROM profiles WHERE user_id = $1) AS "holderName", (SELECT title FROM courses WHERE id = $2) AS "courseTitle"`,
        [certificate.userId, certificate.courseId],
      )
    : [];
  sendJson(
    res,
    certificate ? 200 : 404,
    certificate
      ? { valid: true, holderName: details.holderName ?? '', courseTitle: details.courseTitle, issuedAt: certificate.issuedAt }
      : { valid: false, error: 'No certificate has this code.' },
    { 'cache-control': 'no-store' },
  );
}
