/**
 * Overview first, detail on demand (issue 16). Above COLLAPSE_THRESHOLD workloads the dashboard
 * draws the namespace overview (`GET /api/v1/overview`): one node per namespace with its posture
 * badge, and ONE aggregated edge per ordered namespace pair and edge class, as wide as its flow
 * count is large and labelled with that count. Expanding a namespace fetches only its own
 * workload-level graph (`/api/v1/graph?namespace=NS`: the edges touching it and the workloads at
 * both ends, without findings): its workloads are drawn inside it, its flows to a namespace that
 * stays collapsed are drawn bundled, one pair edge per direction and class between the two boxes
 * (the workload-level edges behind it appear when their workload or that namespace is hovered or
 * selected), and every pair it is not part of stays aggregated. Pure: tested without Cytoscape.
 */
import type { EdgeClass, GraphNamespace, GraphResponseLike, SnapshotInfo } from './graphTypes.ts';
import { EDGE_LOOKS } from './edgeClasses.ts';
import { edgeLabel, flowEdge, namespaceNodeId, portsOf, workloadNode, type ElementDefinition, type FlowRef, type PairEdgeData } from './elementData.ts';
import { EDGE_CLASSES, EDGE_STRENGTH } from '@accessgraph/model';

/** How many of a namespace's workloads a default deny covers. */
export type Coverage = 'all' | 'some' | 'none' | 'unknown';

export interface OverviewNamespaceLike {
  name: string;
  workloads: number;
  meshedWorkloads: number;
  posture: {
    ingressDefaultDeny: Coverage;
    egressDefaultDeny: Coverage;
    l7DefaultPolicy: string;
    openPorts: number;
    findings: { error: number; warning: number; info: number };
  };
}

export interface OverviewPairLike {
  from: string;
  to: string;
  counts: Record<EdgeClass, number>;
  flows: number;
  ports: number;
}

export interface OverviewLike {
  namespaces: OverviewNamespaceLike[];
  pairs: OverviewPairLike[];
}

export interface OverviewResponse extends OverviewLike {
  snapshot: SnapshotInfo;
}

/** Drawn pair edges above this many are hidden until their namespace is hovered or selected. */
export const OVERVIEW_EDGE_LIMIT = 150;
/**
 * Bundles (an expanded namespace's pair edges to collapsed ones) above this many: only conflicts
 * and unknowns stay drawn, the rest while an end is hovered or selected (at 10,000 workloads a
 * namespace talks to ~300 others: a wall of lines).
 */
export const BUNDLE_LIMIT = 40;

export function overviewWorkloads(o: OverviewLike): number {
  return o.namespaces.reduce((n, ns) => n + ns.workloads, 0);
}

const COVERAGE_MARK: Record<Coverage, string> = { all: 'all', some: 'some', none: 'none', unknown: '?' };

/**
 * The posture badge, three short lines under the name: which of its workloads an L4 default
 * deny covers for ingress and egress; the Linkerd default inbound policy of its meshed
 * workloads; the meshed share, ports open to all, findings by severity (✖ error, ▲ warning,
 * i info). `?` where a layer could not say (never read as `none` or `all`).
 */
export function postureLines(ns: OverviewNamespaceLike): [string, string, string] {
  const p = ns.posture;
  const l4 = `L4 default-deny in:${COVERAGE_MARK[p.ingressDefaultDeny]} out:${COVERAGE_MARK[p.egressDefaultDeny]}`;
  const l7 = p.l7DefaultPolicy === 'n/a' ? 'L7: not meshed' : `L7 default: ${p.l7DefaultPolicy === 'unknown' ? '?' : p.l7DefaultPolicy}`;
  const f = p.findings;
  const findings = [f.error ? `✖${f.error}` : '', f.warning ? `▲${f.warning}` : '', f.info ? `i${f.info}` : ''].filter(Boolean).join(' ');
  const third = [`mTLS ${ns.meshedWorkloads}/${ns.workloads}`, p.openPorts ? `⚠ ${p.openPorts} open` : '', findings].filter(Boolean).join(' · ');
  return [l4, l7, third];
}

