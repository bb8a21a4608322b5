/**
 * Gathers concurrent single-item requests into one batch call.
 *
 * Scoring 200 users one by one costs 200 small matMuls; scoring them together
 * costs about one. A submission waits at most `maxWaitMs` for company, and a
 * full batch (`maxBatch`) leaves at once. A failing batch rejects only its own
 * submissions; later batches are unaffected.
 */

export interface MicroBatcherOptions<I, O> {
  maxBatch: number;
  maxWaitMs: number;
  /** Must return one output per input, in order. */
  run: (items: I[]) => Promise<O[]>;
}

export interface MicroBatcherStats {
  batches: number;
  items: number;
  largestBatch: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

export class MicroBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly counters: MicroBatcherStats = { batches: 0, items: 0, largestBatch: 0 };

  constructor(private readonly options: MicroBatcherOptions<I, O>) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) {
      throw new RangeError(`maxBatch must be a positive integer, got ${options.maxBatch}`);
    }
    if (!(options.maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be ≥ 0, got ${options.maxWaitMs}`);
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  /** Sends everything queued now, in batches of at most `maxBatch`. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) void this.dispatch(this.queue.splice(0, this.options.maxBatch));
  }

  stats(): MicroBatcherStats {
    return { ...this.counters };
  }

  private async dispatch(batch: Pending<I, O>[]): Promise<void> {
    this.counters.batches += 1;
    this.counters.items += batch.length;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, batch.length);
    try {
      const outputs = await this.options.run(batch.map((p) => p.item));
      if (!Array.isArray(outputs) || outputs.length !== batch.length) {
        throw new Error(`batch run returned ${Array.isArray(outputs) ? outputs.length : typeof outputs} outputs for ${batch.length} inputs`);
      }
      batch.forEach((p, i) => p.resolve(outputs[i]));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
