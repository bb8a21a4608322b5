/**
 * Long steps (an inverse, training epochs, batch scoring) report how far they
 * are through a callback, so library code never writes to a stream itself.
 * The CLI turns the reports into a bar on stderr; the server can log or drop them.
 */
export type ProgressReporter = (stage: string, fraction: number) => void;

export const silentProgress: ProgressReporter = () => undefined;

interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/**
 * A bar redrawn in place on a terminal; on a pipe or file, one line per 10%
 * per stage so logs stay short.
 */
export function progressBar(stream: ProgressStream, width = 28): ProgressReporter {
  let stage = '';
  let shown = -1;
  return (nextStage, fraction) => {
    const f = Math.min(1, Math.max(0, fraction));
    if (nextStage !== stage) {
      if (stream.isTTY && stage) stream.write('\n');
      stage = nextStage;
      shown = -1;
    }
    const percent = Math.floor(f * 100);
    if (stream.isTTY) {
      if (percent === shown) return;
      shown = percent;
      const filled = Math.round(f * width);
      stream.write(`\r${stage.padEnd(24)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}%`);
      if (f >= 1) {
        stream.write('\n');
        stage = '';
      }
      return;
    }
    const decile = Math.floor(percent / 10);
    if (decile === shown) return;
    shown = decile;
    stream.write(`${stage}: ${percent}%\n`);
  };
}
