/**
 * The outside peers in the access graph (issue 17): one `External` node per peer (namespace
 * "", outside every namespace box), edges from it into workloads and from workloads to it, and
 * each workload's exposure paths on its node.
 *
 * Edges follow the graph's own conventions (buildGraph.ts): denied ports draw nothing; an
 * unprotected (`none`) port from outside is drawn only for an exposed destination or with
 * `includeOpen` (an unexposed pod is reached from outside only where pod IPs are routable, and
 * drawing every unisolated workload would hide the exposed ones); a port every workload reaches
 * on an outside destination becomes its "open to all" badge instead of N edges.
 */
import type { Protocol } from '../k8s/types.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import type { WorkloadSet } from '../selectors/workloadSet.ts';
import { declaredPorts, edgeClassOf } from '../graph/buildGraph.ts';
import type { EdgeClass, EdgePort, GraphEdge, GraphNode } from '../graph/types.ts';
import type { Cell } from '../verdict/types.ts';
import { EXTERNAL_KIND, type OutsideView } from './outside.ts';
import { addPortToEdge } from '../query/edgeClassOrder.ts';

function addPort(edges: Map<string, GraphEdge>, c: Cell, cls: EdgeClass): void {
  const entry: EdgePort = { port: c.port, protocol: c.protocol, l4Port: c.l4Port, l4: c.l4, l7: c.l7, allowed: c.allowed, protection: c.protection, class: cls };
  const id = `${c.from}->${c.to}`;
  const edge = edges.get(id);
  if (!edge) {
    edges.set(id, { id, from: c.from, to: c.to, class: cls, mixed: false, ports: [entry] });
    return;
  }
  addPortToEdge(edge, entry);
}

/**
 * The outside edges of one graph kept per part (issue 19), so that a policy change recomputes
 * the edges into the destinations it can affect only: per peer, the edge into each workload
 * (at most one), and the edges out to it with its "open to all" ports.
 */
export interface OutsideGraphParts {
  inbound: (GraphEdge | undefined)[][];
  outbound: { edges: GraphEdge[]; openToAll: string[] }[];
  /** The peers and egress ports the parts were computed for. */
  key: string;
}

/** A previous graph's parts, and the destinations whose inbound edges may differ ('all': none reused). */
export interface OutsideGraphReuse {
  parts: OutsideGraphParts;
  dirty: WorkloadSet | 'all';
}

export function outsideGraph(
  table: WorkloadTable,
  outside: OutsideView,
  includeOpen: boolean,
  reuse?: OutsideGraphReuse,
): { nodes: GraphNode[]; edges: GraphEdge[]; exposures: Map<string, GraphNode['exposures']>; parts: OutsideGraphParts } {
  const exposed = new Set(outside.exposed());
  const nodes: GraphNode[] = [];
  const egressPorts = outside.egressPorts();
  const key = `${outside.peers.map((p) => p.id).join(',')}|${egressPorts.map((p) => `${p.port}/${p.protocol}`).join(',')}`;
  const prior = reuse && reuse.parts.key === key ? reuse : undefined;
  const dirty = prior?.dirty;
  const parts: OutsideGraphParts = { inbound: [], outbound: [], key };
  const edges: GraphEdge[] = [];
  for (const [k, p] of outside.peers.entries()) {
    const inbound: (GraphEdge | undefined)[] = [];
    for (let to = 0; to < table.size; to++) {
      if (dirty !== undefined && dirty !== 'all' && !dirty.has(to)) {
        inbound.push(prior!.parts.inbound[k]![to]);
        continue;
      }
      const dst = table.at(to);
      const one = new Map<string, GraphEdge>();
      for (const { port, protocol } of declaredPorts(dst)) {
        const c = outside.cell(p.id, dst.id, port, protocol);
        if (!c) continue;
        const cls = edgeClassOf(c.l4, c.l7);
        if (!cls || (cls === 'none' && !includeOpen && !exposed.has(dst.id))) continue;
        addPort(one, c, cls);
      }
      inbound.push(one.values().next().value);
    }
    parts.inbound.push(inbound);
    for (const e of inbound) if (e) edges.push(e);
    // Edges out to the peer depend on the sources' egress rules only: kept unless they may have changed.
    const kept = dirty !== undefined && dirty !== 'all' ? prior!.parts.outbound[k] : undefined;
    const outbound = kept ?? outboundTo(table, outside, p.id, egressPorts, includeOpen);
    parts.outbound.push(outbound);
    edges.push(...outbound.edges);
    const openToAll = outbound.openToAll;
    nodes.push({
      id: p.id,
      namespace: '',
      name: p.label,
      kind: EXTERNAL_KIND,
      meshed: false,
      serviceAccount: '',
      labels: {},
      ports: [],
      openToAll,
      l4Isolated: false,
      sensitive: false,
    });
  }
  const exposures = new Map<string, GraphNode['exposures']>();
  for (const id of exposed) exposures.set(id, outside.exposuresOf(id));
  return { nodes, edges, exposures, parts };
}

function outboundTo(table: WorkloadTable, outside: OutsideView, peerId: string, egressPorts: readonly { port: number; protocol: Protocol }[], includeOpen: boolean): { edges: GraphEdge[]; openToAll: string[] } {
  const edges = new Map<string, GraphEdge>();
  const openToAll: string[] = [];
  for (const { port, protocol } of egressPorts) {
    const cells = table.workloads.map((w) => outside.cell(w.id, peerId, port, protocol)).filter((c): c is Cell => !!c);
    const everyone = table.size > 0 && cells.length === table.size && cells.every((c) => c.allowed === true && c.protection === 'none');
    if (everyone) openToAll.push(`${port}/${protocol}`);
    for (const c of cells) {
      const cls = edgeClassOf(c.l4, c.l7);
      if (!cls || (everyone && !includeOpen)) continue;
      addPort(edges, c, cls);
    }
  }
  return { edges: [...edges.values()], openToAll };
}
