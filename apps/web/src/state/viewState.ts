/**
 * The view a link reproduces: filters, selection, collapsed namespaces, theme. Lives in the
 * URL query string; this module only converts between the two (pure, tested).
 */
import { isOneOf, EDGE_CLASSES, type EdgeClass, type Layer } from '@accessgraph/model';
import { parsePortFilter } from './portFilter.ts';

export type Selection = { kind: 'workload'; id: string } | { kind: 'edge'; id: string } | { kind: 'namespace'; id: string } | null;

export interface ViewState {
  namespaces: string[];
  classes: EdgeClass[];
  layer: Layer | null;
  port: string | null;
  includeOpen: boolean;
  selection: Selection;
  /** Namespaces the user collapsed or expanded explicitly (overrides the size default). */
  collapsed: string[];
  expanded: string[];
  focus: string | null;
  theme: 'light' | 'dark';
  /** Graph or Matrix; null: the default for the cluster's size (matrix above 3,000 workloads). */
  mode: 'graph' | 'matrix' | null;
  /** A find/hide expression (findExpr.ts), as typed. */
  find: string | null;
  /** The namespace pair `from>to` opened in the workload matrix. */
  pair: string | null;
  /** Matrix order: by name, by flows, by open + conflict flows. */
  sort: 'name' | 'count' | 'risk';
  /** A label selector naming the sensitive workloads in this browser (overrides the server's flags). */
  sensitive: string | null;
}

export const DEFAULT_VIEW: ViewState = {
  namespaces: [],
  classes: [],
  layer: null,
  port: null,
  includeOpen: false,
  selection: null,
  collapsed: [],
  expanded: [],
  focus: null,
  theme: 'light',
  mode: null,
  find: null,
  pair: null,
  sort: 'name',
  sensitive: null,
};

const list = (v: string | null): string[] => (v ? v.split(',').filter(Boolean) : []);

export function parseView(search: string): ViewState {
  const q = new URLSearchParams(search);
  const sel = q.get('sel');
  let selection: Selection = null;
  if (sel) {
    const [kind, ...rest] = sel.split(':');
    const id = rest.join(':');
    if ((kind === 'workload' || kind === 'edge' || kind === 'namespace') && id) selection = { kind, id };
  }
  const layer = q.get('layer');
  const port = parsePortFilter(q.get('port') ?? '');
  return {
    namespaces: list(q.get('ns')),
    classes: list(q.get('class')).filter((c) => isOneOf(EDGE_CLASSES, c)),
    layer: layer === 'l4' || layer === 'l7' ? layer : null,
    // A number or a port name; anything else in a hand-edited URL is dropped, never sent.
    port: port.ok && port.filter ? port.filter.text : null,
    includeOpen: q.get('open') === '1',
    selection,
    collapsed: list(q.get('collapsed')),
    expanded: list(q.get('expanded')),
    focus: q.get('focus'),
    theme: q.get('theme') === 'dark' ? 'dark' : 'light',
    mode: q.get('view') === 'matrix' ? 'matrix' : q.get('view') === 'graph' ? 'graph' : null,
    find: q.get('find') || null,
    pair: q.get('pair') || null,
    sort: q.get('sort') === 'count' ? 'count' : q.get('sort') === 'risk' ? 'risk' : 'name',
    sensitive: q.get('sensitive') || null,
  };
}

export function serializeView(v: ViewState): string {
  const q = new URLSearchParams();
  if (v.namespaces.length) q.set('ns', v.namespaces.join(','));
  if (v.classes.length) q.set('class', v.classes.join(','));
  if (v.layer) q.set('layer', v.layer);
  if (v.port) q.set('port', v.port);
  if (v.includeOpen) q.set('open', '1');
  if (v.selection) q.set('sel', `${v.selection.kind}:${v.selection.id}`);
  if (v.collapsed.length) q.set('collapsed', v.collapsed.join(','));
  if (v.expanded.length) q.set('expanded', v.expanded.join(','));
  if (v.focus) q.set('focus', v.focus);
  if (v.theme === 'dark') q.set('theme', 'dark');
  if (v.mode) q.set('view', v.mode);
  if (v.find) q.set('find', v.find);
  if (v.pair) q.set('pair', v.pair);
  if (v.sort !== 'name') q.set('sort', v.sort);
  if (v.sensitive) q.set('sensitive', v.sensitive);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Query string for GET /api/v1/graph from the view's filters. */
export function graphQuery(v: ViewState): string {
  const q = new URLSearchParams();
  for (const ns of v.namespaces) q.append('namespace', ns);
  for (const c of v.classes) q.append('protection', c);
  if (v.layer) q.set('layer', v.layer);
  // A port name is resolved in the browser (portFilter.ts), per destination: the API takes numbers.
  const port = parsePortFilter(v.port ?? '');
  if (port.ok && port.filter?.kind === 'number') q.append('port', port.filter.text);
  if (v.includeOpen) q.set('includeOpen', 'true');
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** One line for export headers: which filters are in force. */
export function describeFilters(v: ViewState): string {
  const parts = [
    v.namespaces.length ? `namespaces: ${v.namespaces.join(', ')}` : 'all namespaces',
    v.classes.length ? `classes: ${v.classes.join(', ')}` : 'all classes',
    v.layer ? `layer: ${v.layer}` : null,
    v.port ? `port: ${v.port}` : null,
    v.includeOpen ? 'open flows shown' : 'open flows summarised',
    v.focus ? `focus: ${v.focus}` : null,
    v.find ? `find: ${v.find}` : null,
  ];
  return parts.filter(Boolean).join(' · ');
}
