/**
 * Overview first, detail on demand (issue 16). Above COLLAPSE_THRESHOLD workloads the dashboard
 * draws the namespace overview (`GET /api/v1/overview`): one node per namespace with its posture
 * badge, and ONE aggregated edge per ordered namespace pair and edge class, as wide as its flow
 * count is large and labelled with that count. Expanding a namespace fetches only its own
 * workload-level graph (`/api/v1/graph?namespace=NS`: the edges touching it and the workloads at
 * both ends): its workloads are drawn inside it, its neighbours inside their own namespace (a
 * `partial` box that says how many of its workloads it shows), and every pair it is not part of
 * stays aggregated. Pure: tested without Cytoscape.
 */
import type { EdgeClass, GraphNamespace, GraphResponseLike, SnapshotInfo } from './graphTypes.ts';
import { EDGE_LOOKS, EDGE_STRENGTH } from './edgeClasses.ts';
import { edgeLabel, namespaceNodeId, type ElementDefinition } from './toElements.ts';
import { isOneOf, EDGE_CLASSES } from '@accessgraph/model';

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
  let out = 0;
  let inbound = 0;
  for (const p of o.pairs) {
    if (p.from === p.to || p.flows === 0) continue;
    if (p.from === name) out++;
    if (p.to === name) inbound++;
  }
  return `flows → ${out} ns · ← ${inbound} ns`;
}

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

