/**
 * The audit report as data (issue 16): what a reviewer's printed document holds, assembled
 * from one Analysis. Pure — the caller passes what the model cannot know (source, snapshot
 * time, input hash, tool version); apps/api renders it as HTML with inline SVG figures.
 *
 * Contents: counts of flows by protection class; findings by severity with file:line; for
 * each sensitive workload (GraphNode.sensitive, the model's own flag) who reaches it, on which
 * port, at which layer and by which deciding rule; exposed workloads (when the graph carries
 * `exposures`); a posture row per namespace; and the figures' content (which boxes and edges
 * each figure draws), split so every figure stays legible on A4.
 */
import type { Analysis } from '../analysis/types.ts';
import type { Diagnostic, ObjectRef, Severity } from '../diagnostics.ts';
import { SEVERITIES } from '../diagnostics.ts';
import { formatReasonSource } from '../explain/describeCell.ts';
import type { DefaultInboundPolicy, LayerStatus, NetworkPolicy } from '../k8s/types.ts';
import { LINKERD_DEFAULTS } from '../k8s/types.ts';
import { isMatchAll } from '../selectors/labelSelector.ts';
import { snapshotSummary, type NamespaceSummary } from '../query/snapshotSummary.ts';
import type { EdgeClass, GraphEdge, GraphNode } from '../graph/types.ts';
import { EDGE_CLASSES } from '../graph/types.ts';
import type { Reason } from '../verdict/types.ts';
import { byEdgeStrength, weakerClass } from '../query/edgeClassOrder.ts';

export interface ReportMeta {
  /** `demo`, `manifests: ./k8s`, `context: prod` … */
  source: string;
  /** ISO time of the snapshot the report describes. */
  takenAt: string;
  /** `sha256:<hex>` of the sorted input objects (see apps/api inputHash). */
  inputHash: string;
  toolVersion: string;
  /** --linkerd-default-policy, when given: the cluster default the analysis used. */
  linkerdDefaultPolicy?: DefaultInboundPolicy;
}

export interface ClassCount {
  cls: EdgeClass;
  /** Workload pairs whose weakest port is of this class. */
  edges: number;
  /** (source, destination, port) flows of this class. */
  flows: number;
}

export interface ReportFinding {
  code: string;
  severity: Severity;
  /** `NetworkPolicy ns/name`, when the finding is about one object. */
  object?: string;
  /** `file:line` (the field's line when known), or the file alone. */
  where?: string;
  path?: string;
  port?: string;
  message: string;
  /** Workload ids it concerns. */
  workloads: string[];
  /**
   * Further findings of the same code on the same object, place and port (the same rule seen
   * from other clients): how many, and the workloads they concern beyond this one's.
   */
  more?: { count: number; workloads: string[] };
}

/** The findings of one code, in input order, same-place repeats folded into one row. */
export interface FindingGroup {
  code: string;
  severity: Severity;
  /** Findings before folding. */
  count: number;
  items: ReportFinding[];
}

export interface SensitiveAccess {
  /** `5432/TCP` */
  port: string;
  /** Workload ids, or one entry `every workload (N)` for a port open to all. */
  clients: string[];
  allClients: boolean;
  l4: string;
  l7: string;
  /** The port NetworkPolicy was decided on, when not the application port (meshed: 4143). */
  l4Port?: number;
  cls: EdgeClass;
  /** Deciding objects of each layer, `NetworkPolicy ns/name ingress rule 0 (file:line)`, or the reason's words. */
  l4Rule: string;
  l7Rule: string;
}

export interface SensitiveWorkload {
  id: string;
  kind: string;
  meshed: boolean;
  ports: string[];
  openToAll: string[];
  access: SensitiveAccess[];
}

export interface Exposure {
  /** The object that exposes it (a Service of type LoadBalancer, an Ingress, a route …). */
  object: string;
  path?: string;
}

export interface ExposedWorkload {
  id: string;
  sensitive: boolean;
  exposures: Exposure[];
  /** What protects it against every address outside the cluster (external:0.0.0.0/0), per declared port and layer. */
  fromOutside: { port: string; l4: string; l7: string; allowed: boolean | null; protection?: string }[];
}

export interface ReportNamespacePosture {
  name: string;
  workloads: number;
  /** `default-deny (ns/policy)`, `all isolated`, `3 of 7 isolated`, `none`. */
  l4Ingress: string;
  l4Egress: string;
  l4IngressAll: boolean;
  l4EgressAll: boolean;
  /** The namespace's default inbound policy and where it comes from. */
  l7Default: string;
  meshed: number;
  /** Ports open to all in this namespace (workload × port). */
  openPorts: number;
  findings: number;
}

