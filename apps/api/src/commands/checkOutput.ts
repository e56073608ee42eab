/**
 * `check` in plain words: per flow the verdict headline (shared with the API and the UI through
 * the model's describeCell), then per layer what it decided and the objects that decided it
 * (kind namespace/name, rule index, file:line), the port the CNI saw when it differs, and the
 * diagnostics that touch the workloads or the deciding objects.
 */
import { describeCell, formatDiagnostic, formatReasonSource, type Cell, type Diagnostic, type Reason } from '@accessgraph/model';
import type { ServiceResolution } from '../schemas/check.ts';

export interface CheckAnswer {
  from: string;
  to: string;
  service?: ServiceResolution | undefined;
  allowed: boolean | null;
  cells: Cell[];
}

function objectKey(kind: string | undefined, namespace: string | undefined, name: string | undefined): string {
  return `${kind ?? ''}|${namespace ?? ''}|${name ?? ''}`;
}

/** Diagnostics about the workloads of these cells or about an object that decided them. */
export function relevantDiagnostics(cells: readonly Cell[], diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const workloads = new Set(cells.flatMap((c) => [c.from, c.to]));
  const objects = new Set<string>();
  for (const c of cells) for (const r of [...c.reasons.l4, ...c.reasons.l7]) if (r.kind && r.name) objects.add(objectKey(r.kind, r.namespace, r.name));
  return diagnostics.filter(
    (d) => d.workloads?.some((w) => workloads.has(w)) === true || (d.object !== undefined && objects.has(objectKey(d.object.kind, d.object.namespace, d.object.name))),
  );
}

function reasonLines(reasons: readonly Reason[]): string[] {
  const out: string[] = [];
  for (const r of reasons) {
    out.push(`    - ${r.text}`);
    const source = formatReasonSource(r);
    if (source) out.push(`      at ${source}`);
  }
  return out;
}

export function cellLines(cell: Cell): string[] {
  const d = describeCell(cell);
  const lines = [d.headline, `  L4 — ${d.l4}`, ...reasonLines(cell.reasons.l4), `  L7 — ${d.l7}`, ...reasonLines(cell.reasons.l7)];
  if (d.portNote) lines.push(`  Port: ${d.portNote}`);
  return lines;
}

function verdictWord(allowed: boolean | null): string {
  return allowed === true ? 'ALLOWED' : allowed === false ? 'DENIED' : 'UNKNOWN';
}

function overallLine(answer: CheckAnswer): string {
  const n = answer.cells.length;
  const denied = answer.cells.filter((c) => c.allowed === false).length;
  const unknown = answer.cells.filter((c) => c.allowed === null).length;
  const detail =
    answer.allowed === true ? `all ${n} flows allowed` : answer.allowed === false ? `${denied} of ${n} flows denied` : `${unknown} of ${n} flows unknown, none denied`;
  return `Overall: ${verdictWord(answer.allowed)} — ${detail}`;
}

function serviceLines(s: ServiceResolution): string[] {
  const id = `${s.namespace}/${s.name}`;
  const lines: string[] = [];
  const workloads = new Set(s.targets.map((t) => t.workload));
  lines.push(`Service ${id} resolves to ${workloads.size} workload${workloads.size === 1 ? '' : 's'}:`);
  for (const t of s.targets) lines.push(`  service port ${t.servicePort}/${t.protocol} → ${t.workload} port ${t.port}/${t.protocol}`);
  for (const note of s.notes) lines.push(`  note: ${note}`);
  return lines;
}

/** The whole text answer. */
export function formatCheckText(answer: CheckAnswer, diagnostics: readonly Diagnostic[]): string {
  const blocks: string[][] = [];
  if (answer.service) blocks.push(serviceLines(answer.service));
  for (const c of answer.cells) blocks.push(cellLines(c));
  if (answer.cells.length > 1) blocks.push([overallLine(answer)]);
  const relevant = relevantDiagnostics(answer.cells, diagnostics);
  if (relevant.length) blocks.push(['Diagnostics touching these workloads or policies:', ...relevant.map((d) => `  ${formatDiagnostic(d)}`)]);
  return blocks.map((b) => b.join('\n')).join('\n\n') + '\n';
}

/** The JSON answer: the API's check response without the snapshot, plus the relevant diagnostics. */
export function formatCheckJson(answer: CheckAnswer, diagnostics: readonly Diagnostic[]): string {
  const doc: Record<string, unknown> = { from: answer.from, to: answer.to };
  if (answer.service) doc.service = answer.service;
  doc.allowed = answer.allowed;
  doc.cells = answer.cells;
  doc.diagnostics = relevantDiagnostics(answer.cells, diagnostics);
  return JSON.stringify(doc, null, 2) + '\n';
}

/** 0 allowed, 1 denied, 3 unknown. */
export function checkExitStatus(allowed: boolean | null): number {
  return allowed === true ? 0 : allowed === false ? 1 : 3;
}
