/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field in
 * double quotes may contain commas, line breaks and doubled quotes ("").
 * Also tolerated: a UTF-8 byte-order mark, a missing final line break, a
 * lone CR as a line break, and a stray quote inside an unquoted field.
 * An unclosed quote or text after a closing quote is reported with its line.
 */

export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvFormatError';
  }
}

export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fieldStarted = false;
  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is not a record of one empty field.
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && !fieldStarted) {
      const openedAt = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvFormatError('quoted field is never closed', openedAt);
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      fieldStarted = true;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new CsvFormatError(`unexpected '${next}' after a closing quote`, line);
      continue;
    }
    if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      // A stray quote inside an unquoted field is kept literally, as most readers do.
      field += c;
      fieldStarted = true;
      i++;
    }
  }
  if (fieldStarted || record.length > 0) endRecord();
  return records;
}

/**
 * Rows as objects keyed by the header's column names; `required` columns must
 * be present (in any order, other columns are ignored).
 */
export function csvRows<K extends string>(text: string, required: readonly K[]): Record<K, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new CsvFormatError('the file is empty; expected a header row', 1);
  const names = header.map((h) => h.trim().toLowerCase());
  const columns = required.map((name) => {
    const at = names.indexOf(name.toLowerCase());
    if (at < 0) throw new CsvFormatError(`missing column '${name}' (header has: ${header.join(', ')})`, 1);
    return at;
  });
  return rows.map((row) => Object.fromEntries(required.map((name, k) => [name, row[columns[k]] ?? ''])) as Record<K, string>);
}
