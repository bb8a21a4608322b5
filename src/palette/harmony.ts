import { type Oklch, oklchToHex } from './color-space';
import type { PaletteColors } from './palette.types';
import { readableTextColor } from './readable-text';

/** How secondary or accent derives from the base color, in OKLCH. */
interface RoleRecipe {
  /** Degrees added to the base hue. */
  hueOffset: number;
  /** Lightness moved away from the background's (negative: toward it). */
  lightnessStep: number;
  /** Multiplies the base chroma; gamut mapping trims what sRGB cannot show. */
  chromaScale: number;
}

export interface HarmonyRule {
  name: 'complementary' | 'analogous' | 'triadic' | 'split-complementary' | 'tetradic' | 'monochromatic';
  secondary: RoleRecipe;
  accent: RoleRecipe;
}

/**
 * Classic color-wheel harmonies, with hue angles taken in OKLCH so that
 * "opposite" looks opposite. Lightness steps differ per rule, and none is 0
 * for the secondary, so that even a grey base, where hue means nothing, gives
 * distinct palettes whose secondary is not the primary again.
 */
export const HARMONY_RULES: readonly HarmonyRule[] = [
  {
    name: 'complementary',
    secondary: { hueOffset: 180, lightnessStep: 0.1, chromaScale: 0.9 },
    accent: { hueOffset: 180, lightnessStep: 0.22, chromaScale: 1.1 },
  },
  {
    name: 'analogous',
    secondary: { hueOffset: 30, lightnessStep: 0.06, chromaScale: 0.9 },
    accent: { hueOffset: -30, lightnessStep: 0.16, chromaScale: 1.1 },
  },
  {
    name: 'triadic',
    secondary: { hueOffset: 120, lightnessStep: 0.03, chromaScale: 0.9 },
    accent: { hueOffset: 240, lightnessStep: 0.12, chromaScale: 1.1 },
  },
  {
    name: 'split-complementary',
    secondary: { hueOffset: 150, lightnessStep: 0.08, chromaScale: 0.9 },
    accent: { hueOffset: 210, lightnessStep: 0.2, chromaScale: 1.1 },
  },
  {
    name: 'tetradic',
    secondary: { hueOffset: 90, lightnessStep: 0.14, chromaScale: 0.9 },
    accent: { hueOffset: 270, lightnessStep: -0.1, chromaScale: 1.1 },
  },
  {
    name: 'monochromatic',
    secondary: { hueOffset: 0, lightnessStep: 0.22, chromaScale: 0.6 },
    accent: { hueOffset: 0, lightnessStep: -0.14, chromaScale: 1.2 },
  },
];

/**
 * Secondary and accent lightness is measured from the base lightness pulled
 * into a mid band, so a near-white or near-black brand color still gets
 * supporting colors that read as colors. From there they step darker on a
 * light background and lighter on a dark one, where they stand out best.
 */
const MID_BAND = { low: 0.5, high: 0.7 };
/** Tints stay subtle however saturated the brand is. */
const TINT_CHROMA_CAP = 0.12;
const LIGHT_BACKGROUND = { L: 0.97, chromaScale: 0.12 };
const DARK_BACKGROUND = { L: 0.2, chromaScale: 0.25 };
const TEXT_CHROMA_SCALE = 0.25;

export type BackgroundTone = 'light' | 'dark';

/** The five colors of one harmony around a base color (OKLCH of an sRGB color). */
export function harmonyColors(base: Oklch, primary: string, rule: HarmonyRule, tone: BackgroundTone): PaletteColors {
  const anchor = Math.min(MID_BAND.high, Math.max(MID_BAND.low, base.L));
  const direction = tone === 'light' ? -1 : 1;
  const supporting = (recipe: RoleRecipe) =>
    oklchToHex({
      L: anchor + direction * recipe.lightnessStep,
      C: base.C * recipe.chromaScale,
      h: base.h + recipe.hueOffset,
    });

  const tintChroma = Math.min(base.C, TINT_CHROMA_CAP);
  const backgroundRecipe = tone === 'light' ? LIGHT_BACKGROUND : DARK_BACKGROUND;
  const background = oklchToHex({ L: backgroundRecipe.L, C: tintChroma * backgroundRecipe.chromaScale, h: base.h });

  return {
    primary,
    secondary: supporting(rule.secondary),
    accent: supporting(rule.accent),
    background,
    text: readableTextColor(background, { h: base.h, C: tintChroma * TEXT_CHROMA_SCALE }),
  };
}
