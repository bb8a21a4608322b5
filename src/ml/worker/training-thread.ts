import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProgressReporter } from '../progress';
import type { TrainingJobs } from './training-jobs';

/**
 * Runs one training job (training-jobs.ts) on a worker thread, so a retrain
 * never holds the server's event loop: featurizing and fitting 30,000 texts
 * takes tens of seconds of CPU, scoring a request takes microseconds. The
 * worker starts its own tfjs backend, runs the job and exits; the result
 * (model snapshots, typed arrays transferred, not copied) comes back as a
 * message. One thread per job: training is rare, and a fresh thread frees
 * every tensor and buffer of the run when it exits.
 */

export class TrainingThreadError extends Error {
  constructor(job: string, message: string) {
    super(`training job '${job}' failed on its worker thread: ${message}`);
    this.name = 'TrainingThreadError';
  }
}

/** Which thread ran a job and how long it took, next to its output. */
export interface TrainingRun<T> {
  output: T;
  threadId: number;
  milliseconds: number;
}

/** A job's input as the caller gives it: plain, cloneable data (the worker adds the job's progress reporter). */
export type TrainingInput<K extends keyof TrainingJobs> = Omit<Parameters<TrainingJobs[K]>[0], 'progress'>;

export function runTrainingJob<K extends keyof TrainingJobs>(
  job: K,
  input: TrainingInput<K>,
  onProgress?: ProgressReporter,
): Promise<TrainingRun<Awaited<ReturnType<TrainingJobs[K]>>>> {
  const started = performance.now();
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { entry: workerEntry(), job, input } });
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: { output?: unknown; error?: string; progress?: { stage: string; fraction: number } }) => {
      if (message.progress) {
        onProgress?.(message.progress.stage, message.progress.fraction);
        return;
      }
      settled = true;
      if (message.error !== undefined) reject(new TrainingThreadError(job, message.error));
      else resolve({ output: message.output as Awaited<ReturnType<TrainingJobs[K]>>, threadId: worker.threadId, milliseconds: performance.now() - started });
    });
    worker.once('error', (error) => {
      settled = true;
      reject(new TrainingThreadError(job, error.message));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new TrainingThreadError(job, `the thread exited with code ${code} before answering`));
    });
  });
}

/**
 * The compiled worker (dist/…/training-worker.js) next to this file; under
 * jest, which runs the TypeScript sources, the .ts file, compiled on the fly
 * by @swc/core (a dev dependency, present wherever the sources run).
 */
function workerEntry(): string {
  const js = path.join(__dirname, 'training-worker.js');
  return existsSync(js) ? js : path.join(__dirname, 'training-worker.ts');
}

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts')) {
  const swc = require('@swc/core');
  const fs = require('node:fs');
  const options = (filename) => ({
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022', keepClassNames: true },
    module: { type: 'commonjs' },
  });
  require.extensions['.ts'] = (module, filename) => module._compile(swc.transformSync(fs.readFileSync(filename, 'utf8'), options(filename)).code, filename);
}
require(workerData.entry);
`;
