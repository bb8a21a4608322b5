import { cjkCharacters, scriptTokens } from '../text/script-tokens';
import type { SparseVector } from './sparse-vector';

/**
 * The textbook baseline featurizer, as scikit-learn's TfidfVectorizer does it
 * by default: a fitted vocabulary of words (Latin words; single CJK
 * characters, since Chinese has no spaces), raw term counts × smoothed IDF
 * ln((1+N)/(1+df)) + 1, L2-normalised. No de-obfuscation, no n-grams: that
 * is what the moderation model has to beat.
 */
export class TfidfFeaturizer {
  private constructor(
    private readonly vocabulary: Map<string, number>,
    private readonly idf: Float64Array,
  ) {}

  static fit(texts: readonly string[]): TfidfFeaturizer {
    const vocabulary = new Map<string, number>();
    const df: number[] = [];
    for (const text of texts) {
      for (const token of new Set(tokens(text))) {
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
    return new TfidfFeaturizer(vocabulary, Float64Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1));
  }

  get dimension(): number {
    return this.vocabulary.size;
  }

  featurize(text: string): SparseVector {
    const counts = new Map<number, number>();
    for (const token of tokens(text)) {
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

function tokens(text: string): string[] {
  const { words, cjkRuns } = scriptTokens(text);
  return [...words, ...cjkCharacters(cjkRuns)];
}
