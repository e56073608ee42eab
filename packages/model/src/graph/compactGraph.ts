/**
 * The compact graph (`accessgraph graph --format compact`): the same graph as `Graph` — nothing
 * lost, `decodeCompactGraph` gives it back field for field — without any field another one
 * gives. Workloads and namespaces are listed once and referred to by index; verdicts, kinds
 * and protocols are indexes into the `enums` tables; an edge's class, `mixed`, `allowed`,
 * `protection`, its id and its endpoints' ids are derived, not written. Flows into one
 * destination port that share their verdicts form one group whose sources are delta-coded.
 * Written as a stream of chunks, a destination at a time (never the whole document in memory).
 * Neighbours: buildGraph.ts (the flows, shared), types.ts (the full graph).
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Namespace, Protocol, Workload } from '../k8s/types.ts';
import type { L4Evaluator } from '../l4/types.ts';
import type { L7Evaluator } from '../l7/types.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { cniPort } from '../verdict/cniPort.ts';
import { L4_VERDICTS, L7_VERDICTS, type L4Verdict, type L7Verdict } from '../verdict/types.ts';
import { addEdgePort, declaredPorts, edgeClassOf, edgePortOf, graphNamespaces, visitDestinationFlows, type GraphOptions } from './buildGraph.ts';
import { isSensitive } from './sensitive.ts';
import type { LabelSelector } from '../selectors/labelSelector.ts';
import type { EdgeClass, Graph, GraphEdge, GraphNode } from './types.ts';

export const COMPACT_GRAPH_FORMAT = 'accessgraph.compact-graph';
export const COMPACT_GRAPH_VERSION = 1;
export const COMPACT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const satisfies readonly Protocol[];

/** A namespace: its name, labels and whether only references made it exist. */
export interface CompactNamespace {
  name: string;
  labels: Record<string, string>;
  implicit: boolean;
}

/** A container port: [number, protocol (index into enums.protocol), name?]. */
export type CompactPort = [port: number, protocol: number, name?: string];

/**
 * A workload. Its id is `namespace/name`, or `namespace/<kind lowercase>/name` when another
 * workload of the same namespace has the same name (as the model assigns them).
 */
export interface CompactWorkload {
  /** Index into `namespaces`. */
  ns: number;
  name: string;
  /** Index into enums.kind. */
  kind: number;
  meshed: boolean;
  serviceAccount: string;
  labels: Record<string, string>;
  ports: CompactPort[];
  l4Isolated: boolean;
  sensitive: boolean;
}

/**
 * Flows into one declared port of one destination sharing their verdicts:
 * `[to, portIndex, l4, l7, proxyPortBlocked, l4Port, source, Δsource, Δsource, …]`.
 * `to` and the sources index `workloads`; `portIndex` indexes the destination's declared ports
 * (its `ports` with repeated number/protocol pairs dropped, first one kept); `l4`/`l7` index
 * enums.l4 / enums.l7; `proxyPortBlocked` is 0 or 1; `l4Port` is the port L4 decided on, 0 when
 * it is the port itself; the first source is an index, each next one its distance from the
 * previous (sources ascend). The edge class, `allowed` and `protection` follow from the verdicts.
 */
export type CompactFlowGroup = number[];

/** A destination with ports every other workload reaches: `[to, portIndex, …]` (the node's `openToAll`). */
export type CompactOpen = number[];

export interface CompactGraph {
  format: typeof COMPACT_GRAPH_FORMAT;
  version: typeof COMPACT_GRAPH_VERSION;
  /** Whether the flows of ports open to all are listed too (`--include-open`). */
  includeOpen: boolean;
  enums: { kind: string[]; protocol: Protocol[]; l4: L4Verdict[]; l7: L7Verdict[] };
  namespaces: CompactNamespace[];
  workloads: CompactWorkload[];
  flows: CompactFlowGroup[];
  open: CompactOpen[];
  /**
   * The outside peers (issue 17) in the full graph's own form — a handful of nodes and the edges
   * with one end outside — and the exposure paths of the workloads that have any (by id).
   * Absent in documents of analyses without them.
   */
  outside?: CompactOutside;
  diagnostics: Diagnostic[];
}

