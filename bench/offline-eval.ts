/**
 * Offline quality figures that need no server:
 *   node dist/bench/offline-eval.js     (after `npm run build`)
 * - `eval recommend` on the synthetic MovieLens-100K-sized data set (the real
 *   one cannot be downloaded here): Recall@10 / NDCG@10 of the served blend,
 *   its EASE part, plain EASE and popularity on one seeded 80/20 split;
 * - pricing: cumulative expected-revenue regret of the served Thompson policy
 *   against a uniform A/B split and ε-greedy (ε = 0.1) on a simulated
 *   logistic demand curve, per seed (the scenario test/ml/pricing.test.ts asserts on).
 * - the shipped audit model (what a fresh server loads): macro-F1 on the
 *   held-out test split of every source it learned from (never trained on),
 *   what the comment policy does there, and the calibrated thresholds per
 *   content kind with their validation precision / recall.
 * Figures go to stdout; progress to stderr. Public text corpora are evaluated
 * with `npm run -s ml -- eval moderate --data FILE` (see bench/README.md).
 */
import { initBackend } from '../src/ml/backend';
import { evaluateHeldOut } from '../src/ml/moderate/audit-model-evaluation';
import { defaultAuditModel } from '../src/ml/moderate/default-audit-model';
import { knowledgeCorpus } from '../src/ml/moderate/knowledge/knowledge-corpus';
import { ModerationClassifier } from '../src/ml/moderate/moderation-classifier';
import { progressBar } from '../src/ml/progress';
import { evaluateRecommenders } from '../src/ml/recommend/recommend-evaluation';
import { epsilonGreedy, PRICES, referenceRegrets, SEEDS, thompson, uniformSplit, VISITORS, type Pricer } from '../test/ml/fixtures/pricing-simulation';
import { generateInteractions } from '../test/ml/fixtures/synthetic-interactions';

async function main(): Promise<void> {
  await auditModel();
  const { interactions } = generateInteractions();
  console.log(`\nrecommendations: ${interactions.length} synthetic interactions, 80/20 split by interaction, full ranking`);
  const rows = await evaluateRecommenders(interactions, { seed: 42, progress: progressBar(process.stderr) });
  console.table(rows.map((r) => ({ model: r.model, 'Recall@10': r.recall.toFixed(4), 'NDCG@10': r.ndcg.toFixed(4), 'train s': r.trainSeconds.toFixed(1) })));

  const policies: [string, () => Pricer][] = [
    ['knowpay thompson (served policy)', () => thompson({ prices: PRICES, currency: 'USD' })],
    ['uniform A/B split', () => uniformSplit(PRICES)],
    ['ε-greedy, ε = 0.1', () => epsilonGreedy(PRICES, 0.1)],
  ];
  console.log(`\npricing: cumulative regret (minor units) after ${VISITORS} visitors, ${PRICES.length} candidate prices, seeds ${SEEDS.join(',')}`);
  console.table(
    policies.map(([name, make]) => {
      const regrets = referenceRegrets(make);
      return { policy: name, 'mean regret': Math.round(regrets.reduce((a, b) => a + b) / regrets.length), 'per seed': regrets.map(Math.round).join(' ') };
    }),
  );
}

async function auditModel(): Promise<void> {
  await initBackend();
  const shipped = await defaultAuditModel();
  const model = ModerationClassifier.deserialize(shipped.snapshot);
  const policy = model.policy!;
  const test = knowledgeCorpus().filter((e) => e.split === 'test');
  console.log(
    `\naudit model ${shipped.snapshot.version} (${shipped.trained ? 'trained now' : 'from the cache'}): held-out test split, never trained on; comment policy`,
  );
  console.table(
    Object.entries(evaluateHeldOut(model, policy, test)).map(([source, q]) => ({
      source,
      texts: q.examples,
      'macro-F1': q.macroF1,
      accuracy: q.accuracy,
      'F1 per label': Object.entries(q.perClass)
        .map(([l, c]) => `${l} ${c.f1}`)
        .join(', '),
      'held P / R': `${q.held.precision} / ${q.held.recall}`,
      'flagged P / R': `${q.flagged.precision} / ${q.flagged.recall}`,
      'ok flagged': q.okFlaggedRate,
    })),
  );
  console.log(`thresholds per kind (bad score 1 − p(ok) at ok prior ${policy.okPrior}); precision / recall on the validation split at that prior`);
  console.table(
    Object.entries(policy.thresholds).map(([kind, t]) => ({
      kind,
      review: t.review,
      hold: t.hold,
      reject: t.reject > 1 ? 'never' : t.reject,
      'targets (review / hold precision)': `${policy.targets[kind].reviewPrecision} / ${policy.targets[kind].holdPrecision}`,
      'review P / R': `${policy.validation[kind].review.precision} / ${policy.validation[kind].review.recall}`,
      'hold P / R': `${policy.validation[kind].hold.precision} / ${policy.validation[kind].hold.recall}`,
    })),
  );
  model.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