export interface FigureBox {
  id: string;
  label: string;
  /** Second line: ports of a destination, or a count for an aggregated box. */
  detail?: string;
  kind: 'workload' | 'namespace' | 'folded';
  meshed: boolean;
  sensitive: boolean;
  /** Some port open to all. */
  open: boolean;
}

export interface FigureEdge {
  from: string;
  to: string;
  cls: EdgeClass;
  /** Distinct application ports, `5432/TCP`. */
  ports: string[];
  /** Flows aggregated into this line. */
  flows: number;
}

/** One figure: clients on the left, destinations on the right, one line per (client box, destination). */
export interface FigureSpec {
  id: string;
  title: string;
  caption: string;
  sources: FigureBox[];
  destinations: FigureBox[];
  edges: FigureEdge[];
}

export interface AuditReport {
  meta: ReportMeta;
  layers: { l4: LayerStatus; l7: LayerStatus };
  totals: { namespaces: number; workloads: number; meshed: number; sensitive: number; edges: number; flows: number };
  classCounts: ClassCount[];
  /** Ports every other workload reaches: a badge on the graph, counted here apart. */
  openToAll: { workloads: number; ports: number };
  findings: { severity: Severity; count: number; groups: FindingGroup[] }[];
  sensitive: SensitiveWorkload[];
  /** Undefined when the graph does not say what is exposed (no node carries `exposures`). */
  exposed?: ExposedWorkload[];
  namespaces: ReportNamespacePosture[];
  figures: FigureSpec[];
}

export interface ReportOptions {
  /** Destination rows per figure (default 26). */
  maxDestinations?: number;
  /** Client rows per figure (default 36); the rest are folded into one box. */
  maxSources?: number;
}


/** A node as another helper may extend it: what exposes it outside the cluster. */
type NodeWithExposures = GraphNode & { exposures?: readonly { object: unknown; path?: unknown }[] };

function objectText(o: unknown): string {
  if (typeof o === 'string') return o;
  if (o && typeof o === 'object') {
    const r = o as Partial<ObjectRef>;
    if (typeof r.name === 'string') return `${r.kind ?? ''} ${r.namespace ? r.namespace + '/' : ''}${r.name}`.trim();
  }
  return String(o);
}

export function findingOf(d: Diagnostic): ReportFinding {
  const file = d.object?.file ?? d.file;
  const line = d.line ?? d.object?.line;
  const f: ReportFinding = { code: d.code, severity: d.severity, message: d.message, workloads: [...(d.workloads ?? [])] };
  if (d.object) f.object = `${d.object.kind} ${d.object.namespace ? d.object.namespace + '/' : ''}${d.object.name}`;
  if (file) f.where = line ? `${file}:${line}` : file;
  if (d.path) f.path = d.path;
  if (d.port) f.port = d.port;
  return f;
}

/** Per severity, per code (in the order the codes first appear), repeats at one place folded. */
export function groupFindings(diagnostics: readonly Diagnostic[]): { severity: Severity; count: number; groups: FindingGroup[] }[] {
  return SEVERITIES.map((severity) => {
    const groups = new Map<string, FindingGroup>();
    const places = new Map<string, ReportFinding>();
    let count = 0;
    for (const d of diagnostics) {
      if (d.severity !== severity) continue;
      count++;
      const f = findingOf(d);
      const g = groups.get(f.code) ?? { code: f.code, severity, count: 0, items: [] };
      groups.set(f.code, g);
      g.count++;
      const place = [f.code, f.object ?? '', f.where ?? '', f.path ?? '', f.port ?? ''].join('\u0000');
      const first = places.get(place);
      if (first && f.object) {
        const more = (first.more ??= { count: 0, workloads: [] });
        more.count++;
        for (const w of f.workloads) if (!first.workloads.includes(w) && !more.workloads.includes(w)) more.workloads.push(w);
        continue;
      }
      places.set(place, f);
      g.items.push(f);
    }
    return { severity, count, groups: [...groups.values()] };
  });
}

const DECIDING_ROLES = new Set<Reason['role']>(['admits', 'isolates', 'not-isolated', 'authorizes', 'server', 'route', 'default-policy', 'not-meshed', 'skipped-port', 'layer-unknown']);

