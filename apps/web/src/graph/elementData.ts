/**
 * What every drawn element carries, as a discriminated union on `kind`: the panels, the
 * highlighter and the live-update marks read these fields and never parse an element id (ids
 * are opaque keys for Cytoscape). Built by toElements.ts (the workload graph) and overview.ts
 * (the namespace overview); the node and edge builders both of them use live here.
 */
import type { EdgeClass, GraphEdge, GraphNode } from './graphTypes.ts';
import { EDGE_LOOKS } from './edgeClasses.ts';

/** A namespace box: expanded (a compound of its workloads) or collapsed (one node). */
export type NamespaceNodeData = {
  kind: 'namespace';
  id: string;
  label: string;
  namespace: string;
  meshed: boolean;
  openCount: number;
  /** A collapsed overview box's size (overview.ts collapsedSize). */
  width?: number;
  height?: number;
};

export type WorkloadNodeData = {
  kind: 'workload';
  /** The API's workload id. */
  id: string;
  parent: string;
  label: string;
  width: number;
  height: number;
  name: string;
  namespace: string;
  openToAll: string;
  exposures?: string;
};

/** An outside peer (issue 17): its own node, in no namespace box. */
export type ExternalNodeData = {
  kind: 'external';
  id: string;
  label: string;
  width: number;
  height: number;
  name: string;
  namespace: '';
  openToAll: string;
};

export type NodeData = NamespaceNodeData | WorkloadNodeData | ExternalNodeData;

/** One API graph edge an element stands for. */
export type FlowRef = { id: string; from: string; to: string };

/**
 * Workload-level flows: one API edge, or (`aggregated`) every edge between the same two drawn
 * ends when a collapsed namespace stands in for its workloads.
 */
export type FlowEdgeData = {
  kind: 'flow';
  id: string;
  source: string;
  target: string;
  cls: EdgeClass;
  badge: string;
  ports: string;
  label: string;
  members: FlowRef[];
  count: number;
  aggregated: boolean;
};

/** The overview's edge of one ordered namespace pair and one class (overview.ts). */
export type PairEdgeData = {
  kind: 'pair';
  id: string;
  source: string;
  target: string;
  cls: EdgeClass;
  badge: string;
  label: string;
  count: number;
  width: number;
  /** The namespaces, by name. */
  from: string;
  to: string;
};

export type EdgeData = FlowEdgeData | PairEdgeData;

export type ElementDefinition = { group: 'nodes'; data: NodeData; classes?: string } | { group: 'edges'; data: EdgeData; classes?: string };

export function namespaceNodeId(ns: string): string {
  return `ns:${ns}`;
}

/** A flow the highlighter lights: two workload ids (the same twice for a lone workload). */
export type Flow = { from: string; to: string };

/** What the graph emphasises: flows (a "can X reach Y" answer, a finding), by their ends. */
export type Highlight = readonly Flow[];

/** A workload's node: its name and badges (`exposures`: the outside-exposure badge too). */
export function workloadNode(n: GraphNode, options: { exposures?: boolean } = {}): ElementDefinition {
  const exposed = options.exposures === true && (n.exposures?.length ?? 0) > 0;
  const badges = [n.meshed ? 'mTLS' : '', n.sensitive ? '◆ data' : '', n.openToAll.length ? '⚠ open' : '', exposed ? '⇱ exposed' : ''].filter(Boolean).join(' · ');
  const lines = badges ? [n.name, badges] : [n.name];
  return {
    group: 'nodes',
    data: {
      kind: 'workload',
      id: n.id,
      parent: namespaceNodeId(n.namespace),
      label: lines.join('\n'),
      width: Math.max(60, Math.max(...lines.map((l) => l.length)) * 7 + 16),
      height: lines.length * 14 + 12,
      name: n.name,
      namespace: n.namespace,
      openToAll: n.openToAll.join(', '),
      ...(exposed ? { exposures: n.exposures!.map((e) => e.path).join('\n') } : {}),
    },
    classes: ['workload', n.meshed ? 'meshed' : 'unmeshed', n.sensitive ? 'sensitive' : '', n.openToAll.length ? 'open-ingress' : '', exposed ? 'exposed' : ''].filter(Boolean).join(' '),
  };
}

export function portsOf(e: GraphEdge): string[] {
  return e.ports.map((p) => `${p.port}/${p.protocol}`);
}

/** One API edge drawn as itself. */
export function flowEdge(e: GraphEdge, classes: string): ElementDefinition {
  const ports = portsOf(e);
  return {
    group: 'edges',
    data: { kind: 'flow', id: e.id, source: e.from, target: e.to, cls: e.class, badge: EDGE_LOOKS[e.class].badge, ports: ports.join(', '), label: edgeLabel(EDGE_LOOKS[e.class].badge, ports), members: [{ id: e.id, from: e.from, to: e.to }], count: 1, aggregated: false },
    classes,
  };
}

/** An edge's text: the class badge, then its ports (TCP ones as bare numbers), at most three, then `+N`; `×N` for N merged edges. */
export function edgeLabel(badge: string, ports: readonly string[], edges = 1): string {
  const sorted = [...ports].sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || (a < b ? -1 : a > b ? 1 : 0)).map((p) => p.replace(/\/TCP$/, ''));
  const shown = sorted.slice(0, 3).join(', ') + (sorted.length > 3 ? ` +${sorted.length - 3}` : '');
  return [badge, shown, edges > 1 ? `×${edges}` : ''].filter(Boolean).join(' · ');
}
