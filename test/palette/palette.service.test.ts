import { GraphQLError } from 'graphql';
import { ErrorCode, UserFailure } from '../../src/common/errors';
import { hexToOklch } from '../../src/palette/color-space';
import { contrastRatio, displayContrastRatio, relativeLuminance, wcagLevel } from '../../src/palette/contrast';
import { HARMONY_RULES } from '../../src/palette/harmony';
import { evaluatePalette, suggestPalettes, validatePaletteInput } from '../../src/palette/palette.service';
import { PALETTE_COLOR_FIELDS } from '../../src/palette/palette.types';
import { HEX_RRGGBB, hueDifference, randomHexColors } from './random-colors';

const bases = randomHexColors(200, 2024);

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function expectBadUserInput(run: () => unknown, argument: string, mentions: string) {
  const error = thrown(run);
  expect(error).toBeInstanceOf(GraphQLError);
  expect((error as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
  expect((error as GraphQLError).message).toContain(mentions);
}

describe('a creator asks for palettes around their brand color', () => {
  it('gets six palettes led by their color, normalized', () => {
    const palettes = suggestPalettes('#36f');
    expect(palettes).toHaveLength(6);
    for (const palette of palettes) expect(palette.primary).toBe('#3366FF');
  });

  it('gets the same palettes every time', () => {
    expect(suggestPalettes('#3366FF', 12)).toEqual(suggestPalettes('#3366ff', 12));
  });

  it('gets only valid colors and readable text for any brand color', () => {
    for (const base of bases) {
      for (const palette of suggestPalettes(base, 12)) {
        for (const field of PALETTE_COLOR_FIELDS) expect(palette[field]).toMatch(HEX_RRGGBB);
        const ratio = contrastRatio(palette.text, palette.background);
        expect(ratio).toBeGreaterThanOrEqual(4.5);
        expect(palette.contrastRatio).toBe(displayContrastRatio(ratio));
        expect(palette.contrastRatio).toBeGreaterThanOrEqual(4.5);
        expect(palette.wcagLevel).toBe(wcagLevel(ratio));
        expect(palette.wcagLevel).toBe(palette.contrastRatio >= 7 ? 'AAA' : 'AA');
      }
    }
  });

  it('reaches AAA on the tinted backgrounds it chooses', () => {
    for (const base of bases) {
      for (const palette of suggestPalettes(base, 12)) expect(palette.wcagLevel).toBe('AAA');
    }
  });

  it('keeps text readable on the extreme brand colors too', () => {
    for (const base of ['#000000', '#FFFFFF', '#FFFF00', '#0000FF', '#00FF00', '#FF00FF', '#808080', '#010101']) {
      for (const palette of suggestPalettes(base, 12)) expect(contrastRatio(palette.text, palette.background)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('puts the first round on light tints of the brand and the second on dark ones', () => {
    const palettes = suggestPalettes('#E4572E', 12);
    for (const palette of palettes.slice(0, 6)) expect(relativeLuminance(palette.background)).toBeGreaterThan(0.8);
    for (const palette of palettes.slice(6)) expect(relativeLuminance(palette.background)).toBeLessThan(0.05);
    const base = hexToOklch('#E4572E');
    const tint = hexToOklch(palettes[0].background);
    expect(Math.abs(hueDifference(base.h, tint.h))).toBeLessThan(10);
  });

  it('gets twelve different palettes when asking for twelve', () => {
    for (const base of ['#3366FF', '#808080', '#FFFFFF', '#000000']) {
      const palettes = suggestPalettes(base, 12).map((p) => JSON.stringify(p));
      expect(new Set(palettes).size).toBe(12);
    }
  });

  it('never repeats the primary as the secondary, even for a grey brand', () => {
    for (const base of ['#808080', '#FFFFFF', '#000000', ...bases]) {
      for (const palette of suggestPalettes(base, 12)) expect(palette.secondary).not.toBe(palette.primary);
    }
  });
});

describe('harmony rules keep their hue relations in OKLCH', () => {
  // Hue is only meaningful with some chroma; 8-bit rounding moves it by about atan(0.003 / C).
  const hueTolerance = (chroma: number) => 1 + (Math.atan(0.004 / chroma) * 180) / Math.PI;
  const chromatic = bases.filter((base) => hexToOklch(base).C > 0.05);

  it.each(HARMONY_RULES.map((rule, index) => [rule.name, index] as const))('%s', (_name, index) => {
    const rule = HARMONY_RULES[index];
    let checked = 0;
    for (const base of chromatic) {
      const baseHue = hexToOklch(base).h;
      const palette = suggestPalettes(base, HARMONY_RULES.length)[index];
      for (const [role, recipe] of [
        ['secondary', rule.secondary],
        ['accent', rule.accent],
      ] as const) {
        const color = hexToOklch(palette[role]);
        if (color.C < 0.02) continue; // gamut-limited to near grey: no hue left to check
        checked += 1;
        expect(Math.abs(hueDifference(baseHue + recipe.hueOffset, color.h))).toBeLessThan(hueTolerance(color.C));
      }
    }
    expect(checked).toBeGreaterThan(chromatic.length);
  });

  it('puts the complementary secondary opposite the base', () => {
    const base = hexToOklch('#3366FF');
    const secondary = hexToOklch(suggestPalettes('#3366FF')[0].secondary);
    expect(Math.abs(hueDifference(base.h + 180, secondary.h))).toBeLessThan(2);
  });
});

describe('bad requests are refused with the argument named', () => {
  it.each(['red', '#12345', '#GGGGGG', '', '3366FF', '#3366FF00'])('baseColor %j', (baseColor) => {
    expectBadUserInput(() => suggestPalettes(baseColor), 'baseColor', `got ${JSON.stringify(baseColor)}`);
  });

  it('quotes only the start of a very long baseColor', () => {
    const error = thrown(() => suggestPalettes('#'.repeat(10_000))) as GraphQLError;
    expect(error.message.length).toBeLessThan(200);
  });

  it.each([0, 13, -1, 2.5, Number.NaN])('count %p', (count) => {
    expectBadUserInput(() => suggestPalettes('#3366FF', count), 'count', 'from 1 to 12');
  });

  it.each([1, 12])('count %p is allowed', (count) => {
    expect(suggestPalettes('#3366FF', count)).toHaveLength(count);
  });
});

describe('a creator saves their own palette', () => {
  const own = { primary: '#36f', secondary: '#ff9900', accent: '#0C9', background: '#fff', text: '#222' };

  it('gets it back normalized and rated', () => {
    expect(evaluatePalette(own)).toEqual({
      primary: '#3366FF',
      secondary: '#FF9900',
      accent: '#00CC99',
      background: '#FFFFFF',
      text: '#222222',
      contrastRatio: displayContrastRatio(contrastRatio('#222222', '#FFFFFF')),
      wcagLevel: 'AAA',
    });
  });

  it('is told, not refused, when its text is hard to read', () => {
    const faint = evaluatePalette({ ...own, text: '#777777' });
    expect(faint.contrastRatio).toBe(4.48);
    expect(faint.wcagLevel).toBe('FAIL');
  });

  it('hears which color is malformed, at its input path', () => {
    const error = thrown(() => evaluatePalette({ ...own, accent: 'teal' }));
    expect(error).toBeInstanceOf(UserFailure);
    expect((error as UserFailure).toUserError()).toEqual({
      code: ErrorCode.INVALID_INPUT,
      message: 'palette.accent must be a hex color like "#3366FF" or "#36F"; got "teal".',
      field: ['input', 'palette', 'accent'],
    });
  });

  it.each(PALETTE_COLOR_FIELDS)('validation names %s when it is the bad one', (field) => {
    const result = validatePaletteInput({ ...own, [field]: '#12345' });
    expect(result).toEqual({ valid: false, field, message: expect.stringContaining(`palette.${field}`) });
  });

  it('validation names the first bad field when several are bad', () => {
    expect(validatePaletteInput({ ...own, secondary: 'x', text: 'y' })).toMatchObject({ valid: false, field: 'secondary' });
  });
});