/**
 * The deciding rule(s) of one layer in words: the deciding objects with rule and file:line when
 * there are any; else the reasons' words, a side that no policy isolates named by its role
 * (client or destination) so that the flows of many clients decided alike group into one row.
 */
export function decidingRule(reasons: readonly Reason[]): string {
  const out: string[] = [];
  const add = (s: string) => void (out.includes(s) || out.push(s));
  for (const r of reasons) if (DECIDING_ROLES.has(r.role) && r.kind && r.name) add(formatReasonSource(r));
  if (out.length === 0) {
    for (const r of reasons) {
      if (r.role === 'not-isolated') add(`no NetworkPolicy isolates the ${r.direction === 'egress' ? 'client for egress' : 'destination for ingress'}`);
      else if (DECIDING_ROLES.has(r.role) || r.role === 'proxy-port') add(r.text);
    }
  }
  return out.join('; ') || '—';
}

const portKey = (p: { port: number; protocol: string }) => `${p.port}/${p.protocol}`;

function sensitiveSection(analysis: Analysis, nodes: GraphNode[], edgesTo: Map<string, GraphEdge[]>, workloadCount: number): SensitiveWorkload[] {
  const out: SensitiveWorkload[] = [];
  for (const node of nodes) {
    if (!node.sensitive) continue;
    const groups = new Map<string, SensitiveAccess>();
    for (const e of edgesTo.get(node.id) ?? []) {
      for (const p of e.ports) {
        // Who reaches it: allowed flows, and flows no layer denies that a layer cannot decide.
        if (p.allowed === false) continue;
        const r = analysis.check({ from: e.from, to: e.to, port: p.port, protocol: p.protocol });
        const reasons = r.ok ? r.cell.reasons : { l4: [], l7: [] };
        const access: SensitiveAccess = {
          port: portKey(p),
          clients: [],
          allClients: false,
          l4: p.l4,
          l7: p.l7,
          ...(p.l4Port !== p.port ? { l4Port: p.l4Port } : {}),
          cls: p.class,
          l4Rule: decidingRule(reasons.l4),
          l7Rule: decidingRule(reasons.l7),
        };
        const key = [access.port, access.l4, access.l7, access.l4Port ?? '', access.cls, access.l4Rule, access.l7Rule].join('\u0000');
        const g = groups.get(key) ?? access;
        g.clients.push(e.from);
        groups.set(key, g);
      }
    }
    for (const port of node.openToAll) {
      // Open to all: every other workload gets in; the reasons are those of one of them (the first by id).
      const from = nodes.find((n) => n.id !== node.id)?.id;
      const [num, protocol] = port.split('/');
      const r = from ? analysis.check({ from, to: node.id, port: Number(num), protocol: protocol as 'TCP' }) : undefined;
      const cell = r?.ok ? r.cell : undefined;
      groups.set(`open\u0000${port}`, {
        port,
        clients: [`every workload (${workloadCount - 1})`],
        allClients: true,
        l4: cell?.l4 ?? 'open',
        l7: cell?.l7 ?? 'open',
        ...(cell && cell.l4Port !== cell.port ? { l4Port: cell.l4Port } : {}),
        cls: (cell?.protection ?? 'none') as EdgeClass,
        l4Rule: cell ? `${decidingRule(cell.reasons.l4)} (as for ${from})` : '—',
        l7Rule: cell ? `${decidingRule(cell.reasons.l7)} (as for ${from})` : '—',
      });
    }
    const access = [...groups.values()].sort((a, b) => cmp(a.port, b.port) || Number(b.allClients) - Number(a.allClients) || byEdgeStrength(a.cls, b.cls) || cmp(a.clients[0] ?? '', b.clients[0] ?? ''));
    for (const a of access) a.clients.sort();
    out.push({ id: node.id, kind: node.kind, meshed: node.meshed, ports: node.ports.map(portKey).filter((p, i, all) => all.indexOf(p) === i), openToAll: [...node.openToAll], access });
  }
  return out.sort((a, b) => cmp(a.id, b.id));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function exposedSection(analysis: Analysis, nodes: NodeWithExposures[]): ExposedWorkload[] | undefined {
  if (!nodes.some((n) => Array.isArray(n.exposures))) return undefined;
  return nodes
    .filter((n) => (n.exposures?.length ?? 0) > 0)
    .map((n) => ({
      id: n.id,
      sensitive: n.sensitive,
      exposures: (n.exposures ?? []).map((x) => ({ object: objectText(x.object), ...(typeof x.path === 'string' && x.path ? { path: x.path } : {}) })),
      fromOutside: n.ports.flatMap((p) => {
        const r = analysis.check({ from: 'external:0.0.0.0/0', to: n.id, port: p.port, protocol: p.protocol });
        if (!r.ok) return [];
        return [{ port: `${p.port}/${p.protocol}`, l4: r.cell.l4, l7: r.cell.l7, allowed: r.cell.allowed, ...(r.cell.protection ? { protection: r.cell.protection } : {}) }];
      }),
    }))
    .sort((a, b) => Number(b.sensitive) - Number(a.sensitive) || cmp(a.id, b.id));
}

/**
 * Per namespace: which NetworkPolicy makes the default deny (its name, for the reader), else how
 * many workloads the evaluator isolates (query/snapshotSummary.ts, fail-closed: `unknown` where
 * a layer could not say), the namespace's default inbound policy, meshed share, open ports, findings.
 */
function postureSection(analysis: Analysis, perNamespace: readonly NamespaceSummary[], clusterDefault: { policy: DefaultInboundPolicy; from: string }): ReportNamespacePosture[] {
  const inv = analysis.inventory;
  const policiesIn = new Map<string, NetworkPolicy[]>();
  for (const p of inv.networkPolicies) (policiesIn.get(p.namespace) ?? policiesIn.set(p.namespace, []).get(p.namespace)!).push(p);
  const namespaces = new Map(inv.namespaces.map((n) => [n.name, n]));
  return perNamespace
    .filter((ns) => !ns.implicit || ns.workloads > 0)
    .map((ns) => {
      const policies = policiesIn.get(ns.name) ?? [];
      const isolation = (dir: 'ingress' | 'egress') => {
        const flag = dir === 'ingress' ? 'ingressIsolation' : 'egressIsolation';
        const wide = policies.filter((p) => p[flag] && isMatchAll(p.podSelector));
        const deny = wide.find((p) => p[dir].length === 0);
        const { isolated, unknown } = ns[dir];
        if (unknown > 0) return { text: `unknown for ${unknown} of ${ns.workloads} (a layer could not be read)`, all: false };
        if (deny) return { text: `default-deny (${deny.name})`, all: true };
        if (wide.length) return { text: `all isolated (${wide[0]!.name})`, all: true };
        if (ns.workloads === 0) return { text: policies.some((p) => p[flag]) ? 'no workloads' : 'none', all: false };
        const all = isolated === ns.workloads;
        return { text: all ? 'all isolated' : isolated ? `${isolated} of ${ns.workloads} isolated` : 'none', all };
      };
      const i = isolation('ingress');
      const e = isolation('egress');
      const own = namespaces.get(ns.name)?.defaultInboundPolicy;
      const f = ns.posture.findings;
      return {
        name: ns.name,
        workloads: ns.workloads,
        l4Ingress: i.text,
        l4Egress: e.text,
        l4IngressAll: i.all,
        l4EgressAll: e.all,
        l7Default: own ? `${own} (namespace annotation)` : `${clusterDefault.policy} (${clusterDefault.from})`,
        meshed: ns.meshedWorkloads,
        openPorts: ns.posture.openPorts,
        findings: f.error + f.warning + f.info,
      };
    });
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [[]];
}

interface RawLine {
  from: FigureBox;
  to: string;
  cls: EdgeClass;
  ports: Set<string>;
  flows: number;
}

/**
 * Splits destinations into figures of at most `maxDst` rows; per figure the clients that reach
 * them, and when those are more than `maxSrc` rows, the ones with the fewest flows folded into
 * one box (its lines keep the weakest class of what they fold).
 */
function splitFigures(idBase: string, title: string, caption: string, destinations: FigureBox[], lines: RawLine[], opts: Required<ReportOptions>): FigureSpec[] {
  const parts = chunk(destinations, opts.maxDestinations);
  return parts.map((dsts, i) => {
    const ids = new Set(dsts.map((d) => d.id));
    const mine = lines.filter((l) => ids.has(l.to));
    const sourceFlows = new Map<string, { box: FigureBox; flows: number }>();
    for (const l of mine) {
      const s = sourceFlows.get(l.from.id) ?? { box: l.from, flows: 0 };
      s.flows += l.flows;
      sourceFlows.set(l.from.id, s);
    }
    let sources = [...sourceFlows.values()];
    const folded = new Set<string>();
    if (sources.length > opts.maxSources) {
      const keep = [...sources].sort((a, b) => b.flows - a.flows || cmp(a.box.id, b.box.id)).slice(0, opts.maxSources - 1);
      const kept = new Set(keep.map((s) => s.box.id));
      for (const s of sources) if (!kept.has(s.box.id)) folded.add(s.box.id);
      sources = sources.filter((s) => kept.has(s.box.id));
    }
    const foldedBox: FigureBox = { id: `${idBase}-folded-${i}`, label: `${folded.size} more clients`, detail: 'the fewest flows, folded', kind: 'folded', meshed: false, sensitive: false, open: false };
    const edges = new Map<string, FigureEdge>();
    for (const l of mine) {
      const from = folded.has(l.from.id) ? foldedBox.id : l.from.id;
      const key = `${from}\u0000${l.to}`;
      const e = edges.get(key);
      if (e) {
        e.cls = weakerClass(e.cls, l.cls);
        for (const p of l.ports) if (!e.ports.includes(p)) e.ports.push(p);
        e.flows += l.flows;
      } else edges.set(key, { from, to: l.to, cls: l.cls, ports: [...l.ports], flows: l.flows });
    }
    const srcBoxes = sources.map((s) => s.box).sort((a, b) => Number(a.kind !== 'workload') - Number(b.kind !== 'workload') || cmp(a.id, b.id));
    if (folded.size) srcBoxes.push({ ...foldedBox, label: `${folded.size} more client${folded.size === 1 ? '' : 's'}` });
    const suffix = parts.length > 1 ? ` (part ${i + 1} of ${parts.length})` : '';
    return {
      id: parts.length > 1 ? `${idBase}-${i + 1}` : idBase,
      title: title + suffix,
      caption: folded.size ? `${caption} ${folded.size} client boxes with the fewest flows are folded into one; the tables list every flow.` : caption,
      sources: srcBoxes,
      destinations: dsts,
      edges: [...edges.values()].map((e) => ({ ...e, ports: e.ports.sort() })).sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to)),
    };
  });
}

