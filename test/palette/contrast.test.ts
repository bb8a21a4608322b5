import { contrastRatio, displayContrastRatio, relativeLuminance, wcagLevel } from '../../src/palette/contrast';

describe('WCAG 2.x contrast', () => {
  it('rates white 1 and black 0 in luminance', () => {
    expect(relativeLuminance('#FFFFFF')).toBeCloseTo(1, 10);
    expect(relativeLuminance('#000000')).toBe(0);
  });

  it('rates black on white 21:1, in either order', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 10);
    expect(contrastRatio('#FFFFFF', '#000000')).toBeCloseTo(21, 10);
  });

  it('rates a color on itself 1:1', () => {
    expect(contrastRatio('#3366FF', '#3366FF')).toBe(1);
  });

  it('rates #777777 on white just under AA, at about 4.48', () => {
    const ratio = contrastRatio('#777777', '#FFFFFF');
    expect(ratio).toBeCloseTo(4.48, 2);
    expect(displayContrastRatio(ratio)).toBe(4.48);
    expect(wcagLevel(ratio)).toBe('FAIL');
  });

  it('rates #767676 on white, the usual "lightest AA grey", as AA', () => {
    expect(wcagLevel(contrastRatio('#767676', '#FFFFFF'))).toBe('AA');
  });

  it.each([
    [21, 'AAA'],
    [7, 'AAA'],
    [6.999, 'AA'],
    [4.5, 'AA'],
    [4.499, 'FAIL'],
    [1, 'FAIL'],
  ])('names ratio %f %s', (ratio, level) => {
    expect(wcagLevel(ratio)).toBe(level);
  });

  it.each([
    [4.4781, 4.48],
    [7.004, 7],
    [12.345678, 12.35],
    // Rounding up would show a level that was not reached.
    [6.996, 6.99],
    [4.4999, 4.49],
  ])('shows ratio %f as %f', (ratio, shown) => {
    expect(displayContrastRatio(ratio)).toBe(shown);
    expect(wcagLevel(displayContrastRatio(ratio))).toBe(wcagLevel(ratio));
  });
});
