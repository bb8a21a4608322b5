import { csvDocument, csvField } from '../../src/common/csv';

describe('CSV for statements and invoices', () => {
  it('quotes fields with commas, quotes and line breaks, and ends lines in CRLF', () => {
    expect(
      csvDocument(
        ['a', 'b'],
        [
          ['x, y', 'say "hi"'],
          ['line\nbreak', 42],
        ],
      ),
    ).toBe('a,b\r\n"x, y","say ""hi"""\r\n"line\nbreak",42\r\n');
  });

  it('keeps a spreadsheet from running text as a formula, but writes negative amounts as numbers', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-4000')).toBe('-4000');
    expect(csvField(-4000)).toBe('-4000');
    expect(csvField(BigInt('-2147483649'))).toBe('-2147483649');
    expect(csvField('-¥40.00')).toBe("'-¥40.00");
    expect(csvField(null)).toBe('');
  });
});
