import { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on a free local port that keeps what it receives,
 * parsed (mailparser): the server under test sends to it through
 * nodemailer exactly as it would to a production relay (SMTP_URL).
 */
export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string | null;
  raw: ParsedMail;
}

export interface MailCatcher {
  /** The SMTP_URL to start the server under test with. */
  url: string;
  messages: CaughtMail[];
  /** Resolves with the first message (already there or arriving later) to `to` that passes `match`; rejects after `withinMs`. */
  next(to: string, match?: (mail: CaughtMail) => boolean, withinMs?: number): Promise<CaughtMail>;
  /** The next `count` messages are refused with a temporary failure (451), as a relay that is briefly away would. */
  refuseNext(count: number): void;
  stop(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      if (refusals > 0) {
        refusals -= 1;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then((parsed) => {
        const to = [parsed.to]
          .flat()
          .flatMap((a) => a?.value ?? [])
          .map((a) => a.address ?? '')
          .join(',');
        messages.push({
          to,
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          language: (parsed.headers.get('content-language') as string | undefined) ?? null,
          raw: parsed,
        });
        for (const wake of waiters) wake();
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    next(to, match = () => true, withinMs = 20_000) {
      const find = () => messages.find((m) => m.to.toLowerCase() === to.toLowerCase() && match(m));
      return new Promise((resolve, reject) => {
        const found = find();
        if (found) return resolve(found);
        const wake = () => {
          const arrived = find();
          if (!arrived) return;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(arrived);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no mail to ${to} arrived in ${withinMs} ms; got: ${messages.map((m) => `${m.to} "${m.subject}"`).join('; ') || 'nothing'}`));
        }, withinMs);
        waiters.add(wake);
      });
    },
    refuseNext(count) {
      refusals = count;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token of the first link in a message's plain-text part whose path is `path` (e.g. /account/reset-password). */
export function linkToken(mail: CaughtMail, path: string): string {
  const match = new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}\\?token=([A-Za-z0-9_%-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in the mail "${mail.subject}":\n${mail.text}`);
  return decodeURIComponent(match[1]);
}

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token viewer { user { id } } errors { code message } } }`;
const VERIFY = `mutation($token: String!) { verifyEmail(token: $token) { ok errors { code message } } }`;
let counter = 0;

/**
 * Signs up through the API on a server that verifies addresses (EMAIL_AUTO_VERIFY off), reads the verification
 * mail that arrived at `mail` and follows its link, as the owner would; `verify: false` leaves the account unverified.
 */
export async function signUpByMail(
  t: { gql: (query: string, variables?: Record<string, unknown>, token?: string | null) => Promise<{ data?: any }> },
  mail: MailCatcher,
  name: string,
  options: { locale?: 'en' | 'zh'; verify?: boolean } = {},
): Promise<{ token: string; email: string; userId: string }> {
  counter += 1;
  const email = `${name.toLowerCase().replace(/[^a-z]/g, '')}${counter}-${process.pid}@example.com`;
  const res = await t.gql(SIGN_UP, { input: { email, password: 'correct horse battery', displayName: `${name} ${counter}`, locale: options.locale } });
  if (!res.data?.signUp?.token) throw new Error(`signUp failed: ${JSON.stringify(res)}`);
  if (options.verify !== false) {
    const verification = await mail.next(email, (m) => m.text.includes('/account/verify-email?token='));
    const verified = await t.gql(VERIFY, { token: linkToken(verification, '/account/verify-email') });
    if (!verified.data?.verifyEmail?.ok) throw new Error(`verifyEmail failed: ${JSON.stringify(verified)}`);
  }
  return { token: res.data.signUp.token, email, userId: res.data.signUp.viewer.user.id };
}
