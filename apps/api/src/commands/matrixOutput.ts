/**
 * The matrix as text pieces, produced cell by cell for writeChunks: the JSON document
 * (exactly Analysis.matrix(): workloads, cells, diagnostics), CSV (flowCsv.ts), and an aligned table whose column widths are known before the first cell
 * (workload ids and ports come from the inventory), so the table streams too.
 */
import type { Analysis, Cell, Diagnostic, MatrixWorkload, PortSpec } from '@accessgraph/model';
import { MATRIX_CSV_COLUMNS, matrixCsvRecords } from './flowCsv.ts';

/** A cell with exactly the contract's fields, in the contract's order. */
export function cellJson(c: Cell): string {
  return JSON.stringify({
    from: c.from,
    to: c.to,
    port: c.port,
    protocol: c.protocol,
    l4Port: c.l4Port,
    l4: c.l4,
    l7: c.l7,
    allowed: c.allowed,
    protection: c.protection,
    reasons: c.reasons,
  });
}

export function workloadJson(w: MatrixWorkload): string {
  return JSON.stringify({ id: w.id, namespace: w.namespace, name: w.name, kind: w.kind, meshed: w.meshed, serviceAccount: w.serviceAccount });
}

/** One workload / cell / diagnostic a line, inside a valid JSON document. */
export function* matrixJson(workloads: readonly MatrixWorkload[], cells: Iterable<Cell>, diagnostics: readonly Diagnostic[]): Generator<string> {
  yield '{"workloads":[';
  let first = true;
  for (const w of workloads) {
    yield (first ? '\n' : ',\n') + workloadJson(w);
    first = false;
  }
  yield '\n],"cells":[';
  first = true;
  for (const c of cells) {
    yield (first ? '\n' : ',\n') + cellJson(c);
    first = false;
  }
  yield '\n],"diagnostics":[';
  first = true;
  for (const d of diagnostics) {
    yield (first ? '\n' : ',\n') + JSON.stringify(d);
    first = false;
  }
  yield '\n]}\n';
}


/** The matrix as CSV (RFC 4180, with the deciding rules per layer): see flowCsv.ts. */
export const MATRIX_CSV_HEADER = MATRIX_CSV_COLUMNS;
export const matrixCsv = matrixCsvRecords;

export function allowedWord(allowed: boolean | null): string {
  return allowed === true ? 'yes' : allowed === false ? 'no' : 'unknown';
}

const TABLE_HEADER = ['FROM', 'TO', 'PORT', 'L4PORT', 'L4', 'L7', 'ALLOWED', 'PROTECTION'] as const;

/** Widths of the table's columns, from the workloads and the ports that can occur. */
export function tableWidths(analysis: Analysis, ports: readonly PortSpec[] | undefined): number[] {
  let id = 0;
  let port = 0;
  for (const w of analysis.matrixWorkloads()) id = Math.max(id, w.id.length);
  const portTexts = ports
    ? ports.map((p) => `${p.port}/${p.protocol}`)
    : [...analysis.inventory.workloads.flatMap((w) => w.ports.map((p) => `${p.port}/${p.protocol}`)), ...analysis.outside.egressPorts().map((p) => `${p.port}/${p.protocol}`)];
  for (const p of portTexts) port = Math.max(port, p.length);
  return [id, id, port, 5, 7, 13, 7, 10].map((w, i) => Math.max(w, TABLE_HEADER[i]?.length ?? 0));
}

function row(fields: string[], widths: number[]): string {
  return fields.map((f, i) => (i === fields.length - 1 ? f : f.padEnd(widths[i] ?? 0))).join('  ') + '\n';
}

export function* matrixTable(cells: Iterable<Cell>, widths: number[]): Generator<string> {
  yield row([...TABLE_HEADER], widths);
  for (const c of cells) {
    yield row([c.from, c.to, `${c.port}/${c.protocol}`, String(c.l4Port), c.l4, c.l7, allowedWord(c.allowed), c.protection ?? '-'], widths);
  }
}
