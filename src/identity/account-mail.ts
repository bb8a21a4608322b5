import type { EntityManager } from 'typeorm';
import type { JobQueue } from '../jobs/job-queue';
import { mailLocale } from '../mail/mail-layout';
import { recordMail } from '../mail/mail-outbox';
import type { MailTemplate, MailTemplates } from '../mail/mail-templates';

/**
 * Mails a user in their language (their profile's locale), addressed by
 * their display name, through the outbox in the caller's transaction.
 * Deleted accounts get nothing. Every domain that writes to a user comes
 * through here (identity is below them all).
 */
export async function mailUser<K extends MailTemplate>(
  services: { jobs: JobQueue },
  manager: EntityManager,
  userId: string,
  template: K,
  data: Omit<MailTemplates[K], 'name'>,
  options: { to?: string; dedupeKey?: string } = {},
): Promise<string | null> {
  const [user]: Array<{ email: string; locale: string; display_name: string; deleted: boolean }> = await manager.query(
    `SELECT u.email, p.locale, p.display_name, u.deleted_at IS NOT NULL AS deleted FROM users u JOIN profiles p ON p.user_id = u.id WHERE u.id = $1`,
    [userId],
  );
  if (!user || user.deleted) return null;
  return recordMail(services.jobs, manager, {
    to: options.to ?? user.email,
    userId,
    locale: mailLocale(user.locale),
    template,
    data: { ...data, name: user.display_name } as MailTemplates[K],
    dedupeKey: options.dedupeKey,
  });
}

/** A link into the storefront (MAIL_LINK_BASE_URL) carrying a token. */
export function accountLink(config: { mail: { linkBaseUrl: string } }, path: string, token: string): string {
  return `${config.mail.linkBaseUrl}${path}?token=${encodeURIComponent(token)}`;
}
