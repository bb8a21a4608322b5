import * as tf from '@tensorflow/tfjs';
import { backendInfo, backendName, chooseBackend, gpuDevice, initBackend, type Candidate } from '../../src/ml/backend';
import { MicroBatcher } from '../../src/ml/micro-batcher';
import { decodeSnapshot, encodeSnapshot, createSnapshot, SnapshotFormatError, expectSnapshot } from '../../src/ml/model-snapshot';
import { invertSpdInPlace, NotPositiveDefiniteError } from '../../src/ml/linalg/spd-inverse';
import { symmetricEigen } from '../../src/ml/linalg/symmetric-eigen';
import { SeededRandom } from '../../src/ml/seeded-random';

const installed = (name: string) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};

describe('the tfjs backend chooser', () => {
  it('picks one backend once, whoever asks, and says which package and device it uses', async () => {
    const [a, b] = await Promise.all([initBackend(), initBackend()]);
    expect(a).toBe(b);
    expect(backendName()).toBe(tf.getBackend());
    expect(backendInfo()).toBe(a);
    // The package it must have chosen follows from what is installed here, so every branch asserts.
    const forced = process.env.KNOWPAY_ML_BACKEND;
    const gpu = installed('@tensorflow/tfjs-node-gpu');
    if (forced) {
      expect(a.name).toBe(forced);
    } else if (gpu && a.source === '@tensorflow/tfjs-node-gpu') {
      expect(a.name).toBe('tensorflow');
      expect(a.device).toMatch(/^GPU: .+ \(libcudart\.so|^CPU \(tfjs-node-gpu loaded but TensorFlow found no CUDA/);
    } else if (gpu) {
      // Installed but unusable (libtensorflow missing or broken): skipped with its reason, never silently.
      expect(a.skipped.join('\n')).toMatch(/^@tensorflow\/tfjs-node-gpu: /m);
    } else if (installed('@tensorflow/tfjs-node')) {
      expect(a).toMatchObject({ name: 'tensorflow', source: '@tensorflow/tfjs-node', device: 'CPU (native TensorFlow)' });
    } else {
      expect(a).toMatchObject({ name: 'wasm', source: '@tensorflow/tfjs-backend-wasm' });
      expect(a.device).toMatch(/^CPU \(WebAssembly(, SIMD)?, (1 thread|multi-threaded)\)$/);
      expect(a.skipped).toEqual([expect.stringMatching(/^@tensorflow\/tfjs-node-gpu: /), expect.stringMatching(/^@tensorflow\/tfjs-node: /)]);
    }
  });

  it('skips a GPU package that fails to load, with its reason, and uses the next', async () => {
    const before = tf.getBackend();
    const brokenGpu: Candidate = {
      name: 'tensorflow',
      source: 'fake-gpu',
      load: async () => {
        throw new Error('libcudart.so.11.0: cannot open shared object file\nmore');
      },
      device: async () => 'GPU: never',
    };
    const current: Candidate = { name: before, source: 'already-loaded', load: async () => undefined, device: async () => 'CPU (test)' };
    const chosen = await chooseBackend([brokenGpu, current]);
    expect(chosen).toEqual({
      name: before,
      source: 'already-loaded',
      device: 'CPU (test)',
      skipped: ['fake-gpu: libcudart.so.11.0: cannot open shared object file'],
    });
    await expect(chooseBackend([brokenGpu, current], 'tensorflow')).rejects.toThrow(/no tfjs backend could start:\n {2}fake-gpu: libcudart/);
    await expect(chooseBackend([brokenGpu, current], 'webgpu')).rejects.toThrow(`KNOWPAY_ML_BACKEND=webgpu is not one of: tensorflow, ${before}`);
    expect(tf.getBackend()).toBe(before);
  });

  it('reads the device tfjs-node-gpu really uses from the libraries the process mapped', () => {
    const maps = [
      '7f00 r-xp /usr/lib/x86_64-linux-gnu/libcuda.so.535.104.05',
      '7f01 r-xp /usr/local/cuda-11.2/lib64/libcudart.so.11.0',
      '7f02 r-xp /usr/lib/x86_64-linux-gnu/libcudnn.so.8.1.1',
    ].join('\n');
    expect(gpuDevice(maps, ['NVIDIA H100 80GB HBM3'])).toBe('GPU: NVIDIA H100 80GB HBM3 (libcudart.so.11.0, libcudnn.so.8.1.1)');
    expect(gpuDevice(maps.split('\n').slice(0, 2).join('\n'), [])).toBe('GPU: unnamed GPU (nvidia-smi not found) (libcudart.so.11.0, no cuDNN loaded)');
    expect(gpuDevice('7f00 r-xp /usr/lib/libtensorflow.so.2', ['NVIDIA H100'])).toMatch(
      /^CPU \(tfjs-node-gpu loaded but TensorFlow found no CUDA runtime: it needs the NVIDIA driver, CUDA 11\.2 and cuDNN 8\.1\)$/,
    );
    expect(gpuDevice('/usr/local/cuda/lib64/libcudart.so.11.0', [])).toMatch(/found no CUDA driver/);
  });
});

describe('a micro-batcher in front of a batch model', () => {
  const doubler = (log: number[][]) =>
    new MicroBatcher<number, number>({
      maxBatch: 4,
      maxWaitMs: 5,
      run: async (items) => {
        log.push(items);
        return items.map((x) => x * 2);
      },
    });

  it('answers concurrent requests from one batch, in order', async () => {
    const batches: number[][] = [];
    const batcher = doubler(batches);
    await expect(Promise.all([1, 2, 3].map((x) => batcher.submit(x)))).resolves.toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('sends a full batch at once and the rest after the wait', async () => {
    const batches: number[][] = [];
    const batcher = doubler(batches);
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((x) => batcher.submit(x)));
    expect(results).toEqual([2, 4, 6, 8, 10, 12]);
    expect(batches).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
    expect(batcher.stats()).toEqual({ batches: 2, items: 6, largestBatch: 4 });
  });

  it('rejects only the requests of a failing batch', async () => {
    const batcher = new MicroBatcher<number, number>({
      maxBatch: 2,
      maxWaitMs: 1,
      run: async (items) => {
        if (items.includes(13)) throw new Error('unlucky batch');
        return items;
      },
    });
    const outcomes = await Promise.allSettled([1, 13, 3, 4].map((x) => batcher.submit(x)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'fulfilled']);
    await expect(batcher.submit(5)).resolves.toBe(5);
  });

  it('rejects a batch whose run returns the wrong number of outputs', async () => {
    const batcher = new MicroBatcher<number, number>({ maxBatch: 8, maxWaitMs: 1, run: async () => [1] });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('1 outputs for 2 inputs');
  });
});

describe('model snapshots', () => {
  it('round-trip through a JSON header and one binary blob, with a content version', () => {
    const snapshot = createSnapshot({
      kind: 'demo',
      formatVersion: 1,
      params: { a: 1 },
      meta: { ids: ['x'] },
      weights: { w: Float32Array.of(1.5, -2), n: Int32Array.of(7), d: Float64Array.of(Math.PI) },
    });
    const { header, blob } = encodeSnapshot(snapshot);
    const decoded = decodeSnapshot({ header: JSON.parse(JSON.stringify(header)), blob: Buffer.from(blob) });
    expect(decoded.version).toBe(snapshot.version);
    expect(Array.from(decoded.weights.w)).toEqual([1.5, -2]);
    expect(Array.from(decoded.weights.n)).toEqual([7]);
    expect(decoded.weights.d[0]).toBe(Math.PI);
    const changed = createSnapshot({ kind: 'demo', formatVersion: 1, params: { a: 1 }, meta: { ids: ['x'] }, weights: { w: Float32Array.of(1.5, -3) } });
    expect(changed.version).not.toBe(snapshot.version);
    expect(() => expectSnapshot(snapshot, 'other', 1)).toThrow(SnapshotFormatError);
  });
});

describe('dense linear algebra', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    const rng = new SeededRandom(3);
    for (const n of [1, 2, 5, 33]) {
      const x = Array.from({ length: 2 * n * n }, () => rng.normal());
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < 2 * n; k++) a[i * n + j] += x[k * n + i] * x[k * n + j];
      for (let i = 0; i < n; i++) a[i * n + i] += 0.5;
      const inverse = invertSpdInPlace(a.slice(), n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += a[i * n + k] * inverse[k * n + j];
          expect(s).toBeCloseTo(i === j ? 1 : 0, 8);
        }
      }
    }
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => invertSpdInPlace(Float64Array.of(1, 2, 2, 1), 2)).toThrow(NotPositiveDefiniteError);
  });

  it('finds eigenpairs of a symmetric matrix, largest first', () => {
    const { values, vectors } = symmetricEigen([2, 1, 0, 1, 2, 0, 0, 0, 5], 3);
    expect(Array.from(values).map((v) => Number(v.toFixed(10)))).toEqual([5, 3, 1]);
    expect(Math.abs(vectors[2 * 3 + 0])).toBeCloseTo(1, 10);
  });
});
