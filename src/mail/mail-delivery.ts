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

/** How long one attempt holds a message: past the SMTP timeouts, so a sender that died does not block it for long. */
const LEASE_SECONDS = 120;

export async function deliverMail(services: JobServices, mailId: string): Promise<void> {
  const [[row]]: [MailRow[], number] = await services.db.query(
    `UPDATE mail_messages SET attempts = attempts + 1, leased_until = now() + make_interval(secs => $2)
      WHERE id = $1 AND status = 'PENDING' AND (leased_until IS NULL OR leased_until < now())
      RETURNING id, to_address, locale, template, data`,
    [mailId, LEASE_SECONDS],
  );
  if (!row) return; // sent already, withdrawn (the account was deleted), or another attempt holds it
  const locale = mailLocale(row.locale);
  const mail = writeMail(row.template, row.data, locale);
  const domain = services.config.mail.from.match(/@([^>\s]+)/)?.[1] ?? 'knowpay.local';
  try {
    const sent = await mailTransportFor(services.config.mail, services.logger).send({
      from: services.config.mail.from,
      to: row.to_address,
      ...mail,
      messageId: `<${row.id}@${domain}>`,
      language: locale === 'zh' ? 'zh-CN' : 'en',
    });
    await services.db.query(
      `UPDATE mail_messages SET status = 'SENT', sent_at = now(), message_id = $2, last_error = NULL, leased_until = NULL WHERE id = $1`,
      [row.id, sent.messageId],
    );
  } catch (error) {
    await services.db.query(`UPDATE mail_messages SET last_error = $2, leased_until = NULL WHERE id = $1`, [
      row.id,
      String((error as Error).message ?? error).slice(0, 500),
    ]);
    throw error;
  }
}

/** Messages whose send job gave up (its retries spent while the relay was away) are tried again; after this many attempts, an operator looks. */
const MAX_ATTEMPTS = 50;

/**
 * Every ten minutes: a message still pending an hour after it was written
 * gets a new send job (one per message at a time: the singleton key, and
 * the lease above).
 */
export const sweepMail = defineJob<object>({
  name: 'mail.sweep',
  schedule: '*/10 * * * *',
  async handle(_data, services) {
    const stuck: Array<{ id: string }> = await services.db.query(
      `SELECT id FROM mail_messages WHERE status = 'PENDING' AND created_at < now() - interval '1 hour' AND attempts < $1
         AND (leased_until IS NULL OR leased_until < now()) ORDER BY created_at LIMIT 500`,
      [MAX_ATTEMPTS],
    );
    for (const { id } of stuck) await services.jobs.enqueue(sendMail, { mailId: id }, { singletonKey: id });
  },
});
