import { crossValidateModeration } from '../moderate/moderation-evaluation';
import { progressBar } from '../progress';
import { evaluateRecommenders } from '../recommend/recommend-evaluation';
import { integerFlag, parseArgs, requiredFlag } from './cli-args';
import { CliError, readInputFile, writeJsonLine, type CommandIo } from './command-io';
import { parseInteractions } from './interaction-file';
import { readCsv } from './moderate-command';

export const EVAL_USAGE = ['eval recommend --data FILE [--seed S]', 'eval moderate --data FILE [--folds 5] [--seed S]'];

/** Offline comparisons against baselines: JSON lines on stdout, a table on stderr. */
export async function evalCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const [what, ...rest] = argv;
  if (what === 'recommend') return evalRecommend(rest, io);
  if (what === 'moderate') return evalModerate(rest, io);
  throw new CliError(`eval needs 'recommend' or 'moderate', got '${what ?? ''}'`, 2);
}

async function evalRecommend(argv: readonly string[], io: CommandIo): Promise<void> {
  const args = parseArgs(argv, ['data', 'seed']);
  const file = requiredFlag(args, 'data');
  const seed = integerFlag(args, 'seed', 42, 0);
  const interactions = parseInteractions(await readInputFile(file, 'data file'), file);
  const rows = await evaluateRecommenders(interactions, { seed, progress: progressBar(io.stderr) });
  for (const r of rows) {
    writeJsonLine(io, {
      model: r.model,
      'recall@10': round(r.recall),
      'ndcg@10': round(r.ndcg),
      users: r.users,
      trainSeconds: round(r.trainSeconds, 2),
      ...(r.params ? { params: r.params } : {}),
    });
  }
  table(
    io,
    ['model', 'Recall@10', 'NDCG@10', 'train s'],
    rows.map((r) => [r.model, round(r.recall), round(r.ndcg), round(r.trainSeconds, 1)]),
  );
}

async function evalModerate(argv: readonly string[], io: CommandIo): Promise<void> {
  const args = parseArgs(argv, ['data', 'folds', 'seed']);
  const file = requiredFlag(args, 'data');
  const folds = integerFlag(args, 'folds', 5, 2);
  const seed = integerFlag(args, 'seed', 42, 0);
  const examples = readCsv(await readInputFile(file, 'data file'), ['text', 'label'], file)
    .map((e) => ({ text: e.text, label: e.label.trim() }))
    .filter((e) => e.label !== '');
  const smallest = Math.min(...countBy(examples.map((e) => e.label)).values());
  if (new Set(examples.map((e) => e.label)).size < 2) throw new CliError(`${file}: evaluation needs at least two distinct labels`);
  if (smallest < folds) io.stderr.write(`warning: a label has only ${smallest} examples, fewer than ${folds} folds\n`);
  const rows = await crossValidateModeration(examples, { folds, seed, progress: progressBar(io.stderr) });
  for (const r of rows) {
    const perClass = Object.fromEntries(Object.entries(r.perClass).map(([label, q]) => [label, { f1: round(q.f1), support: q.support }]));
    writeJsonLine(io, {
      model: r.model,
      macroF1: round(r.macroF1),
      accuracy: round(r.accuracy),
      folds,
      trainSecondsPerFold: round(r.trainSeconds, 2),
      perClass,
    });
  }
  table(
    io,
    ['model', 'macro-F1', 'accuracy', 'train s/fold'],
    rows.map((r) => [r.model, round(r.macroF1), round(r.accuracy), round(r.trainSeconds, 1)]),
  );
}

function table(io: CommandIo, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  for (const r of cells) io.stderr.write(r.map((cell, c) => cell.padEnd(widths[c])).join('  ') + '\n');
}

function round(x: number, digits = 4): number {
  return Number(x.toFixed(digits));
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
