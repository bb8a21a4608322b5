import {
  hexToOklch,
  hexToSrgb,
  linearSrgbToOklab,
  mapOklchIntoSrgb,
  oklabToLinearSrgb,
  oklchToHex,
  oklchToOklab,
  parseHexColor,
  srgbToLinear,
} from '../../src/palette/color-space';
import { HEX_RRGGBB, randomHexColors } from './random-colors';

describe('reading hex colors', () => {
  it.each([
    ['#fff', '#FFFFFF'],
    ['#36f', '#3366FF'],
    ['#AbC', '#AABBCC'],
    ['#3366ff', '#3366FF'],
    ['#3366FF', '#3366FF'],
    ['#000000', '#000000'],
  ])('%s reads as %s', (text, hex) => {
    expect(parseHexColor(text)).toBe(hex);
  });

  it.each(['red', '#12345', '#GGGGGG', '3366FF', '', '#', '#1234567', ' #FFF', '#FFF ', '#ff00', 'rgb(0,0,0)'])('%j is not a hex color', (text) => {
    expect(parseHexColor(text)).toBeNull();
  });
});

describe('OKLab and OKLCH', () => {
  it('puts white at lightness 1 and black at 0, both without chroma', () => {
    const white = hexToOklch('#FFFFFF');
    expect(white.L).toBeCloseTo(1, 6);
    expect(white.C).toBeLessThan(1e-6);
    expect(hexToOklch('#000000')).toEqual({ L: 0, C: 0, h: 0 });
  });

  // Reference values: CSS Color 4 / Ottosson's own figures.
  it.each([
    ['#FF0000', 0.62796, 0.25768, 29.234],
    ['#00FF00', 0.86644, 0.29483, 142.495],
    ['#0000FF', 0.45201, 0.31321, 264.052],
    ['#FFFF00', 0.96798, 0.21101, 109.769],
  ])('%s is oklch(%f %f %f)', (hex, L, C, h) => {
    const color = hexToOklch(hex);
    expect(Math.abs(color.L - L)).toBeLessThan(1e-3);
    expect(Math.abs(color.C - C)).toBeLessThan(1e-3);
    expect(Math.abs(color.h - h)).toBeLessThan(1e-2);
  });

  it('gives mid grey a lightness of about 0.6 and no chroma', () => {
    const grey = hexToOklch('#808080');
    expect(Math.abs(grey.L - 0.59987)).toBeLessThan(1e-3);
    expect(grey.C).toBeLessThan(1e-6);
  });

  it('converts linear sRGB to OKLab and back without drift', () => {
    for (const hex of randomHexColors(500, 7)) {
      const linear = srgbToLinear(hexToSrgb(hex));
      const back = oklabToLinearSrgb(linearSrgbToOklab(linear));
      expect(Math.abs(back.r - linear.r)).toBeLessThan(1e-6);
      expect(Math.abs(back.g - linear.g)).toBeLessThan(1e-6);
      expect(Math.abs(back.b - linear.b)).toBeLessThan(1e-6);
    }
  });

  it('returns every hex color exactly after a trip through OKLCH', () => {
    const greys = Array.from({ length: 256 }, (_, v) => `#${v.toString(16).padStart(2, '0').repeat(3).toUpperCase()}`);
    const corners = ['#FF0000', '#00FF00', '#0000FF', '#FFFF00', '#00FFFF', '#FF00FF', '#010000', '#FEFFFF'];
    for (const hex of [...randomHexColors(5000, 42), ...greys, ...corners]) {
      expect(oklchToHex(hexToOklch(hex))).toBe(hex);
    }
  });
});

describe('gamut mapping into sRGB', () => {
  const isDisplayable = (color: { L: number; C: number; h: number }) => {
    const { r, g, b } = oklabToLinearSrgb(oklchToOklab(color));
    return [r, g, b].every((c) => c >= -1e-6 && c <= 1 + 1e-6);
  };

  it('leaves a color sRGB can show as it is', () => {
    const teal = hexToOklch('#008080');
    expect(mapOklchIntoSrgb(teal)).toEqual(teal);
  });

  it('keeps lightness and hue and gives up just enough chroma', () => {
    const vividGreen = { L: 0.7, C: 0.4, h: 150 };
    expect(isDisplayable(vividGreen)).toBe(false);
    const mapped = mapOklchIntoSrgb(vividGreen);
    expect(mapped.L).toBe(0.7);
    expect(mapped.h).toBe(150);
    expect(mapped.C).toBeLessThan(0.4);
    expect(isDisplayable(mapped)).toBe(true);
    expect(isDisplayable({ ...mapped, C: mapped.C + 1e-3 })).toBe(false);
  });

  it.each([
    { L: 1.2, C: 0.3, h: 40 },
    { L: -0.1, C: 0.3, h: 40 },
    { L: 0.5, C: 2, h: -30 },
    { L: 0.999, C: 0.37, h: 725 },
    { L: 0, C: 0.1, h: 0 },
  ])('turns any request, even %j, into a valid hex color', (color) => {
    expect(oklchToHex(color)).toMatch(HEX_RRGGBB);
  });

  it('shows lightness 1 as white and 0 as black', () => {
    expect(oklchToHex({ L: 1, C: 0.2, h: 90 })).toBe('#FFFFFF');
    expect(oklchToHex({ L: 0, C: 0.2, h: 90 })).toBe('#000000');
  });
});