/** `pair:a->b:l4-only` → its parts; undefined for any other id. */
export function parsePairEdgeId(id: string): { from: string; to: string; cls: EdgeClass } | undefined {
  const m = /^pair:([^>]*)->(.*):([a-z0-9-]+)$/.exec(id);
  if (!m || !isOneOf(EDGE_CLASSES, m[3]!)) return undefined;
  return { from: m[1]!, to: m[2]!, cls: m[3] as EdgeClass };
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
 * (`/api/v1/graph?namespace=NS`); a namespace whose graph has not arrived yet stays collapsed.
 */
export function overviewElements(o: OverviewLike, expanded: ReadonlyMap<string, GraphResponseLike>): ElementDefinition[] {
  const out: ElementDefinition[] = [];
  const names = new Set(o.namespaces.map((n) => n.name));
  const open = new Set([...expanded.keys()].filter((ns) => names.has(ns)));
  const { nodes, edges } = mergeGraphs([...open].map((ns) => expanded.get(ns)!));
  // The workloads drawn: those of expanded namespaces, and the neighbours their edges reach.
  const drawnEdges = edges.filter((e) => open.has(e.from.split('/')[0]!) || open.has(e.to.split('/')[0]!));
  const drawnIds = new Set(drawnEdges.flatMap((e) => [e.from, e.to]));
  const drawn = nodes.filter((n) => open.has(n.namespace) || drawnIds.has(n.id));
  const shown = new Map<string, number>();
  for (const n of drawn) shown.set(n.namespace, (shown.get(n.namespace) ?? 0) + 1);

  const sorted = [...o.namespaces].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const ns of sorted) {
    if (ns.workloads === 0 && !open.has(ns.name)) continue;
    const isOpen = open.has(ns.name);
    const partial = !isOpen && (shown.get(ns.name) ?? 0) > 0;
    const label = isOpen ? `${ns.name} (${ns.workloads}) · ${postureLines(ns).join(' · ')}` : partial ? `${ns.name}: ${shown.get(ns.name)} of ${ns.workloads} (neighbours)` : namespaceLabel(ns, flowLine(o, ns.name));
    const f = ns.posture.findings;
    out.push({
      group: 'nodes',
      data: { id: namespaceNodeId(ns.name), label, kind: 'namespace', ...(isOpen || partial ? {} : collapsedSize(label)), namespace: ns.name, meshed: ns.meshedWorkloads === ns.workloads && ns.workloads > 0, openCount: ns.posture.openPorts },
      classes: [
        'namespace',
        'overview',
        isOpen ? 'expanded' : partial ? 'expanded partial' : 'collapsed',
        ns.meshedWorkloads === ns.workloads && ns.workloads > 0 ? 'meshed' : '',
        ns.posture.openPorts > 0 ? 'has-open' : '',
        f.error > 0 ? 'has-error' : f.warning > 0 ? 'has-warning' : '',
        ns.posture.ingressDefaultDeny === 'none' ? 'no-default-deny' : '',
      ]
        .filter(Boolean)
        .join(' '),
    });
  }
  for (const n of drawn) {
    if (!names.has(n.namespace)) continue;
    const badges = [n.meshed ? 'mTLS' : '', n.sensitive ? '◆ data' : '', n.openToAll.length ? '⚠ open' : ''].filter(Boolean).join(' · ');
    const lines = badges ? [n.name, badges] : [n.name];
    out.push({
      group: 'nodes',
      data: {
        id: n.id,
        parent: namespaceNodeId(n.namespace),
        label: lines.join('\n'),
        width: Math.max(60, Math.max(...lines.map((l) => l.length)) * 7 + 16),
        height: lines.length * 14 + 12,
        kind: 'workload',
        name: n.name,
        namespace: n.namespace,
        openToAll: n.openToAll.join(', '),
      },
      classes: ['workload', n.meshed ? 'meshed' : 'unmeshed', n.sensitive ? 'sensitive' : '', n.openToAll.length ? 'open-ingress' : '', open.has(n.namespace) ? '' : 'neighbour'].filter(Boolean).join(' '),
    });
  }
  const drawnNodeIds = new Set(drawn.filter((n) => names.has(n.namespace)).map((n) => n.id));
  for (const e of drawnEdges) {
    if (!drawnNodeIds.has(e.from) || !drawnNodeIds.has(e.to)) continue;
    const ports = e.ports.map((p) => `${p.port}/${p.protocol}`);
    out.push({
      group: 'edges',
      data: { id: e.id, source: e.from, target: e.to, cls: e.class, badge: EDGE_LOOKS[e.class].badge, ports: ports.join(', '), label: edgeLabel(EDGE_LOOKS[e.class].badge, ports), edgeIds: [e.id], count: 1 },
      // Edges to and from neighbours (other namespaces) are drawn faint: hover a workload to light its own.
      classes: `edge ${e.class} workload-edge${e.from.split('/')[0] === e.to.split('/')[0] ? '' : ' cross'}`,
    });
  }

  // Pair edges: one per ordered namespace pair and class. A pair with an expanded end is drawn
  // as its workload edges instead (near zoom); at far zoom, where workloads are not drawn, the
  // pair edge stands in for them (`far-only`).
  const pairEdges: ElementDefinition[] = [];
  const visible = new Set(out.filter((e) => e.group === 'nodes' && e.data.kind === 'namespace').map((e) => e.data.namespace as string));
  const pairs = [...o.pairs].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  for (const p of pairs) {
    if (p.from === p.to || !visible.has(p.from) || !visible.has(p.to)) continue;
    const farOnly = open.has(p.from) || open.has(p.to);
    const classes = EDGE_CLASSES.filter((c) => (p.counts[c] ?? 0) > 0).sort((a, b) => EDGE_STRENGTH[a] - EDGE_STRENGTH[b]);
    for (const cls of classes) {
      const flows = p.counts[cls];
      pairEdges.push({
        group: 'edges',
        data: {
          id: pairEdgeId(p.from, p.to, cls),
          source: namespaceNodeId(p.from),
          target: namespaceNodeId(p.to),
          cls,
          badge: EDGE_LOOKS[cls].badge,
          label: `${EDGE_LOOKS[cls].badge} ×${flows}`,
          count: flows,
          width: pairWidth(cls, flows),
          from: p.from,
          to: p.to,
        },
        classes: ['edge', cls, 'aggregated', 'pair', farOnly ? 'far-only' : ''].filter(Boolean).join(' '),
      });
    }
  }
  // Thousands of pairs (a big cluster's namespaces nearly all talk to each other): drawing them
  // all is a hairball. They are then hidden (`quiet`) until their namespace is hovered or
  // selected; conflicts and unknowns always show.
  const drawnPairs = pairEdges.filter((e) => !String(e.classes).includes('far-only')).length;
  if (drawnPairs > OVERVIEW_EDGE_LIMIT) {
    for (const e of pairEdges) if (e.data.cls !== 'conflict' && e.data.cls !== 'unknown') e.classes += ' quiet';
    if (pairEdges.filter((e) => !String(e.classes).includes('quiet') && !String(e.classes).includes('far-only')).length > OVERVIEW_EDGE_LIMIT) for (const e of pairEdges) if (!String(e.classes).includes('quiet')) e.classes += ' quiet';
  }
  out.push(...pairEdges);
  return out;
}
