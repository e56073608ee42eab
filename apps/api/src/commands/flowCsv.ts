/**
 * CSV for auditors, per RFC 4180 (the model's query/csv.ts writes it): no comment lines.
 * What the file describes (source, snapshot time, filters, tool version) is not in the file —
 * a spreadsheet would read it as data — but in its name and a JSON sidecar (csvProvenance.ts).
 *
 * Each row says which objects decided it, per layer: `l4_rule` / `l7_rule` list the deciding
 * objects (role, kind, namespace/name, direction and rule index), `l4_rule_at` / `l7_rule_at`
 * their `file:line`, in the same order (`none` where a reason has no object, e.g. "no policy
 * isolates this side").
 *
 * `graph --format csv` lists every edge port, and a port open to all (summarised on the node in
 * the JSON) as explicit rows: one row with `from` = `*` standing for every other workload
 * (`source_count` says how many), or with `--expand-open` one row per source.
 */
import { csvRecord, edgeClassOf, type Analysis, type Cell, type EdgeClass, type Graph, type Protocol, type Reason } from '@accessgraph/model';

function reasonRule(r: Reason): string {
  if (!r.kind || !r.name) return r.role;
  const rule = `${r.direction ? ' ' + r.direction : ''}${r.rule !== undefined ? ' rule ' + r.rule : ''}`;
  return `${r.role}: ${r.kind} ${r.namespace ? r.namespace + '/' : ''}${r.name}${rule}`;
}

function reasonAt(r: Reason): string {
  return r.file ? `${r.file}${r.line ? ':' + r.line : ''}` : 'none';
}

/** `[rule, at]` for one layer's reasons, distinct reasons once, in order. */
export function ruleColumns(reasons: readonly Reason[]): [string, string] {
  const seen = new Set<string>();
  const rules: string[] = [];
  const ats: string[] = [];
  for (const r of reasons) {
    const rule = reasonRule(r);
    const at = reasonAt(r);
    const key = `${rule}\u0000${at}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rules.push(rule);
    ats.push(at);
  }
  return [rules.join(' | '), ats.join(' | ')];
}

/** `l4: text | text; l7: text` (free text, one column). */
export function reasonsText(reasons: { l4: readonly Reason[]; l7: readonly Reason[] }): string {
  const layer = (rs: readonly Reason[]) => [...new Set(rs.map((r) => r.text.replace(/\s+/g, ' ')))].join(' | ') || '-';
  return `l4: ${layer(reasons.l4)}; l7: ${layer(reasons.l7)}`;
}

export const MATRIX_CSV_COLUMNS = ['from', 'to', 'port', 'protocol', 'l4Port', 'l4', 'l7', 'allowed', 'protection', 'l4_rule', 'l4_rule_at', 'l7_rule', 'l7_rule_at', 'reasons'] as const;

/** The matrix: one record per cell (every ordered pair is already explicit). */
export function* matrixCsvRecords(cells: Iterable<Cell>): Generator<string> {
  yield csvRecord(MATRIX_CSV_COLUMNS);
  for (const c of cells) {
    yield csvRecord([c.from, c.to, c.port, c.protocol, c.l4Port, c.l4, c.l7, c.allowed, c.protection, ...ruleColumns(c.reasons.l4), ...ruleColumns(c.reasons.l7), reasonsText(c.reasons)]);
  }
}

export const GRAPH_CSV_COLUMNS = [
  'from',
  'to',
  'port',
  'protocol',
  'l4Port',
  'l4',
  'l7',
  'allowed',
  'protection',
  'class',
  'proxyPortBlocked',
  'open_to_all',
  'source_count',
  'l4_rule',
  'l4_rule_at',
  'l7_rule',
  'l7_rule_at',
  'reasons',
] as const;

/** The `from` of a row that stands for every other workload. */
export const EVERY_WORKLOAD = '*';

export interface OpenRow {
  to: string;
  port: number;
  protocol: Protocol;
  /** One value when every source shares it, else `mixed`. */
  l4Port: number | 'mixed';
  l4: string;
  l7: string;
  protection: string;
  class: EdgeClass | 'mixed';
  sources: number;
  cells: Cell[];
}

function uniform<T>(values: readonly T[]): T | 'mixed' {
  const first = values[0];
  return values.every((v) => v === first) && first !== undefined ? first : 'mixed';
}

/** A destination port open to all, as one summary: every source's cell, the shared verdicts. */
export function openRow(analysis: Analysis, to: string, port: number, protocol: Protocol): OpenRow {
  const cells: Cell[] = [];
  for (const w of analysis.inventory.workloads) {
    if (w.id === to) continue;
    const r = analysis.check({ from: w.id, to, port, protocol });
    if (r.ok) cells.push(r.cell);
  }
  return {
    to,
    port,
    protocol,
    l4Port: uniform(cells.map((c) => c.l4Port)),
    l4: uniform(cells.map((c) => c.l4)),
    l7: uniform(cells.map((c) => c.l7)),
    protection: uniform(cells.map((c) => c.protection ?? '')),
    class: uniform(cells.map((c) => edgeClassOf(c.l4, c.l7) ?? 'none')),
    sources: cells.length,
    cells,
  };
}

export interface GraphCsvOptions {
  /** The graph was built with every open port's edges (`--expand-open`): no summary rows. */
  expanded: boolean;
  /** Which summary rows to keep (the API's filters); all when absent. */
  keepOpenRow?: (row: OpenRow) => boolean;
}

/** The graph's edge ports, then one `*` row per open destination port unless expanded. */
export function* graphCsvRecords(analysis: Analysis, graph: Pick<Graph, 'nodes' | 'edges'>, options: GraphCsvOptions): Generator<string> {
  const open = new Map<string, Set<string>>();
  for (const n of graph.nodes) if (n.openToAll.length) open.set(n.id, new Set(n.openToAll));
  yield csvRecord(GRAPH_CSV_COLUMNS);
  for (const e of graph.edges) {
    for (const p of e.ports) {
      const r = analysis.check({ from: e.from, to: e.to, port: p.port, protocol: p.protocol });
      const reasons = r.ok ? r.cell.reasons : { l4: [], l7: [] };
      const isOpen = open.get(e.to)?.has(`${p.port}/${p.protocol}`) === true;
      yield csvRecord([e.from, e.to, p.port, p.protocol, p.l4Port, p.l4, p.l7, p.allowed, p.protection, p.class, p.proxyPortBlocked === true, isOpen, 1, ...ruleColumns(reasons.l4), ...ruleColumns(reasons.l7), reasonsText(reasons)]);
    }
  }
  if (options.expanded) return;
  for (const n of graph.nodes) {
    for (const key of n.openToAll) {
      const [port, protocol] = key.split('/') as [string, Protocol];
      const row = openRow(analysis, n.id, Number(port), protocol);
      if (options.keepOpenRow && !options.keepOpenRow(row)) continue;
      const l4 = row.cells.flatMap((c) => c.reasons.l4);
      const l7 = row.cells.flatMap((c) => c.reasons.l7);
      const text = `every other workload (${row.sources}) reaches ${n.id} on ${key}; the rules of all of them are in l4_rule/l7_rule; --expand-open gives one row per source`;
      yield csvRecord([EVERY_WORKLOAD, n.id, row.port, row.protocol, row.l4Port, row.l4, row.l7, true, row.protection, row.class, false, true, row.sources, ...ruleColumns(l4), ...ruleColumns(l7), text]);
    }
  }
}
