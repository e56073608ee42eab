/**
 * The graph filters every front end applies (`/api/v1/graph`, `graph.csv`, the overview, the
 * CLI's `--namespace`): namespaces (edges touching them and the workloads at both ends), layer
 * (ports that layer has a say on), protection class and port. Port-level filters drop ports,
 * then edges left without ports; the edge's class and `mixed` are recomputed from the ports
 * that remain (edgeClassOrder.ts).
 */
import type { Protocol } from '../k8s/types.ts';
import type { EdgeClass, EdgePort, Graph, GraphEdge } from '../graph/types.ts';
import type { Layer } from '../verdict/types.ts';
import { edgeWithPorts } from './edgeClassOrder.ts';

export interface GraphFilter {
  namespaces?: readonly string[];
  layer?: Layer;
  protections?: readonly EdgeClass[];
  ports?: readonly { port: number; protocol?: Protocol }[];
}

/** The verdicts by which a layer has a say on a port (the `layer` filter). */
const L4_SAYS = new Set<string>(['allow', 'deny']);
const L7_SAYS = new Set<string>(['allow', 'partial', 'authenticated', 'deny']);

export function isEmptyFilter(f: GraphFilter): boolean {
  return !f.namespaces?.length && !f.layer && !f.protections?.length && !f.ports?.length;
}

/** The workload id's namespace (the text before the first `/`). */
export function namespaceOf(workloadId: string): string {
  const slash = workloadId.indexOf('/');
  return slash < 0 ? workloadId : workloadId.slice(0, slash);
}

/** The port-level part of the filter (layer, protection, port); undefined when it keeps every port. */
export function edgePortFilter(f: GraphFilter): ((p: EdgePort) => boolean) | undefined {
  const tests: ((p: EdgePort) => boolean)[] = [];
  if (f.layer === 'l4') tests.push((p) => L4_SAYS.has(p.l4));
  if (f.layer === 'l7') tests.push((p) => L7_SAYS.has(p.l7));
  if (f.protections?.length) {
    const wanted = new Set(f.protections);
    tests.push((p) => wanted.has(p.class));
  }
  if (f.ports?.length) {
    const ports = f.ports;
    tests.push((p) => ports.some((q) => q.port === p.port && (!q.protocol || q.protocol === p.protocol)));
  }
  return tests.length ? (p) => tests.every((t) => t(p)) : undefined;
}

/** The port filter on a node's open-to-all badges (`5432/TCP`). */
export function openPortMatches(f: GraphFilter): (spec: string) => boolean {
  if (!f.ports?.length) return () => true;
  const ports = f.ports;
  return (spec) => {
    const [port, protocol] = spec.split('/');
    return ports.some((q) => q.port === Number(port) && (!q.protocol || q.protocol === protocol));
  };
}

/** Per graph: each namespace's edges (indices into graph.edges, ascending), built on first use. */
const edgesByNamespace = new WeakMap<Graph, Map<string, number[]>>();

/**
 * The edges touching these namespaces, in graph order, from an index built once per graph: the
 * dashboard's overview asks one namespace at a time (?namespace=NS when a namespace is
 * expanded), and at 10,000 workloads scanning all ~480k edges for each took over a second.
 */
export function edgesTouching(graph: Graph, namespaces: ReadonlySet<string>): GraphEdge[] {
  let index = edgesByNamespace.get(graph);
  if (!index) {
    index = new Map();
    graph.edges.forEach((e, i) => {
      const from = namespaceOf(e.from);
      const to = namespaceOf(e.to);
      for (const ns of from === to ? [from] : [from, to]) {
        const list = index!.get(ns);
        if (list) list.push(i);
        else index!.set(ns, [i]);
      }
    });
    edgesByNamespace.set(graph, index);
  }
  const picked = new Set<number>();
  for (const ns of namespaces) for (const i of index.get(ns) ?? []) picked.add(i);
  return [...picked].sort((a, b) => a - b).map((i) => graph.edges[i]!);
}

/** The graph as the filter leaves it; the graph itself when the filter is empty. */
export function filterGraph(graph: Graph, f: GraphFilter): Graph {
  if (isEmptyFilter(f)) return graph;
  const namespaces = f.namespaces?.length ? new Set(f.namespaces) : undefined;
  const keepPort = edgePortFilter(f);
  const edges: GraphEdge[] = [];
  for (const e of namespaces ? edgesTouching(graph, namespaces) : graph.edges) {
    if (!keepPort) {
      edges.push(e);
      continue;
    }
    const ports = e.ports.filter(keepPort);
    if (ports.length === e.ports.length) edges.push(e);
    else if (ports.length > 0) edges.push(edgeWithPorts(e, ports));
  }
  if (!namespaces) return { ...graph, edges };
  const nodeIds = new Set<string>();
  for (const n of graph.nodes) if (namespaces.has(n.namespace)) nodeIds.add(n.id);
  for (const e of edges) nodeIds.add(e.from).add(e.to);
  const nodes = graph.nodes.filter((n) => nodeIds.has(n.id));
  const shownNamespaces = new Set(nodes.map((n) => n.namespace));
  for (const ns of namespaces) shownNamespaces.add(ns);
  return {
    namespaces: graph.namespaces.filter((ns) => shownNamespaces.has(ns.name)),
    nodes,
    edges,
    diagnostics: graph.diagnostics.filter((d) => {
      const ns = d.object?.namespace;
      if (ns !== undefined && namespaces.has(ns)) return true;
      if (d.workloads?.some((w) => nodeIds.has(w))) return true;
      return ns === undefined && !d.workloads?.length;
    }),
  };
}
