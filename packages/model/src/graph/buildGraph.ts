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

export interface GraphOptions {
  /** Keep the edges of ports open to all (a hairball on big clusters). */
  includeOpen?: boolean;
  /** Which workloads are sensitive (`--sensitive`); without it the heuristic of sensitive.ts. */
  sensitive?: LabelSelector;
}

/** Order of strength for aggregating an edge's ports; conflict and unknown always surface. */
const STRENGTH: Record<EdgeClass, number> = { conflict: -2, unknown: -1, none: 0, 'l4-only': 1, 'l7-only': 2, both: 3 };

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

function l4VerdictOf(c: L4Classes, s: number): L4Verdict {
  if (c.allow.has(s)) return 'allow';
  if (c.deny.has(s)) return 'deny';
  if (c.unknown.has(s)) return 'unknown';
  return 'open';
}

function l7VerdictOf(c: L7Classes, s: number): L7Verdict {
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

export function destinationGraph(table: WorkloadTable, l4: L4Evaluator, l7: L7Evaluator, to: number, options: GraphOptions = {}): DestinationGraph {
  const dst = table.at(to);
  const openToAll: string[] = [];
  const edges = new Map<number, GraphEdge>();
  for (const { port, protocol } of declaredPorts(dst)) {
    const c4 = l4.classify(to, port, protocol);
    const c7 = l7.classify(to, port, protocol);
    // Every other workload gets in (whatever restricts it, nothing keeps anyone out): a badge, not N edges.
    const reachable = table.all.clone().subtract(c4.deny).subtract(c7.deny).subtract(c4.unknown).subtract(c7.unknown);
    reachable.delete(to);
    const isOpenToAll = table.size > 1 && reachable.count() === table.size - 1;
    if (isOpenToAll) openToAll.push(`${port}/${protocol}`);
    const l7Grants = c7.allow.union(c7.partial);
    const candidates = table.all.clone().subtract(c4.deny).subtract(c7.deny);
    candidates.unionWith(c4.allow.intersect(c7.deny)).unionWith(l7Grants.intersectWith(c4.deny)).unionWith(c4.proxyPortBlocked.minus(c7.deny));
    candidates.delete(to);
    if (isOpenToAll && !options.includeOpen) candidates.subtract(reachable);
    for (const from of candidates) {
      const v4 = l4VerdictOf(c4, from);
      const v7 = l7VerdictOf(c7, from);
      const blockedOnProxyPort = c4.proxyPortBlocked.has(from);
      const cls = edgeClassOf(v4, v7, blockedOnProxyPort);
      if (!cls) continue;
      const src = table.at(from);
      const entry: EdgePort = {
        port,
        protocol,
        l4Port: cniPort(src, dst, port, protocol),
        l4: v4,
        l7: v7,
        allowed: combineAllowed(v4, v7),
        protection: protectionOf(v4, v7),
        class: cls,
        ...(blockedOnProxyPort ? { proxyPortBlocked: true } : {}),
      };
      const edge = edges.get(from);
      if (edge) {
        edge.ports.push(entry);
        if (edge.class !== cls) edge.mixed = true;
        if (STRENGTH[cls] < STRENGTH[edge.class]) edge.class = cls;
      } else {
        edges.set(from, { id: `${src.id}->${dst.id}`, from: src.id, to: dst.id, class: cls, mixed: false, ports: [entry] });
      }
    }
  }
  const node: GraphNode = {
    id: dst.id,
    namespace: dst.namespace,
    name: dst.name,
    kind: dst.kind,
    meshed: dst.meshed,
    serviceAccount: dst.serviceAccount,
    labels: { ...dst.labels },
    ports: dst.ports.map((p) => ({ port: p.port, protocol: p.protocol, ...(p.name ? { name: p.name } : {}) })),
    openToAll,
    l4Isolated: l4.ingressIsolated(to),
    sensitive: isSensitive(dst, options.sensitive),
  };
  return { node, edges: [...edges.values()] };
}

/** The graph from per-destination parts; `reuse` hands back parts a previous analysis computed. */
export function buildGraph(
  table: WorkloadTable,
  l4: L4Evaluator,
  l7: L7Evaluator,
  options: GraphOptions = {},
  reuse: (to: number) => DestinationGraph | undefined = () => undefined,
): Omit<Graph, 'diagnostics'> & { parts: DestinationGraph[] } {
  const parts: DestinationGraph[] = [];
  for (let to = 0; to < table.size; to++) parts.push(reuse(to) ?? destinationGraph(table, l4, l7, to, options));
  const nodes = parts.map((p) => p.node);
  return { namespaces: graphNamespaces(table, nodes), nodes, edges: parts.flatMap((p) => p.edges), parts };
}

function graphNamespaces(table: WorkloadTable, nodes: GraphNode[]): GraphNamespace[] {
  return table.namespaces.map((ns) => {
    const members = nodes.filter((n) => n.namespace === ns.name);
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
