import type { EntityManager } from 'typeorm';
import type { JobQueue } from '../jobs/job-queue';
import type { MailLocale } from './mail-layout';
import type { MailTemplate, MailTemplates } from './mail-templates';
import { sendMail } from './mail-delivery';

/**
 * The transactional outbox for mail: whatever a message announces (a
 * sign-up, a payment, a refund) records it here with the same transaction's
 * manager, together with its durable send job; both exist exactly when the
 * change commits. Nothing is sent inside a request or a transaction.
 */
export interface MailToSend<K extends MailTemplate> {
  to: string;
  userId: string | null;
  locale: MailLocale;
  template: K;
  data: MailTemplates[K];
  /** One message per key, ever (e.g. `receipt:<order id>`): an event handled twice mails once. */
  dedupeKey?: string;
}

export async function recordMail<K extends MailTemplate>(jobs: JobQueue, manager: EntityManager, mail: MailToSend<K>): Promise<string | null> {
  const rows: Array<{ id: string }> = await manager.query(
    `INSERT INTO mail_messages (user_id, to_address, locale, template, data, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [mail.userId, mail.to, mail.locale, mail.template, JSON.stringify(mail.data), mail.dedupeKey ?? null],
  );
  if (!rows.length) return null;
  await jobs.enqueue(sendMail, { mailId: rows[0].id }, { manager, singletonKey: rows[0].id });
  return rows[0].id;
}
