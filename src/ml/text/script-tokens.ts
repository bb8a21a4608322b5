/**
 * Splits text into Latin-script words and runs of CJK ideographs (plus kana
 * and hangul), after NFKC folding (full-width → ASCII) and lowercasing.
 * Chinese has no spaces, so callers decide how to cut CJK runs (characters,
 * bigrams); Latin text is cut at anything that is not a letter or digit.
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const SEGMENT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export interface ScriptTokens {
  words: string[];
  cjkRuns: string[];
}

export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function scriptTokens(text: string): ScriptTokens {
  const words: string[] = [];
  const cjkRuns: string[] = [];
  for (const match of foldText(text).matchAll(SEGMENT)) {
    const token = match[0];
    if (CJK.test(token[0])) cjkRuns.push(token);
    else words.push(token);
  }
  return { words, cjkRuns };
}

/** Characters of CJK runs, one token each. */
export function cjkCharacters(runs: readonly string[]): string[] {
  return runs.flatMap((run) => Array.from(run));
}

/** Overlapping character pairs of each run; a one-character run stays whole. */
export function cjkBigrams(runs: readonly string[]): string[] {
  const out: string[] = [];
  for (const run of runs) {
    const chars = Array.from(run);
    if (chars.length === 1) out.push(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}
