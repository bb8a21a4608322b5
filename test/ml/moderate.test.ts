import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/ml/backend';
import { decodeSnapshot, encodeSnapshot } from '../../src/ml/model-snapshot';
import { abuseLexicons } from '../../src/ml/moderate/abuse-lexicons';
import { calibratePolicy, PRECISION_TARGETS } from '../../src/ml/moderate/audit-policy';
import { DEFAULT_NGRAM_CONFIG, HashedNgramFeaturizer } from '../../src/ml/moderate/hashed-ngram-features';
import { knowledgeCorpus } from '../../src/ml/moderate/knowledge/knowledge-corpus';
import { textSignals } from '../../src/ml/moderate/text-signals';
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
    const featurizer = new HashedNgramFeaturizer({ ...DEFAULT_NGRAM_CONFIG, signals: false });
    const plain = featurizer.featurize('free money');
    const tricked = featurizer.featurize('Ｆ R E E   m0ney');
    expect(Array.from(tricked.indices)).toEqual(Array.from(plain.indices));
    const norm = Math.hypot(...plain.values);
    expect(norm).toBeCloseTo(1, 5);
  });

  it('reads letters split by emoji as one word', () => {
    expect(normalizeForModeration('f🤬u🤬c🤬k you')).toBe('fuck you');
    expect(normalizeForModeration('傻🙂逼')).toBe('傻逼');
    expect(normalizeForModeration('great 🔥 course')).toBe('great 🔥 course');
  });
});

describe('signals from the shipped lexicons', () => {
  it.each([
    ['f*ck you', ['lexicon-en-masked', 'second-person']],
    ['you are a worthless idiot', ['second-person+negative']],
    ['你就是个煞笔', ['lexicon-zh-pinyin', 'second-person+lexicon']],
    ['sha bi 老师', ['lexicon-zh-typed']],
    ['nmsl', ['abbreviation-zh']],
    ['加微信 kaoyan2024 免费领取资料', ['contact', 'contact-id', 'money-promise', 'spam-combination']],
    ['telegram @fastcash for signals', ['contact-id']],
    ['BUY CHEAP FOLLOWERS NOW http://bit.ly/x', ['url', 'money-promise', 'shouting', 'spam-combination']],
  ])('%j raises %j', (text, expected) => {
    expect(textSignals(normalizeForModeration(text), text)).toEqual(expect.arrayContaining(expected));
  });

  it.each(['this course was a waste of money, the pacing is terrible', '老师讲得很好，谢谢', 'Can you explain the second example again?', '牛奶和奶酪的区别'])(
    'raises no lexicon or spam signal on %j',
    (text) => {
      expect(textSignals(normalizeForModeration(text), text).filter((s) => /lexicon|abbreviation|contact|url|money|spam/.test(s))).toEqual([]);
    },
  );

  it('reads its word lists from the npm packages, not from this repository', () => {
    const lex = abuseLexicons();
    expect(lex.english.has('bastard')).toBe(true);
    expect(lex.chinese.has('傻逼')).toBe(true);
    expect(lex.chinesePinyin.has('shabi')).toBe(true);
    // Single characters such as 奶 (milk) would flag ordinary text; they are left out.
    expect([...lex.chinese].every((w) => [...w].length >= 2)).toBe(true);
    expect(lex.valence.get('terrible')).toBeLessThan(0);
  });
});

describe('the knowledge corpus and its calibrated policy', () => {
  it('keeps held-out splits apart from training, with every label in each', () => {
    const corpus = knowledgeCorpus();
    const bySplit = (split: string) => corpus.filter((e) => e.split === split);
    const train = new Set(bySplit('train').map((e) => e.text));
    for (const split of ['validation', 'test']) {
      const held = bySplit(split);
      expect(held.filter((e) => train.has(e.text))).toEqual([]);
      expect(new Set(held.map((e) => e.label))).toEqual(new Set(['ok', 'spam', 'abuse']));
      expect(new Set(held.map((e) => e.source))).toEqual(new Set(['seed', 'spamassassin', 'templates-en', 'templates-zh']));
    }
    expect(corpus.length).toBeGreaterThan(15_000);
  });

  it('chooses per-kind thresholds that meet their precision targets on validation scores', () => {
    // 900 ok texts scoring low, 100 bad texts scoring high, with a little overlap.
    const scores = [...Array.from({ length: 900 }, (_, i) => (i % 100) / 250), ...Array.from({ length: 100 }, (_, i) => 0.35 + i / 160)];
    const bad = scores.map((_, i) => i >= 900);
    const policy = calibratePolicy(scores, bad, 0.9);
    for (const [kind, targets] of Object.entries(PRECISION_TARGETS)) {
      const t = policy.thresholds[kind];
      expect(t.review).toBeLessThanOrEqual(t.hold);
      expect(t.hold).toBeGreaterThanOrEqual(targets.floors.hold);
      expect(t.reject).toBeGreaterThan(1);
      expect(policy.validation[kind].hold.precision).toBeGreaterThanOrEqual(targets.holdPrecision);
    }
    expect(policy.thresholds.COURSE.hold).toBeGreaterThan(policy.thresholds.COMMENT.hold);
    expect(() => calibratePolicy([0.1, 0.2], [false, false])).toThrow(/needs bad and ok examples/);
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
    const results = model.score([
      'Thanks, the lecture on loops was really clear',
      '加 微 信 领 取 免 费 资 料',
      'CL1CK HERE for fr33 gift cards',
      'you are a worthless idiot',
      '你就是个废物',
    ]);
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
