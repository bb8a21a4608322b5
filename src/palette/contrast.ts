import { hexToSrgb, srgbToLinear } from './color-space';

/**
 * WCAG 2.x contrast (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio) for
 * normal-size text.
 */

export type WcagLevel = 'AAA' | 'AA' | 'FAIL';

export const AAA_MIN_CONTRAST = 7;
export const AA_MIN_CONTRAST = 4.5;

/** WCAG relative luminance of a normalized `#RRGGBB` color: 0 for black, 1 for white. */
export function relativeLuminance(hex: string): number {
  const { r, g, b } = srgbToLinear(hexToSrgb(hex));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast between two normalized `#RRGGBB` colors, from 1 (same) to 21 (black on white); order does not matter. */
export function contrastRatio(foreground: string, background: string): number {
  const [darker, lighter] = [relativeLuminance(foreground), relativeLuminance(background)].sort((x, y) => x - y);
  return (lighter + 0.05) / (darker + 0.05);
}

/** Level met by an unrounded ratio: WCAG forbids rounding up to pass (4.499 fails AA). */
export function wcagLevel(ratio: number): WcagLevel {
  if (ratio >= AAA_MIN_CONTRAST) return 'AAA';
  if (ratio >= AA_MIN_CONTRAST) return 'AA';
  return 'FAIL';
}

/**
 * The ratio rounded to 2 decimals for display. A ratio just under a threshold
 * (6.996) is shown as 6.99, not 7.00, so the shown number never claims a
 * level that `wcagLevel` denies.
 */
export function displayContrastRatio(ratio: number): number {
  const rounded = Math.round(ratio * 100) / 100;
  const crossed = [AAA_MIN_CONTRAST, AA_MIN_CONTRAST].find((threshold) => ratio < threshold && rounded >= threshold);
  return crossed === undefined ? rounded : crossed - 0.01;
}
