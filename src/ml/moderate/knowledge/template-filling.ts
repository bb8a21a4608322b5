import type { SeededRandom } from '../../seeded-random';

/**
 * Sentence patterns with `{slot}` placeholders, filled at random from lists.
 * `{n1}`..`{n5}` are random digits (1–20 for n1, else that many digits);
 * a filled value may hold placeholders itself (a contact holds `{handle}`).
 */
export interface TemplateSet {
  slots: Record<string, readonly string[]>;
  ok: readonly string[];
  spam: readonly string[];
  abuse: readonly string[];
}

export interface FilledTemplate {
  text: string;
  /** The value of the template's first slot: texts sharing it share a split, so held-out texts hold unseen words. */
  key: string;
}

const PLACEHOLDER = /\{(\w+)\}/g;

export function fillTemplate(template: string, slots: Record<string, readonly string[]>, rng: SeededRandom): FilledTemplate {
  let key = '';
  const fill = (text: string, depth: number): string =>
    text.replace(PLACEHOLDER, (_, name: string) => {
      const value = fillSlot(name, slots, rng);
      if (!key && !/^n\d$/.test(name)) key = value;
      return depth < 3 ? fill(value, depth + 1) : value;
    });
  const text = fill(template, 0);
  return { text, key: key || template };
}

function fillSlot(name: string, slots: Record<string, readonly string[]>, rng: SeededRandom): string {
  const digits = /^n(\d)$/.exec(name);
  if (digits) {
    const n = Number(digits[1]);
    if (n === 1) return String(1 + rng.int(20));
    return String(10 ** (n - 1) + rng.int(9 * 10 ** (n - 1)));
  }
  const values = slots[name];
  if (!values || values.length === 0) throw new RangeError(`template slot '${name}' has no values`);
  return values[rng.int(values.length)];
}
