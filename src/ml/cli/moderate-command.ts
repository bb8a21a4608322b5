import { progressBar } from '../progress';
import { ModerationClassifier } from '../moderate/moderation-classifier';
import { parseArgs, requiredFlag, integerFlag } from './cli-args';
import { CliError, readInputFile, writeJsonLine, type CommandIo } from './command-io';
import { csvRows, CsvFormatError } from './csv';

export const MODERATE_USAGE = 'moderate --train FILE --input FILE [--seed S]';

/**
 * Trains on a `text,label` CSV and prints, per row of an `id,text` CSV:
 *   {"id":"…","label":"…","scores":{"<label>":p, …}}
 */
export async function moderateCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const args = parseArgs(argv, ['train', 'input', 'seed']);
  const trainFile = requiredFlag(args, 'train');
  const inputFile = requiredFlag(args, 'input');
  const seed = integerFlag(args, 'seed', 1, 0);
  const examples = readCsv(await readInputFile(trainFile, 'training file'), ['text', 'label'], trainFile).filter((r) => r.label.trim() !== '');
  const inputs = readCsv(await readInputFile(inputFile, 'input file'), ['id', 'text'], inputFile);
  if (new Set(examples.map((e) => e.label)).size < 2) throw new CliError(`${trainFile}: training needs at least two distinct labels`);

  const progress = progressBar(io.stderr);
  const model = await ModerationClassifier.train(
    examples.map((e) => ({ text: e.text, label: e.label.trim() })),
    { seed, progress },
  );
  try {
    const BATCH = 1024;
    for (let start = 0; start < inputs.length; start += BATCH) {
      const rows = inputs.slice(start, start + BATCH);
      const scores = model.score(rows.map((r) => r.text));
      rows.forEach((row, i) => writeJsonLine(io, { id: row.id, label: scores[i].label, scores: scores[i].scores }));
      progress('scoring texts', Math.min(1, (start + BATCH) / inputs.length));
    }
  } finally {
    model.dispose();
  }
}

export function readCsv<K extends string>(text: string, columns: readonly K[], file: string): Record<K, string>[] {
  try {
    return csvRows(text, columns);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}
