/**
 * API graph → Cytoscape element definitions (pure; tested without cy). Namespaces are compound
 * nodes; a collapsed namespace becomes one node and the edges of its workloads are aggregated
 * onto it. A focused workload keeps only itself and its neighbourhood.
 */
import type { EdgeClass, GraphResponseLike } from './graphTypes.ts';
import { EDGE_STRENGTH } from '@accessgraph/model';
import { EDGE_LOOKS } from './edgeClasses.ts';
import type { ViewState } from '../state/viewState.ts';
import { edgeLabel, flowEdge, namespaceNodeId, portsOf, workloadNode, type ElementDefinition, type FlowRef } from './elementData.ts';

export { edgeLabel, namespaceNodeId, type ElementDefinition } from './elementData.ts';

/** Above this many workloads, namespaces start collapsed unless expanded explicitly. */
export const COLLAPSE_THRESHOLD = 80;

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
        kind: 'namespace',
        id: namespaceNodeId(ns.name),
        // Collapsed, the box hides its workloads' badges: say how many are open to all in words.
        label: isCollapsed ? `${ns.name} (${members.length})${open > 0 ? `\n⚠ ${open} open to all` : ''}` : ns.name,
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
        data: { kind: 'external', id: n.id, label: lines.join('\n'), width: Math.max(...lines.map((l) => l.length)) * 7 + 40, height: lines.length * 14 + 30, name: n.name, namespace: '', openToAll: n.openToAll.join(', ') },
        classes: 'external',
      });
      continue;
    }
    if (collapsed.has(n.namespace)) continue;
    out.push(workloadNode(n, { exposures: true }));
  }

  const collapsedEnd = new Set([...collapsed].map(namespaceNodeId));
  const edgeById = new Map(edges.map((e) => [e.id, e]));
  const endpoint = (id: string) => {
    const ns = nodeNamespace.get(id);
    return ns !== undefined && collapsed.has(ns) ? namespaceNodeId(ns) : id;
  };
  // Keyed by the two drawn ends (the key is never read back).
  const merged = new Map<string, { source: string; target: string; cls: EdgeClass; members: FlowRef[]; ports: Set<string> }>();
  for (const e of edges) {
    const source = endpoint(e.from);
    const target = endpoint(e.to);
    if (source === target) continue; // inside one collapsed namespace
    const key = `${source}\u0000${target}`;
    const m = merged.get(key);
    const ports = portsOf(e);
    if (m) {
      m.members.push({ id: e.id, from: e.from, to: e.to });
      ports.forEach((p) => m.ports.add(p));
      if (EDGE_STRENGTH[e.class] < EDGE_STRENGTH[m.cls]) m.cls = e.class;
    } else merged.set(key, { source, target, cls: e.class, members: [{ id: e.id, from: e.from, to: e.to }], ports: new Set(ports) });
  }
  for (const m of merged.values()) {
    const aggregated = m.members.length > 1 || collapsedEnd.has(m.source) || collapsedEnd.has(m.target);
    if (!aggregated) {
      out.push(flowEdge(edgeById.get(m.members[0]!.id)!, `edge ${m.cls}`));
      continue;
    }
    out.push({
      group: 'edges',
      data: {
        kind: 'flow',
        // An opaque key: panels read `members`, never this id.
        id: `agg:${m.source}->${m.target}`,
        source: m.source,
        target: m.target,
        cls: m.cls,
        badge: EDGE_LOOKS[m.cls].badge,
        ports: [...m.ports].join(', '),
        // What the edge carries, next to how it is protected: `L4 · 5432`, `open · 80, 443, 8080 +2`.
        label: edgeLabel(EDGE_LOOKS[m.cls].badge, [...m.ports], m.members.length),
        members: m.members,
        count: m.members.length,
        aggregated: true,
      },
      classes: `edge ${m.cls} aggregated`,
    });
  }
  return out;
}
