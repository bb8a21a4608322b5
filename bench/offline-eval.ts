/**
 * Offline quality figures that need no server:
 *   node dist/bench/offline-eval.js     (after `npm run build`)
 * - `eval recommend` on the synthetic MovieLens-100K-sized data set (the real
 *   one cannot be downloaded here): Recall@10 / NDCG@10 of the served blend,
 *   its EASE part, plain EASE and popularity on one seeded 80/20 split;
 * - pricing: cumulative expected-revenue regret of the served Thompson policy
 *   against a uniform A/B split and ε-greedy (ε = 0.1) on a simulated
 *   logistic demand curve, per seed (the scenario test/ml/pricing.test.ts asserts on).
 * Figures go to stdout; progress to stderr. Public text corpora are evaluated
 * with `npm run -s ml -- eval moderate --data FILE` (see bench/README.md).
 */
import { progressBar } from '../src/ml/progress';
import { evaluateRecommenders } from '../src/ml/recommend/recommend-evaluation';
import { epsilonGreedy, PRICES, referenceRegrets, SEEDS, thompson, uniformSplit, VISITORS, type Pricer } from '../test/ml/fixtures/pricing-simulation';
import { generateInteractions } from '../test/ml/fixtures/synthetic-interactions';

async function main(): Promise<void> {
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
  console.table(policies.map(([name, make]) => {
    const regrets = referenceRegrets(make);
    return { policy: name, 'mean regret': Math.round(regrets.reduce((a, b) => a + b) / regrets.length), 'per seed': regrets.map(Math.round).join(' ') };
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
