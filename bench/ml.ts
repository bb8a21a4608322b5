/**
 * Load figures for the in-process models on this machine:
 *   node dist/bench/ml.js            (after `npm run build`)
 * - training time and memory for 100K interactions (MovieLens-100K-sized);
 * - recommendation latency for 200 concurrent viewers, with and without
 *   micro-batching;
 * - texts screened per second, one call per text vs micro-batched, and
 *   moderation training time on 30K texts;
 * - how long the event loop is held while 30K texts train: inline (the old
 *   way) and on a training thread (the server's way), by timer drift and
 *   perf_hooks' event-loop delay.
 * Figures go to stdout; progress to stderr.
 */
import * as tf from '@tensorflow/tfjs';
import { backendName, initBackend } from '../src/ml/backend';
import { MicroBatcher } from '../src/ml/micro-batcher';
import { ModerationClassifier, type ModerationScore } from '../src/ml/moderate/moderation-classifier';
import { progressBar } from '../src/ml/progress';
import { probeEventLoop } from '../src/ml/worker/event-loop-probe';
import { runTrainingJob } from '../src/ml/worker/training-thread';
import { CourseRecommender } from '../src/ml/recommend/course-recommender';
import { trainItemModel, EASE_BASELINE } from '../src/ml/recommend/item-model-training';
import { InMemoryLearnerSignals } from '../src/ml/recommend/learner-signals';
import { PopularityModel } from '../src/ml/recommend/popularity';
import { generateInteractions } from '../test/ml/fixtures/synthetic-interactions';
import { generateTexts } from '../test/ml/fixtures/synthetic-texts';

const VIEWERS = 200;
const ROUNDS = 10;
const SCREEN_TEXTS = 5000;
const TRAIN_TEXTS = 30_000;

async function main(): Promise<void> {
  const backend = await initBackend();
  const figures: Record<string, number | string> = { backend: backend.name };
  const progress = progressBar(process.stderr);

  const data = generateInteractions({ seed: 7 });
  figures.interactions = data.interactions.length;
  const [tuned, tunedSeconds] = await timed(() => trainItemModel(data.interactions, { seed: 1, progress }));
  figures['train s (model selection + fit)'] = round(tunedSeconds);
  const [, easeSeconds] = await timed(() => trainItemModel(data.interactions, { params: EASE_BASELINE }));
  figures['train s (plain EASE fit)'] = round(easeSeconds);
  figures['rss MiB after training'] = Math.round(process.memoryUsage().rss / 2 ** 20);
  figures['model MiB (n² float32)'] = round(tuned.weights.byteLength / 2 ** 20);

  const popularity = PopularityModel.fromInteractions(data.interactions);
  const signals = new InMemoryLearnerSignals(data.interactions);
  const userIds = [...new Set(data.interactions.map((e) => e.userId))];
  const tensorsBefore = tf.memory().numTensors;
  for (const [label, batching] of [
    ['micro-batched', { maxBatch: 64, maxWaitMs: 2 }],
    ['unbatched', false],
  ] as const) {
    const recommender = new CourseRecommender({ model: tuned, popularity, signals, batching });
    await recommender.recommendForUser(userIds[0], 10);
    const latencies: number[] = [];
    const [, seconds] = await timed(async () => {
      for (let round = 0; round < ROUNDS; round++) {
        await Promise.all(
          Array.from({ length: VIEWERS }, async (_, v) => {
            const started = performance.now();
            await recommender.recommendForUser(userIds[(round * VIEWERS + v) % userIds.length], 10);
            latencies.push(performance.now() - started);
          }),
        );
      }
    });
    recommender.dispose();
    figures[`recommend p50 ms, ${VIEWERS} concurrent (${label})`] = round(percentile(latencies, 0.5));
    figures[`recommend p99 ms, ${VIEWERS} concurrent (${label})`] = round(percentile(latencies, 0.99));
    figures[`recommend req/s (${label})`] = Math.round((ROUNDS * VIEWERS) / seconds);
  }

  const corpus = generateTexts(TRAIN_TEXTS, 3);
  const {
    result: [moderation, moderationSeconds],
    report: inline,
  } = await probeEventLoop(() => timed(() => ModerationClassifier.train(corpus, { seed: 1, progress })));
  figures[`moderation train s (${TRAIN_TEXTS} texts)`] = round(moderationSeconds);
  figures['event loop held, inline training: longest ms / ticks late > 50 ms / ticks'] = `${inline.maxLatenessMs} / ${inline.ticksOverLimit} / ${inline.ticks}`;
  const { result: threaded, report: worker } = await probeEventLoop(() => runTrainingJob('moderation-classifier', { examples: corpus, options: { seed: 1 } }));
  figures[`moderation train s on a training thread (${TRAIN_TEXTS} texts)`] = round(threaded.milliseconds / 1000);
  figures['event loop held, training thread: longest ms / ticks late > 50 ms / ticks'] = `${worker.maxLatenessMs} / ${worker.ticksOverLimit} / ${worker.ticks}`;
  figures['event loop delay, training thread: max / p99 ms (perf_hooks)'] = `${worker.delayMaxMs} / ${worker.delayP99Ms}`;
  const texts = generateTexts(SCREEN_TEXTS, 4).map((e) => e.text);
  const [, oneByOne] = await timed(async () => texts.forEach((t) => moderation.score([t])));
  figures['texts/s (one call per text)'] = Math.round(SCREEN_TEXTS / oneByOne);
  const batcher = new MicroBatcher<string, ModerationScore>({ maxBatch: 256, maxWaitMs: 2, run: async (batch) => moderation.score(batch) });
  const [, batched] = await timed(() => Promise.all(texts.map((t) => batcher.submit(t))));
  figures['texts/s (micro-batched, 256)'] = Math.round(SCREEN_TEXTS / batched);
  // The chat path's inline budget: one screen's latency alone, and with 50 senders at once through the
  // server's default batcher (ML_BATCH_SIZE 64, ML_BATCH_WAIT_MS 2).
  const alone = texts.slice(0, 1000).map((t) => {
    const started = performance.now();
    moderation.score([t]);
    return performance.now() - started;
  });
  figures['screen one text p50 / p99 ms (alone)'] = `${round(percentile(alone, 0.5))} / ${round(percentile(alone, 0.99))}`;
  const serverBatcher = new MicroBatcher<string, ModerationScore>({ maxBatch: 64, maxWaitMs: 2, run: async (batch) => moderation.score(batch) });
  const concurrent: number[] = [];
  for (let round = 0; round < 40; round += 1) {
    await Promise.all(
      texts.slice(round * 50, round * 50 + 50).map(async (t) => {
        const started = performance.now();
        await serverBatcher.submit(t);
        concurrent.push(performance.now() - started);
      }),
    );
  }
  figures['screen one text p50 / p99 ms (50 concurrent, batched)'] = `${round(percentile(concurrent, 0.5))} / ${round(percentile(concurrent, 0.99))}`;
  moderation.dispose();
  figures['rss MiB at end'] = Math.round(process.memoryUsage().rss / 2 ** 20);
  figures['tfjs tensors alive, before → after all load'] = `${tensorsBefore} → ${tf.memory().numTensors}`;
  figures.backendName = backendName();

  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [k, v] of Object.entries(figures)) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, (performance.now() - started) / 1000];
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function round(x: number): number {
  return Number(x.toFixed(2));
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
