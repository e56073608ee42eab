/**
 * The namespace overview: the access graph folded to namespaces. One entry per namespace (its
 * size and posture) and one per ordered namespace pair with flows (how many workload pairs of
 * each class, how many ports). The graph overview and the matrix view both draw from it, and
 * `/api/v1/overview` serves it.
 *
 * It reads the model's Graph (already in memory with the snapshot) and never builds per-flow
 * objects of its own: each edge is counted once, with the same filters as `/api/v1/graph`
 * (namespace, layer, protection, port) applied to its ports first. Ports open to all are the
 * nodes' badges (`openPorts`) unless the caller passes the `includeOpen` graph.
 *
 * Posture is fail-closed: a namespace whose isolation or default policy a layer could not read
 * says `unknown`, never `none` or `all`.
 */
import type { Diagnostic, Severity } from '../diagnostics.ts';
import { EDGE_CLASSES, type EdgeClass, type Graph, type GraphNode } from './types.ts';
import { EDGE_STRENGTH } from '../query/edgeClassOrder.ts';
import { graphEdgeParts } from './buildGraph.ts';
import { edgePortFilter, namespaceOf, openPortMatches, type GraphFilter } from '../query/graphFilter.ts';

/** How many of a namespace's workloads a default deny covers; `unknown` when a layer could not say for some. */
/** The kind of the outside peers' nodes (outside/outside.ts EXTERNAL_KIND; not imported to keep graph/ free of outside/). */
const EXTERNAL_NODE_KIND = 'External';

export const COVERAGES = ['all', 'some', 'none', 'unknown'] as const;
export type Coverage = (typeof COVERAGES)[number];

export type ClassCounts = Record<EdgeClass, number>;

export interface NamespacePosture {
  /** Workloads isolated for ingress by some NetworkPolicy (what no rule allows is denied). */
  ingressDefaultDeny: Coverage;
  /** Workloads isolated for egress by some NetworkPolicy. */
  egressDefaultDeny: Coverage;
  /**
   * The Linkerd default inbound policy of its meshed workloads (`all-unauthenticated`, `deny`
   * …), `mixed` when they differ, `n/a` with none meshed, `unknown` when L7 could not be read.
   */
  l7DefaultPolicy: string;
  /** Ports (workload × port) that every other workload reaches: the `⚠ open` badges. */
  openPorts: number;
  /** Diagnostics naming an object or a workload of the namespace, by severity. */
  findings: Record<Severity, number>;
}

export interface OverviewNamespace {
  name: string;
  workloads: number;
  meshedWorkloads: number;
  posture: NamespacePosture;
}

export interface OverviewPair {
  /** Source namespace. */
  from: string;
  /** Destination namespace (equal to `from` for flows inside one namespace). */
  to: string;
  /** Workload pairs by edge class (an edge's weakest port; conflict and unknown first): they sum to `flows`. */
  counts: ClassCounts;
  /** Workload pairs with at least one flow. */
  flows: number;
  /** Workload pair × port entries. */
  ports: number;
}

export interface Overview {
  namespaces: OverviewNamespace[];
  pairs: OverviewPair[];
}

/** What the graph does not carry of a workload's posture (Analysis.postures()). */
export interface WorkloadPosture {
  id: string;
  ingressIsolated: boolean | 'unknown';
  egressIsolated: boolean | 'unknown';
  /** Meshed workloads only: the default inbound policy that applies, or `unknown`. */
  defaultInboundPolicy?: string;
}

/** The /api/v1/graph filters (query/graphFilter.ts). */
export type OverviewFilter = GraphFilter;

export interface OverviewOptions {
  filter?: OverviewFilter;
  /** Per workload; without them egress and the default policy read `unknown`, ingress the nodes' `l4Isolated`. */
  postures?: readonly WorkloadPosture[];
}

/** Byte order, the same in every locale. */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function emptyCounts(): ClassCounts {
  return Object.fromEntries(EDGE_CLASSES.map((c) => [c, 0])) as ClassCounts;
}

function coverage(values: readonly (boolean | 'unknown')[]): Coverage {
  if (values.length === 0) return 'none';
  if (values.includes('unknown')) return 'unknown';
  const on = values.filter((v) => v === true).length;
  return on === values.length ? 'all' : on === 0 ? 'none' : 'some';
}

function defaultPolicyOf(members: readonly GraphNode[], postures: ReadonlyMap<string, WorkloadPosture> | undefined): string {
  const meshed = members.filter((n) => n.meshed);
  if (meshed.length === 0) return 'n/a';
  if (!postures) return 'unknown';
  const policies = new Set(meshed.map((n) => postures.get(n.id)?.defaultInboundPolicy ?? 'unknown'));
  if (policies.has('unknown')) return 'unknown';
  return policies.size === 1 ? [...policies][0]! : 'mixed';
}

