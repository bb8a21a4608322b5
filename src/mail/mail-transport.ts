import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../kernel/config';
import type { Logger } from '../kernel/logger';

/**
 * Where finished messages go: an SMTP server (SMTP_URL, or SMTP_HOST/PORT/
 * USER/PASS), or, with none configured, .eml files in MAIL_DIR (each path
 * logged) so development shows what would have been sent.
 */
export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per outbox row: a retry after a lost acknowledgement carries the same Message-ID, so clients can fold it. */
  messageId: string;
  language: string;
}

export interface MailTransport {
  send(message: OutgoingMessage): Promise<{ messageId: string; path?: string }>;
  close(): void;
}

const transports = new WeakMap<Config['mail'], MailTransport>();

/** One transport per configuration (an SMTP connection pool), made on first use. */
export function mailTransportFor(mail: Config['mail'], logger: Logger): MailTransport {
  let transport = transports.get(mail);
  if (!transport) {
    transport = mail.smtpUrl ? smtpTransport(mail.smtpUrl) : folderTransport(resolve(mail.dir), logger);
    transports.set(mail, transport);
  }
  return transport;
}

function headersOf(message: OutgoingMessage) {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    headers: { 'Content-Language': message.language },
  };
}

function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url, {
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as object);
  return {
    async send(message) {
      const info = await transporter.sendMail(headersOf(message));
      return { messageId: info.messageId ?? message.messageId };
    },
    close: () => transporter.close(),
  };
}

function folderTransport(dir: string, logger: Logger): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transporter.sendMail(headersOf(message));
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${message.messageId.replace(/[^A-Za-z0-9-]/g, '')}.eml`);
      await writeFile(path, info.message as Buffer);
      logger.info(`mail to ${message.to} ("${message.subject}") written to ${path} (no SMTP configured)`);
      return { messageId: message.messageId, path };
    },
    close: () => undefined,
  };
}
