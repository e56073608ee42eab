/**
 * What every export carries so an auditor's file says what it shows: the source, the snapshot
 * time, the filters in force, the collapsed namespaces, and (for images) the legend and the key
 * of node badges. Which edges the CSV/JSON list, the CSV's request and sidecar, and the file
 * names. Pure; tested.
 */
import type { GraphEdge, GraphResponseLike } from './graphTypes.ts';
import { collapsedNamespaces } from './toElements.ts';
import type { ViewState } from '../state/viewState.ts';
import { parsePortFilter } from '../state/portFilter.ts';

export interface ExportMeta {
  source: string;
  takenAt: string;
  filters: string;
  exportedAt: string;
  /** Namespaces drawn as one node (a drawing choice, not a filter: their edges are still exported). */
  collapsed: string[];
}

/** The key of the text badges on workload nodes (images carry it under the edge legend). */
export const NODE_BADGE_KEY = 'node badges: mTLS = meshed (double border) · ◆ data = sensitive (data-store shape, curved top and bottom) · ⚠ open = ingress open to all (dashed border)';

export function collapsedLine(collapsed: readonly string[]): string {
  return collapsed.length
    ? `collapsed namespaces: ${collapsed.join(', ')} — each drawn as one node; the edges inside are not drawn, the CSV/JSON export lists them`
    : 'collapsed namespaces: none';
}

export function headerLines(m: ExportMeta): string[] {
  return [`accessgraph — ${m.source}`, `snapshot taken ${m.takenAt} · exported ${m.exportedAt}`, `filters: ${m.filters}`, collapsedLine(m.collapsed)];
}

/**
 * The effective collapsed namespaces of a view (explicit, or by default above the size
 * threshold), limited to namespaces that have a workload in the response, sorted.
 */
export function collapsedForExport(graph: GraphResponseLike, view: Pick<ViewState, 'collapsed' | 'expanded'>): string[] {
  const populated = new Set(graph.nodes.map((n) => n.namespace));
  return [...collapsedNamespaces(graph, view)].filter((ns) => populated.has(ns)).sort();
}

/**
 * The workload-level edges the filters select: the API applied namespaces, classes, layer,
 * port and open flows; focus keeps the focused workload's edges (as the drawing does).
 * Collapsing is not a filter: edges inside or across collapsed namespaces are all kept.
 */
export function edgesInView(graph: GraphResponseLike, view: Pick<ViewState, 'focus'>): GraphEdge[] {
  const focus = view.focus;
  if (focus && graph.nodes.some((n) => n.id === focus)) return graph.edges.filter((e) => e.from === focus || e.to === focus);
  return graph.edges;
}

/** `report`: the audit report of the whole snapshot (GET /api/v1/report). */
export type ExportVariant = 'view' | 'full' | 'edges' | 'report';

const stamp = (iso: string) => iso.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * `accessgraph-<source>-<snapshot time>-<variant>-exported-<export time>.<ext>`: the variant
 * tells the view PNG from the full one, the export time keeps repeated exports apart.
 */
export function exportFileName(m: Pick<ExportMeta, 'source' | 'takenAt' | 'exportedAt'>, variant: ExportVariant, ext: string): string {
  const slug = m.source.replace(/^[a-z]+:\s*/i, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'cluster';
  return `accessgraph-${slug}-${stamp(m.takenAt)}-${variant}-exported-${stamp(m.exportedAt)}.${ext}`;
}

/**
 * The CSV export is the server's `GET /api/v1/graph.csv` (exactly `accessgraph graph --format
 * csv`: RFC 4180, the deciding rule per layer, ports open to all as explicit rows) under the
 * view's filters — the API's, plus the two the browser applies: a port name and focus (only
 * when the focused workload is in the graph, as edgesInView). Its provenance is not a line of
 * the CSV but a JSON sidecar downloaded beside it (`<name>.csv.json`).
 */
export function graphCsvPath(graphQuery: string, view: Pick<ViewState, 'focus' | 'port'>, graph: GraphResponseLike): string {
  const q = new URLSearchParams(graphQuery.replace(/^\?/, ''));
  const port = parsePortFilter(view.port ?? '');
  if (port.ok && port.filter?.kind === 'name') q.set('portName', port.filter.name);
  const focus = view.focus;
  if (focus && graph.nodes.some((n) => n.id === focus)) q.set('focus', focus);
  const s = q.toString();
  return `/api/v1/graph.csv${s ? `?${s}` : ''}`;
}

/** The sidecar: the server's provenance (X-Accessgraph-Provenance), what the dashboard adds, the row count. */
export function csvSidecar(serverProvenance: string | null, m: ExportMeta, rows: number): string {
  let server: Record<string, unknown> = {};
  try {
    const parsed: unknown = serverProvenance ? JSON.parse(serverProvenance) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) server = parsed as Record<string, unknown>;
  } catch {
    server = { provenanceUnreadable: true };
  }
  return JSON.stringify({ ...server, rows, exportedAt: m.exportedAt, dashboard: { source: m.source, takenAt: m.takenAt, filters: m.filters, collapsed: m.collapsed, header: headerLines(m) } }, null, 2) + '\n';
}

export function edgesJson(edges: GraphEdge[], m: ExportMeta): string {
  return JSON.stringify({ source: m.source, takenAt: m.takenAt, exportedAt: m.exportedAt, filters: m.filters, collapsed: m.collapsed, header: headerLines(m), edgeCount: edges.length, edges }, null, 2);
}