/** How many other namespaces it sends flows to and receives them from. */
export function flowLine(o: OverviewLike, name: string): string {
  return flowLines(o).get(name) ?? 'flows → 0 ns · ← 0 ns';
}

/** Per namespace: how many other namespaces it sends flows to and receives them from (flowLine for all, in one pass). */
export function flowLines(o: OverviewLike): Map<string, string> {
  const cached = flowLinesOf.get(o);
  if (cached) return cached;
  const out = new Map<string, number>();
  const inbound = new Map<string, number>();
  for (const p of o.pairs) {
    if (p.from === p.to || p.flows === 0) continue;
    out.set(p.from, (out.get(p.from) ?? 0) + 1);
    inbound.set(p.to, (inbound.get(p.to) ?? 0) + 1);
  }
  const lines = new Map(o.namespaces.map((ns) => [ns.name, `flows → ${out.get(ns.name) ?? 0} ns · ← ${inbound.get(ns.name) ?? 0} ns`]));
  flowLinesOf.set(o, lines);
  return lines;
}
const flowLinesOf = new WeakMap<OverviewLike, Map<string, string>>();

/** A namespace box's text: name and size, the posture badge, its flows to other namespaces. */
export function namespaceLabel(ns: OverviewNamespaceLike, flows?: string): string {
  return [`${ns.name} · ${ns.workloads} workloads`, ...postureLines(ns), ...(flows ? [flows] : [])].join('\n');
}

/** The overview's namespace text size (model units): ≥ 10 px on screen at the first zoom. */
export const OVERVIEW_FONT = 14;

/** A collapsed box's size from its text (OVERVIEW_FONT, about 0.56 em a character). */
export function collapsedSize(label: string): { width: number; height: number } {
  const lines = label.split('\n');
  return { width: Math.max(160, Math.ceil(Math.max(...lines.map((l) => l.length)) * OVERVIEW_FONT * 0.56) + 28), height: Math.ceil(lines.length * OVERVIEW_FONT * 1.25) + 20 };
}

/** The width of a pair edge: its class's width, plus a step per doubling of its flow count, at most 14. */
export function pairWidth(cls: EdgeClass, flows: number): number {
  return Math.min(14, EDGE_LOOKS[cls].width + 1.5 * Math.log2(Math.max(1, flows)));
}

export function pairEdgeId(from: string, to: string, cls: EdgeClass): string {
  return `pair:${from}->${to}:${cls}`;
}

/** The GraphNamespace rows the rest of the app reads (filters, panels), from the overview. */
export function overviewNamespaces(o: OverviewLike): GraphNamespace[] {
  return o.namespaces.map((ns) => ({
    name: ns.name,
    labels: {},
    meshed: ns.workloads > 0 && ns.meshedWorkloads === ns.workloads,
    workloadCount: ns.workloads,
    openWorkloads: ns.posture.openPorts,
    implicit: false,
  }));
}

/** Merges per-namespace graph responses: nodes and edges by id, each once. */
export function mergeGraphs(parts: readonly GraphResponseLike[]): Pick<GraphResponseLike, 'nodes' | 'edges'> {
  const nodes = new Map<string, GraphResponseLike['nodes'][number]>();
  const edges = new Map<string, GraphResponseLike['edges'][number]>();
  for (const g of parts) {
    for (const n of g.nodes) nodes.set(n.id, n);
    for (const e of g.edges) edges.set(e.id, e);
  }
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { nodes: [...nodes.values()].sort(byId), edges: [...edges.values()].sort(byId) };
}

