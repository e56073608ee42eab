/**
 * One workload's flows with the ports open to all drawn (issues 16 and 19): the edges of
 * `graph({ includeOpen: true })` that touch a workload, an outside peer or a namespace, without
 * building that graph. The whole includeOpen graph has one edge per other workload for every
 * port open to all (N² edges on a cluster of unisolated workloads); the edges touching one
 * workload are:
 * - into it: its own destination part, evaluated with `includeOpen` (O(workloads) per port, as
 *   buildGraph.ts evaluates every destination), then the outside peers' edges into it;
 * - out of it: the edges of the graph without open ports (already built; found through an index
 *   by source kept with that graph) plus, for each other
 *   destination with ports open to all, its entries on those ports — one evaluation per such
 *   port, never one per destination port of the cluster — then its edges to the outside peers.
 * The edges are the includeOpen graph's edges field for field (ports, verdicts, class, mixed) and
 * in its order: destinations in table order, each destination's sources in the order its ports
 * meet them, then per outside peer the edges into workloads and the edges out to it.
 */
import type { L4Classes, L4Evaluator } from '../l4/types.ts';
import type { L7Classes, L7Evaluator } from '../l7/types.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import type { Cell } from '../verdict/types.ts';
import { cniPort } from '../verdict/cniPort.ts';
import type { OutsideView } from '../outside/outside.ts';
import { addPortToEdge } from '../query/edgeClassOrder.ts';
import { namespaceOf } from '../query/graphFilter.ts';
import { addEdgePort, declaredPorts, destinationGraph, edgeClassOf, EdgePortInterner, l4VerdictOf, l7VerdictOf } from './buildGraph.ts';
import type { EdgePort, Graph, GraphEdge } from './types.ts';

export interface FlowInputs {
  table: WorkloadTable;
  l4: L4Evaluator;
  l7: L7Evaluator;
  outside: OutsideView;
  /** The graph without open ports (`graph()`): its edges on the ports that are not open to all, its nodes' `openToAll`. */
  graph: Graph;
}

/** The includeOpen graph's edges into and out of one workload or outside peer, each in that graph's order. */
export interface WorkloadFlows {
  inbound: GraphEdge[];
  outbound: GraphEdge[];
}

/** Whether buildGraph.ts's candidate sets (with includeOpen) hold source `s`. */
function isCandidate(c4: L4Classes, c7: L7Classes, s: number): boolean {
  const d4 = c4.deny.has(s);
  const d7 = c7.deny.has(s);
  if (!d4 && !d7) return true;
  if (c4.allow.has(s) && d7) return true;
  if ((c7.allow.has(s) || c7.partial.has(s)) && d4) return true;
  return c4.proxyPortBlocked.has(s) && !d7;
}

/** The edges of a graph by source: `order[offsets[s] .. offsets[s + 1]]` are the indices of workload s's edges, ascending. */
interface SourceIndex {
  offsets: Int32Array;
  order: Int32Array;
}
const bySource = new WeakMap<Graph, SourceIndex>();

/**
 * The graph's edges by source workload, built on first use and kept with the graph (two typed
 * arrays, 8 bytes per edge). At 30,000 workloads (3.7 M edges) scanning them for one workload's
 * costs ~1 CPU-s per query; this index ~4 CPU-s once (a lookup of each edge's source id), then
 * each query reads only its workload's edges.
 */
function sourceIndex(graph: Graph, table: WorkloadTable): SourceIndex {
  let index = bySource.get(graph);
  if (index) return index;
  const n = table.size;
  const from = new Int32Array(graph.edges.length);
  const offsets = new Int32Array(n + 1);
  graph.edges.forEach((e, i) => {
    const s = table.indexOf(e.from);
    from[i] = s ?? -1;
    if (s !== undefined) offsets[s + 1]!++;
  });
  for (let s = 0; s < n; s++) offsets[s + 1]! += offsets[s]!;
  const next = offsets.slice(0, n);
  const order = new Int32Array(offsets[n]!);
  for (let i = 0; i < from.length; i++) if (from[i]! >= 0) order[next[from[i]!]!++] = i;
  bySource.set(graph, (index = { offsets, order }));
  return index;
}

/** An outside flow's edge port, as outsideGraph.ts draws it. */
function outsidePort(c: Cell): EdgePort | undefined {
  const cls = edgeClassOf(c.l4, c.l7);
  if (!cls) return undefined;
  return { port: c.port, protocol: c.protocol, l4Port: c.l4Port, l4: c.l4, l7: c.l7, allowed: c.allowed, protection: c.protection, class: cls };
}

function addOutside(edges: Map<string, GraphEdge>, c: Cell): void {
  const entry = outsidePort(c);
  if (!entry) return;
  const id = `${c.from}->${c.to}`;
  const edge = edges.get(id);
  if (edge) addPortToEdge(edge, entry);
  else edges.set(id, { id, from: c.from, to: c.to, class: entry.class, mixed: false, ports: [entry] });
}

/**
 * The includeOpen graph's edges touching the workloads `members` (table indices) and the outside
 * peers `peerMembers` (ids), in that graph's order, each once.
 */
