import { scriptTokens } from '../text/script-tokens';
import { normalizeForModeration } from './text-normalizer';
import { sublinearL2, type SparseVector } from './sparse-vector';

/**
 * Text → hashed sparse features for the moderation model:
 * - character n-grams (1–4 code points) of the de-obfuscated text, across
 *   scripts, which is what lets one model read Chinese (no word breaks) and
 *   misspelled English alike;
 * - word unigrams and bigrams of its Latin-script words.
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
}

export const DEFAULT_NGRAM_CONFIG: HashedNgramConfig = { buckets: 1 << 18, minCharN: 1, maxCharN: 4, maxWordN: 2 };

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
    if (this.config.maxWordN > 0) this.wordNgrams(normalized, bump);
    return sublinearL2(counts);
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

  private wordNgrams(text: string, bump: (bucket: number) => void): void {
    const words = scriptTokens(text).words;
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