function findingsByNamespace(diagnostics: readonly Diagnostic[]): Map<string, Record<Severity, number>> {
  const out = new Map<string, Record<Severity, number>>();
  for (const d of diagnostics) {
    const namespaces = new Set<string>();
    if (d.object?.namespace !== undefined) namespaces.add(d.object.namespace);
    for (const w of d.workloads ?? []) namespaces.add(namespaceOf(w));
    for (const ns of namespaces) {
      let counts = out.get(ns);
      if (!counts) out.set(ns, (counts = { error: 0, warning: 0, info: 0 }));
      counts[d.severity]++;
    }
  }
  return out;
}

export function namespaceOverview(graph: Graph, options: OverviewOptions = {}): Overview {
  const filter = options.filter ?? {};
  const only = filter.namespaces?.length ? new Set(filter.namespaces) : undefined;
  const keepPort = edgePortFilter(filter);
  // Namespaces numbered once; an edge then costs two map reads and one array slot.
  const nsNames: string[] = [];
  const nsIndex = new Map<string, number>();
  const indexOfNs = (name: string): number => {
    let i = nsIndex.get(name);
    if (i === undefined) {
      i = nsNames.length;
      nsNames.push(name);
      nsIndex.set(name, i);
    }
    return i;
  };
  for (const ns of graph.namespaces) indexOfNs(ns.name);
  const nodeNs = new Map<string, number>();
  // The outside peers (kind External, issue 17) are in no namespace: the overview folds the
  // cluster's namespaces; flows with an end outside are in the graph and the matrix of workloads.
  const outsideIds = new Set(graph.nodes.filter((n) => n.kind === EXTERNAL_NODE_KIND).map((n) => n.id));
  for (const n of graph.nodes) if (!outsideIds.has(n.id)) nodeNs.set(n.id, indexOfNs(n.namespace));
  const nsOfId = (id: string): number => nodeNs.get(id) ?? indexOfNs(namespaceOf(id));
  const onlyIdx = only ? new Set([...only].map(indexOfNs)) : undefined;
  const pairs = new Map<number, OverviewPair>();
  const shown = new Set<string>(only ?? []);
  const stride = 1 << 20;
  for (const part of graphEdgeParts(graph)) for (const e of part) {
    if (outsideIds.has(e.from) || outsideIds.has(e.to)) continue;
    const from = nsOfId(e.from);
    const to = nsOfId(e.to);
    if (onlyIdx && !onlyIdx.has(from) && !onlyIdx.has(to)) continue;
    let cls: EdgeClass = e.class;
    let ports = e.ports.length;
    if (keepPort) {
      let weakest: EdgeClass | undefined;
      ports = 0;
      for (const p of e.ports) {
        if (!keepPort(p)) continue;
        ports++;
        if (weakest === undefined || EDGE_STRENGTH[p.class] < EDGE_STRENGTH[weakest]) weakest = p.class;
      }
      if (weakest === undefined) continue;
      cls = weakest;
    }
    const key = from * stride + to;
    let pair = pairs.get(key);
    if (!pair) {
      pairs.set(key, (pair = { from: nsNames[from]!, to: nsNames[to]!, counts: emptyCounts(), flows: 0, ports: 0 }));
      if (only) shown.add(pair.from).add(pair.to);
    }
    pair.counts[cls]++;
    pair.flows++;
    pair.ports += ports;
  }

  const members = new Map<string, GraphNode[]>();
  for (const n of graph.nodes) {
    if (outsideIds.has(n.id)) continue;
    let list = members.get(n.namespace);
    if (!list) members.set(n.namespace, (list = []));
    list.push(n);
  }
  const postures = options.postures ? new Map(options.postures.map((p) => [p.id, p])) : undefined;
  const findings = findingsByNamespace(graph.diagnostics);
  const openMatches = openPortMatches(filter);
  const namespaces: OverviewNamespace[] = graph.namespaces
    .filter((ns) => !only || shown.has(ns.name))
    .map((ns) => {
      const list = members.get(ns.name) ?? [];
      return {
        name: ns.name,
        workloads: list.length,
        meshedWorkloads: list.filter((n) => n.meshed).length,
        posture: {
          ingressDefaultDeny: coverage(list.map((n) => (postures ? (postures.get(n.id)?.ingressIsolated ?? 'unknown') : n.l4Isolated))),
          egressDefaultDeny: coverage(list.map((n) => postures?.get(n.id)?.egressIsolated ?? 'unknown')),
          l7DefaultPolicy: defaultPolicyOf(list, postures),
          openPorts: list.reduce((sum, n) => sum + n.openToAll.filter(openMatches).length, 0),
          findings: findings.get(ns.name) ?? { error: 0, warning: 0, info: 0 },
        },
      };
    })
    .sort((a, b) => byName(a.name, b.name));
  return {
    namespaces,
    pairs: [...pairs.values()].sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to)),
  };
}
