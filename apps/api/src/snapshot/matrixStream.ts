/**
 * The matrix as a stream of text chunks — the CLI's own JSON and CSV writers
 * (commands/matrixOutput.ts), so the API answers exactly what `accessgraph matrix` prints —
 * never held as one string. Cells come in the model's order:
 * destination, then source, then port.
 */
import type { Analysis, Cell, Protocol } from '@accessgraph/model';
import { matrixCsv as cliMatrixCsv, matrixJson as cliMatrixJson } from '../commands/matrixOutput.ts';

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

/** The CLI's `matrix --format json` document, byte for byte. */
export function matrixJson(analysis: Analysis, sel: MatrixSelection): Generator<string> {
  return batched(cliMatrixJson(sel.namespaces?.length ? analysis.workloads() : analysis.matrixWorkloads(), selectedCells(analysis, sel), analysis.diagnostics));
}

/** The CLI's `matrix --format csv`, byte for byte. */
export function matrixCsv(analysis: Analysis, sel: MatrixSelection): Generator<string> {
  return batched(cliMatrixCsv(selectedCells(analysis, sel)));
}
