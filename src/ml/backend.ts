import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';

/**
 * Picks the fastest tfjs backend this process can load, once.
 *
 * Order: native TensorFlow with CUDA (tfjs-node-gpu), native TensorFlow on CPU
 * (tfjs-node), WebAssembly (tfjs-backend-wasm, ships with the app and is 25–50×
 * faster than the pure-JS kernels here), then the pure-JS 'cpu' backend.
 * The native packages are optional dependencies that fail to install on
 * machines without their prebuilt binaries, so each step tolerates absence.
 *
 * KNOWPAY_ML_BACKEND=tensorflow|wasm|cpu forces a choice (benchmarks, tests).
 */

export interface BackendInfo {
  /** tfjs backend name: 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  /** Which package provided it. */
  source: string;
}

type Candidate = { name: string; source: string; load: () => Promise<void> };

let chosen: Promise<BackendInfo> | undefined;
let active: BackendInfo | undefined;

/** Idempotent: every caller awaits the same choice. */
export function initBackend(): Promise<BackendInfo> {
  chosen ??= choose().then((info) => (active = info));
  return chosen;
}

/** The active backend, or 'uninitialized' before `initBackend()` resolved. */
export function backendName(): string {
  return active?.name ?? 'uninitialized';
}

async function choose(): Promise<BackendInfo> {
  const forced = process.env.KNOWPAY_ML_BACKEND?.trim();
  const candidates = CANDIDATES.filter((c) => !forced || c.name === forced);
  if (candidates.length === 0) {
    throw new Error(`KNOWPAY_ML_BACKEND=${forced} is not one of: ${CANDIDATES.map((c) => c.name).join(', ')}`);
  }
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      await candidate.load();
      if (await tf.setBackend(candidate.name)) {
        await tf.ready();
        // Silence tfjs's own "install tfjs-node" banners and debug checks.
        tf.enableProdMode();
        return { name: candidate.name, source: candidate.source };
      }
      failures.push(`${candidate.source}: setBackend returned false`);
    } catch (error) {
      failures.push(`${candidate.source}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no tfjs backend could start:\n  ${failures.join('\n  ')}`);
}

/**
 * A native binding registers its 'tensorflow' backend on the tfjs-core it
 * resolves; if npm gave it a different copy than ours, setBackend() on our copy
 * fails and the chooser moves on instead of computing on the wrong engine.
 */
function nativeBinding(packageName: string): Candidate {
  return {
    name: 'tensorflow',
    source: packageName,
    load: async () => {
      // A computed name keeps tsc and bundlers from requiring the optional package.
      const optionalRequire: NodeRequire = require;
      optionalRequire(packageName);
    },
  };
}

const CANDIDATES: Candidate[] = [
  nativeBinding('@tensorflow/tfjs-node-gpu'),
  nativeBinding('@tensorflow/tfjs-node'),
  {
    name: 'wasm',
    source: '@tensorflow/tfjs-backend-wasm',
    load: async () => {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // The .wasm binaries sit next to the package's entry point in dist/;
      // without an explicit path the loader would look beside our own script.
      const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(dist + path.sep);
      // Only honoured where the threaded build can run (browsers with
      // SharedArrayBuffer); Node currently gets the single-threaded SIMD build
      // (tfjs issue 3830). Leave one core for the event loop when there are many.
      const cores = availableParallelism();
      wasm.setThreadsCount(cores > 2 ? cores - 1 : cores);
    },
  },
  { name: 'cpu', source: '@tensorflow/tfjs (pure JS)', load: async () => undefined },
];