/**
 * The overview's elements. `expanded` maps each expanded namespace to its graph
 * (`/api/v1/graph?namespace=NS&diagnostics=false`); a namespace whose graph has not arrived yet
 * stays collapsed.
 *
 * An expanded namespace draws its workloads and the workload edges among expanded namespaces;
 * a neighbour in a namespace that stays collapsed is not drawn: its edges to one workload are
 * folded into ONE edge between that workload and the neighbour's namespace box (per direction,
 * its weakest class, its ports, ×count), so an expansion adds at most one node per workload of
 * the namespace, whatever the number of neighbours (at 10,000 workloads a namespace has ~1,300).
 * Those folded edges are `quiet` (the Highlighter draws them while their workload or namespace
 * is hovered or selected): what is drawn between an expanded and a collapsed namespace is the
 * bundle, the pair edge per direction and class from box to box (`bundle`), so the expansion
 * does not fan out into a line per workload and neighbour namespace; above BUNDLE_LIMIT bundles
 * only conflicts and unknowns stay drawn, the rest while an end is hovered or selected.
 */
export function overviewElements(o: OverviewLike, expanded: ReadonlyMap<string, GraphResponseLike>): ElementDefinition[] {
  const out: ElementDefinition[] = [];
  const names = new Set(o.namespaces.map((n) => n.name));
  const open = new Set([...expanded.keys()].filter((ns) => names.has(ns)));
  const { nodes, edges } = mergeGraphs([...open].map((ns) => expanded.get(ns)!));
  const nsOf = (id: string) => id.slice(0, Math.max(0, id.indexOf('/')));
  // The workloads drawn: those of expanded namespaces only.
  const drawn = nodes.filter((n) => open.has(n.namespace) && names.has(n.namespace));
  const flows = open.size === o.namespaces.length ? undefined : flowLines(o);

  const memo = memoOf(o);
  for (const ns of memo.sorted) {
    if (ns.workloads === 0 && !open.has(ns.name)) continue;
    const isOpen = open.has(ns.name);
    // A collapsed box is the same definition on every call (a big overview has hundreds).
    const cached = isOpen || !flows ? undefined : memo.collapsed.get(ns.name);
    if (cached) {
      out.push(cached);
      continue;
    }
    const label = isOpen ? `${ns.name} (${ns.workloads}) · ${postureLines(ns).join(' · ')}` : namespaceLabel(ns, flows?.get(ns.name));
    const f = ns.posture.findings;
    const def: ElementDefinition = {
      group: 'nodes',
      data: { kind: 'namespace', id: namespaceNodeId(ns.name), label, ...(isOpen ? {} : collapsedSize(label)), namespace: ns.name, meshed: ns.meshedWorkloads === ns.workloads && ns.workloads > 0, openCount: ns.posture.openPorts },
      classes: [
        'namespace',
        'overview',
        isOpen ? 'expanded' : 'collapsed',
        ns.meshedWorkloads === ns.workloads && ns.workloads > 0 ? 'meshed' : '',
        ns.posture.openPorts > 0 ? 'has-open' : '',
        f.error > 0 ? 'has-error' : f.warning > 0 ? 'has-warning' : '',
        ns.posture.ingressDefaultDeny === 'none' ? 'no-default-deny' : '',
      ]
        .filter(Boolean)
        .join(' '),
    };
    if (!isOpen && flows) memo.collapsed.set(ns.name, def);
    out.push(def);
  }
  for (const n of drawn) out.push(workloadNode(n));
  const drawnNodeIds = new Set(drawn.map((n) => n.id));
  // Workload ↔ collapsed namespace: folded, keyed by the two drawn ends.
  const folded = new Map<string, { source: string; target: string; cls: EdgeClass; members: FlowRef[]; ports: Set<string> }>();
  for (const e of edges) {
    const fromNs = nsOf(e.from);
    const toNs = nsOf(e.to);
    if (drawnNodeIds.has(e.from) && drawnNodeIds.has(e.to)) {
      // Edges to and from other namespaces are drawn faint: hover a workload to light its own.
      out.push(flowEdge(e, `edge ${e.class} workload-edge${fromNs === toNs ? '' : ' cross'}`));
      continue;
    }
    // One end drawn, the other in a namespace on the overview that stays collapsed.
    const source = drawnNodeIds.has(e.from) ? e.from : names.has(fromNs) && !open.has(fromNs) ? namespaceNodeId(fromNs) : undefined;
    const target = drawnNodeIds.has(e.to) ? e.to : names.has(toNs) && !open.has(toNs) ? namespaceNodeId(toNs) : undefined;
    if (!source || !target || (!drawnNodeIds.has(source) && !drawnNodeIds.has(target))) continue;
    const key = `${source}\u0000${target}`;
    const ports = portsOf(e);
    const m = folded.get(key);
    if (m) {
      m.members.push({ id: e.id, from: e.from, to: e.to });
      for (const p of ports) m.ports.add(p);
      if (EDGE_STRENGTH[e.class] < EDGE_STRENGTH[m.cls]) m.cls = e.class;
    } else folded.set(key, { source, target, cls: e.class, members: [{ id: e.id, from: e.from, to: e.to }], ports: new Set(ports) });
  }
  for (const m of [...folded.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0))) {
    const ports = [...m.ports];
    const badge = EDGE_LOOKS[m.cls].badge;
    out.push({
      group: 'edges',
      data: { kind: 'flow', id: workloadNamespaceEdgeId(m.source, m.target), source: m.source, target: m.target, cls: m.cls, badge, ports: ports.join(', '), label: edgeLabel(badge, ports, m.members.length), members: m.members, count: m.members.length, aggregated: true },
      classes: `edge ${m.cls} aggregated workload-edge cross quiet`,
    });
  }

  // Pair edges: one per ordered namespace pair and class. A pair of two expanded namespaces is
  // drawn as its workload edges instead (near zoom); at far zoom, where workloads are not drawn,
  // the pair edge stands in for them (`far-only`). A pair of an expanded and a collapsed
  // namespace is the bundle of the folded edges above, drawn at both levels (`bundle`).
  const visible = new Set(out.flatMap((e) => (e.data.kind === 'namespace' ? [e.data.namespace] : [])));
  const isLoud = (p: PairEntry) => p.cls === 'conflict' || p.cls === 'unknown';
  // One pass to classify, one to emit: at 10,000 workloads there are ~40,000 entries.
  const all = pairEntries(o);
  const shown: PairEntry[] = [];
  let among = 0;
  let amongLoud = 0;
  let bundles = 0;
  for (const p of all) {
    if (!visible.has(p.from) || !visible.has(p.to)) continue;
    shown.push(p);
    const a = open.has(p.from);
    const b = open.has(p.to);
    if (!a && !b) {
      among++;
      if (isLoud(p)) amongLoud++;
    } else if (a !== b) bundles++;
  }
  // Thousands of pairs (a big cluster's namespaces nearly all talk to each other): drawing them
  // all is a hairball. They are then hidden (`quiet`) until their namespace is hovered or
  // selected; conflicts and unknowns always show. Counted among collapsed namespaces only, so
  // expanding one does not change how the rest of the overview is drawn; bundles always show.
  const quiet: (p: PairEntry) => boolean = among <= OVERVIEW_EDGE_LIMIT ? () => false : amongLoud > OVERVIEW_EDGE_LIMIT ? () => true : (p) => !isLoud(p);
  const quietBundle: (p: PairEntry) => boolean = bundles > BUNDLE_LIMIT ? (p) => !isLoud(p) : () => false;
  for (const p of shown) {
    const a = open.has(p.from);
    const b = open.has(p.to);
    const kind: PairKind = a && b ? 'far-only' : a !== b ? (quietBundle(p) ? 'bundle-quiet' : 'bundle') : quiet(p) ? 'quiet' : 'drawn';
    // The same definition for the same pair and kind on every call (kept on the entry): each
    // expansion changes the kind of a few hundred of the ~40,000.
    const defs = (p.defs ??= {});
    let def = defs[kind];
    if (!def) {
      const look = EDGE_LOOKS[p.cls];
      const data: PairEdgeData = { kind: 'pair', id: p.id, source: p.source, target: p.target, cls: p.cls, badge: look.badge, label: `${look.badge} ×${p.flows}`, count: p.flows, width: pairWidth(p.cls, p.flows), from: p.from, to: p.to };
      def = defs[kind] = { group: 'edges', data, classes: `edge ${p.cls} aggregated pair${PAIR_KIND_CLASSES[kind]}` };
    }
    out.push(def);
  }
  return out;
}