export function openEdgesTouching(inputs: FlowInputs, members: ReadonlySet<number>, peerMembers: ReadonlySet<string> = new Set()): GraphEdge[] {
  const { table, l4, l7, outside, graph } = inputs;
  const interner = new EdgePortInterner();
  const sources = [...members].sort((a, b) => a - b);
  /** Per destination (table index): its edges, in its part's order. */
  const parts = new Map<number, GraphEdge[]>();

  // Into a member: its whole part, with its ports open to all.
  for (const to of sources) parts.set(to, destinationGraph(table, l4, l7, to, { includeOpen: true }, interner).edges);

  // Out of members into other destinations: the graph's edges without open ports ...
  const defaults = new Map<number, Map<number, GraphEdge>>();
  if (sources.length > 0) {
    const at = sourceIndex(graph, table);
    const picked: number[] = [];
    for (const s of sources) for (let k = at.offsets[s]!; k < at.offsets[s + 1]!; k++) picked.push(at.order[k]!);
    picked.sort((a, b) => a - b);
    for (const i of picked) {
      const e = graph.edges[i]!;
      const to = table.indexOf(e.to);
      if (to === undefined || members.has(to)) continue;
      let m = defaults.get(to);
      if (!m) defaults.set(to, (m = new Map()));
      m.set(table.indexOf(e.from)!, e);
    }
  }
  // ... kept as they are where the destination has no port open to all.
  const openAt = (to: number): string[] => {
    const node = graph.nodes[to];
    return node && node.id === table.at(to).id ? node.openToAll : (graph.nodes.find((n) => n.id === table.at(to).id)?.openToAll ?? []);
  };
  for (const [to, m] of defaults) if (openAt(to).length === 0) parts.set(to, [...m.values()]);
  // Destinations with ports open to all: their edges from members rebuilt port by port, the open
  // ports evaluated (once per port, for all members), the others read off the graph's edges.
  if (sources.length > 0) {
    for (let to = 0; to < table.size; to++) {
      if (members.has(to)) continue;
      const open = openAt(to);
      if (open.length === 0) continue;
      const openSet = new Set(open);
      const dst = table.at(to);
      const given = defaults.get(to);
      const edges = new Map<number, GraphEdge>();
      for (const { port, protocol } of declaredPorts(dst)) {
        if (openSet.has(`${port}/${protocol}`)) {
          const c4 = l4.classify(to, port, protocol);
          const c7 = l7.classify(to, port, protocol);
          for (const from of sources) {
            if (!isCandidate(c4, c7, from)) continue;
            const v4 = l4VerdictOf(c4, from);
            const v7 = l7VerdictOf(c7, from);
            const blocked = c4.proxyPortBlocked.has(from);
            const cls = edgeClassOf(v4, v7, blocked);
            if (!cls) continue;
            const src = table.at(from);
            addEdgePort(edges, from, src.id, dst.id, interner.get(port, protocol, cniPort(src, dst, port, protocol), v4, v7, cls, blocked));
          }
        } else if (given) {
          for (const from of sources) {
            const entry = given.get(from)?.ports.find((p) => p.port === port && p.protocol === protocol);
            if (entry) addEdgePort(edges, from, table.at(from).id, dst.id, entry);
          }
        }
      }
      const list = [...edges.values()];
      for (const e of list) e.ports = interner.list(e.ports);
      if (list.length > 0) parts.set(to, list);
    }
  }

  const out: GraphEdge[] = [];
  for (const to of [...parts.keys()].sort((a, b) => a - b)) out.push(...parts.get(to)!);

  // The outside peers (outsideGraph.ts with includeOpen): per peer, its edges into workloads, then the edges out to it.
  const egressPorts = outside.egressPorts();
  const everyone = Array.from({ length: table.size }, (_, i) => i);
  for (const peer of outside.peers) {
    const whole = peerMembers.has(peer.id);
    const into = whole ? everyone : sources;
    for (const to of into) {
      const dst = table.at(to);
      const one = new Map<string, GraphEdge>();
      for (const { port, protocol } of declaredPorts(dst)) {
        const c = outside.cell(peer.id, dst.id, port, protocol);
        if (c) addOutside(one, c);
      }
      const e = one.values().next().value;
      if (e) out.push(e);
    }
    const outbound = new Map<string, GraphEdge>();
    for (const { port, protocol } of egressPorts) {
      for (const from of into) {
        const c = outside.cell(table.at(from).id, peer.id, port, protocol);
        if (c) addOutside(outbound, c);
      }
    }
    out.push(...outbound.values());
  }
  return out;
}

/**
 * The includeOpen graph's edges into and out of workload `id` (or outside peer
 * `external:<CIDR>` among the analysis's peers); undefined when there is no such node.
 */
export function workloadFlows(inputs: FlowInputs, id: string): WorkloadFlows | undefined {
  const index = inputs.table.indexOf(id);
  const peer = index === undefined ? inputs.outside.peers.find((p) => p.id === id) : undefined;
  if (index === undefined && !peer) return undefined;
  const edges = openEdgesTouching(inputs, new Set(index === undefined ? [] : [index]), new Set(peer ? [id] : []));
  return { inbound: edges.filter((e) => e.to === id), outbound: edges.filter((e) => e.from === id) };
}

/**
 * The includeOpen graph's edges touching these namespaces (an edge touches the namespaces of
 * its two ends, `namespaceOf` of their ids, as filterGraph does), in that graph's order.
 */
export function namespaceFlows(inputs: FlowInputs, namespaces: readonly string[]): GraphEdge[] {
  const wanted = new Set(namespaces);
  const members = new Set<number>();
  for (const ns of wanted) for (const i of inputs.table.inNamespace(ns)) members.add(i);
  const peers = new Set(inputs.outside.peers.filter((p) => wanted.has(namespaceOf(p.id))).map((p) => p.id));
  return openEdgesTouching(inputs, members, peers);
}
