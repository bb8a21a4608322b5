/** RFC 4180 CSV: fields with a comma, quote or line break are quoted; lines end in CRLF. */
export function csvField(value: string | number | bigint | null | undefined): string {
  const text = value == null ? '' : String(value);
  // A leading =, +, - or @ would make a spreadsheet run the cell as a formula; numbers are written plain, so only text is guarded.
  const safe = typeof value === 'string' && /^[=+@\t\r-]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvDocument(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | bigint | null | undefined>>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
