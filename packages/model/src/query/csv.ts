/**
 * CSV per RFC 4180, written and counted in one place (the CLI's `--format csv`, `graph.csv`,
 * and the dashboard's export sidecar, which counts the records it downloaded): the first line
 * is the header row, CRLF after every record, a field quoted when it holds `"`, `,`, CR or LF
 * (quotes doubled).
 */

export const CRLF = '\r\n';

export type CsvValue = string | number | boolean | null;

/**
 * A CSV field, quoted when it must be. Text that a spreadsheet would run as a formula (first
 * character `=`, `+`, `-`, `@`, tab or CR: OWASP's CSV injection list) gets a leading `'`, so a
 * workload named `=HYPERLINK(...)` stays text. Numbers and booleans are ours and left alone.
 */
export function csvField(value: CsvValue): string {
  let s = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record: its fields, then CRLF. */
export function csvRecord(fields: readonly CsvValue[]): string {
  return fields.map(csvField).join(',') + CRLF;
}

/** Data records of an RFC 4180 text (CRLF outside quotes), the header not counted. */
export function csvRecordCount(text: string): number {
  let records = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\r' && text[i + 1] === '\n') records++;
  }
  return Math.max(0, records - 1);
}
