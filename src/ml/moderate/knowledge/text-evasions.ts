import { toPinyin, pinyinInitials } from '../abuse-lexicons';
import type { SeededRandom } from '../../seeded-random';

/**
 * The tricks people use to get abuse and spam past a filter, applied to
 * corpus sentences so the model sees them in training: leetspeak, spaced or
 * dotted letters, masks (f*ck), stretched letters, emoji between letters,
 * full-width forms, zero-width characters, shouting; in Chinese also typed
 * pinyin (sha bi), initials (sb) and homophones (煞笔 for 傻逼).
 */

type Evasion = (word: string, rng: SeededRandom) => string;

const EMOJI = ['🙂', '😂', '🤡', '💩', '👉', '🔥', '✨', '😡'];
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };

/** Common Chinese homophone and shorthand swaps (one spelling each way the lexicons cannot know). */
const HOMOPHONES: Record<string, string[]> = {
  傻逼: ['煞笔', '沙比', '傻B', '傻比', 'SB', '啥比'],
  白痴: ['白吃', '白池', 'bc'],
  垃圾: ['拉圾', '辣鸡', 'lj'],
  智障: ['制杖', 'zz', '智zhang'],
  脑残: ['脑c', '恼残'],
  废物: ['废w', '费物'],
  你妈: ['尼玛', '你m', 'nm'],
  微信: ['威信', '薇信', 'V信', '徽信', 'vx'],
  加微信: ['+V', '加V', '加vx', '+vx'],
  骗子: ['片子', 'pz'],
  滚: ['衮', 'gun'],
};

const spaced: Evasion = (w, rng) => [...w].join(rng.next() < 0.5 ? ' ' : rng.next() < 0.5 ? '.' : '-');
const emojiBetween: Evasion = (w, rng) => [...w].join(EMOJI[rng.int(EMOJI.length)]);
const fullWidth: Evasion = (w) => w.replace(/[!-~]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));
const zeroWidth: Evasion = (w) => [...w].join('\u200b');
const leet: Evasion = (w) => w.replace(/[aeiost]/g, (c) => LEET[c]);
const masked: Evasion = (w, rng) => (w.length < 4 ? w : w[0] + w.slice(1, -1).replace(/[aeiou]/g, () => (rng.next() < 0.5 ? '*' : '#')) + w.slice(-1));
const stretched: Evasion = (w) => w.replace(/([aeiou])/, '$1$1$1$1');
const shouted: Evasion = (w) => w.toUpperCase();

const LATIN_EVASIONS: Evasion[] = [spaced, emojiBetween, fullWidth, zeroWidth, leet, masked, stretched, shouted];
const HAN_EVASIONS: Evasion[] = [
  spaced,
  emojiBetween,
  zeroWidth,
  (w) => toPinyin(w),
  (w) => toPinyin(w).replace(/ /g, ''),
  (w) => pinyinInitials(w),
  homophone,
];

function homophone(word: string, rng: SeededRandom): string {
  for (const [from, to] of Object.entries(HOMOPHONES)) if (word.includes(from)) return word.replace(from, to[rng.int(to.length)]);
  return toPinyin(word);
}

/** `text` with `word` (one occurrence) disguised by a random trick; `text` unchanged when `word` is absent. */
export function disguiseWord(text: string, word: string, rng: SeededRandom): string {
  if (!word || !text.includes(word)) return text;
  const evasions = /\p{Script=Han}/u.test(word) ? HAN_EVASIONS : LATIN_EVASIONS;
  return text.replace(word, evasions[rng.int(evasions.length)](word, rng));
}

/** A disguise for a whole sentence: Han homophones everywhere, or shouting, or full-width digits. */
export function disguiseSentence(text: string, rng: SeededRandom): string {
  const pick = rng.int(3);
  if (pick === 0) {
    for (const [from, to] of Object.entries(HOMOPHONES)) if (text.includes(from)) return text.replace(from, to[rng.int(to.length)]);
    return text;
  }
  if (pick === 1) return text.toUpperCase();
  return text.replace(/\d/g, (d) => String.fromCodePoint(d.codePointAt(0)! + 0xfee0));
}