/**
 * Per overview (a response, parsed once): its namespaces in name order, and the element
 * definitions of collapsed namespace boxes (those of pair edges are kept on their entries,
 * pairEntries) — made once and handed out again, so an
 * expansion allocates only what it changes. Callers never mutate a definition (CyGraph and the
 * Highlighter give Cytoscape a copy of the data: it keeps the object it is given).
 */
interface OverviewMemo {
  sorted: OverviewNamespaceLike[];
  collapsed: Map<string, ElementDefinition>;
}
const memos = new WeakMap<OverviewLike, OverviewMemo>();
function memoOf(o: OverviewLike): OverviewMemo {
  let m = memos.get(o);
  if (!m) {
    m = { sorted: [...o.namespaces].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), collapsed: new Map() };
    memos.set(o, m);
  }
  return m;
}

/** The id of the folded edges between a workload and a collapsed namespace (an opaque key: panels read the data's members). */
export function workloadNamespaceEdgeId(source: string, target: string): string {
  return `agg:${source}->${target}`;
}

interface PairEntry {
  id: string;
  from: string;
  to: string;
  /** The namespace boxes' node ids (one string per namespace, shared by its ~600 pairs at 30,000 workloads). */
  source: string;
  target: string;
  cls: EdgeClass;
  flows: number;
  /** Its element definition per kind, made when first drawn so (overviewElements). */
  defs?: Partial<Record<PairKind, ElementDefinition>>;
}

