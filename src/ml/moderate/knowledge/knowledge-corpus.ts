import { SeededRandom } from '../../seeded-random';
import { abuseLexicons } from '../abuse-lexicons';
import type { LabeledText } from '../moderation-classifier';
import { SEED_CORPUS } from '../seed-corpus';
import { ENGLISH_TEMPLATES } from './corpus-templates-en';
import { CHINESE_TEMPLATES } from './corpus-templates-zh';
import { spamAssassinTexts } from './spam-assassin-texts';
import { fillTemplate, type TemplateSet } from './template-filling';
import { disguiseSentence, disguiseWord } from './text-evasions';

/**
 * What the shipped audit model learns from before any moderator has decided
 * anything, labelled ok / spam / abuse:
 * - `seed`: the hand-written seed lines (seed-corpus-*.ts);
 * - `spamassassin`: the SpamAssassin public corpus (ham → ok, spam → spam);
 * - `templates-en` / `templates-zh`: sentence patterns filled from the
 *   lexicon packages and disguised with the usual evasions (weak labels: the
 *   label is the pattern's, not a person's).
 * Each example is assigned to train (70%), validation (15%) or test (15%) by
 * a hash of its group: a mail's id, a seed line, or a pattern's first slot
 * value. So held-out template texts use words no training text used in that
 * place, and no held-out text is ever trained on.
 */

export type CorpusSplit = 'train' | 'validation' | 'test';

export interface KnowledgeExample extends LabeledText {
  source: 'seed' | 'spamassassin' | 'templates-en' | 'templates-zh';
  split: CorpusSplit;
}

/** Texts generated per language and label. */
const GENERATED: Record<'en' | 'zh', Record<'ok' | 'spam' | 'abuse', number>> = {
  en: { ok: 3000, spam: 1500, abuse: 2500 },
  zh: { ok: 3000, spam: 2500, abuse: 2500 },
};

let cached: { seed: number; examples: KnowledgeExample[] } | undefined;

export function knowledgeCorpus(seed = 7): KnowledgeExample[] {
  if (cached?.seed === seed) return cached.examples;
  const examples: KnowledgeExample[] = [];
  const seen = new Set<string>();
  const add = (e: Omit<KnowledgeExample, 'split'>, group: string) => {
    if (seen.has(e.text)) return;
    seen.add(e.text);
    examples.push({ ...e, split: splitOf(`${e.source}:${group}`) });
  };
  for (const e of SEED_CORPUS) add({ ...e, source: 'seed' }, e.text);
  for (const mail of spamAssassinTexts()) add({ text: mail.text, label: mail.spam ? 'spam' : 'ok', source: 'spamassassin' }, mail.id);
  const lex = abuseLexicons();
  const negative = [...lex.valence].filter(([w, v]) => v <= -1 && v >= -3 && /^[a-z]{4,}$/.test(w) && !lex.english.has(w)).map(([w]) => w);
  const rng = new SeededRandom(seed);
  for (const [language, templates, lexicon] of [
    ['en', ENGLISH_TEMPLATES, [...lex.english]],
    ['zh', CHINESE_TEMPLATES, [...lex.chinese]],
  ] as const) {
    const slots = { ...templates.slots, lexicon, negative };
    const source = language === 'en' ? 'templates-en' : 'templates-zh';
    for (const label of ['ok', 'spam', 'abuse'] as const) {
      for (let i = 0; i < GENERATED[language][label]; i++) {
        const { text, key } = generated(templates, label, slots, rng);
        add({ text, label, source }, key);
      }
    }
  }
  cached = { seed, examples };
  return examples;
}

function generated(
  templates: TemplateSet,
  label: 'ok' | 'spam' | 'abuse',
  slots: Record<string, readonly string[]>,
  rng: SeededRandom,
): { text: string; key: string } {
  const pick = (from: readonly string[]) => fillTemplate(from[rng.int(from.length)], slots, rng);
  const filled = pick(templates[label]);
  let text = filled.text;
  if (label !== 'ok' && rng.next() < 0.5) text = disguiseWord(text, filled.key, rng);
  if (rng.next() < (label === 'ok' ? 0.05 : 0.15)) text = disguiseSentence(text, rng);
  // Real comments mix: praise before a pitch, an insult with a pitch, two sentences of a review.
  const mix = rng.next();
  if (label !== 'ok' && mix < 0.12) text = `${pick(templates.ok).text} ${text}`;
  else if (label === 'abuse' && mix < 0.2) text = `${text} ${pick(templates.spam).text}`;
  else if (label === 'ok' && mix < 0.15) text = `${text} ${pick(templates.ok).text}`;
  return { text, key: filled.key };
}

/** 70 / 15 / 15 by an FNV-1a hash of the group name: stable across runs and machines. */
export function splitOf(group: string): CorpusSplit {
  let h = 0x811c9dc5;
  for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 0x01000193);
  const u = (h >>> 0) / 2 ** 32;
  return u < 0.7 ? 'train' : u < 0.85 ? 'validation' : 'test';
}