/**
 * The outside peers' part: the peers as graph nodes (a handful), the exposure paths by workload
 * id, and each edge with one end outside as `[from, to, ...ports]` — an end is a workload index
 * or an outside peer's id — each port `[port, protocol, l4Port, l4, l7, class]` as codes
 * (`classes` names the class codes). Edge ids, edge classes, `mixed`, `allowed` and
 * `protection` are derived on decoding, as for the cluster's flows.
 */
export interface CompactOutside {
  classes: EdgeClass[];
  exposures: Record<string, NonNullable<GraphNode['exposures']>>;
  nodes: GraphNode[];
  edges: (number | string | number[])[][];
}

export interface CompactGraphInput {
  table: WorkloadTable;
  l4: L4Evaluator;
  l7: L7Evaluator;
  diagnostics: readonly Diagnostic[];
  /** The outside peers' part of the graph (analysis/outsideGraph.ts), written as it is. */
  outside?: { nodes: GraphNode[]; edges: GraphEdge[]; exposures: Map<string, GraphNode['exposures']> };
}

const EDGE_CLASSES: EdgeClass[] = ['both', 'l4-only', 'l7-only', 'none', 'conflict', 'unknown'];

const L4_CODE = new Map<L4Verdict, number>(L4_VERDICTS.map((v, i) => [v, i]));
const L7_CODE = new Map<L7Verdict, number>(L7_VERDICTS.map((v, i) => [v, i]));
const PROTOCOL_CODE = new Map<Protocol, number>(COMPACT_PROTOCOLS.map((p, i) => [p, i]));

