/**
 * A sparse feature vector: parallel arrays of column indices (ascending,
 * unique) and values. Featurizers produce them; classifiers consume them.
 */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/**
 * Builds a vector from raw counts per column: sublinear TF (1 + ln tf), then
 * L2 normalisation, so long texts do not dominate and repeated words saturate.
 */
export function sublinearL2(counts: ReadonlyMap<number, number>, weightOf: (column: number) => number = () => 1): SparseVector {
  const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
  const values = new Float32Array(indices.length);
  let norm = 0;
  indices.forEach((column, k) => {
    const v = (1 + Math.log(counts.get(column)!)) * weightOf(column);
    values[k] = v;
    norm += v * v;
  });
  norm = Math.sqrt(norm);
  if (norm > 0) for (let k = 0; k < values.length; k++) values[k] /= norm;
  return { indices, values };
}
