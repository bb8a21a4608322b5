import * as tf from '@tensorflow/tfjs';
import { threadId } from 'node:worker_threads';
import { initBackend } from '../../src/ml/backend';
import { ModerationClassifier } from '../../src/ml/moderate/moderation-classifier';
import { probeEventLoop } from '../../src/ml/worker/event-loop-probe';
import { runTrainingJob, TrainingThreadError } from '../../src/ml/worker/training-thread';
import { generateTexts } from './fixtures/synthetic-texts';

// Timings are bench figures (bench/ml.ts); this file asserts counts only.
describe('training on a worker thread', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('trains on 30,000 texts while the event loop keeps ticking, and the model comes back usable', async () => {
    const examples = generateTexts(30_000, 3);
    const tensorsBefore = tf.memory().numTensors;
    const { result: run, report } = await probeEventLoop(() => runTrainingJob('moderation-classifier', { examples, options: { seed: 1, maxEpochs: 4 } }), {
      intervalMs: 20,
    });
    expect(run.threadId).not.toBe(threadId);
    // No tensor was made on this thread while it trained.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // Trained inline, the loop would not turn at all until training ended (the epochs are synchronous);
    // on its own thread the 20 ms timer fires throughout: at least a quarter of the ticks the elapsed time allows.
    expect(report.ticks).toBeGreaterThanOrEqual(Math.floor(report.elapsedMs / 20 / 4));
    expect(report.ticks).toBeGreaterThan(20);
    const model = ModerationClassifier.deserialize(run.output.snapshot);
    expect(model.score(['加 微 信 领 取 免 费 资 料'])[0].label).toBe('spam');
    model.dispose();
  }, 240_000);

  it("reports the job's progress from its thread, stage by stage, up to the end", async () => {
    const reports: Array<[string, number]> = [];
    await runTrainingJob('moderation-classifier', { examples: generateTexts(2_000, 5), options: { seed: 1, maxEpochs: 3 } }, (stage, fraction) =>
      reports.push([stage, fraction]),
    );
    const epochs = reports.filter(([stage]) => stage === 'training epochs').map(([, fraction]) => fraction);
    expect(epochs.length).toBeGreaterThanOrEqual(1);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    expect(epochs[epochs.length - 1]).toBe(1);
  }, 120_000);

  it('reports a failing job as an error with the job name, not a crash', async () => {
    await expect(runTrainingJob('moderation-classifier', { examples: [{ text: 'only one label', label: 'ok' }], options: {} })).rejects.toThrow(
      TrainingThreadError,
    );
    await expect(runTrainingJob('moderation-classifier', { examples: [{ text: 'only one label', label: 'ok' }], options: {} })).rejects.toThrow(
      /'moderation-classifier' failed on its worker thread: RangeError: moderation training needs at least two labels/,
    );
  });
});
