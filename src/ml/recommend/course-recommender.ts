import { MicroBatcher } from '../micro-batcher';
import type { ContentIndex } from './content-index';
import { diversify, type DiversityOption } from './diversity';
import type { ItemItemModel } from './item-item-model';
import { ItemScorer, type ScoringRow, type TopItems } from './item-scorer';
import type { LearnerSignals } from './learner-signals';
import type { PopularityModel } from './popularity';

/**
 * What the server asks for recommendations. It combines, in order of trust:
 * 1. the collaborative item-item model over the learner's history
 *    ("similar-learners"),
 * 2. content matches for declared interests ("interest:<tag>") and for courses
 *    the model cannot score yet ("similar-content"),
 * 3. trending courses ("trending") to fill the list.
 * Scores are comparable within one reason only; the list order is the ranking.
 * Concurrent requests share one matrix product through a micro-batcher.
 */

export type RecommendationReason = 'similar-learners' | 'also-enrolled' | 'similar-content' | 'trending' | `interest:${string}`;

export interface Recommendation {
  itemId: string;
  score: number;
  reason: RecommendationReason;
  /** For 'similar-learners' and 'similar-content': the history item that contributed most. */
  because?: string;
}

export interface RecommendOptions {
  /** Items never to return (already in the cart, hidden, unavailable). History is always excluded. */
  exclude?: Iterable<string>;
  /** Overrides the signals' declared interests for this call. */
  interests?: readonly string[];
  /** Overrides the signals' history for this call (a server reads it per request). */
  history?: readonly string[];
  diversity?: DiversityOption;
}

export interface CourseRecommenderParts {
  /** Absent before the first training run: recommendations come from content and popularity. */
  model?: ItemItemModel;
  popularity: PopularityModel;
  content?: ContentIndex;
  signals: LearnerSignals;
  /** Micro-batching of concurrent scoring; `false` scores each request alone. */
  batching?: { maxBatch: number; maxWaitMs: number } | false;
}

/** Candidates gathered per requested slot when re-ranking for diversity. */
const DIVERSITY_POOL = 3;
/** History items whose content neighbours stand in for the model on cold items. */
const RECENT_HISTORY = 5;
/** similarItems: weight of the collaborative score against content similarity (even: on the demo data, co-enrolment alone drifts to site-wide hits). */
const COLLABORATIVE_SHARE = 0.5;

interface ScoreRequest {
  row: ScoringRow;
  k: number;
}

export class CourseRecommender {
  private readonly scorer?: ItemScorer;
  private readonly batcher?: MicroBatcher<ScoreRequest, TopItems>;

  constructor(private readonly parts: CourseRecommenderParts) {
    if (parts.model) {
      const scorer = new ItemScorer(parts.model.weights, parts.model.itemCount);
      this.scorer = scorer;
      const batching = parts.batching ?? { maxBatch: 64, maxWaitMs: 2 };
      if (batching) {
        this.batcher = new MicroBatcher<ScoreRequest, TopItems>({
          ...batching,
          run: async (requests) => {
            const k = Math.max(...requests.map((r) => r.k));
            const tops = await scorer.topK(
              requests.map((r) => r.row),
              k,
            );
            return tops.map((top, i) => ({ indices: top.indices.subarray(0, requests[i].k), scores: top.scores.subarray(0, requests[i].k) }));
          },
        });
      }
    }
  }

  async recommendForUser(userId: string, k: number, options: RecommendOptions = {}): Promise<Recommendation[]> {
    if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`k must be a non-negative integer, got ${k}`);
    const history = options.history ?? (await this.parts.signals.historyOf(userId));
    const blocked = new Set([...(options.exclude ?? []), ...history]);
    const want = options.diversity ? k * DIVERSITY_POOL : k;
    const out: Recommendation[] = [];
    const taken = (itemId: string) => blocked.has(itemId);
    const add = <T extends { itemId: string; score: number; because?: string }>(items: T[], reason: (item: T) => RecommendationReason) => {
      for (const item of items) {
        if (out.length >= want || blocked.has(item.itemId)) continue;
        blocked.add(item.itemId);
        out.push({ itemId: item.itemId, score: item.score, reason: reason(item), ...(item.because ? { because: item.because } : {}) });
      }
    };