/** How a pair edge is drawn: among collapsed namespaces (drawn or quiet), as a bundle of an expanded namespace, or far zoom only. */
type PairKind = 'drawn' | 'quiet' | 'bundle' | 'bundle-quiet' | 'far-only';
const PAIR_KIND_CLASSES: Record<PairKind, string> = { drawn: '', quiet: ' quiet', bundle: ' bundle', 'bundle-quiet': ' bundle quiet', 'far-only': ' far-only' };

/** Per overview (a response, parsed once): its pair edges' facts in drawing order, computed once, not on every expansion. */
const pairEntriesOf = new WeakMap<OverviewLike, PairEntry[]>();

/** One entry per ordered pair of two namespaces and class with flows: by source, destination, then weakest class first. */
function pairEntries(o: OverviewLike): PairEntry[] {
  let list = pairEntriesOf.get(o);
  if (list) return list;
  list = [];
  const byEnds = (a: OverviewPairLike, b: OverviewPairLike) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0);
  const pairs = o.pairs.filter((p) => p.from !== p.to);
  // The API answers them sorted (350,762 at 30,000 workloads): checked in one pass, sorted only if not.
  if (pairs.some((p, i) => i > 0 && byEnds(pairs[i - 1]!, p) > 0)) pairs.sort(byEnds);
  const order = [...EDGE_CLASSES].sort((a, b) => EDGE_STRENGTH[a] - EDGE_STRENGTH[b]);
  const nodeIds = new Map<string, string>();
  const nodeId = (ns: string) => {
    let id = nodeIds.get(ns);
    if (id === undefined) nodeIds.set(ns, (id = namespaceNodeId(ns)));
    return id;
  };
  for (const p of pairs) for (const cls of order) if ((p.counts[cls] ?? 0) > 0) list.push({ id: pairEdgeId(p.from, p.to, cls), from: p.from, to: p.to, source: nodeId(p.from), target: nodeId(p.to), cls, flows: p.counts[cls] });
  pairEntriesOf.set(o, list);
  return list;
}

