/**
 * The matrix views' data, pure: namespace × namespace cells (from the overview API, or folded
 * from a loaded graph so that find expressions apply to every workload), their order, and the
 * label each cell shows. A cell says its worst class in words (`⚠ conflict`, `open`, `L4` …)
 * and its count, never by colour alone.
 */
import { EDGE_CLASSES, EDGE_STRENGTH, type EdgeClass } from '@accessgraph/model';
import type { GraphEdge, GraphNode } from '../graph/graphTypes.ts';
import { EDGE_LOOKS } from '../graph/edgeClasses.ts';

export type ClassCounts = Record<EdgeClass, number>;

export interface MatrixPair {
  from: string;
  to: string;
  counts: ClassCounts;
  flows: number;
  ports: number;
}

export const MATRIX_SORTS = ['name', 'count', 'risk'] as const;
export type MatrixSort = (typeof MATRIX_SORTS)[number];
export const SORT_LABELS: Record<MatrixSort, string> = { name: 'name', count: 'flows', risk: 'open + conflict' };

export function emptyCounts(): ClassCounts {
  return Object.fromEntries(EDGE_CLASSES.map((c) => [c, 0])) as ClassCounts;
}

const nsOf = (id: string) => id.slice(0, id.indexOf('/'));

/** Workload edges folded by namespace pair (what /api/v1/overview answers, for a graph in hand). */
export function foldEdges(edges: readonly GraphEdge[]): MatrixPair[] {
  const out = new Map<string, MatrixPair>();
  for (const e of edges) {
    const from = nsOf(e.from);
    const to = nsOf(e.to);
    const key = `${from}\u0000${to}`;
    let p = out.get(key);
    if (!p) out.set(key, (p = { from, to, counts: emptyCounts(), flows: 0, ports: 0 }));
    p.counts[e.class]++;
    p.flows++;
    p.ports += e.ports.length;
  }
  return [...out.values()];
}

/** The pairs of each source namespace, in their order (one pass; no key per pair). */
export function pairsBySource(pairs: readonly MatrixPair[]): Map<string, MatrixPair[]> {
  const out = new Map<string, MatrixPair[]>();
  for (const p of pairs) {
    const list = out.get(p.from);
    if (list) list.push(p);
    else out.set(p.from, [p]);
  }
  return out;
}

/**
 * One row's cells by destination: made for the rows drawn only, kept per row list (a page of
 * 40 rows at 30,000 workloads, not a key for each of 350,762 pairs).
 */
export function rowCells(bySource: Map<string, MatrixPair[]>, from: string): ReadonlyMap<string, MatrixPair> {
  let rows = rowCellsOf.get(bySource);
  if (!rows) rowCellsOf.set(bySource, (rows = new Map()));
  let row = rows.get(from);
  if (!row) rows.set(from, (row = new Map((bySource.get(from) ?? []).map((p) => [p.to, p]))));
  return row;
}
const rowCellsOf = new WeakMap<Map<string, MatrixPair[]>, Map<string, ReadonlyMap<string, MatrixPair>>>();

/** The class a cell is drawn as: the weakest present (conflict and unknown first). */
export function worstClass(counts: ClassCounts): EdgeClass | null {
  let worst: EdgeClass | null = null;
  for (const c of EDGE_CLASSES) if (counts[c] > 0 && (worst === null || EDGE_STRENGTH[c] < EDGE_STRENGTH[worst])) worst = c;
  return worst;
}

/** Flows that nothing restricts or where the layers disagree: what a reviewer looks at first. */
export const risk = (counts: ClassCounts): number => counts.none + counts.conflict + counts.unknown;

/** `⚠ conflict 2 · open 3 · L4 5`: every class present, worst first. */
export function describeCounts(counts: ClassCounts): string {
  return [...EDGE_CLASSES]
    .filter((c) => counts[c] > 0)
    .sort((a, b) => EDGE_STRENGTH[a] - EDGE_STRENGTH[b])
    .map((c) => `${EDGE_LOOKS[c].badge} ${counts[c]}`)
    .join(' · ');
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Row order (sources) and column order (destinations): by name, by flows (out of a row, into
 * a column), or by open + conflict + unknown flows; ties by name, so the order is stable.
 */
export function orderAxes(namespaces: readonly string[], pairs: readonly MatrixPair[], sort: MatrixSort): { rows: string[]; cols: string[] } {
  const names = [...namespaces].sort(byName);
  if (sort === 'name') return { rows: names, cols: names };
  const out = new Map<string, number>();
  const into = new Map<string, number>();
  for (const p of pairs) {
    const v = sort === 'count' ? p.flows : risk(p.counts);
    out.set(p.from, (out.get(p.from) ?? 0) + v);
    into.set(p.to, (into.get(p.to) ?? 0) + v);
  }
  const by = (m: Map<string, number>) => [...names].sort((a, b) => (m.get(b) ?? 0) - (m.get(a) ?? 0) || byName(a, b));
  return { rows: by(out), cols: by(into) };
}

/** One cell of the workload × workload matrix. */
export interface WorkloadCell {
  edge: GraphEdge;
  label: string;
}

/** The workload × workload matrix of one namespace pair, from a graph that holds both namespaces. */
export function workloadMatrix(graph: { nodes: GraphNode[]; edges: GraphEdge[] }, from: string, to: string): { rows: string[]; cols: string[]; cells: Map<string, WorkloadCell> } {
  const rows = graph.nodes.filter((n) => n.namespace === from).map((n) => n.id).sort(byName);
  const cols = graph.nodes.filter((n) => n.namespace === to).map((n) => n.id).sort(byName);
  const cells = new Map<string, WorkloadCell>();
  for (const e of graph.edges) {
    if (nsOf(e.from) !== from || nsOf(e.to) !== to) continue;
    cells.set(`${e.from}>${e.to}`, { edge: e, label: `${EDGE_LOOKS[e.class].badge} · ${e.ports.map((p) => (p.protocol === 'TCP' ? String(p.port) : `${p.port}/${p.protocol}`)).join(', ')}` });
  }
  return { rows, cols, cells };
}

/** `web>data` in the URL: the namespace pair opened in the workload matrix. */
export function parsePair(text: string | null): { from: string; to: string } | null {
  if (!text) return null;
  const [from, to, ...rest] = text.split('>');
  return from && to && rest.length === 0 ? { from, to } : null;
}

/** Above this many workloads the dashboard opens on the matrix (the graph is a hairball there). */
export const MATRIX_DEFAULT_ABOVE = 3000;