function figures(nodes: GraphNode[], edges: GraphEdge[], edgesTo: Map<string, GraphEdge[]>, opts: Required<ReportOptions>): FigureSpec[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const namespaces = [...new Set(nodes.map((n) => n.namespace))].sort();
  const byNs = new Map<string, GraphNode[]>();
  for (const n of nodes) (byNs.get(n.namespace) ?? byNs.set(n.namespace, []).get(n.namespace)!).push(n);
  const nsBoxes = new Map<string, FigureBox>();
  const nsBox = (ns: string, detail?: string): FigureBox => {
    const key = `${ns}\u0000${detail ?? ''}`;
    const known = nsBoxes.get(key);
    if (known) return known;
    const members = byNs.get(ns) ?? [];
    const box: FigureBox = {
      id: `ns:${ns}`,
      label: ns,
      detail: detail ?? `${members.length} workload${members.length === 1 ? '' : 's'}`,
      kind: 'namespace',
      meshed: members.length > 0 && members.every((n) => n.meshed),
      sensitive: members.some((n) => n.sensitive),
      open: members.some((n) => n.openToAll.length > 0),
    };
    nsBoxes.set(key, box);
    return box;
  };
  const wlBox = (n: GraphNode, detail?: string): FigureBox => ({ id: n.id, label: n.name, ...(detail ? { detail } : {}), kind: 'workload', meshed: n.meshed, sensitive: n.sensitive, open: n.openToAll.length > 0 });
  const out: FigureSpec[] = [];
  // Overview: namespace to namespace (flows inside a namespace are in its own figure).
  const nsLines = new Map<string, RawLine>();
  for (const e of edges) {
    const a = byId.get(e.from)?.namespace;
    const b = byId.get(e.to)?.namespace;
    if (!a || !b || a === b) continue;
    const key = `${a}\u0000${b}`;
    const l = nsLines.get(key) ?? { from: nsBox(a), to: `ns:${b}`, cls: e.class, ports: new Set<string>(), flows: 0 };
    l.cls = weakerClass(l.cls, e.class);
    for (const p of e.ports) l.ports.add(portKey(p));
    l.flows += e.ports.length;
    nsLines.set(key, l);
  }
  if (namespaces.length > 1) {
    out.push(
      ...splitFigures('overview', 'Overview: flows between namespaces', 'Each line aggregates the flows from one namespace into another, drawn in the weakest class among them; flows inside a namespace are in its own figure.', namespaces.map((ns) => nsBox(ns)), [...nsLines.values()], opts),
    );
  }
  for (const ns of namespaces) {
    const members = [...(byNs.get(ns) ?? [])].sort((a, b) => cmp(a.name, b.name));
    const lines = new Map<string, RawLine>();
    for (const e of members.flatMap((n) => edgesTo.get(n.id) ?? [])) {
      const src = byId.get(e.from);
      if (!src) continue;
      const box = src.namespace === ns ? wlBox(src) : nsBox(src.namespace, 'other namespace');
      const key = `${box.id}\u0000${e.to}`;
      const l = lines.get(key) ?? { from: box, to: e.to, cls: e.class, ports: new Set<string>(), flows: 0 };
      l.cls = weakerClass(l.cls, e.class);
      for (const p of e.ports) l.ports.add(portKey(p));
      l.flows += e.ports.length;
      lines.set(key, l);
    }
    const dsts = members.map((n) => wlBox(n, [...new Set(n.ports.map(portKey))].join(' ') || 'no declared port'));
    out.push(
      ...splitFigures(`ns-${ns}`, `Namespace ${ns}: who reaches its workloads`, `Clients (left: workloads of ${ns}, then other namespaces as one box each) and the workloads of ${ns} they reach (right, with their declared ports). Ports open to all are badges (⚠ open), not lines.`, dsts, [...lines.values()], opts),
    );
  }
  return out;
}

