/**
 * Builds the access graph from the two layer evaluators without evaluating pairs one by one:
 * per (destination, declared port) both layers partition all sources into verdict classes
 * (bitsets), and the graph's edges are read off their intersections. A port every workload
 * reaches unrestricted becomes the node's "open to all" badge instead of N edges.
 */
import type { Protocol, Workload } from '../k8s/types.ts';
import type { L4Classes, L4Evaluator } from '../l4/types.ts';
import type { L7Classes, L7Evaluator } from '../l7/types.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import type { L4Verdict, L7Verdict } from '../verdict/types.ts';
import { combineAllowed, protectionOf } from '../verdict/combine.ts';
import { cniPort } from '../verdict/cniPort.ts';
import type { EdgeClass, EdgePort, Graph, GraphEdge, GraphNamespace, GraphNode } from './types.ts';
import { isSensitive } from './sensitive.ts';
import type { LabelSelector } from '../selectors/labelSelector.ts';
import { addPortToEdge } from '../query/edgeClassOrder.ts';

export interface GraphOptions {
  /** Keep the edges of ports open to all (a hairball on big clusters). */
  includeOpen?: boolean;
  /** Which workloads are sensitive (`--sensitive`); without it the heuristic of sensitive.ts. */
  sensitive?: LabelSelector;
}

/**
 * `proxyPortBlocked`: L4 denies on the proxy port what its rules admit on the application port
 * (§4); when L7 lets the client in, the layers disagree just as when one explicitly allows.
 */
export function edgeClassOf(l4: L4Verdict, l7: L7Verdict, proxyPortBlocked = false): EdgeClass | undefined {
  const allowed = combineAllowed(l4, l7);
  const l7Grants = l7 === 'allow' || l7 === 'partial';
  const l7LetsIn = l7Grants || l7 === 'open' || l7 === 'authenticated';
  if (allowed === false) return (l4 === 'allow' && l7 === 'deny') || (l4 === 'deny' && (l7Grants || (proxyPortBlocked && l7LetsIn))) ? 'conflict' : undefined;
  if (allowed === null) return 'unknown';
  return protectionOf(l4, l7) ?? undefined;
}

/** The L4 verdict of source `s` in a destination port's classes. */
export function l4VerdictOf(c: L4Classes, s: number): L4Verdict {
  if (c.allow.has(s)) return 'allow';
  if (c.deny.has(s)) return 'deny';
  if (c.unknown.has(s)) return 'unknown';
  return 'open';
}

/** The L7 verdict of source `s` in a destination port's classes. */
export function l7VerdictOf(c: L7Classes, s: number): L7Verdict {
  if (c.notApplicable.has(s)) return 'n/a';
  if (c.allow.has(s)) return 'allow';
  if (c.partial.has(s)) return 'partial';
  if (c.authenticated.has(s)) return 'authenticated';
  if (c.deny.has(s)) return 'deny';
  if (c.unknown.has(s)) return 'unknown';
  return 'open';
}

