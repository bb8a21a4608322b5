import { oklchToHex } from './color-space';
import { AA_MIN_CONTRAST, AAA_MIN_CONTRAST, contrastRatio } from './contrast';

/** Where body text starts before it is pushed toward black or white for contrast. */
const DARK_TEXT_LIGHTNESS = 0.24;
const LIGHT_TEXT_LIGHTNESS = 0.96;
const LIGHTNESS_STEP = 0.02;

/** Hue and chroma the text leans toward, so it belongs to the brand rather than being flat grey. */
export interface TextTint {
  h: number;
  C: number;
}

/**
 * Near-black or near-white text for a `#RRGGBB` background, tinted toward the
 * brand hue. Lightness moves toward the extreme until the text reaches AAA
 * (7:1), settling for AA (4.5:1) when AAA is out of reach.
 *
 * AA is guaranteed: plain black or white is the last resort, and for any
 * background one of the two reaches at least √21 ≈ 4.58:1.
 */
export function readableTextColor(background: string, tint: TextTint): string {
  const darkText = contrastRatio('#000000', background) >= contrastRatio('#FFFFFF', background);
  let firstAa: string | undefined;
  let last = '';
  for (const hex of textCandidates(darkText, tint)) {
    const ratio = contrastRatio(hex, background);
    if (ratio >= AAA_MIN_CONTRAST) return hex;
    if (ratio >= AA_MIN_CONTRAST) firstAa ??= hex;
    last = hex;
  }
  return firstAa ?? last;
}

/** Tinted text from its starting lightness to the extreme, ending in pure black or white. */
function* textCandidates(darkText: boolean, tint: TextTint): Generator<string> {
  const start = darkText ? DARK_TEXT_LIGHTNESS : LIGHT_TEXT_LIGHTNESS;
  const extreme = darkText ? 0 : 1;
  const steps = Math.round(Math.abs(extreme - start) / LIGHTNESS_STEP);
  for (let i = 0; i < steps; i += 1) {
    yield oklchToHex({ L: start + (extreme - start) * (i / steps), C: tint.C, h: tint.h });
  }
  yield darkText ? '#000000' : '#FFFFFF';
}
