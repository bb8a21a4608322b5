import { badUserInput, invalidInput } from '../common/errors';
import { hexToOklch, parseHexColor } from './color-space';
import { contrastRatio, displayContrastRatio, wcagLevel } from './contrast';
import { type BackgroundTone, HARMONY_RULES, harmonyColors } from './harmony';
import { type BrandPalette, PALETTE_COLOR_FIELDS, type PaletteColorField, type PaletteColors } from './palette.types';

export const DEFAULT_PALETTE_COUNT = 6;
export const MIN_PALETTE_COUNT = 1;
export const MAX_PALETTE_COUNT = 12;

/**
 * Harmonious palettes around `baseColor` (`#RGB` or `#RRGGBB`), one per
 * harmony rule; past the number of rules the rules repeat on a dark
 * background. The primary color is always the base; text on background always
 * reaches WCAG AA and AAA where it can. The same input gives the same output.
 *
 * Throws BAD_USER_INPUT naming the argument for a malformed color or a count
 * outside 1..12.
 */
export function suggestPalettes(baseColor: string, count = DEFAULT_PALETTE_COUNT): BrandPalette[] {
  const primary = parseHexColor(baseColor);
  if (primary === null) throw badUserInput(hexColorProblem('baseColor', baseColor), 'baseColor');
  if (!Number.isInteger(count) || count < MIN_PALETTE_COUNT || count > MAX_PALETTE_COUNT) {
    throw badUserInput(
      `count must be a whole number from ${MIN_PALETTE_COUNT} to ${MAX_PALETTE_COUNT}; got ${count}. Leave it out for ${DEFAULT_PALETTE_COUNT}.`,
      'count',
    );
  }

  const base = hexToOklch(primary);
  return Array.from({ length: count }, (_, i) => {
    const rule = HARMONY_RULES[i % HARMONY_RULES.length];
    const tone: BackgroundTone = Math.floor(i / HARMONY_RULES.length) % 2 === 0 ? 'light' : 'dark';
    return withContrast(harmonyColors(base, primary, rule, tone));
  });
}

export type PaletteValidation = { valid: true; colors: PaletteColors } | { valid: false; field: PaletteColorField; message: string };

/** Normalizes the five colors, or names the first one that is not `#RGB`/`#RRGGBB`. */
export function validatePaletteInput(input: PaletteColors): PaletteValidation {
  const colors: Partial<PaletteColors> = {};
  for (const field of PALETTE_COLOR_FIELDS) {
    const hex = parseHexColor(input[field]);
    if (hex === null) return { valid: false, field, message: hexColorProblem(`palette.${field}`, input[field]) };
    colors[field] = hex;
  }
  return { valid: true, colors: colors as PaletteColors };
}

/**
 * A creator's own palette, normalized and rated, for profile updates. A low
 * contrast is reported through `wcagLevel`, not refused: the creator decides.
 *
 * Throws INVALID_INPUT at `['input', 'palette', <field>]` for a malformed color.
 */
export function evaluatePalette(input: PaletteColors): BrandPalette {
  const validation = validatePaletteInput(input);
  if (!validation.valid) throw invalidInput(validation.message, ['input', 'palette', validation.field]);
  return withContrast(validation.colors);
}

function withContrast(colors: PaletteColors): BrandPalette {
  const ratio = contrastRatio(colors.text, colors.background);
  return { ...colors, contrastRatio: displayContrastRatio(ratio), wcagLevel: wcagLevel(ratio) };
}

const QUOTED_INPUT_LIMIT = 40;

function hexColorProblem(label: string, received: string): string {
  const shown = received.length > QUOTED_INPUT_LIMIT ? `${received.slice(0, QUOTED_INPUT_LIMIT)}…` : received;
  return `${label} must be a hex color like "#3366FF" or "#36F"; got ${JSON.stringify(shown)}.`;
}