/** Declared ports of a workload, one per (port, protocol). */
export function declaredPorts(w: Workload): { port: number; protocol: Protocol; name?: string }[] {
  const seen = new Set<string>();
  const out: { port: number; protocol: Protocol; name?: string }[] = [];
  for (const p of w.ports) {
    const key = `${p.port}/${p.protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ port: p.port, protocol: p.protocol, ...(p.name ? { name: p.name } : {}) });
  }
  return out;
}

/** One destination's node and the edges into it (one per source workload). */
export interface DestinationGraph {
  node: GraphNode;
  edges: GraphEdge[];
}

/** One flow into a destination on one of its declared ports, as the graph keeps it. */
export interface DestinationFlow {
  /** Index of the port in declaredPorts(destination). */
  portIndex: number;
  port: number;
  protocol: Protocol;
  from: number;
  l4: L4Verdict;
  l7: L7Verdict;
  proxyPortBlocked: boolean;
  class: EdgeClass;
}

/**
 * Every flow the graph keeps into `to`, port by port in declared order and sources ascending,
 * handed to `visit` (the same object, reused: copy what you keep). Returns the ports open to
 * all (`5432/TCP`), whose flows are visited only with `includeOpen`. The full graph
 * (destinationGraph) and the compact one (compactGraph.ts) both read flows from here.
 */
export function visitDestinationFlows(table: WorkloadTable, l4: L4Evaluator, l7: L7Evaluator, to: number, options: GraphOptions, visit: (flow: Readonly<DestinationFlow>) => void): string[] {
  const openToAll: string[] = [];
  const flow: DestinationFlow = { portIndex: 0, port: 0, protocol: 'TCP', from: 0, l4: 'open', l7: 'open', proxyPortBlocked: false, class: 'none' };
  for (const [portIndex, { port, protocol }] of declaredPorts(table.at(to)).entries()) {
    const c4 = l4.classify(to, port, protocol);
    const c7 = l7.classify(to, port, protocol);
    // Every other workload gets in (whatever restricts it, nothing keeps anyone out): a badge, not N edges.
    // A few set operations, block by block (selectors/workloadSet.ts): this runs for every destination port.
    const notDenied = table.all.minus(c4.deny).subtract(c7.deny);
    const reachable = notDenied.minus(c4.unknown).subtract(c7.unknown);
    const candidates = notDenied
      .unionWith(c4.allow.intersect(c7.deny))
      .unionWith(c7.allow.union(c7.partial).intersectWith(c4.deny))
      .unionWith(c4.proxyPortBlocked.minus(c7.deny));
    reachable.delete(to);
    const isOpenToAll = table.size > 1 && reachable.count() === table.size - 1;
    if (isOpenToAll) openToAll.push(`${port}/${protocol}`);
    candidates.delete(to);
    if (isOpenToAll && !options.includeOpen) candidates.subtract(reachable);
    flow.portIndex = portIndex;
    flow.port = port;
    flow.protocol = protocol;
    for (const from of candidates) {
      const v4 = l4VerdictOf(c4, from);
      const v7 = l7VerdictOf(c7, from);
      const blockedOnProxyPort = c4.proxyPortBlocked.has(from);
      const cls = edgeClassOf(v4, v7, blockedOnProxyPort);
      if (!cls) continue;
      flow.from = from;
      flow.l4 = v4;
      flow.l7 = v7;
      flow.proxyPortBlocked = blockedOnProxyPort;
      flow.class = cls;
      visit(flow);
    }
  }
  return openToAll;
}

/** An edge port from its verdicts; `l4Port` is where L4 decided it. */
export function edgePortOf(port: number, protocol: Protocol, l4Port: number, v4: L4Verdict, v7: L7Verdict, cls: EdgeClass, proxyPortBlocked: boolean): EdgePort {
  return {
    port,
    protocol,
    l4Port,
    l4: v4,
    l7: v7,
    allowed: combineAllowed(v4, v7),
    protection: protectionOf(v4, v7),
    class: cls,
    ...(proxyPortBlocked ? { proxyPortBlocked: true } : {}),
  };
}

const L4_CODES: Record<L4Verdict, number> = { allow: 0, deny: 1, open: 2, unknown: 3 };
const L7_CODES: Record<L7Verdict, number> = { allow: 0, partial: 1, authenticated: 2, open: 3, deny: 4, 'n/a': 5, unknown: 6 };
const CLASS_CODES: Record<EdgeClass, number> = { both: 0, 'l4-only': 1, 'l7-only': 2, none: 3, conflict: 4, unknown: 5 };
const PROTOCOL_CODES: Record<Protocol, number> = { TCP: 0, UDP: 1, SCTP: 2 };

/**
 * Edge ports are a few distinct shapes repeated over millions of edges: one frozen object per
 * distinct (port, protocol, l4Port, verdicts, class, proxyPortBlocked), shared by every edge
 * that has it. The JSON is the same; nothing may modify an edge port in place (frozen).
 */
export class EdgePortInterner {
  private readonly shapes = new Map<number, EdgePort>();
  /** Each shape's number, for the key of a port list. */
  private readonly numbers = new Map<EdgePort, number>();
  /** One-port lists by their port; longer ones by their ports' numbers. */
  private readonly single = new Map<EdgePort, readonly EdgePort[]>();
  private readonly lists = new Map<string, readonly EdgePort[]>();
  get(port: number, protocol: Protocol, l4Port: number, v4: L4Verdict, v7: L7Verdict, cls: EdgeClass, proxyPortBlocked: boolean): EdgePort {
    const key = ((((port * 65536 + l4Port) * 3 + PROTOCOL_CODES[protocol]) * 4 + L4_CODES[v4]) * 7 + L7_CODES[v7]) * 12 + CLASS_CODES[cls] * 2 + (proxyPortBlocked ? 1 : 0);
    let e = this.shapes.get(key);
    if (!e) {
      this.shapes.set(key, (e = Object.freeze(edgePortOf(port, protocol, l4Port, v4, v7, cls, proxyPortBlocked))));
      this.numbers.set(e, this.numbers.size);
    }
    return e;
  }

  /**
   * The one frozen list of these ports (made by `get`, in this order): millions of edges have a
   * few hundred distinct port lists (issue 19: 278 at 30,000 workloads), so an edge's `ports`
   * is shared, never modified in place, like its entries.
   */
  list(ports: readonly EdgePort[]): EdgePort[] {
    if (ports.length === 1) {
      const p = ports[0]!;
      let l = this.single.get(p);
      if (!l) this.single.set(p, (l = Object.freeze([p])));
      return l as EdgePort[];
    }
    if (!ports.every((p) => this.numbers.has(p))) return ports as EdgePort[];
    const key = ports.map((p) => this.numbers.get(p)).join(',');
    let l = this.lists.get(key);
    if (!l) this.lists.set(key, (l = Object.freeze([...ports])));
    return l as EdgePort[];
  }
}

/** Adds one port to the edge of its source, creating the edge on the source's first port. */
export function addEdgePort(edges: Map<number, GraphEdge>, from: number, fromId: string, toId: string, entry: EdgePort): void {
  const edge = edges.get(from);
  if (edge) addPortToEdge(edge, entry);
  else {
    edges.set(from, { id: `${fromId}->${toId}`, from: fromId, to: toId, class: entry.class, mixed: false, ports: [entry] });
  }
}

/** The node of a workload; `openToAll` from visitDestinationFlows. */
export function graphNodeOf(dst: Workload, openToAll: string[], l4Isolated: boolean, sensitive?: LabelSelector): GraphNode {
  return {
    id: dst.id,
    namespace: dst.namespace,
    name: dst.name,
    kind: dst.kind,
    meshed: dst.meshed,
    serviceAccount: dst.serviceAccount,
    labels: { ...dst.labels },
    ports: dst.ports.map((p) => ({ port: p.port, protocol: p.protocol, ...(p.name ? { name: p.name } : {}) })),
    openToAll,
    l4Isolated,
    sensitive: isSensitive(dst, sensitive),
  };
}

export function destinationGraph(table: WorkloadTable, l4: L4Evaluator, l7: L7Evaluator, to: number, options: GraphOptions = {}, interner = new EdgePortInterner()): DestinationGraph {
  const dst = table.at(to);
  const edges = new Map<number, GraphEdge>();
  const openToAll = visitDestinationFlows(table, l4, l7, to, options, (f) => {
    const src = table.at(f.from);
    addEdgePort(edges, f.from, src.id, dst.id, interner.get(f.port, f.protocol, cniPort(src, dst, f.port, f.protocol), f.l4, f.l7, f.class, f.proxyPortBlocked));
  });
  const list = [...edges.values()];
  for (const e of list) e.ports = interner.list(e.ports);
  return { node: graphNodeOf(dst, openToAll, l4.ingressIsolated(to), options.sensitive), edges: list };
}

/**
 * The graph from per-destination parts; `reuse` hands back parts a previous analysis computed.
 * `moreEdges` (the outside peers') come after the parts' edges. The edges stay in their parts
 * (`edgeParts`, shared by reference with the previous graph's unchanged destinations): issue 19,
 * one change at 30,000 workloads no longer copies 3.7 M edges into a new array (graphOf).
 */
export function buildGraph(
  table: WorkloadTable,
  l4: L4Evaluator,
  l7: L7Evaluator,
  options: GraphOptions = {},
  reuse: (to: number) => DestinationGraph | undefined = () => undefined,
  moreEdges: readonly GraphEdge[] = [],
  previousNamespaces?: readonly GraphNamespace[],
): { namespaces: GraphNamespace[]; nodes: GraphNode[]; edgeParts: GraphEdge[][]; parts: DestinationGraph[] } {
  const parts: DestinationGraph[] = [];
  const interner = new EdgePortInterner();
  /** Namespaces with a destination computed again (the others' nodes are the previous graph's). */
  const touched = new Set<string>();
  for (let to = 0; to < table.size; to++) {
    let part = reuse(to);
    if (!part) {
      part = destinationGraph(table, l4, l7, to, options, interner);
      touched.add(part.node.namespace);
    }
    parts.push(part);
  }
  const nodes = parts.map((p) => p.node);
  const edgeParts: GraphEdge[][] = [];
  for (const p of parts) if (p.edges.length > 0) edgeParts.push(p.edges);
  if (moreEdges.length > 0) edgeParts.push(moreEdges as GraphEdge[]);
  // Issue 19: a change re-summarises the namespaces it touched only (the same table, so the same namespace list).
  const namespaces =
    previousNamespaces && previousNamespaces.length === table.namespaces.length && touched.size < table.namespaces.length
      ? previousNamespaces.map((ns, i) => (touched.has(ns.name) ? graphNamespaces([table.namespaces[i]!], [...table.inNamespace(ns.name)].map((to) => nodes[to]!))[0]! : ns))
      : graphNamespaces(table.namespaces, nodes);
  return { namespaces, nodes, edgeParts, parts };
}

/**
 * A graph whose edges are held as parts, one after the other (`edgeParts`, not enumerable: the
 * JSON is the graph's own), and made into the one `edges` array the first time it is read —
 * by whoever needs them all at once (a JSON document, a CSV), not on every change. Reading
 * `edgeParts` (graphEdgeParts) walks the same edges without the copy.
 */
export function graphOf(namespaces: GraphNamespace[], nodes: GraphNode[], edgeParts: readonly GraphEdge[][], diagnostics: Graph['diagnostics']): Graph {
  let parts = edgeParts;
  let flat: GraphEdge[] | undefined = parts.length === 0 ? [] : parts.length === 1 ? parts[0] : undefined;
  const graph = {
    namespaces,
    nodes,
    get edges(): GraphEdge[] {
      return (flat ??= concatAll(parts));
    },
    set edges(edges: GraphEdge[]) {
      flat = edges;
      parts = [edges];
    },
    diagnostics,
  };
  Object.defineProperty(graph, 'edgeParts', { get: () => parts, enumerable: false });
  return graph;
}

/** A graph's edges as the parts it holds them in (one part for a graph built as a plain object). */
export function graphEdgeParts(graph: Graph): readonly (readonly GraphEdge[])[] {
  return (graph as { edgeParts?: readonly (readonly GraphEdge[])[] }).edgeParts ?? [graph.edges];
}

/**
 * The lists one after the other, in one new array. `flatMap` over tens of thousands of parts
 * (millions of edges) grows its result step by step: ~0.8 s and as much garbage at 30,000
 * workloads on every change (issue 19); `concat` of a bounded number of lists at a time copies
 * each element once.
 */
export function concatAll<T>(lists: readonly (readonly T[])[]): T[] {
  const CHUNK = 8192;
  if (lists.length <= CHUNK) return ([] as T[]).concat(...lists);
  const chunks: T[][] = [];
  for (let i = 0; i < lists.length; i += CHUNK) chunks.push(([] as T[]).concat(...lists.slice(i, i + CHUNK)));
  return ([] as T[]).concat(...chunks);
}

/** The namespaces of the graph: what their nodes say of them. */
export function graphNamespaces(namespaces: readonly { name: string; labels: Record<string, string>; implicit: boolean }[], nodes: readonly GraphNode[]): GraphNamespace[] {
  // One pass over the nodes, not one per namespace (thousands of namespaces on big clusters).
  const byNamespace = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    const list = byNamespace.get(n.namespace);
    if (list) list.push(n);
    else byNamespace.set(n.namespace, [n]);
  }
  return namespaces.map((ns) => {
    const members = byNamespace.get(ns.name) ?? [];
    return {
      name: ns.name,
      labels: { ...ns.labels },
      meshed: members.length > 0 && members.every((n) => n.meshed),
      workloadCount: members.length,
      openWorkloads: members.filter((n) => n.openToAll.length > 0).length,
      implicit: ns.implicit,
    };
  });
}
