/**
 * The matrix as a stream of text chunks, JSON (the CLI's `matrix --format json` document) or
 * CSV, so a big matrix is never held as one string. Cells come in the model's order:
 * destination, then source, then port.
 */
import type { Analysis, Cell, Protocol } from '@accessgraph/model';

export interface MatrixSelection {
  /** Explicit ports; without them each destination's declared ports. */
  ports?: { port: number; protocol: Protocol }[];
  /** Only destinations in these namespaces. */
  namespaces?: string[];
}

function declaredPorts(analysis: Analysis, to: number): { port: number; protocol: Protocol }[] {
  const seen = new Map<string, { port: number; protocol: Protocol }>();
  for (const p of analysis.table.at(to).ports) seen.set(`${p.port}/${p.protocol}`, { port: p.port, protocol: p.protocol });
  return [...seen.values()];
}

function destinations(analysis: Analysis, sel: MatrixSelection): number[] {
  const out: number[] = [];
  const ns = sel.namespaces?.length ? new Set(sel.namespaces) : undefined;
  for (let i = 0; i < analysis.table.size; i++) if (!ns || ns.has(analysis.table.at(i).namespace)) out.push(i);
  return out;
}

/** How many cells a selection yields, without computing them. */
export function matrixSize(analysis: Analysis, sel: MatrixSelection): number {
  const sources = analysis.table.size - 1;
  let n = 0;
  for (const to of destinations(analysis, sel)) n += sources * (sel.ports ?? declaredPorts(analysis, to)).length;
  return n;
}

function* selectedCells(analysis: Analysis, sel: MatrixSelection): Generator<Cell> {
  if (!sel.namespaces?.length) {
    yield* analysis.cells(sel.ports);
    return;
  }
  const { table } = analysis;
  for (const to of destinations(analysis, sel)) {
    const ports = sel.ports ?? declaredPorts(analysis, to);
    const toId = table.at(to).id;
    for (let from = 0; from < table.size; from++) {
      if (from === to) continue;
      for (const p of ports) {
        const r = analysis.check({ from: table.at(from).id, to: toId, port: p.port, protocol: p.protocol });
        if (r.ok) yield r.cell;
      }
    }
  }
}

/** Joins small strings into chunks of about `size` characters. */
function* batched(parts: Iterable<string>, size = 64 * 1024): Generator<string> {
  let buf = '';
  for (const p of parts) {
    buf += p;
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

export function matrixJson(analysis: Analysis, sel: MatrixSelection): Generator<string> {
  return batched(
    (function* () {
      yield `{"workloads":${JSON.stringify(analysis.workloads())},"cells":[`;
      let first = true;
      for (const cell of selectedCells(analysis, sel)) {
        yield (first ? '' : ',') + JSON.stringify(cell);
        first = false;
      }
      yield `],"diagnostics":${JSON.stringify(analysis.diagnostics)}}\n`;
    })(),
  );
}

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const MATRIX_CSV_COLUMNS = ['from', 'to', 'port', 'protocol', 'l4Port', 'l4', 'l7', 'allowed', 'protection', 'l4Reasons', 'l7Reasons'] as const;

export function matrixCsvRow(c: Cell): string {
  const reasons = (rs: Cell['reasons']['l4']) => rs.map((r) => r.text).join(' | ');
  return [c.from, c.to, c.port, c.protocol, c.l4Port, c.l4, c.l7, c.allowed, c.protection, reasons(c.reasons.l4), reasons(c.reasons.l7)].map(csvField).join(',') + '\r\n';
}

export function matrixCsv(analysis: Analysis, sel: MatrixSelection): Generator<string> {
  return batched(
    (function* () {
      yield MATRIX_CSV_COLUMNS.join(',') + '\r\n';
      for (const cell of selectedCells(analysis, sel)) yield matrixCsvRow(cell);
    })(),
  );
}
