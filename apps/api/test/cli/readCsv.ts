/**
 * Reads a CSV back with a standard parser (csv-parse), held to RFC 4180: records end in CRLF
 * (the last one too), quotes only around whole fields, every record has the header's number of
 * fields, and the first record is the header (no comment line before it).
 */
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';

export interface CsvTable {
  header: string[];
  /** Data records, as objects keyed by the header. */
  rows: Record<string, string>[];
}

export function readCsv(text: string): CsvTable {
  expect(text.endsWith('\r\n'), 'the last record ends in CRLF').toBe(true);
  const records = parse(text, { record_delimiter: '\r\n', relax_quotes: false, relax_column_count: false, skip_empty_lines: false, bom: false, trim: false }) as string[][];
  const header = records[0] ?? [];
  expect(header[0]?.startsWith('#'), 'no comment line before the header').toBe(false);
  expect(new Set(header).size, 'distinct column names').toBe(header.length);
  // A bare LF would only be a record break to parsers that accept it: none outside quotes.
  for (const r of records) for (const f of r) if (f.includes('\n')) expect(text).toContain(`"${f.replace(/"/g, '""')}"`);
  return { header, rows: records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!]))) };
}