/** The compact document, in chunks of a few lines (one per workload, flow group or diagnostic). */
export function* compactGraphChunks({ table, l4, l7, diagnostics, outside }: CompactGraphInput, options: GraphOptions = {}): Generator<string> {
  const kinds = [...new Set(table.workloads.map((w) => w.kind))].sort();
  const kindCode = new Map(kinds.map((k, i) => [k, i]));
  const nsCode = new Map(table.namespaces.map((n, i) => [n.name, i]));
  const enums: CompactGraph['enums'] = { kind: kinds, protocol: [...COMPACT_PROTOCOLS], l4: [...L4_VERDICTS], l7: [...L7_VERDICTS] };
  yield `{"format":${JSON.stringify(COMPACT_GRAPH_FORMAT)},"version":${COMPACT_GRAPH_VERSION},"includeOpen":${options.includeOpen === true},\n"enums":${JSON.stringify(enums)},\n"namespaces":[`;
  for (const [i, n] of table.namespaces.entries()) yield (i ? ',\n' : '\n') + JSON.stringify(compactNamespace(n));
  yield '\n],\n"workloads":[';
  for (let i = 0; i < table.size; i++) yield (i ? ',\n' : '\n') + JSON.stringify(compactWorkload(table.at(i), nsCode, kindCode, l4.ingressIsolated(i), options.sensitive));
  yield '\n],\n"flows":[';
  const open: CompactOpen[] = [];
  let first = true;
  // One destination at a time: group its flows by (port, verdicts, l4Port), then write the groups.
  const groups = new Map<number, number[]>();
  for (let to = 0; to < table.size; to++) {
    const dst = table.at(to);
    const ports = declaredPorts(dst);
    groups.clear();
    const openToAll = visitDestinationFlows(table, l4, l7, to, options, (f) => {
      const l4Port = cniPort(table.at(f.from), dst, f.port, f.protocol);
      const key = ((f.portIndex * 8 + L4_CODE.get(f.l4)!) * 8 + L7_CODE.get(f.l7)!) * 2 * 65536 + (f.proxyPortBlocked ? 65536 : 0) + (l4Port === f.port ? 0 : l4Port);
      let sources = groups.get(key);
      if (!sources) groups.set(key, (sources = []));
      sources.push(f.from);
    });
    let out = '';
    for (const [key, sources] of groups) {
      const l4Port = key % 65536;
      const blocked = Math.floor(key / 65536) % 2;
      const verdicts = Math.floor(key / (2 * 65536));
      const l7Code = verdicts % 8;
      const l4Code = Math.floor(verdicts / 8) % 8;
      const portIndex = Math.floor(verdicts / 64);
      let text = `[${to},${portIndex},${l4Code},${l7Code},${blocked},${l4Port},${sources[0]}`;
      for (let k = 1; k < sources.length; k++) text += `,${sources[k]! - sources[k - 1]!}`;
      out += (first ? '\n' : ',\n') + text + ']';
      first = false;
    }
    if (out) yield out;
    if (openToAll.length > 0) open.push([to, ...openToAll.map((key) => ports.findIndex((p) => `${p.port}/${p.protocol}` === key))]);
  }
  yield '\n],\n"open":[';
  for (const [i, o] of open.entries()) yield (i ? ',\n' : '\n') + JSON.stringify(o);
  if (outside) {
    const exposures = Object.fromEntries([...outside.exposures].filter(([, e]) => e && e.length > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const classCode = new Map<EdgeClass, number>(EDGE_CLASSES.map((c, i) => [c, i]));
    const ref = (id: string): number | string => table.indexOf(id) ?? id;
    yield `\n],\n"outside":{"classes":${JSON.stringify(EDGE_CLASSES)},\n"exposures":${JSON.stringify(exposures)},\n"nodes":[`;
    for (const [i, n] of outside.nodes.entries()) yield (i ? ',\n' : '\n') + JSON.stringify(n);
    yield '\n],\n"edges":[';
    for (const [i, e] of outside.edges.entries()) {
      const ports = e.ports.map((p) => [p.port, PROTOCOL_CODE.get(p.protocol)!, p.l4Port, L4_CODE.get(p.l4)!, L7_CODE.get(p.l7)!, classCode.get(p.class)!]);
      yield (i ? ',\n' : '\n') + JSON.stringify([ref(e.from), ref(e.to), ...ports]);
    }
    yield '\n]},\n"diagnostics":[';
  } else yield '\n],\n"diagnostics":[';
  for (const [i, d] of diagnostics.entries()) yield (i ? ',\n' : '\n') + JSON.stringify(d);
  yield '\n]}\n';
}

function compactNamespace(n: Namespace): CompactNamespace {
  return { name: n.name, labels: { ...n.labels }, implicit: n.implicit };
}

function compactWorkload(w: Workload, nsCode: Map<string, number>, kindCode: Map<string, number>, l4Isolated: boolean, sensitive?: LabelSelector): CompactWorkload {
  return {
    ns: nsCode.get(w.namespace)!,
    name: w.name,
    kind: kindCode.get(w.kind)!,
    meshed: w.meshed,
    serviceAccount: w.serviceAccount,
    labels: { ...w.labels },
    ports: w.ports.map((p): CompactPort => (p.name ? [p.port, PROTOCOL_CODE.get(p.protocol)!, p.name] : [p.port, PROTOCOL_CODE.get(p.protocol)!])),
    l4Isolated,
    sensitive: isSensitive(w, sensitive),
  };
}

/** A malformed compact document: what is wrong and where. */
export class CompactGraphError extends Error {}

/** The full graph a compact document stands for (`Graph`, as `graph --format json` writes it). */
export function decodeCompactGraph(doc: CompactGraph): Graph {
  if (doc.format !== COMPACT_GRAPH_FORMAT || doc.version !== COMPACT_GRAPH_VERSION) throw new CompactGraphError(`not an ${COMPACT_GRAPH_FORMAT} version ${COMPACT_GRAPH_VERSION} document`);
  const { enums } = doc;
  const at = <T>(list: readonly T[], i: number, what: string): T => {
    const v = list[i];
    if (v === undefined) throw new CompactGraphError(`${what} ${i} is out of range`);
    return v;
  };
  const namesSeen = new Map<string, number>();
  for (const w of doc.workloads) {
    const key = `${at(doc.namespaces, w.ns, 'namespace').name}/${w.name}`;
    namesSeen.set(key, (namesSeen.get(key) ?? 0) + 1);
  }
  const workloads = doc.workloads.map((w) => {
    const namespace = doc.namespaces[w.ns]!.name;
    const kind = at(enums.kind, w.kind, 'kind');
    const id = (namesSeen.get(`${namespace}/${w.name}`) ?? 0) > 1 ? `${namespace}/${kind.toLowerCase()}/${w.name}` : `${namespace}/${w.name}`;
    const ports = w.ports.map(([port, protocol, name]) => ({ port, protocol: at(enums.protocol, protocol, 'protocol'), ...(name !== undefined ? { name } : {}) }));
    return { id, namespace, kind, w, ports, declared: declaredPorts({ ports } as Pick<Workload, 'ports'> as Workload) };
  });
  const openByDestination = new Map<number, string[]>();
  for (const [to, ...indexes] of doc.open) {
    const dst = at(workloads, to!, 'workload');
    openByDestination.set(to!, indexes.map((i) => {
      const p = at(dst.declared, i, 'declared port');
      return `${p.port}/${p.protocol}`;
    }));
  }
  const nodes: GraphNode[] = workloads.map(({ id, namespace, kind, w, ports }, i) => ({
    id,
    namespace,
    name: w.name,
    kind,
    meshed: w.meshed,
    serviceAccount: w.serviceAccount,
    labels: { ...w.labels },
    ports,
    openToAll: openByDestination.get(i) ?? [],
    l4Isolated: w.l4Isolated,
    sensitive: w.sensitive,
  })) as GraphNode[];
  // Flow groups of one destination → (port, source) entries → edges, in the full graph's order:
  // destinations ascending; an edge appears at its source's first port, sources ascending.
  const byDestination = new Map<number, CompactFlowGroup[]>();
  for (const g of doc.flows) {
    if (g.length < 7) throw new CompactGraphError(`flow group ${JSON.stringify(g.slice(0, 8))} has fewer than 7 numbers`);
    let list = byDestination.get(g[0]!);
    if (!list) byDestination.set(g[0]!, (list = []));
    list.push(g);
  }
  const edges: GraphEdge[] = [];
  for (const to of [...byDestination.keys()].sort((a, b) => a - b)) {
    const dst = at(workloads, to, 'workload');
    const entries: { portIndex: number; from: number; group: CompactFlowGroup }[] = [];
    for (const g of byDestination.get(to)!) {
      let from = g[6]!;
      entries.push({ portIndex: g[1]!, from, group: g });
      for (let k = 7; k < g.length; k++) entries.push({ portIndex: g[1]!, from: (from += g[k]!), group: g });
    }
    entries.sort((a, b) => a.portIndex - b.portIndex || a.from - b.from);
    const perSource = new Map<number, GraphEdge>();
    for (const { portIndex, from, group } of entries) {
      const { port, protocol } = at(dst.declared, portIndex, 'declared port');
      const v4 = at(enums.l4, group[2]!, 'l4 verdict');
      const v7 = at(enums.l7, group[3]!, 'l7 verdict');
      const blocked = group[4] === 1;
      const cls = edgeClassOf(v4, v7, blocked);
      if (!cls) throw new CompactGraphError(`flow group of workload ${to} port ${portIndex}: l4 ${v4} with l7 ${v7} is no edge`);
      addEdgePort(perSource, from, at(workloads, from, 'workload').id, dst.id, edgePortOf(port, protocol, group[5] || port, v4, v7, cls, blocked));
    }
    edges.push(...perSource.values());
  }
  const namespaces = graphNamespaces(doc.namespaces, nodes);
  if (!doc.outside) return { namespaces, nodes, edges, diagnostics: doc.diagnostics };
  const exposures = doc.outside.exposures ?? {};
  const withExposures = nodes.map((n) => (exposures[n.id]?.length ? { ...n, exposures: exposures[n.id]! } : n));
  const idOf = (r: unknown): string => {
    if (typeof r === 'string') return r;
    if (typeof r === 'number') return at(workloads, r, 'workload').id;
    throw new CompactGraphError(`outside edge end ${JSON.stringify(r)} is neither a workload index nor a peer id`);
  };
  const outsideEdges: GraphEdge[] = [];
  for (const e of doc.outside.edges) {
    if (e.length < 3) throw new CompactGraphError(`outside edge ${JSON.stringify(e)} has no port`);
    const from = idOf(e[0]);
    const to = idOf(e[1]);
    const one = new Map<number, GraphEdge>();
    for (const p of e.slice(2)) {
      if (!Array.isArray(p) || p.length < 6) throw new CompactGraphError(`outside edge ${from} → ${to}: port ${JSON.stringify(p)} has fewer than 6 numbers`);
      const cls = at(doc.outside.classes, p[5]!, 'edge class');
      addEdgePort(one, 0, from, to, edgePortOf(p[0]!, at(enums.protocol, p[1]!, 'protocol'), p[2]!, at(enums.l4, p[3]!, 'l4 verdict'), at(enums.l7, p[4]!, 'l7 verdict'), cls, false));
    }
    outsideEdges.push(one.get(0)!);
  }
  return { namespaces, nodes: [...withExposures, ...doc.outside.nodes], edges: [...edges, ...outsideEdges], diagnostics: doc.diagnostics };
}
