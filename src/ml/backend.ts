import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
 *
 * `device` says where kernels actually run. tfjs-node-gpu loads even on a
 * host without a usable GPU (TensorFlow then falls back to the CPU without a
 * word), so for it the device is read from the process itself: the CUDA
 * runtime and cuDNN libraries TensorFlow mapped after placing a first kernel,
 * and the GPU's name from nvidia-smi. A GPU host needs the NVIDIA driver,
 * CUDA 11.2 and cuDNN 8.1 (libtensorflow 2.9.1, what tfjs-node-gpu 4.22
 * downloads at install; README "GPU hosts").
 */

export interface BackendInfo {
  /** tfjs backend name: 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  /** Which package provided it. */
  source: string;
  /** Where kernels run, e.g. 'GPU: NVIDIA H100 (CUDA runtime, cuDNN loaded)', 'CPU (WebAssembly, SIMD, 1 thread)'. */
  device: string;
  /** Why the packages before it were not used (absent, failed to load). */
  skipped: string[];
}

export type Candidate = { name: string; source: string; load: () => Promise<void>; device: () => Promise<string> };

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

/** The active backend's package and device, for /readyz and the start log. */
export function backendInfo(): BackendInfo | undefined {
  return active;
}

async function choose(): Promise<BackendInfo> {
  return chooseBackend(CANDIDATES, process.env.KNOWPAY_ML_BACKEND?.trim());
}

/** The first candidate that loads and activates, in order; `forced` keeps only candidates of that backend name. */
export async function chooseBackend(all: readonly Candidate[], forced?: string): Promise<BackendInfo> {
  const candidates = all.filter((c) => !forced || c.name === forced);
  if (candidates.length === 0) {
    throw new Error(`KNOWPAY_ML_BACKEND=${forced} is not one of: ${[...new Set(all.map((c) => c.name))].join(', ')}`);
  }
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      await candidate.load();
      if (await tf.setBackend(candidate.name)) {
        await tf.ready();
        // Silence tfjs's own "install tfjs-node" banners and debug checks.
        tf.enableProdMode();
        return { name: candidate.name, source: candidate.source, device: await candidate.device(), skipped: failures };
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
function nativeBinding(packageName: string, gpu: boolean): Candidate {
  return {
    name: 'tensorflow',
    source: packageName,
    load: async () => {
      // A computed name keeps tsc and bundlers from requiring the optional package.
      const optionalRequire: NodeRequire = require;
      optionalRequire(packageName);
    },
    device: async () => {
      if (!gpu) return 'CPU (native TensorFlow)';
      // TensorFlow opens the CUDA libraries when it places its first kernel.
      tf.tidy(() => tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).dataSync());
      return gpuDevice(readMappedLibraries(), nvidiaGpuNames());
    },
  };
}

/**
 * Where tfjs-node-gpu's kernels run, from the shared libraries this process
 * mapped (/proc/self/maps) and the GPUs nvidia-smi lists.
 */
export function gpuDevice(mappedLibraries: string, gpuNames: readonly string[]): string {
  const cudart = /libcudart\.so[.\d]*/.exec(mappedLibraries)?.[0];
  const cudnn = /libcudnn\.so[.\d]*/.exec(mappedLibraries)?.[0];
  if (!/libcuda\.so/.test(mappedLibraries) || !cudart) {
    return `CPU (tfjs-node-gpu loaded but TensorFlow found no CUDA ${cudart ? 'driver' : 'runtime'}: it needs the NVIDIA driver, CUDA 11.2 and cuDNN 8.1)`;
  }
  const name = gpuNames.length > 0 ? gpuNames.join(', ') : 'unnamed GPU (nvidia-smi not found)';
  return `GPU: ${name} (${cudart}${cudnn ? `, ${cudnn}` : ', no cuDNN loaded'})`;
}

function readMappedLibraries(): string {
  try {
    return readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return '';
  }
}

function nvidiaGpuNames(): string[] {
  try {
    return execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8', timeout: 5000 })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

const CANDIDATES: Candidate[] = [
  nativeBinding('@tensorflow/tfjs-node-gpu', true),
  nativeBinding('@tensorflow/tfjs-node', false),
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
    device: async () => {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      return `CPU (WebAssembly${simd ? ', SIMD' : ''}, ${threads ? 'multi-threaded' : '1 thread'})`;
    },
  },
  { name: 'cpu', source: '@tensorflow/tfjs (pure JS)', load: async () => undefined, device: async () => 'CPU (JavaScript kernels)' },
];
