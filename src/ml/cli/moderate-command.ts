import { progressBar } from '../progress';
import { badScoreOf, OK_LABEL, type KindThresholds } from '../moderate/audit-policy';
import { defaultAuditModel } from '../moderate/default-audit-model';
import { ModerationClassifier } from '../moderate/moderation-classifier';
import { MODERATION_KINDS, moderationThresholds } from '../../kernel/config';
import { parseArgs, requiredFlag, integerFlag } from './cli-args';
import { CliError, readInputFile, writeJsonLine, type CommandIo } from './command-io';
import { csvRows, CsvFormatError } from './csv';

export const MODERATE_USAGE = 'moderate --input FILE [--kind COMMENT] | moderate --train FILE --input FILE [--seed S]';

const KINDS: readonly string[] = MODERATION_KINDS;
const BATCH = 1024;

/**
 * Scores every row of an `id,text` CSV, one JSON line each.
 *
 * Without --train: with the audit model a fresh server serves (the same
 * cached default model, so the same version) and the server's policy for
 * --kind (its calibrated thresholds, or MODERATION_THRESHOLDS /
 * MODERATION_OK_PRIOR_PERCENT when set, as the server reads them):
 *   {"id","label","decision","badScore","scores","kind","modelVersion"}
 * where label is `ok` when the server would publish the text without a
 * review, else the most probable bad label, and decision is PUBLISHED,
 * REVIEW, HELD or REJECTED.
 *
 * With --train FILE (a `text,label` CSV): trains on it and prints the most
 * probable label and the probabilities, as before:
 *   {"id","label","scores"}
 */
export async function moderateCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const args = parseArgs(argv, ['train', 'input', 'seed', 'kind']);
  const inputFile = requiredFlag(args, 'input');
  const inputs = readCsv(await readInputFile(inputFile, 'input file'), ['id', 'text'], inputFile);
  if (args.flags.has('train')) return scoreWithTrainedModel(args.flags.get('train')!, integerFlag(args, 'seed', 1, 0), inputs, io);
  return scoreWithShippedModel(args.flags.get('kind') ?? 'COMMENT', inputs, io);
}

async function scoreWithShippedModel(kind: string, inputs: Array<{ id: string; text: string }>, io: CommandIo): Promise<void> {
  if (!KINDS.includes(kind)) throw new CliError(`--kind must be one of ${KINDS.join(', ')}, got '${kind}'`, 2);
  const problems: string[] = [];
  const overrides = moderationThresholds(process.env.MODERATION_THRESHOLDS, problems);
  if (problems.length) throw new CliError(problems.join('; '));
  io.stderr.write('loading the shipped audit model (trained once on first use, about half a minute) …\n');
  const shipped = await defaultAuditModel();
  const model = ModerationClassifier.deserialize(shipped.snapshot);
  const okPrior = process.env.MODERATION_OK_PRIOR_PERCENT ? Number(process.env.MODERATION_OK_PRIOR_PERCENT) / 100 : model.policy!.okPrior;
  const thresholds: KindThresholds = overrides[kind] ?? model.policy!.thresholds[kind];
  io.stderr.write(
    `audit model ${shipped.snapshot.version}, ${kind}: review ≥ ${thresholds.review}, hold ≥ ${thresholds.hold}, reject ≥ ${thresholds.reject}, ok prior ${okPrior}\n`,
  );
  try {
    for (let start = 0; start < inputs.length; start += BATCH) {
      const rows = inputs.slice(start, start + BATCH);
      model.score(rows.map((r) => r.text)).forEach((score, i) => {
        const badScore = badScoreOf(score.scores, okPrior);
        const decision =
          badScore >= thresholds.reject ? 'REJECTED' : badScore >= thresholds.hold ? 'HELD' : badScore >= thresholds.review ? 'REVIEW' : 'PUBLISHED';
        const worst = Object.entries(score.scores)
          .filter(([l]) => l !== OK_LABEL)
          .sort((a, b) => b[1] - a[1])[0][0];
        writeJsonLine(io, {
          id: rows[i].id,
          label: decision === 'PUBLISHED' ? OK_LABEL : worst,
          decision,
          badScore: round(badScore),
          scores: score.scores,
          kind,
          modelVersion: shipped.snapshot.version,
        });
      });
    }
  } finally {
    model.dispose();
  }
}

async function scoreWithTrainedModel(trainFile: string, seed: number, inputs: Array<{ id: string; text: string }>, io: CommandIo): Promise<void> {
  const examples = readCsv(await readInputFile(trainFile, 'training file'), ['text', 'label'], trainFile).filter((r) => r.label.trim() !== '');
  if (new Set(examples.map((e) => e.label)).size < 2) throw new CliError(`${trainFile}: training needs at least two distinct labels`);
  const progress = progressBar(io.stderr);
  const model = await ModerationClassifier.train(
    examples.map((e) => ({ text: e.text, label: e.label.trim() })),
    { seed, progress },
  );
  try {
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

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
