import { cjkCharacters, scriptTokens } from '../text/script-tokens';
import type { SparseVector } from './sparse-vector';

/**
 * The textbook baseline featurizer, as scikit-learn's TfidfVectorizer does it
 * by default: a fitted vocabulary of words (Latin words; single CJK
 * characters, since Chinese has no spaces), raw term counts × smoothed IDF
 * ln((1+N)/(1+df)) + 1, L2-normalised. No de-obfuscation. `maxN` 2 adds
 * adjacent pairs (word bigrams; CJK character bigrams), as
 * TfidfVectorizer(ngram_range=(1, 2)) does: the stronger reference.
 */
export class TfidfFeaturizer {
  private constructor(
    private readonly vocabulary: Map<string, number>,
    private readonly idf: Float64Array,
    private readonly maxN: number,
  ) {}

  static fit(texts: readonly string[], options: { maxN?: 1 | 2 } = {}): TfidfFeaturizer {
    const maxN = options.maxN ?? 1;
    const vocabulary = new Map<string, number>();
    const df: number[] = [];
    for (const text of texts) {
      for (const token of new Set(tokens(text, maxN))) {
        let id = vocabulary.get(token);
        if (id === undefined) {
          id = vocabulary.size;
          vocabulary.set(token, id);
          df.push(0);
        }
        df[id]++;
      }
    }
    const n = texts.length;
    return new TfidfFeaturizer(
      vocabulary,
      Float64Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1),
      maxN,
    );
  }

  get dimension(): number {
    return this.vocabulary.size;
  }

  featurize(text: string): SparseVector {
    const counts = new Map<number, number>();
    for (const token of tokens(text, this.maxN)) {
      const id = this.vocabulary.get(token);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const values = Float32Array.from(indices, (id) => counts.get(id)! * this.idf[id]);
    let norm = 0;
    for (const v of values) norm += v * v;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < values.length; k++) values[k] /= norm;
    return { indices, values };
  }
}

function tokens(text: string, maxN: number): string[] {
  const { words, cjkRuns } = scriptTokens(text);
  const characters = cjkCharacters(cjkRuns);
  const out = [...words, ...characters];
  if (maxN >= 2) {
    for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]} ${words[i + 1]}`);
    for (let i = 0; i + 1 < characters.length; i++) out.push(characters[i] + characters[i + 1]);
  }
  return out;
}
