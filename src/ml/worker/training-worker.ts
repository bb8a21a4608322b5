import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '../backend';
import type { ModelSnapshot } from '../model-snapshot';
import { TRAINING_JOBS, type TrainingJobs } from './training-jobs';

/** The worker side of training-thread.ts: run the job named in workerData, answer once, exit. */
async function run(): Promise<void> {
  const { job, input } = workerData as { job: keyof TrainingJobs; input: never };
  try {
    await initBackend();
    // How far the job is, as messages: a reporter cannot cross the thread boundary, so the worker gives the job its own.
    const progress = (stage: string, fraction: number) => parentPort!.postMessage({ progress: { stage, fraction } });
    const output = await TRAINING_JOBS[job]({ ...(input as object), progress } as never);
    parentPort!.postMessage({ output }, transferablesOf(output));
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

/** The weight buffers of every snapshot in the output move to the caller instead of being copied. */
function transferablesOf(output: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    if (isSnapshot(value)) {
      for (const w of Object.values(value.weights)) if (w.buffer instanceof ArrayBuffer) buffers.add(w.buffer);
      return;
    }
    for (const v of Object.values(value)) visit(v);
  };
  visit(output);
  return [...buffers];
}

function isSnapshot(value: object): value is ModelSnapshot {
  return 'kind' in value && 'weights' in value && typeof (value as ModelSnapshot).weights === 'object';
}

void run();
