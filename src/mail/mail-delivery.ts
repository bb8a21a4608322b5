import { defineJob, JobServices } from '../jobs/job-queue';
import { mailLocale } from './mail-layout';
import { MailTemplate, writeMail } from './mail-templates';
import { mailTransportFor } from './mail-transport';

/**
 * Sends one outbox row (src/mail/mail-outbox.ts) as a durable job: written
 * in the recipient's language at send time, retried by pg-boss with
 * exponential backoff when the server refuses or is away. At least once: a
 * crash between the server's acceptance and the row's update sends again,
 * with the same Message-ID.
 */
export const sendMail = defineJob<{ mailId: string }>({
  name: 'mail.send',
  retryLimit: 10,
  retryDelaySeconds: 15,
  retryBackoff: true,
  expireInSeconds: 120,
  batchSize: 5,
  handle: (data, services) => deliverMail(services, data.mailId),
});

interface MailRow {
  id: string;
  to_address: string;
  locale: string;
  template: MailTemplate;
  data: never;
}

export async function deliverMail(services: JobServices, mailId: string): Promise<void> {
  const [[row]]: [MailRow[], number] = await services.db.query(
    `UPDATE mail_messages SET attempts = attempts + 1 WHERE id = $1 AND status = 'PENDING' RETURNING id, to_address, locale, template, data`, [mailId]);
  if (!row) return; // sent already, or withdrawn (the account was deleted)
  const locale = mailLocale(row.locale);
  const mail = writeMail(row.template, row.data, locale);
  const domain = services.config.mail.from.match(/@([^>\s]+)/)?.[1] ?? 'knowpay.local';
  try {
    const sent = await mailTransportFor(services.config.mail, services.logger).send({
      from: services.config.mail.from, to: row.to_address, ...mail, messageId: `<${row.id}@${domain}>`, language: locale === 'zh' ? 'zh-CN' : 'en',
    });
    await services.db.query(`UPDATE mail_messages SET status = 'SENT', sent_at = now(), message_id = $2, last_error = NULL WHERE id = $1`, [row.id, sent.messageId]);
  } catch (error) {
    await services.db.query(`UPDATE mail_messages SET last_error = $2 WHERE id = $1`, [row.id, String((error as Error).message ?? error).slice(0, 500)]);
    throw error;
  }
}
