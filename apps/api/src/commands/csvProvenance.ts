/**
 * Where a CSV came from, kept out of the CSV itself (a comment line would be a data row to a
 * spreadsheet and to RFC 4180 parsers): in the file name —
 * `accessgraph-<source>-<snapshot time>-<what>[-<filters>].csv` — and in a JSON sidecar,
 * `<file>.csv.json` beside it, with the tool version, the source, the snapshot time, the filters,
 * the columns and the row count. The CLI writes the sidecar with `--out` / `--provenance`, the
 * API sends the same object in the `X-Accessgraph-Provenance` header, the dashboard downloads it.
 */
import { createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { writeChunks, type CommandIo } from './commandIo.ts';
import { toolInfo } from './toolInfo.ts';
import { UsageError } from './commandOptions.ts';

export interface CsvProvenance {
  tool: { name: string; version: string };
  /** What the rows are: `matrix`, `graph`, … */
  what: string;
  /** `demo`, `manifests: k8s, more.yaml`, `context: prod`. */
  source: string;
  /** When the input was read (ISO 8601, UTC). */
  snapshotTime: string;
  /** The server's snapshot version, when there is one. */
  snapshotVersion?: number;
  /** When this file was written. */
  generatedAt: string;
  /** The selection in force; empty when none. */
  filters: Record<string, unknown>;
  format: { mediaType: 'text/csv'; standard: 'RFC 4180'; header: true; lineEnd: 'CRLF'; encoding: 'utf-8' };
  columns: readonly string[];
  /** Data rows (the header not counted); absent when not known before the body is sent. */
  rows?: number;
}

export function csvProvenance(p: Omit<CsvProvenance, 'tool' | 'format' | 'generatedAt'> & { generatedAt?: string }): CsvProvenance {
  const tool = toolInfo();
  return {
    tool: { name: tool.name, version: tool.version },
    what: p.what,
    source: p.source,
    snapshotTime: p.snapshotTime,
    ...(p.snapshotVersion !== undefined ? { snapshotVersion: p.snapshotVersion } : {}),
    generatedAt: p.generatedAt ?? new Date().toISOString(),
    filters: p.filters,
    format: { mediaType: 'text/csv', standard: 'RFC 4180', header: true, lineEnd: 'CRLF', encoding: 'utf-8' },
    columns: p.columns,
    ...(p.rows !== undefined ? { rows: p.rows } : {}),
  };
}

const slug = (s: string, max: number) =>
  s
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');

/** `2026-12-01T11:58:16.123Z` → `20261201T115816Z` (no characters file systems refuse). */
export function timeStamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

function filterSlug(filters: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined || v === false || (Array.isArray(v) && v.length === 0)) continue;
    parts.push(v === true ? k : `${k}-${Array.isArray(v) ? v.join('-') : String(v)}`);
  }
  return slug(parts.join('-'), 60);
}

/** `accessgraph-<source>-<snapshot time>-<what>[-<filters>].csv` */
export function csvFileName(p: Pick<CsvProvenance, 'source' | 'snapshotTime' | 'what' | 'filters'>): string {
  const source = slug(p.source.replace(/^[a-z]+:\s*/i, ''), 60) || 'cluster';
  const filters = filterSlug(p.filters);
  return `accessgraph-${source}-${timeStamp(p.snapshotTime)}-${slug(p.what, 20)}${filters ? '-' + filters : ''}.csv`;
}

/** The JSON sidecar's text: one object, ASCII only (so it also fits an HTTP header). */
export function provenanceJson(p: CsvProvenance, indent?: number): string {
  return JSON.stringify(p, null, indent).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const CSV_OUTPUT_HELP = `  --out PATH                 write the CSV to PATH (a directory: a file named
                             accessgraph-<source>-<snapshot time>-<what>[-<filters>].csv
                             in it) and its provenance to PATH.json beside it
  --provenance FILE          write the provenance (source, snapshot time, filters,
                             tool version, columns, rows) as JSON to FILE`;

export const CSV_OUTPUT_OPTIONS = { out: { type: 'string' }, provenance: { type: 'string' } } as const;

/** Counts the records a generator of CSV records yields, header excluded. */
function counted(records: Iterable<string>, count: { rows: number }): Iterable<string> {
  return (function* () {
    let first = true;
    for (const r of records) {
      if (!first) count.rows++;
      first = false;
      yield r;
    }
  })();
}

/**
 * Writes CSV records to stdout, or to `--out`; then the provenance to `--provenance`, or beside
 * `--out`. Says on stderr what it wrote to files.
 */
export async function writeCsv(io: CommandIo, values: { out?: string | undefined; provenance?: string | undefined }, records: Iterable<string>, meta: Omit<CsvProvenance, 'rows'>): Promise<void> {
  const count = { rows: 0 };
  let csvPath: string | undefined;
  if (values.out !== undefined) {
    if (values.out === '') throw new UsageError('--out was given an empty path');
    csvPath = resolve(io.cwd, values.out);
    const st = await stat(csvPath).catch(() => undefined);
    if (st?.isDirectory()) csvPath = join(csvPath, csvFileName(meta));
    const file = createWriteStream(csvPath);
    const opened = new Promise<void>((ok, fail) => {
      file.once('open', () => ok());
      file.once('error', fail);
    });
    try {
      await opened;
    } catch (err) {
      throw new UsageError(`cannot write ${values.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    await writeChunks(file, counted(records, count));
    file.end();
    await finished(file);
  } else {
    await writeChunks(io.stdout, counted(records, count));
  }
  const sidecar = values.provenance !== undefined ? resolve(io.cwd, values.provenance) : csvPath !== undefined ? `${csvPath}.json` : undefined;
  if (sidecar === undefined) return;
  try {
    await writeFile(sidecar, provenanceJson({ ...meta, rows: count.rows }, 2) + '\n');
  } catch (err) {
    throw new UsageError(`cannot write ${values.provenance ?? sidecar}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const written = csvPath ? `${csvPath} (${count.rows} rows) and ${sidecar}` : sidecar;
  await new Promise<void>((done) => io.stderr.write(`wrote ${written}\n`, () => done()));
}
