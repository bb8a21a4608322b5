import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/ml/backend';
import { decodeSnapshot, encodeSnapshot } from '../../src/ml/model-snapshot';
import { ContentIndex } from '../../src/ml/recommend/content-index';
import { CourseRecommender } from '../../src/ml/recommend/course-recommender';
import { ItemItemModel } from '../../src/ml/recommend/item-item-model';
import { trainItemModel } from '../../src/ml/recommend/item-model-training';
import { InMemoryLearnerSignals } from '../../src/ml/recommend/learner-signals';
import { PopularityModel } from '../../src/ml/recommend/popularity';
import { evaluateRecommenders } from '../../src/ml/recommend/recommend-evaluation';
import { generateInteractions, type SyntheticData } from './fixtures/synthetic-interactions';

const SMALL = { users: 300, items: 400, meanPerUser: 45, genres: 10, seed: 11 };

describe('course recommendations', () => {
  let data: SyntheticData;
  let recommender: CourseRecommender;
  let model: ItemItemModel;

  beforeAll(async () => {
    await initBackend();
    data = generateInteractions(SMALL);
    model = await trainItemModel(data.interactions, { seed: 1 });
    recommender = new CourseRecommender({
      model,
      popularity: PopularityModel.fromInteractions(data.interactions, { halfLifeDays: 30 }),
      content: new ContentIndex(data.catalog),
      signals: new InMemoryLearnerSignals(data.interactions, new Map([['newcomer', ['python', 'music']]])),
    });
  });

  afterAll(() => recommender.dispose());

  it('the tuned model ranks held-out courses better than plain EASE, and EASE better than popularity', async () => {
    const rows = await evaluateRecommenders(data.interactions, { seed: 3 });
    const by = Object.fromEntries(rows.map((r) => [r.model, r]));
    expect(by['knowpay-blend'].ndcg).toBeGreaterThan(by.ease.ndcg);
    expect(by.ease.ndcg).toBeGreaterThan(by.popularity.ndcg);
    expect(by.ease.users).toBe(by.popularity.users);
  });

  it('a learner with history gets unseen courses from similar learners', async () => {
    const history = new Set(data.interactions.filter((e) => e.userId === '5').map((e) => e.itemId));
    const recs = await recommender.recommendForUser('5', 10);
    expect(recs).toHaveLength(10);
    for (const r of recs) expect(history.has(r.itemId)).toBe(false);
    expect(recs[0].reason).toBe('similar-learners');
    const scores = recs.filter((r) => r.reason === 'similar-learners').map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('never returns excluded courses', async () => {
    const first = await recommender.recommendForUser('5', 5);
    const again = await recommender.recommendForUser('5', 5, { exclude: first.map((r) => r.itemId) });
    expect(again.map((r) => r.itemId)).not.toEqual(expect.arrayContaining([first[0].itemId]));
    expect(new Set([...first, ...again].map((r) => r.itemId)).size).toBe(10);
  });

  it('a newcomer with declared interests gets matching courses, then trending ones', async () => {
    const recs = await recommender.recommendForUser('newcomer', 8);
    expect(recs[0].reason).toMatch(/^interest:(python|music)$/);
    for (const r of recs.filter((x) => x.reason.startsWith('interest:'))) {
      const item = data.catalog.find((c) => c.itemId === r.itemId)!;
      expect(item.tags.some((t) => t === 'python' || t === 'music')).toBe(true);
    }
    const stranger = await recommender.recommendForUser('stranger', 3);
    expect(stranger.map((r) => r.reason)).toEqual(['trending', 'trending', 'trending']);
  });

  it('caps courses per category when asked to diversify', async () => {
    const recs = await recommender.recommendForUser('5', 8, { diversity: { kind: 'category-cap', maxPerCategory: 2 } });
    const categories = recs.map((r) => data.catalog.find((c) => c.itemId === r.itemId)!.category);
    const counts = new Map<string, number>();
    for (const c of categories) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(recs).toHaveLength(8);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    const mmr = await recommender.recommendForUser('5', 8, { diversity: { kind: 'mmr', lambda: 0.5 } });
    expect(new Set(mmr.map((r) => r.itemId)).size).toBe(8);
  });

  it('finds courses similar to a known course, and to a brand-new one by content alone', async () => {
    const similar = await recommender.similarItems('1', 5);
    expect(similar).toHaveLength(5);
    expect(similar.map((r) => r.itemId)).not.toContain('1');
    const fresh = new CourseRecommender({
      model,
      popularity: PopularityModel.fromInteractions(data.interactions),
      content: new ContentIndex([
        ...data.catalog,
        { itemId: 'new-course', category: 'cooking', tags: ['cooking', 'music'], text: 'cooking with music course' },
      ]),
      signals: new InMemoryLearnerSignals(),
      batching: false,
    });
    const byContent = await fresh.similarItems('new-course', 4);
    fresh.dispose();
    expect(byContent[0].reason).toBe('similar-content');
    const first = data.catalog.find((c) => c.itemId === byContent[0].itemId)!;
    expect(first.tags).toEqual(expect.arrayContaining(['cooking', 'music']));
  });

  it('keeps the tensor count flat over repeated scoring', async () => {
    await recommender.recommendForUser('7', 10);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await Promise.all(['7', '8', '9', 'newcomer'].map((u) => recommender.recommendForUser(u, 10)));
    await recommender.similarItems('3', 5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('serializes the trained model and scores identically after loading it', async () => {
    const { header, blob } = encodeSnapshot(model.serialize());
    const loaded = ItemItemModel.deserialize(decodeSnapshot({ header: JSON.parse(JSON.stringify(header)), blob }));
    expect(header.kind).toBe('recommend.item-item');
    expect(loaded.params).toEqual(model.params);
    const popularity = PopularityModel.deserialize(decodeSnapshot(encodeSnapshot(PopularityModel.fromInteractions(data.interactions).serialize())));
    const twin = new CourseRecommender({ model: loaded, popularity, signals: new InMemoryLearnerSignals(data.interactions) });
    const [a, b] = [await recommender.recommendForUser('12', 5), await twin.recommendForUser('12', 5)];
    twin.dispose();
    expect(b.map((r) => r.itemId)).toEqual(a.map((r) => r.itemId));
  });
});
