/**
 * What a snapshot amounts to, counted once for every front end: the meshed share, how many
 * workloads NetworkPolicy isolates, edges and flows by protection class, ports open to all,
 * findings by severity, and per namespace its posture (L4 default deny in and out, the Linkerd
 * default policy, meshed share, open ports, findings). The CLI's report and count lines, the
 * API's /api/v1/snapshot counts, /metrics gauges and the report, and the dashboard's banners
 * (through the API) all read it; nothing recomputes these.
 *
 * Counts are of the default graph (ports open to all summarised as badges, `openToAll`), the
 * whole snapshot, never a filtered view: a namespace filter must not make "no workload is
 * meshed" true of a meshed cluster. Isolation comes from the evaluator (Analysis.postures()),
 * fail-closed: a workload whose isolation a layer could not read counts as `unknown`.
 */
import type { Analysis } from '../analysis/types.ts';
import { SEVERITIES, type Diagnostic, type Severity } from '../diagnostics.ts';
import { emptyCounts, namespaceOverview, type ClassCounts, type NamespacePosture, type WorkloadPosture } from '../graph/overview.ts';
import { EDGE_CLASSES, type Graph } from '../graph/types.ts';
import { EXTERNAL_KIND } from '../outside/outside.ts';
import { graphEdgeParts } from '../graph/buildGraph.ts';

export interface IsolationCounts {
  /** Workloads some NetworkPolicy isolates in that direction. */
  isolated: number;
  /** Workloads whose isolation a layer could not read (unknown scopes, unreadable layer). */
  unknown: number;
}

export interface NamespaceSummary {
  name: string;
  /** Referenced by some object but not in the input. */
  implicit: boolean;
  workloads: number;
  meshedWorkloads: number;
  ingress: IsolationCounts;
  egress: IsolationCounts;
  /** Coverage of default deny in and out, the default inbound policy, open ports, findings (graph/overview.ts). */
  posture: NamespacePosture;
}

export interface SnapshotSummary {
  /** Workloads of the cluster (the outside peers are not workloads). */
  workloads: number;
  /** Namespaces of the inventory, implicit ones included. */
  namespaces: number;
  /** Namespaces with at least one workload. */
  namespacesWithWorkloads: number;
  meshedWorkloads: number;
  /** meshedWorkloads / workloads; 0 without workloads. */
  meshedShare: number;
  /** Workloads some NetworkPolicy isolates for ingress (the graph nodes' `l4Isolated`). */
  isolatedWorkloads: number;
  sensitiveWorkloads: number;
  /** Edges of the default graph (outside peers included) and their ports (flows). */
  edges: number;
  flows: number;
  edgesByClass: ClassCounts;
  flowsByClass: ClassCounts;
  /** Edges an L7 authorization restricts (`both` or `l7-only`). */
  l7RestrictedEdges: number;
  /** Destination ports every other workload reaches (the ⚠ open badges), and the workloads carrying one. */
  openToAll: { workloads: number; ports: number };
  diagnostics: number;
  findings: Record<Severity, number>;
  /** Nothing is meshed: L7 is n/a everywhere. */
  noMesh: boolean;
  /**
   * Every flow is open, and the inputs say so: both layers read, nothing unknown, no admin or
   * baseline tier policy, no workload isolated in either direction (or of unknown isolation),
   * and every flow of the graph unprotected (`none`).
   */
  noPolicies: boolean;
  /** Sorted by name. */
  perNamespace: NamespaceSummary[];
}

/** Findings by severity. */
export function findingsBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const d of diagnostics) out[d.severity]++;
  return out;
}

function isolationCounts(postures: readonly (WorkloadPosture | undefined)[], dir: 'ingressIsolated' | 'egressIsolated'): IsolationCounts {
  let isolated = 0;
  let unknown = 0;
  for (const p of postures) {
    const v = p?.[dir] ?? 'unknown';
    if (v === 'unknown') unknown++;
    else if (v) isolated++;
  }
  return { isolated, unknown };
}

/** The banner's claim "every flow is open" holds only where nothing could make it false. */
function everyFlowOpen(analysis: Analysis, postures: readonly (WorkloadPosture | undefined)[], flowsByClass: ClassCounts): boolean {
  const inv = analysis.inventory;
  if (inv.layers.l4.state !== 'known' || inv.layers.l7.state !== 'known' || inv.unknownScopes.length > 0) return false;
  if ((inv.adminPolicies?.length ?? 0) > 0) return false;
  if (postures.some((p) => p?.ingressIsolated !== false || p.egressIsolated !== false)) return false;
  return EDGE_CLASSES.every((k) => k === 'none' || flowsByClass[k] === 0);
}

/** The summary of `analysis` over `graph` (default: its default graph, the one the API serves). */
export function snapshotSummary(analysis: Analysis, graph: Graph = analysis.graph()): SnapshotSummary {
  const nodes = graph.nodes.filter((n) => n.kind !== EXTERNAL_KIND);
  const edgesByClass = emptyCounts();
  const flowsByClass = emptyCounts();
  let flows = 0;
  let edges = 0;
  // The parts the graph holds its edges in: no copy of millions of edges per snapshot (issue 19).
  for (const part of graphEdgeParts(graph)) {
    edges += part.length;
    for (const e of part) {
      edgesByClass[e.class]++;
      for (const p of e.ports) flowsByClass[p.class]++;
      flows += e.ports.length;
    }
  }
  const postures = analysis.postures();
  const postureOf = new Map(postures.map((p) => [p.id, p]));
  const overview = new Map(namespaceOverview(graph, { postures }).namespaces.map((n) => [n.name, n]));
  const members = new Map<string, (WorkloadPosture | undefined)[]>();
  for (const n of nodes) {
    let list = members.get(n.namespace);
    if (!list) members.set(n.namespace, (list = []));
    list.push(postureOf.get(n.id));
  }
  const perNamespace: NamespaceSummary[] = [];
  for (const ns of graph.namespaces) {
    const o = overview.get(ns.name);
    if (!o) continue;
    const list = members.get(ns.name) ?? [];
    perNamespace.push({ name: ns.name, implicit: ns.implicit, workloads: o.workloads, meshedWorkloads: o.meshedWorkloads, ingress: isolationCounts(list, 'ingressIsolated'), egress: isolationCounts(list, 'egressIsolated'), posture: o.posture });
  }
  perNamespace.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const workloads = nodes.length;
  const meshedWorkloads = nodes.filter((n) => n.meshed).length;
  const isolatedWorkloads = nodes.filter((n) => n.l4Isolated).length;
  const l7RestrictedEdges = edgesByClass.both + edgesByClass['l7-only'];
  return {
    workloads,
    namespaces: analysis.inventory.namespaces.length,
    namespacesWithWorkloads: new Set(nodes.map((n) => n.namespace)).size,
    meshedWorkloads,
    meshedShare: workloads === 0 ? 0 : meshedWorkloads / workloads,
    isolatedWorkloads,
    sensitiveWorkloads: nodes.filter((n) => n.sensitive).length,
    edges,
    flows,
    edgesByClass,
    flowsByClass,
    l7RestrictedEdges,
    openToAll: { workloads: nodes.filter((n) => n.openToAll.length > 0).length, ports: nodes.reduce((s, n) => s + n.openToAll.length, 0) },
    diagnostics: graph.diagnostics.length,
    findings: findingsBySeverity(graph.diagnostics),
    noMesh: workloads > 0 && meshedWorkloads === 0,
    noPolicies: workloads > 0 && everyFlowOpen(analysis, nodes.map((n) => postureOf.get(n.id)), flowsByClass),
    perNamespace,
  };
}
