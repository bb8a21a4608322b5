import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/ml/backend';
import { decodeSnapshot, encodeSnapshot } from '../../src/ml/model-snapshot';
import { HashedNgramFeaturizer } from '../../src/ml/moderate/hashed-ngram-features';
import { ModerationClassifier } from '../../src/ml/moderate/moderation-classifier';
import { crossValidateModeration } from '../../src/ml/moderate/moderation-evaluation';
import { SEED_CORPUS } from '../../src/ml/moderate/seed-corpus';
import { normalizeForModeration } from '../../src/ml/moderate/text-normalizer';
import { generateTexts } from './fixtures/synthetic-texts';

describe('text normalization against obfuscation', () => {
  it.each([
    ['Ｆ.Ｒ.Ｅ.Ｅ  m0ney!!!', 'free money!!'],
    ['fr\u200bee money', 'free money'],
    ['v-i-a-g-r-a cheap', 'viagra cheap'],
    ['FREEEEEE c@sh', 'free cash'],
    ['you are an 1d10t', 'you are an idiot'],
    ['加 微 信 领 红 包', '加微信领红包'],
    ['加.微.信', '加微信'],
    ['hello wоrld', 'hello world'],
  ])('%j reads as %j', (raw, expected) => {
    expect(normalizeForModeration(raw)).toBe(expected);
  });

  it.each([
    ['call 13800138000 now', 'call 13800138000 now'],
    ['I paid $100 for 2 courses!', 'i paid $100 for 2 courses!'],
    ['I am a teacher', 'i am a teacher'],
  ])('leaves ordinary text %j alone', (raw, expected) => {
    expect(normalizeForModeration(raw)).toBe(expected);
  });

  it('gives an obfuscated text the same features as its plain form', () => {
    const featurizer = new HashedNgramFeaturizer();
    const plain = featurizer.featurize('free money');
    const tricked = featurizer.featurize('Ｆ R E E   m0ney');
    expect(Array.from(tricked.indices)).toEqual(Array.from(plain.indices));
    const norm = Math.hypot(...plain.values);
    expect(norm).toBeCloseTo(1, 5);
  });
});

describe('the moderation classifier', () => {
  let model: ModerationClassifier;

  beforeAll(async () => {
    await initBackend();
    model = await ModerationClassifier.train(SEED_CORPUS, { seed: 1 });
  });

  afterAll(() => model.dispose());

  it('labels English and Chinese spam and abuse, with a probability per label', () => {
    const results = model.score(['Thanks, the lecture on loops was really clear', '加 微 信 领 取 免 费 资 料', 'CL1CK HERE for fr33 gift cards', 'you are a worthless idiot', '你就是个废物']);
    expect(results.map((r) => r.label)).toEqual(['ok', 'spam', 'spam', 'abuse', 'abuse']);
    for (const r of results) {
      expect(Object.keys(r.scores).sort()).toEqual(['abuse', 'ok', 'spam']);
      expect(Object.values(r.scores).reduce((a, b) => a + b)).toBeCloseTo(1, 5);
      expect(r.scores[r.label]).toBe(Math.max(...Object.values(r.scores)));
    }
  });

  it('scores in batches without leaking tensors', () => {
    model.score(['warm up']);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) model.score(Array.from({ length: 700 }, (_, k) => `message ${k} ${i}`));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('survives serialization with identical scores', () => {
    const loaded = ModerationClassifier.deserialize(decodeSnapshot(encodeSnapshot(model.serialize())));
    const texts = ['free money click here', '谢谢老师'];
    expect(loaded.score(texts)).toEqual(model.score(texts));
    loaded.dispose();
  });

  it('beats TF-IDF + logistic regression on macro-F1 in 5-fold cross-validation of the seed corpus', async () => {
    const rows = await crossValidateModeration(SEED_CORPUS, { folds: 5, seed: 42 });
    const by = Object.fromEntries(rows.map((r) => [r.model, r]));
    expect(by['knowpay-ngram-softmax'].macroF1).toBeGreaterThan(by['tfidf-logreg'].macroF1 + 0.05);
    expect(by['knowpay-ngram-softmax'].macroF1).toBeGreaterThan(0.85);
  });

  it('training leaves no per-batch tensors behind, however much it trains on', async () => {
    await initBackend();
    const leftover = async (texts: number) => {
      const before = tf.memory().numTensors;
      (await ModerationClassifier.train(generateTexts(texts, 3), { seed: 1 })).dispose();
      return tf.memory().numTensors - before;
    };
    expect(await leftover(1200)).toBe(await leftover(300));
  });
});
