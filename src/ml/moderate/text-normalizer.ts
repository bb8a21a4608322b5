/* eslint-disable no-irregular-whitespace, no-misleading-character-class -- this file's job is invisible and combining characters: its examples and classes name them on purpose */
/**
 * Undoes the usual tricks for slipping spam and abuse past a filter, so
 * "Ｆ.Ｒ.Ｅ.Ｅ  m0ney!!!", "fr​ee money" (zero-width space) and "free money"
 * produce the same characters. Order matters: width folding first (NFKC),
 * then emoji between letters, invisible characters, look-alike letters, leetspeak inside words,
 * separators between single letters, and finally long repeats.
 */

const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/gu;

/** Cyrillic and Greek letters that render like Latin ones. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
};
const HOMOGLYPH = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'gu');

/**
 * Only applied inside tokens that also contain a Latin letter ("100" and
 * "2024" stay numbers) and no run of three digits ("kaoyan2024" is a
 * handle), and symbols only before a letter or digit, so a
 * sentence-final "!" stays punctuation.
 */
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '+': 't',
};
const LEET_TOKEN = /[a-z0-9@$!|+]+/g;
const LEET_CHAR = /[01345789]|[@$!|+](?=[a-z0-9])/g;

/** Letters (any script) isolated by separators: "f r e e", "f.r.e.e", "加 微 信", "v-i-a-g-r-a". */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])[\p{L}\p{N}](?:[\s.\-_*·•,，。、|/\\~'"^+]+[\p{L}\p{N}](?![\p{L}\p{N}])){2,}/gu;
const SEPARATORS = /[\s.\-_*·•,，。、|/\\~'"^+]+/gu;
const SPACE_BETWEEN_HAN = /(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu;

/** Emoji squeezed between two letters or digits ("f🤬u🤬c🤬k", "傻🙂逼") act as separators. */
const EMOJI_BETWEEN = /(?<=[\p{L}\p{N}])[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F]+(?=[\p{L}\p{N}])/gu;

export function normalizeForModeration(text: string): string {
  let s = text.normalize('NFKC').toLowerCase();
  s = s.replace(EMOJI_BETWEEN, ' ');
  s = s.replace(INVISIBLE, '');
  s = s.replace(HOMOGLYPH, (c) => HOMOGLYPHS[c]);
  s = s.replace(SPACED_LETTERS, (run) => run.replace(SEPARATORS, ''));
  s = s.replace(SPACE_BETWEEN_HAN, '');
  // A run of three digits is a number (an id in a handle such as kaoyan2024), not leetspeak.
  s = s.replace(LEET_TOKEN, (token) => (/[a-z]/.test(token) && !/\d{3}/.test(token) ? token.replace(LEET_CHAR, (c) => LEET[c]) : token));
  // Digits are exempt: phone numbers and prices legitimately repeat them.
  s = s.replace(/(\D)\1{2,}/gu, '$1$1');
  return s.replace(/\s+/g, ' ').trim();
}
