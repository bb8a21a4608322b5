import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Measures how long the event loop is held while something runs: a timer
 * that should fire every `intervalMs` records how late each tick is (timer
 * drift), and perf_hooks' event-loop-delay histogram samples alongside. A
 * loop that is never held for long shows many ticks, none much late.
 */

export interface EventLoopReport {
  ticks: number;
  /** Ticks more than `limitMs` late: how often the loop was held longer than the limit. */
  ticksOverLimit: number;
  maxLatenessMs: number;
  /** perf_hooks event-loop delay, max and p99, ms. */
  delayMaxMs: number;
  delayP99Ms: number;
  elapsedMs: number;
}

export async function probeEventLoop<T>(
  work: () => Promise<T>,
  options: { intervalMs?: number; limitMs?: number } = {},
): Promise<{ result: T; report: EventLoopReport }> {
  const intervalMs = options.intervalMs ?? 10;
  const limitMs = options.limitMs ?? 50;
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let ticks = 0;
  let over = 0;
  let maxLateness = 0;
  let expected = performance.now() + intervalMs;
  const timer = setInterval(() => {
    const now = performance.now();
    const late = Math.max(0, now - expected);
    ticks++;
    if (late > limitMs) over++;
    maxLateness = Math.max(maxLateness, late);
    expected = now + intervalMs;
  }, intervalMs);
  histogram.enable();
  const started = performance.now();
  try {
    const result = await work();
    const elapsedMs = performance.now() - started;
    return {
      result,
      report: {
        ticks,
        ticksOverLimit: over,
        maxLatenessMs: round(maxLateness),
        delayMaxMs: round(histogram.max / 1e6),
        delayP99Ms: round(histogram.percentile(99) / 1e6),
        elapsedMs: round(elapsedMs),
      },
    };
  } finally {
    clearInterval(timer);
    histogram.disable();
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
