import type { Interaction } from '../recommend/interaction-matrix';
import { CliError } from './command-io';

/**
 * MovieLens u.data lines: `user item rating timestamp`, tab-separated (any
 * whitespace is accepted); ids are opaque strings. Rating and timestamp are
 * optional; blank lines are skipped.
 */
export function parseInteractions(text: string, file: string): Interaction[] {
  const out: Interaction[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const [userId, itemId, rating, timestamp] = line.split(/\t|\s+/);
    if (!userId || !itemId) throw new CliError(`${file}:${i + 1}: expected 'user<TAB>item<TAB>rating<TAB>timestamp', got '${raw}'`);
    const e: Interaction = { userId, itemId };
    if (rating !== undefined) e.rating = numberOrFail(rating, 'rating', file, i);
    if (timestamp !== undefined) e.timestamp = numberOrFail(timestamp, 'timestamp', file, i);
    out.push(e);
  });
  if (out.length === 0) throw new CliError(`${file}: no interactions found`);
  return out;
}

/** One id per line; blank lines skipped. */
export function parseIdList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

function numberOrFail(raw: string, what: string, file: string, index: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new CliError(`${file}:${index + 1}: ${what} '${raw}' is not a number`);
  return value;
}
