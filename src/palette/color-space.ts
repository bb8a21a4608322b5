/**
 * Conversions between sRGB hex, linear sRGB, OKLab and OKLCH, using Björn
 * Ottosson's published matrices (https://bottosson.github.io/posts/oklab/).
 *
 * Palettes are designed in OKLCH because equal steps there look equal to
 * people, and hue stays put while lightness or chroma changes; hex is only the
 * wire format.
 */

/** sRGB or linear sRGB channels, nominally in [0, 1]; out-of-gamut colors fall outside. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export interface Oklab {
  /** Perceived lightness, 0 (black) to 1 (white). */
  L: number;
  a: number;
  b: number;
}

export interface Oklch {
  /** Perceived lightness, 0 (black) to 1 (white). */
  L: number;
  /** Colorfulness, 0 for greys; about 0.37 at most inside sRGB. */
  C: number;
  /** Hue angle in degrees, [0, 360). */
  h: number;
}

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * Reads `#RGB` or `#RRGGBB` (any case) and returns it as uppercase `#RRGGBB`,
 * or null when the text is not such a color.
 */
export function parseHexColor(text: string): string | null {
  if (!HEX_COLOR.test(text)) return null;
  const digits = text.slice(1).toUpperCase();
  const long = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  return `#${long}`;
}

/** Channels of a normalized `#RRGGBB` color (see `parseHexColor`). */
export function hexToSrgb(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return { r: ((value >> 16) & 0xff) / 255, g: ((value >> 8) & 0xff) / 255, b: (value & 0xff) / 255 };
}

/** Uppercase `#RRGGBB`; channels are clamped to [0, 1] and rounded to 8 bits. */
export function srgbToHex({ r, g, b }: Rgb): string {
  const byte = (channel: number) => Math.round(Math.min(1, Math.max(0, channel)) * 255);
  return `#${[r, g, b]
    .map((c) => byte(c).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()}`;
}

/** The sRGB transfer function undone: gamma-encoded channel to light intensity. */
export function srgbChannelToLinear(channel: number): number {
  const magnitude = Math.abs(channel);
  const linear = magnitude <= 0.04045 ? magnitude / 12.92 : ((magnitude + 0.055) / 1.055) ** 2.4;
  return Math.sign(channel) * linear;
}

/** Light intensity to gamma-encoded sRGB channel. */
export function linearChannelToSrgb(channel: number): number {
  const magnitude = Math.abs(channel);
  const encoded = magnitude <= 0.0031308 ? magnitude * 12.92 : 1.055 * magnitude ** (1 / 2.4) - 0.055;
  return Math.sign(channel) * encoded;
}

export function srgbToLinear({ r, g, b }: Rgb): Rgb {
  return { r: srgbChannelToLinear(r), g: srgbChannelToLinear(g), b: srgbChannelToLinear(b) };
}

export function linearToSrgb({ r, g, b }: Rgb): Rgb {
  return { r: linearChannelToSrgb(r), g: linearChannelToSrgb(g), b: linearChannelToSrgb(b) };
}

export function linearSrgbToOklab({ r, g, b }: Rgb): Oklab {
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return {
    L: 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    a: 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    b: 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  };
}

export function oklabToLinearSrgb({ L, a, b }: Oklab): Rgb {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return {
    r: 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    g: -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    b: -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  };
}

export function oklabToOklch({ L, a, b }: Oklab): Oklch {
  return { L, C: Math.hypot(a, b), h: normalizeHue((Math.atan2(b, a) * 180) / Math.PI) };
}

export function oklchToOklab({ L, C, h }: Oklch): Oklab {
  const radians = (h * Math.PI) / 180;
  return { L, a: C * Math.cos(radians), b: C * Math.sin(radians) };
}

/** Any angle in degrees to [0, 360). */
export function normalizeHue(degrees: number): number {
  const hue = degrees % 360;
  return hue < 0 ? hue + 360 : hue;
}

/** OKLCH of a normalized `#RRGGBB` color. */
export function hexToOklch(hex: string): Oklch {
  return oklabToOklch(linearSrgbToOklab(srgbToLinear(hexToSrgb(hex))));
}

/**
 * Tolerance for "inside sRGB": the published matrices are rounded to ten
 * digits, so white comes back as 1 ± 1e-8, and nothing this small survives
 * rounding to 8 bits anyway.
 */
const GAMUT_EPSILON = 1e-6;

function isInSrgbGamut({ r, g, b }: Rgb): boolean {
  return [r, g, b].every((c) => c >= -GAMUT_EPSILON && c <= 1 + GAMUT_EPSILON);
}

const GAMUT_SEARCH_STEPS = 24;

/**
 * The color with the same lightness and hue and the most chroma (up to the
 * requested chroma) that sRGB can show. Lightness is clamped to [0, 1] first;
 * at chroma 0 every lightness is a displayable grey, so a result always exists.
 */
export function mapOklchIntoSrgb(color: Oklch): Oklch {
  const target = { L: Math.min(1, Math.max(0, color.L)), C: Math.max(0, color.C), h: normalizeHue(color.h) };
  const fits = (C: number) => isInSrgbGamut(oklabToLinearSrgb(oklchToOklab({ ...target, C })));
  if (fits(target.C)) return target;
  let inside = 0;
  let outside = target.C;
  for (let step = 0; step < GAMUT_SEARCH_STEPS; step += 1) {
    const middle = (inside + outside) / 2;
    if (fits(middle)) inside = middle;
    else outside = middle;
  }
  return { ...target, C: inside };
}

/** Uppercase `#RRGGBB` of an OKLCH color, gamut-mapped by reducing chroma when sRGB cannot show it. */
export function oklchToHex(color: Oklch): string {
  return srgbToHex(linearToSrgb(oklabToLinearSrgb(oklchToOklab(mapOklchIntoSrgb(color)))));
}
