import type { LabeledText } from './moderation-classifier';
import { ENGLISH_ABUSE, ENGLISH_OK, ENGLISH_SPAM } from './seed-corpus-en';
import { CHINESE_ABUSE, CHINESE_OK, CHINESE_SPAM } from './seed-corpus-zh';

/**
 * The labelled texts the server trains its first moderation model from, before
 * any moderator decisions exist: a few hundred English and Chinese lines
 * labelled ok, spam or abuse. Real decisions should replace it as they accrue.
 */
export const SEED_CORPUS: readonly LabeledText[] = [
  ...examples(ENGLISH_OK, 'ok'),
  ...examples(CHINESE_OK, 'ok'),
  ...examples(ENGLISH_SPAM, 'spam'),
  ...examples(CHINESE_SPAM, 'spam'),
  ...examples(ENGLISH_ABUSE, 'abuse'),
  ...examples(CHINESE_ABUSE, 'abuse'),
];

function examples(block: string, label: string): LabeledText[] {
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((text) => ({ text, label }));
}
