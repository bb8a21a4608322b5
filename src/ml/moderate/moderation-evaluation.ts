import type { ProgressReporter } from '../progress';
import { argmax, classificationQuality, type ClassificationQuality } from './classification-metrics';
import { ModerationClassifier, type LabeledText, type ModerationTrainingOptions } from './moderation-classifier';
import { SoftmaxClassifier } from './softmax-classifier';
import { stratifiedFolds } from './stratified-folds';
import { TfidfFeaturizer } from './tfidf-features';

/**
 * The offline comparison behind `eval moderate`: stratified k-fold
 * cross-validation; every text is predicted once by a model that did not see
 * it, and macro-F1 / accuracy are computed over all those out-of-fold
 * predictions. Two references: TF-IDF words + logistic regression with
 * scikit-learn's defaults (L2, C = 1, no class weights), and the stronger
 * TF-IDF word 1–2-grams + class-balanced logistic regression
 * (class_weight='balanced').
 */

export interface ModerationEvaluationRow extends ClassificationQuality {
  model: string;
  trainSeconds: number;
}

export interface ModerationEvaluationOptions {
  folds?: number;
  seed?: number;
  progress?: ProgressReporter;
  training?: ModerationTrainingOptions;
}

type FoldModel = (train: readonly LabeledText[], test: readonly LabeledText[], labels: readonly string[]) => Promise<number[]>;

export async function crossValidateModeration(examples: readonly LabeledText[], options: ModerationEvaluationOptions = {}): Promise<ModerationEvaluationRow[]> {
  const folds = options.folds ?? 5;
  const seed = options.seed ?? 42;
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const truth = examples.map((e) => index.get(e.label)!);
  const fold = stratifiedFolds(truth, folds, seed);

  const models: [string, FoldModel][] = [
    [
      'knowpay-ngram-softmax',
      async (train, test) => {
        const model = await ModerationClassifier.train(train, { seed, ...options.training });
        const predicted = model.score(test.map((e) => e.text)).map((s) => index.get(s.label)!);
        model.dispose();
        return predicted;
      },
    ],
    ['tfidf-logreg', tfidfLogisticRegression({ maxN: 1, balanced: false })],
    ['tfidf-word12-balanced-logreg', tfidfLogisticRegression({ maxN: 2, balanced: true })],
  ];

  const rows: ModerationEvaluationRow[] = [];
  for (const [name, fit] of models) {
    const predicted = new Array<number>(examples.length);
    let seconds = 0;
    for (let f = 0; f < folds; f++) {
      const train = examples.filter((_, i) => fold[i] !== f);
      const testIds = examples.map((_, i) => i).filter((i) => fold[i] === f);
      const started = process.hrtime.bigint();
      const out = await fit(
        train,
        testIds.map((i) => examples[i]),
        labels,
      );
      seconds += Number(process.hrtime.bigint() - started) / 1e9;
      testIds.forEach((i, k) => (predicted[i] = out[k]));
      options.progress?.(`cross-validation ${name}`, (f + 1) / folds);
    }
    rows.push({ model: name, trainSeconds: seconds / folds, ...classificationQuality(truth, predicted, labels) });
  }
  return rows;
}

const tfidfLogisticRegression =
  (options: { maxN: 1 | 2; balanced: boolean }): FoldModel =>
  async (train, test, labels) => {
    const featurizer = TfidfFeaturizer.fit(
      train.map((e) => e.text),
      { maxN: options.maxN },
    );
    const index = new Map(labels.map((l, i) => [l, i]));
    const model = await SoftmaxClassifier.train(
      train.map((e) => featurizer.featurize(e.text)),
      train.map((e) => index.get(e.label)!),
      labels,
      // sklearn's objective Σ CE + ‖w‖²/(2C) with C = 1, per example: l2 = 1/(2N).
      { classWeights: options.balanced ? 'balanced' : 'none', validationFraction: 0, maxEpochs: 30, learningRate: 0.05, l2: 1 / (2 * train.length) },
    );
    const predicted = model.predictProba(test.map((e) => featurizer.featurize(e.text))).map(argmax);
    model.dispose();
    return predicted;
  };
