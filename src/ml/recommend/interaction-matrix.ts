/**
 * Users × items implicit feedback as a compressed sparse row matrix, with the
 * string ids of both sides. Everything downstream (Gram matrix, scoring,
 * evaluation) works on dense indices; ids are translated only at the edges.
 */

export interface Interaction {
  userId: string;
  itemId: string;
  /** Explicit rating if the source has one (MovieLens 1–5); unused for binary feedback. */
  rating?: number;
  /** Unix seconds. */
  timestamp?: number;
}

export interface InteractionMatrixOptions {
  /** Fixed item vocabulary (order = column index); interactions with other items are dropped. */
  itemIds?: readonly string[];
  /** Fixed user vocabulary; interactions of other users are dropped. */
  userIds?: readonly string[];
  /**
   * Cell value of one interaction; default 1 (implicit feedback). A repeated
   * user–item pair keeps its largest value.
   */
  value?: (interaction: Interaction) => number;
}

export class InteractionMatrix {
  readonly userIndex: Map<string, number>;
  readonly itemIndex: Map<string, number>;

  private constructor(
    readonly userIds: readonly string[],
    readonly itemIds: readonly string[],
    /** Row u's entries are cols[rowPtr[u]..rowPtr[u+1]), ascending. */
    readonly rowPtr: Int32Array,
    readonly cols: Int32Array,
    readonly values: Float32Array,
  ) {
    this.userIndex = indexOf(userIds);
    this.itemIndex = indexOf(itemIds);
  }

  static build(interactions: Iterable<Interaction>, options: InteractionMatrixOptions = {}): InteractionMatrix {
    const value = options.value ?? (() => 1);
    const userIds: string[] = options.userIds ? [...options.userIds] : [];
    const itemIds: string[] = options.itemIds ? [...options.itemIds] : [];
    const users = indexOf(userIds);
    const items = indexOf(itemIds);
    const rows: Map<number, number>[] = userIds.map(() => new Map());
    for (const interaction of interactions) {
      let u = users.get(interaction.userId);
      if (u === undefined) {
        if (options.userIds) continue;
        u = userIds.push(interaction.userId) - 1;
        users.set(interaction.userId, u);
        rows.push(new Map());
      }
      let i = items.get(interaction.itemId);
      if (i === undefined) {
        if (options.itemIds) continue;
        i = itemIds.push(interaction.itemId) - 1;
        items.set(interaction.itemId, i);
      }
      const v = value(interaction);
      const row = rows[u];
      row.set(i, Math.max(row.get(i) ?? -Infinity, v));
    }
    const rowPtr = new Int32Array(userIds.length + 1);
    rows.forEach((row, u) => (rowPtr[u + 1] = rowPtr[u] + row.size));
    const cols = new Int32Array(rowPtr[userIds.length]);
    const values = new Float32Array(cols.length);
    rows.forEach((row, u) => {
      const sorted = [...row.keys()].sort((a, b) => a - b);
      sorted.forEach((i, k) => {
        cols[rowPtr[u] + k] = i;
        values[rowPtr[u] + k] = row.get(i)!;
      });
    });
    return new InteractionMatrix(userIds, itemIds, rowPtr, cols, values);
  }

  get userCount(): number {
    return this.userIds.length;
  }

  get itemCount(): number {
    return this.itemIds.length;
  }

  get nnz(): number {
    return this.cols.length;
  }

  itemsOf(user: number): Int32Array {
    return this.cols.subarray(this.rowPtr[user], this.rowPtr[user + 1]);
  }

  valuesOf(user: number): Float32Array {
    return this.values.subarray(this.rowPtr[user], this.rowPtr[user + 1]);
  }

  /** Number of users per item. */
  itemCounts(): Float64Array {
    const counts = new Float64Array(this.itemCount);
    for (const i of this.cols) counts[i] += 1;
    return counts;
  }

  /**
   * Dense XᵀX (items × items, row-major, float64), or XᵀWX with one weight
   * per user. Cost is Σ_u |items(u)|², tens of millions of adds for
   * MovieLens-100K.
   */
  gram(userWeights?: Float64Array): Float64Array {
    const n = this.itemCount;
    const g = new Float64Array(n * n);
    for (let u = 0; u < this.userCount; u++) {
      const start = this.rowPtr[u];
      const end = this.rowPtr[u + 1];
      const wu = userWeights ? userWeights[u] : 1;
      for (let a = start; a < end; a++) {
        const row = this.cols[a] * n;
        const va = this.values[a] * wu;
        for (let b = start; b < end; b++) g[row + this.cols[b]] += va * this.values[b];
      }
    }
    return g;
  }
}

function indexOf(ids: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (index.has(id)) throw new Error(`duplicate id '${id}' in vocabulary`);
    index.set(id, i);
  });
  return index;
}