function clusterEdgesTo(edges: readonly GraphEdge[]): Map<string, GraphEdge[]> {
  const to = new Map<string, GraphEdge[]>();
  for (const e of edges) (to.get(e.to) ?? to.set(e.to, []).get(e.to)!).push(e);
  return to;
}

export function buildAuditReport(analysis: Analysis, meta: ReportMeta, options: ReportOptions = {}): AuditReport {
  const opts: Required<ReportOptions> = { maxDestinations: options.maxDestinations ?? 26, maxSources: options.maxSources ?? 36 };
  const graph = analysis.graph();
  // The cluster's workloads; the outside peers (kind External, issue 17) are clients and
  // destinations in the flows (and their counts), not workloads of a namespace.
  const nodes = graph.nodes.filter((n) => n.kind !== 'External').sort((a, b) => cmp(a.id, b.id));
  const inCluster = new Set(nodes.map((n) => n.id));
  const edges = [...graph.edges].sort((a, b) => cmp(a.id, b.id));
  const clusterEdges = edges.filter((e) => inCluster.has(e.from) && inCluster.has(e.to));
  const edgesTo = new Map<string, GraphEdge[]>();
  for (const e of edges) (edgesTo.get(e.to) ?? edgesTo.set(e.to, []).get(e.to)!).push(e);
  const summary = snapshotSummary(analysis, graph);
  const classCounts: ClassCount[] = EDGE_CLASSES.map((cls) => ({ cls, edges: summary.edgesByClass[cls], flows: summary.flowsByClass[cls] }));
  const inv = analysis.inventory;
  const clusterDefault = meta.linkerdDefaultPolicy
    ? { policy: meta.linkerdDefaultPolicy, from: '--linkerd-default-policy' }
    : inv.linkerdConfig?.defaultInboundPolicy
      ? { policy: inv.linkerdConfig.defaultInboundPolicy, from: 'cluster default, linkerd-config' }
      : { policy: LINKERD_DEFAULTS.defaultInboundPolicy, from: 'cluster default, Linkerd chart default' };
  const diagnostics = graph.diagnostics;
  return {
    meta,
    layers: { l4: { ...inv.layers.l4 }, l7: { ...inv.layers.l7 } },
    totals: { namespaces: summary.namespacesWithWorkloads, workloads: summary.workloads, meshed: summary.meshedWorkloads, sensitive: summary.sensitiveWorkloads, edges: summary.edges, flows: summary.flows },
    classCounts,
    openToAll: summary.openToAll,
    findings: groupFindings(diagnostics),
    sensitive: sensitiveSection(analysis, nodes, edgesTo, nodes.length),
    ...((): { exposed?: ExposedWorkload[] } => {
      const exposed = exposedSection(analysis, nodes as NodeWithExposures[]);
      return exposed ? { exposed } : {};
    })(),
    namespaces: postureSection(analysis, summary.perNamespace, clusterDefault),
    figures: figures(nodes, clusterEdges, clusterEdgesTo(clusterEdges), opts),
  };
}