    add(await this.collaborative(history, blocked, want), () => 'similar-learners');
    const { content } = this.parts;
    if (out.length < want && content) {
      const interests = options.interests ?? (await this.parts.signals.interestsOf?.(userId)) ?? [];
      if (interests.length > 0) {
        const matches = content.matchInterests(interests, want - out.length, taken);
        add(this.withPopularityPrior(matches), (m) => `interest:${m.interest}`);
      }
      if (history.length > 0) add(this.contentNeighbours(history.slice(-RECENT_HISTORY), want - out.length, taken), () => 'similar-content');
    }
    if (out.length < want) add(this.parts.popularity.top(want - out.length, taken), () => 'trending');
    return options.diversity ? diversify(out, k, options.diversity, this.diversitySignals()) : out.slice(0, k);
  }

  /** Courses like `itemId`: co-enrolment from the model blended with content similarity. */
  async similarItems(itemId: string, k: number, options: Omit<RecommendOptions, 'interests'> = {}): Promise<Recommendation[]> {
    if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`k must be a non-negative integer, got ${k}`);
    const blocked = new Set([...(options.exclude ?? []), itemId]);
    const want = options.diversity ? k * DIVERSITY_POOL : k;
    const collaborative = normalizeByMax(await this.collaborative([itemId], blocked, want * 2));
    const content = this.parts.content?.similarTo(itemId, want * 2, (id) => blocked.has(id)) ?? [];
    const merged = new Map<string, { cf: number; content: number }>();
    for (const c of collaborative) merged.set(c.itemId, { cf: c.score, content: 0 });
    for (const c of content) merged.set(c.itemId, { cf: merged.get(c.itemId)?.cf ?? 0, content: c.score });
    const cfShare = collaborative.length > 0 ? COLLABORATIVE_SHARE : 0;
    const ranked: Recommendation[] = [...merged]
      .map(([id, s]) => ({
        itemId: id,
        score: cfShare * s.cf + (1 - cfShare) * s.content,
        reason: (cfShare * s.cf >= (1 - cfShare) * s.content ? 'also-enrolled' : 'similar-content') as RecommendationReason,
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, want);
    for (const r of ranked) blocked.add(r.itemId);
    if (ranked.length < want) {
      for (const t of this.parts.popularity.top(want - ranked.length, (id) => blocked.has(id))) ranked.push({ ...t, reason: 'trending' });
    }
    return options.diversity ? diversify(ranked, k, options.diversity, this.diversitySignals()) : ranked.slice(0, k);
  }

  /** Frees the model weights held by the tensor backend. */
  dispose(): void {
    this.batcher?.flush();
    this.scorer?.dispose();
  }

  private async collaborative(
    history: readonly string[],
    blocked: ReadonlySet<string>,
    k: number,
  ): Promise<{ itemId: string; score: number; because?: string }[]> {
    const model = this.parts.model;
    if (!model || !this.scorer || k === 0) return [];
    const items = indicesOf(model.itemIndex, history);
    if (items.length === 0) return [];
    const request: ScoreRequest = { row: { items, exclude: indicesOf(model.itemIndex, blocked) }, k };
    const top = this.batcher ? await this.batcher.submit(request) : (await this.scorer.topK([request.row], k))[0];
    return Array.from(top.indices, (i, r) => ({ itemId: model.itemIds[i], score: top.scores[r], because: model.itemIds[strongestSource(model, items, i)] }));
  }

  private contentNeighbours(recent: readonly string[], k: number, skip: (itemId: string) => boolean): { itemId: string; score: number; because: string }[] {
    const scores = new Map<string, { score: number; because: string; best: number }>();
    for (const itemId of recent) {
      for (const m of this.parts.content!.similarTo(itemId, k, skip)) {
        const entry = scores.get(m.itemId) ?? { score: 0, because: itemId, best: 0 };
        entry.score += m.score;
        if (m.score > entry.best) Object.assign(entry, { best: m.score, because: itemId });
        scores.set(m.itemId, entry);
      }
    }
    return [...scores].map(([itemId, e]) => ({ itemId, score: e.score, because: e.because })).sort((a, b) => b.score - a.score);
  }

  /** Among equally good interest matches, prefer what learners actually take. */
  private withPopularityPrior<T extends { score: number; itemId: string }>(matches: T[]): T[] {
    const top = this.parts.popularity.top(1)[0]?.score ?? 0;
    const scale = Math.log1p(top) || 1;
    return matches
      .map((m) => ({ ...m, score: m.score * (0.75 + (0.25 * Math.log1p(this.parts.popularity.scoreOf(m.itemId))) / scale) }))
      .sort((a, b) => b.score - a.score);
  }

  private diversitySignals() {
    const content = this.parts.content;
    return {
      similarity: (a: string, b: string) => content?.similarity(a, b) ?? 0,
      categoryOf: (id: string) => content?.categoryOf(id),
    };
  }
}

function indicesOf(index: ReadonlyMap<string, number>, ids: Iterable<string>): Int32Array {
  const out: number[] = [];
  for (const id of ids) {
    const i = index.get(id);
    if (i !== undefined) out.push(i);
  }
  return Int32Array.from(out);
}

/** The history item whose weight towards `target` is largest: what "because you took X" names. */
function strongestSource(model: ItemItemModel, history: Int32Array, target: number): number {
  const n = model.itemCount;
  let best = history[0];
  for (const h of history) if (model.weights[h * n + target] > model.weights[best * n + target]) best = h;
  return best;
}

function normalizeByMax(items: { itemId: string; score: number }[]): { itemId: string; score: number }[] {
  const max = Math.max(0, ...items.map((i) => i.score));
  return max > 0 ? items.filter((i) => i.score > 0).map((i) => ({ itemId: i.itemId, score: i.score / max })) : [];
}
