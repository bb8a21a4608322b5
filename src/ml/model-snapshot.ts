import { createHash } from 'node:crypto';

/**
 * What a trained model is, as data: small JSON-able facts plus typed-array
 * weights. Every model has `serialize(): ModelSnapshot` and a static
 * `deserialize(snapshot)`; `encodeSnapshot` splits a snapshot into a JSON
 * header and one binary blob, which is what a `jsonb` + `bytea` row holds.
 */

export type WeightArray = Float32Array | Float64Array | Int32Array | Uint32Array;
export type WeightDType = 'float32' | 'float64' | 'int32' | 'uint32';

export interface ModelSnapshot<P extends object = object, M extends object = object> {
  /** Which deserializer reads this, e.g. 'recommend.item-item'. */
  kind: string;
  /** Layout version of `kind`; bump when a deserializer must change. */
  formatVersion: number;
  /** Content hash of params, meta and weights: equal models get equal versions. */
  version: string;
  /** ISO-8601 time training finished. */
  trainedAt: string;
  /** Hyper-parameters the model was trained with. */
  params: P;
  /** Everything else that is not a weight array (ids, labels, evaluation figures). */
  meta: M;
  weights: Record<string, WeightArray>;
}

export interface WeightEntry {
  name: string;
  dtype: WeightDType;
  length: number;
  /** Byte offset in the blob. */
  offset: number;
}

export interface EncodedSnapshot {
  header: Omit<ModelSnapshot, 'weights'> & { weights: WeightEntry[] };
  blob: Buffer;
}

export class SnapshotFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotFormatError';
  }
}

/** Builds a snapshot and stamps its content version. */
export function createSnapshot<P extends object, M extends object>(
  fields: Omit<ModelSnapshot<P, M>, 'version' | 'trainedAt'> & { trainedAt?: string },
): ModelSnapshot<P, M> {
  const trainedAt = fields.trainedAt ?? new Date().toISOString();
  const hash = createHash('sha256');
  hash.update(JSON.stringify([fields.kind, fields.formatVersion, fields.params, fields.meta]));
  for (const name of Object.keys(fields.weights).sort()) {
    const w = fields.weights[name];
    hash.update(name);
    hash.update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
  }
  return { ...fields, trainedAt, version: hash.digest('hex').slice(0, 16) };
}

/** Checks kind and format version before a deserializer reads anything. */
export function expectSnapshot(snapshot: ModelSnapshot, kind: string, formatVersion: number): void {
  if (snapshot.kind !== kind) throw new SnapshotFormatError(`expected a '${kind}' snapshot, got '${snapshot.kind}'`);
  if (snapshot.formatVersion !== formatVersion) {
    throw new SnapshotFormatError(`'${kind}' snapshot has format ${snapshot.formatVersion}; this build reads ${formatVersion}`);
  }
}

/** A named weight array of the expected type, or a SnapshotFormatError. */
export function weightOf<T extends WeightArray>(snapshot: ModelSnapshot, name: string, type: new (n: number) => T): T {
  const w: unknown = snapshot.weights[name];
  if (w instanceof type) return w;
  // A snapshot from a worker thread (or another vm context, as under jest) holds typed arrays of another realm:
  // same type by tag, not by instanceof. View the same memory through this realm's constructor.
  if (ArrayBuffer.isView(w) && Object.prototype.toString.call(w) === `[object ${type.name}]`) {
    const view = w as unknown as WeightArray;
    const Ctor = type as unknown as new (buffer: ArrayBufferLike, offset: number, length: number) => T;
    return new Ctor(view.buffer, view.byteOffset, view.length);
  }
  throw new SnapshotFormatError(`'${snapshot.kind}' snapshot lacks ${type.name} weight '${name}'`);
}

const DTYPES: Record<WeightDType, { ctor: new (buffer: ArrayBuffer, offset: number, length: number) => WeightArray; bytes: number }> = {
  float32: { ctor: Float32Array, bytes: 4 },
  float64: { ctor: Float64Array, bytes: 8 },
  int32: { ctor: Int32Array, bytes: 4 },
  uint32: { ctor: Uint32Array, bytes: 4 },
};

const TAGS: Record<string, WeightDType> = {
  '[object Float32Array]': 'float32',
  '[object Float64Array]': 'float64',
  '[object Int32Array]': 'int32',
  '[object Uint32Array]': 'uint32',
};

/** By tag rather than instanceof: weights from a worker thread are typed arrays of another realm. */
function dtypeOf(w: WeightArray): WeightDType {
  const dtype = TAGS[Object.prototype.toString.call(w)];
  if (!dtype) throw new SnapshotFormatError(`unsupported weight array ${Object.prototype.toString.call(w)}`);
  return dtype;
}

export function encodeSnapshot(snapshot: ModelSnapshot): EncodedSnapshot {
  const entries: WeightEntry[] = [];
  let offset = 0;
  for (const [name, w] of Object.entries(snapshot.weights)) {
    // Align each array to 8 bytes so it can be viewed in place after decoding.
    offset = Math.ceil(offset / 8) * 8;
    entries.push({ name, dtype: dtypeOf(w), length: w.length, offset });
    offset += w.byteLength;
  }
  const blob = Buffer.alloc(offset);
  for (const entry of entries) {
    const w = snapshot.weights[entry.name];
    blob.set(new Uint8Array(w.buffer, w.byteOffset, w.byteLength), entry.offset);
  }
  const { weights: _weights, ...rest } = snapshot;
  return { header: { ...rest, weights: entries }, blob };
}

export function decodeSnapshot(encoded: EncodedSnapshot): ModelSnapshot {
  const { header, blob } = encoded;
  // Copy into a fresh ArrayBuffer: a Buffer may be a slice of a shared pool
  // with an unaligned offset.
  const buffer = new ArrayBuffer(blob.byteLength);
  new Uint8Array(buffer).set(blob);
  const weights: Record<string, WeightArray> = {};
  for (const entry of header.weights) {
    const dtype = DTYPES[entry.dtype];
    if (!dtype) throw new SnapshotFormatError(`unknown weight dtype '${entry.dtype}' for '${entry.name}'`);
    if (entry.offset + entry.length * dtype.bytes > buffer.byteLength) {
      throw new SnapshotFormatError(`weight '${entry.name}' runs past the end of the blob`);
    }
    weights[entry.name] = new dtype.ctor(buffer, entry.offset, entry.length);
  }
  return { ...header, weights };
}
