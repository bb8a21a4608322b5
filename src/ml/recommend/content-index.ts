import { cjkBigrams, foldText, scriptTokens } from '../text/script-tokens';

/**
 * Course content as sparse TF-IDF vectors over tags, category and text, for
 * what collaborative signals cannot cover: a learner with no history but
 * declared interests, and a new course nobody has enrolled in yet.
 */

export interface CatalogItem {
  itemId: string;
  category?: string;
  tags?: readonly string[];
  /** Title and description, any language. */
  text?: string;
}

export interface ContentMatch {
  itemId: string;
  score: number;
}

export interface InterestMatch extends ContentMatch {
  /** The interest (as given) that contributed most to this item's score. */
  interest: string;
}

type SparseVector = Map<number, number>;

/** Tags are curated and say most; free text says least. */
const FIELD_WEIGHT = { tag: 2, category: 1.5, text: 1 } as const;

export class ContentIndex {
  private readonly features = new Map<string, number>();
  private readonly vectors: SparseVector[] = [];
  private readonly postings: { item: number; weight: number }[][] = [];
  private readonly itemIndex = new Map<string, number>();
  private readonly categories: (string | undefined)[] = [];
  private readonly itemIds: string[] = [];

  constructor(items: readonly CatalogItem[]) {
    const raw = items.map((item) => this.rawFeatures(item));
    const df = new Map<number, number>();
    for (const counts of raw) for (const f of counts.keys()) df.set(f, (df.get(f) ?? 0) + 1);
    const n = items.length;
    items.forEach((item, i) => {
      if (this.itemIndex.has(item.itemId)) throw new Error(`duplicate catalog item '${item.itemId}'`);
      this.itemIndex.set(item.itemId, i);
      this.itemIds.push(item.itemId);
      this.categories.push(item.category === undefined ? undefined : normalizeTag(item.category));
      const vector: SparseVector = new Map();
      let norm = 0;
      for (const [f, tf] of raw[i]) {
        const w = tf * (Math.log((n + 1) / (df.get(f)! + 1)) + 1);
        vector.set(f, w);
        norm += w * w;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [f, w] of vector) {
        vector.set(f, w / norm);
        (this.postings[f] ??= []).push({ item: i, weight: w / norm });
      }
      this.vectors.push(vector);
    });
  }

  has(itemId: string): boolean {
    return this.itemIndex.has(itemId);
  }

  categoryOf(itemId: string): string | undefined {
    const i = this.itemIndex.get(itemId);
    return i === undefined ? undefined : this.categories[i];
  }

  /** Cosine similarity of two items' content; 0 when either is unknown. */
  similarity(a: string, b: string): number {
    const ia = this.itemIndex.get(a);
    const ib = this.itemIndex.get(b);
    if (ia === undefined || ib === undefined) return 0;
    let dot = 0;
    const [small, large] = this.vectors[ia].size < this.vectors[ib].size ? [this.vectors[ia], this.vectors[ib]] : [this.vectors[ib], this.vectors[ia]];
    for (const [f, w] of small) dot += w * (large.get(f) ?? 0);
    return dot;
  }

  /** Items closest in content to `itemId`, best first (excluding itself). */
  similarTo(itemId: string, k: number, skip: (itemId: string) => boolean = () => false): ContentMatch[] {
    const i = this.itemIndex.get(itemId);
    if (i === undefined) return [];
    const scores = this.accumulate(this.vectors[i]);
    scores.delete(i);
    return this.best(scores, k, skip);
  }

  /** Items matching declared interests (tags, categories or words). */
  matchInterests(interests: readonly string[], k: number, skip: (itemId: string) => boolean = () => false): InterestMatch[] {
    const perItem = new Map<number, { score: number; top: number; interest: string }>();
    for (const interest of interests) {
      const query: SparseVector = new Map();
      for (const [f, tf] of this.interestFeatures(interest)) query.set(f, tf);
      for (const [item, score] of this.accumulate(query)) {
        const entry = perItem.get(item) ?? { score: 0, top: 0, interest };
        entry.score += score;
        if (score > entry.top) Object.assign(entry, { top: score, interest });
        perItem.set(item, entry);
      }
    }
    const scores = new Map([...perItem].map(([item, e]) => [item, e.score]));
    return this.best(scores, k, skip).map((m) => ({ ...m, interest: perItem.get(this.itemIndex.get(m.itemId)!)!.interest }));
  }

  private accumulate(query: SparseVector): Map<number, number> {
    const scores = new Map<number, number>();
    for (const [f, qw] of query) for (const { item, weight } of this.postings[f] ?? []) scores.set(item, (scores.get(item) ?? 0) + qw * weight);
    return scores;
  }

  private best(scores: Map<number, number>, k: number, skip: (itemId: string) => boolean): ContentMatch[] {
    return [...scores]
      .filter(([item, score]) => score > 0 && !skip(this.itemIds[item]))
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, k)
      .map(([item, score]) => ({ itemId: this.itemIds[item], score }));
  }

  private featureId(name: string, create: boolean): number | undefined {
    let id = this.features.get(name);
    if (id === undefined && create) {
      id = this.features.size;
      this.features.set(name, id);
    }
    return id;
  }

  private rawFeatures(item: CatalogItem): Map<number, number> {
    const counts = new Map<number, number>();
    const add = (name: string, weight: number) => {
      const id = this.featureId(name, true)!;
      counts.set(id, (counts.get(id) ?? 0) + weight);
    };
    for (const tag of item.tags ?? []) add(`tag:${normalizeTag(tag)}`, FIELD_WEIGHT.tag);
    if (item.category) add(`cat:${normalizeTag(item.category)}`, FIELD_WEIGHT.category);
    for (const token of textTokens(item.text ?? '')) add(`w:${token}`, FIELD_WEIGHT.text);
    return counts;
  }

  /** An interest may name a tag, a category, or words of the text; unknown features are ignored. */
  private interestFeatures(interest: string): Map<number, number> {
    const out = new Map<number, number>();
    const tag = normalizeTag(interest);
    for (const name of [`tag:${tag}`, `cat:${tag}`, ...textTokens(interest).map((t) => `w:${t}`)]) {
      const id = this.featureId(name, false);
      if (id !== undefined) out.set(id, (out.get(id) ?? 0) + 1);
    }
    return out;
  }
}

export function normalizeTag(tag: string): string {
  return foldText(tag).trim().replace(/\s+/g, '-');
}

function textTokens(text: string): string[] {
  const { words, cjkRuns } = scriptTokens(text);
  return [...words.filter((w) => w.length > 1 || /\d/.test(w)), ...cjkBigrams(cjkRuns)];
}
