/**
 * API graph → Cytoscape element definitions (pure; tested without cy). Namespaces are compound
 * nodes; a collapsed namespace becomes one node and the edges of its workloads are aggregated
 * onto it. A focused workload keeps only itself and its neighbourhood.
 */
import type { EdgeClass, GraphEdge, GraphResponseLike } from './graphTypes.ts';
import { EDGE_STRENGTH } from '@accessgraph/model';
import { EDGE_LOOKS } from './edgeClasses.ts';
import type { ViewState } from '../state/viewState.ts';

export interface ElementDefinition {
  group: 'nodes' | 'edges';
  data: Record<string, unknown> & { id: string };
  classes?: string;
}

/** Above this many workloads, namespaces start collapsed unless expanded explicitly. */
export const COLLAPSE_THRESHOLD = 80;

export function namespaceNodeId(ns: string): string {
  return `ns:${ns}`;
}

export function collapsedNamespaces(graph: GraphResponseLike, view: Pick<ViewState, 'collapsed' | 'expanded'>): Set<string> {
  const byDefault = graph.nodes.length > COLLAPSE_THRESHOLD;
  const out = new Set<string>();
  for (const ns of graph.namespaces) {
    if (view.collapsed.includes(ns.name) || (byDefault && !view.expanded.includes(ns.name))) out.add(ns.name);
  }
  return out;
}

export function toElements(graph: GraphResponseLike, view: Pick<ViewState, 'collapsed' | 'expanded' | 'focus'>): ElementDefinition[] {
  const collapsed = collapsedNamespaces(graph, view);
  let nodes = graph.nodes;
  let edges = graph.edges;
  if (view.focus && graph.nodes.some((n) => n.id === view.focus)) {
    edges = edges.filter((e) => e.from === view.focus || e.to === view.focus);
    const keep = new Set([view.focus, ...edges.flatMap((e) => [e.from, e.to])]);
    nodes = nodes.filter((n) => keep.has(n.id));
  }
  const nodeNamespace = new Map(graph.nodes.map((n) => [n.id, n.namespace]));
  const visibleNamespaces = new Set(nodes.map((n) => n.namespace));
  const out: ElementDefinition[] = [];

  for (const ns of graph.namespaces) {
    if (!visibleNamespaces.has(ns.name)) continue;
    const isCollapsed = collapsed.has(ns.name);
    const members = nodes.filter((n) => n.namespace === ns.name);
    const open = members.filter((n) => n.openToAll.length > 0).length;
    out.push({
      group: 'nodes',
      data: {
        id: namespaceNodeId(ns.name),
        // Collapsed, the box hides its workloads' badges: say how many are open to all in words.
        label: isCollapsed ? `${ns.name} (${members.length})${open > 0 ? `\n⚠ ${open} open to all` : ''}` : ns.name,
        kind: 'namespace',
        namespace: ns.name,
        meshed: ns.meshed,
        openCount: open,
      },
      classes: ['namespace', isCollapsed ? 'collapsed' : 'expanded', ns.meshed ? 'meshed' : '', open > 0 ? 'has-open' : ''].filter(Boolean).join(' '),
    });
  }
  for (const n of nodes) {
    if (n.kind === 'External') {
      // The world outside (issue 17): its own node, in no namespace box.
      const lines = n.name === 'outside the cluster' ? [n.name] : ['outside the cluster', n.name];
      out.push({
        group: 'nodes',
        data: { id: n.id, label: lines.join('\n'), width: Math.max(...lines.map((l) => l.length)) * 7 + 40, height: lines.length * 14 + 30, kind: 'external', name: n.name, namespace: '', openToAll: n.openToAll.join(', ') },
        classes: 'external',
      });
      continue;
    }
    if (collapsed.has(n.namespace)) continue;
    const exposed = (n.exposures?.length ?? 0) > 0;
    const badges = [n.meshed ? 'mTLS' : '', n.sensitive ? '◆ data' : '', n.openToAll.length ? '⚠ open' : '', exposed ? '⇱ exposed' : ''].filter(Boolean).join(' · ');
    const lines = badges ? [n.name, badges] : [n.name];
    out.push({
      group: 'nodes',
      data: {
        id: n.id,
        parent: namespaceNodeId(n.namespace),
        label: lines.join('\n'),
        width: Math.max(60, Math.max(...lines.map((l) => l.length)) * 7 + 16),
        height: lines.length * 14 + 12,
        kind: 'workload',
        name: n.name,
        namespace: n.namespace,
        openToAll: n.openToAll.join(', '),
        ...(exposed ? { exposures: n.exposures!.map((e) => e.path).join('\n') } : {}),
      },
      classes: ['workload', n.meshed ? 'meshed' : 'unmeshed', n.sensitive ? 'sensitive' : '', n.openToAll.length ? 'open-ingress' : '', exposed ? 'exposed' : ''].filter(Boolean).join(' '),
    });
  }

  const endpoint = (id: string) => {
    const ns = nodeNamespace.get(id);
    return ns !== undefined && collapsed.has(ns) ? namespaceNodeId(ns) : id;
  };
  const merged = new Map<string, { source: string; target: string; cls: EdgeClass; edgeIds: string[]; ports: Set<string> }>();
  for (const e of edges) {
    const source = endpoint(e.from);
    const target = endpoint(e.to);
    if (source === target) continue; // inside one collapsed namespace
    const key = `${source}->${target}`;
    const m = merged.get(key);
    const ports = portsOf(e);
    if (m) {
      m.edgeIds.push(e.id);
      ports.forEach((p) => m.ports.add(p));
      if (EDGE_STRENGTH[e.class] < EDGE_STRENGTH[m.cls]) m.cls = e.class;
    } else merged.set(key, { source, target, cls: e.class, edgeIds: [e.id], ports: new Set(ports) });
  }
  for (const [key, m] of merged) {
    const aggregated = m.edgeIds.length > 1 || m.source.startsWith('ns:') || m.target.startsWith('ns:');
    out.push({
      group: 'edges',
      data: {
        id: aggregated ? `agg:${key}` : m.edgeIds[0]!,
        source: m.source,
        target: m.target,
        cls: m.cls,
        badge: EDGE_LOOKS[m.cls].badge,
        ports: [...m.ports].join(', '),
        // What the edge carries, next to how it is protected: `L4 · 5432`, `open · 80, 443, 8080 +2`.
        label: edgeLabel(EDGE_LOOKS[m.cls].badge, [...m.ports], aggregated ? m.edgeIds.length : 1),
        edgeIds: m.edgeIds,
        count: m.edgeIds.length,
      },
      classes: ['edge', m.cls, aggregated ? 'aggregated' : ''].filter(Boolean).join(' '),
    });
  }
  return out;
}

function portsOf(e: GraphEdge): string[] {
  return e.ports.map((p) => `${p.port}/${p.protocol}`);
}

/** An edge's text: the class badge, then its ports (TCP ones as bare numbers), at most three, then `+N`; `×N` for N merged edges. */
export function edgeLabel(badge: string, ports: readonly string[], edges = 1): string {
  const sorted = [...ports].sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || (a < b ? -1 : a > b ? 1 : 0)).map((p) => p.replace(/\/TCP$/, ''));
  const shown = sorted.slice(0, 3).join(', ') + (sorted.length > 3 ? ` +${sorted.length - 3}` : '');
  return [badge, shown, edges > 1 ? `×${edges}` : ''].filter(Boolean).join(' · ');
}
