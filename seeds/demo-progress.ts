/**
 * Progress of a long step: on a terminal, one bar redrawn in place; anywhere
 * else (a log file, CI, JSON logs) a line at every tenth, so a newcomer
 * watching the first start sees it move and a log stays short.
 */
export interface Progress {
  tick(done: number): void;
  finish(summary: string): void;
}

export interface ProgressOutput {
  /** Whether redrawing in place works (a TTY). */
  tty: boolean;
  write(text: string): void;
  line(text: string): void;
}

export const consoleProgressOutput = (): ProgressOutput => ({
  tty: Boolean(process.stdout.isTTY),
  write: (text) => process.stdout.write(text),
  line: (text) => console.log(text),
});

const BAR_WIDTH = 28;

export function progress(label: string, total: number, output: ProgressOutput | null): Progress {
  if (!output) return { tick: () => undefined, finish: () => undefined };
  let shownTenth = -1;
  let drawnAt = 0;
  return {
    tick(done) {
      const share = total === 0 ? 1 : Math.min(1, done / total);
      if (output.tty) {
        const now = Date.now();
        if (now - drawnAt < 100 && done < total) return;
        drawnAt = now;
        const filled = Math.round(share * BAR_WIDTH);
        output.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${done}/${total}`);
        return;
      }
      const tenth = Math.floor(share * 10);
      if (tenth > shownTenth) {
        shownTenth = tenth;
        output.line(`${label}: ${tenth * 10}% (${done}/${total})`);
      }
    },
    finish(summary) {
      if (output.tty) output.write('\r\x1b[2K');
      output.line(`${label}: ${summary}`);
    },
  };
}
