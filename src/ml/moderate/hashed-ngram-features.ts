import { scriptTokens } from '../text/script-tokens';
import { toPinyin } from './abuse-lexicons';
import { normalizeForModeration } from './text-normalizer';
import { textSignals } from './text-signals';
import { sublinearL2, type SparseVector } from './sparse-vector';

/**
 * Text → hashed sparse features for the moderation model:
 * - character n-grams (1–4 code points) of the de-obfuscated text, across
 *   scripts, which is what lets one model read Chinese (no word breaks) and
 *   misspelled English alike;
 * - word unigrams and bigrams of its Latin-script words, and of the toneless
 *   pinyin of its Chinese runs, so a homophone (煞笔 for 傻逼) and typed
 *   pinyin ("sha bi") share features with the characters they stand for;
 * - named signals (text-signals.ts: lexicon hits, contact handles, URLs,
 *   money promises …), each one feature of fixed weight `SIGNAL_VALUE`
 *   outside the L2 norm, so a long text does not dilute them.
 * Features are hashed (FNV-1a) into a fixed number of buckets, so the feature
 * space needs no vocabulary and never grows; sublinear TF + L2 norm.
 */

export interface HashedNgramConfig {
  /** Power of two. */
  buckets: number;
  minCharN: number;
  maxCharN: number;
  /** Word n-grams up to this length (0 disables them). */
  maxWordN: number;
  /** Pinyin word n-grams of Chinese runs (absent in models stored before it existed: off). */
  pinyin?: boolean;
  /** Named signals (absent in models stored before they existed: off). */
  signals?: boolean;
}

export const DEFAULT_NGRAM_CONFIG: HashedNgramConfig = { buckets: 1 << 18, minCharN: 1, maxCharN: 4, maxWordN: 2, pinyin: true, signals: true };

/** A signal's value beside the unit-norm n-gram part: about one strong n-gram's worth. */
const SIGNAL_VALUE = 0.5;
const SIGNAL_SALT = 0x27d4eb2d;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Word features hash from a different start, so "a" the word and "a" the character differ. */
const WORD_SALT = 0x5bd1e995;

export class HashedNgramFeaturizer {
  private readonly mask: number;

  constructor(readonly config: HashedNgramConfig = DEFAULT_NGRAM_CONFIG) {
    if (config.buckets <= 0 || (config.buckets & (config.buckets - 1)) !== 0) throw new RangeError(`buckets must be a power of two, got ${config.buckets}`);
    this.mask = config.buckets - 1;
  }

  featurize(text: string): SparseVector {
    const normalized = normalizeForModeration(text);
    const counts = new Map<number, number>();
    const bump = (bucket: number) => counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    this.charNgrams(normalized, bump);
    if (this.config.maxWordN > 0) {
      const { words, cjkRuns } = scriptTokens(normalized);
      this.wordNgrams(words, bump);
      if (this.config.pinyin) for (const run of cjkRuns) this.wordNgrams(toPinyin(run).split(' ').filter(Boolean), bump);
    }
    const ngrams = sublinearL2(counts);
    return this.config.signals
      ? withSignals(
          ngrams,
          textSignals(normalized, text).map((s) => this.signalBucket(s)),
        )
      : ngrams;
  }

  /** The bucket a named signal lands in (exposed for tests and explanations). */
  signalBucket(name: string): number {
    let h = SIGNAL_SALT;
    for (const c of name) h = fnvStep(h, c.codePointAt(0)!);
    return (Math.imul(h, FNV_PRIME) >>> 0) & this.mask;
  }

  private charNgrams(text: string, bump: (bucket: number) => void): void {
    const points = Array.from(` ${text} `, (c) => c.codePointAt(0)!);
    const { minCharN, maxCharN } = this.config;
    for (let start = 0; start < points.length; start++) {
      let h = FNV_OFFSET;
      for (let n = 1; n <= maxCharN && start + n <= points.length; n++) {
        h = fnvStep(h, points[start + n - 1]);
        // A lone space says nothing; the same gram at different lengths must not collide.
        if (n >= minCharN && !(n === 1 && points[start] === 32)) bump((Math.imul(h ^ n, FNV_PRIME) >>> 0) & this.mask);
      }
    }
  }

  private wordNgrams(words: readonly string[], bump: (bucket: number) => void): void {
    for (let start = 0; start < words.length; start++) {
      let h = WORD_SALT;
      for (let n = 1; n <= this.config.maxWordN && start + n <= words.length; n++) {
        if (n > 1) h = fnvStep(h, 32);
        for (const c of words[start + n - 1]) h = fnvStep(h, c.codePointAt(0)!);
        bump((Math.imul(h ^ (n << 8), FNV_PRIME) >>> 0) & this.mask);
      }
    }
  }
}

function fnvStep(h: number, codePoint: number): number {
  // Code points above 0xFF feed their bytes one at a time, as FNV-1a over UTF-32 would.
  let x = h;
  for (let v = codePoint; ; v >>>= 8) {
    x = Math.imul(x ^ (v & 0xff), FNV_PRIME);
    if (v <= 0xff) break;
  }
  return x;
}

/** Adds signal buckets (value SIGNAL_VALUE each) to a sorted sparse vector. */
function withSignals(v: SparseVector, buckets: readonly number[]): SparseVector {
  if (buckets.length === 0) return v;
  const merged = new Map<number, number>();
  v.indices.forEach((index, k) => merged.set(index, v.values[k]));
  for (const b of buckets) merged.set(b, (merged.get(b) ?? 0) + SIGNAL_VALUE);
  const indices = Int32Array.from([...merged.keys()].sort((a, b) => a - b));
  return { indices, values: Float32Array.from(indices, (index) => merged.get(index)!) };
}
