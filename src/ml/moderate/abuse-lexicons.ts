import { pinyin } from 'pinyin-pro';

/**
 * The word lists the audit model ships with, read from npm packages (see the
 * README's "Audit model knowledge" for sources and licences):
 * - English abuse: `badwords-list` (MIT) ∪ LDNOOBW English from
 *   `naughty-words` (CC-BY-4.0);
 * - Chinese abuse: LDNOOBW Chinese from `naughty-words` (simplified) ∪
 *   `bad-words-chinese` (MIT, traditional, Taiwanese usage);
 * - English valence: AFINN-165 from `sentiment` (MIT), −5..+5 per word.
 *
 * `@2toad/profanity`'s Chinese list is machine-translated from English
 * (皮肤, 中国, 测试, 爱 …) and would flag ordinary text, so it is not used.
 *
 * Single Han characters (奶, 乳, 屎) and very short Latin entries are dropped
 * from the matching sets: inside ordinary words (牛奶, "ass" in "class") they
 * are noise. Chinese entries are also kept as toneless pinyin ("shabi") and,
 * for 3+ characters, their initials ("nmsl"), which is how they are typed to
 * dodge filters.
 */

export interface AbuseLexicons {
  english: ReadonlySet<string>;
  chinese: ReadonlySet<string>;
  /** Toneless pinyin of the Chinese entries, syllables joined ("shabi"). */
  chinesePinyin: ReadonlySet<string>;
  /** Initials of Chinese entries with 3+ characters ("nmsl", "tmd"). */
  chineseInitials: ReadonlySet<string>;
  /** AFINN valence per English word. */
  valence: ReadonlyMap<string, number>;
  /** Longest Chinese entry, in characters. */
  longestChinese: number;
}

let loaded: AbuseLexicons | undefined;

export function abuseLexicons(): AbuseLexicons {
  loaded ??= load();
  return loaded;
}

// The word lists are JSON inside packages without exports maps; require() loads them only when the model first trains.
/* eslint-disable @typescript-eslint/no-require-imports */
function load(): AbuseLexicons {
  const english = new Set<string>();
  for (const word of [...(require('badwords-list') as { array: string[] }).array, ...(require('naughty-words/en.json') as string[])]) {
    const w = word.normalize('NFKC').toLowerCase().trim();
    if (w.length >= 3 && /^[a-z][a-z' -]*[a-z]$/.test(w)) english.add(w);
  }
  const chinese = new Set<string>();
  const rawChinese = [
    ...(require('naughty-words/zh.json') as string[]),
    ...(require('bad-words-chinese/libs/badWordsChinese.json') as { words: string[] }).words,
  ];
  for (const word of rawChinese) {
    const w = word.normalize('NFKC').trim();
    if (/^\p{Script=Han}{2,}$/u.test(w)) chinese.add(w);
  }
  const chinesePinyin = new Set<string>();
  const chineseInitials = new Set<string>();
  for (const w of chinese) {
    chinesePinyin.add(toPinyin(w).replace(/ /g, ''));
    if ([...w].length >= 3) chineseInitials.add(pinyinInitials(w));
  }
  const afinn = require('sentiment/languages/en/labels.json') as Record<string, number>;
  return {
    english,
    chinese,
    chinesePinyin,
    chineseInitials,
    valence: new Map(Object.entries(afinn)),
    longestChinese: Math.max(...[...chinese].map((w) => [...w].length)),
  };
}

/** Toneless pinyin, one syllable per Han character, space-separated; other characters pass through. */
export function toPinyin(text: string): string {
  return pinyin(text, { toneType: 'none', type: 'string', v: true, nonZh: 'consecutive' }).toLowerCase();
}

export function pinyinInitials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
}
