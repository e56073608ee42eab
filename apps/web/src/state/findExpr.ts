/**
 * Find and hide expressions (the `find` URL parameter), e.g. `to:sensitive class:l4-only`,
 * `ns:payments class:conflict`, `from:web/* port:5432`, `-ns:kube-system`.
 *
 * Terms are separated by spaces; every term must hold for a flow to be found (AND), and a
 * term's comma-separated values are alternatives (OR). A term starting with `-` hides what it
 * matches. Keys:
 *   from:, to:  the source / destination workload: `web/*` (id glob), `web` (a namespace),
 *               `sensitive` (workloads flagged sensitive)
 *   w:          either end, same values;  ns: either end's namespace (glob)
 *   class:      edge class (both, l4-only, l7-only, none, conflict, unknown; aliases l4, l7,
 *               open = none, unprotected = none)
 *   port:       5432, 5432/TCP or a port name the destination declares (http)
 * Port-level terms (class, port) keep or drop the ports of an edge, like the API filters; an
 * edge left with no port is dropped. Pure: parse once, apply to a graph or to namespace pairs.
 */
import { EDGE_CLASSES, edgeWithPorts, isOneOf, isPortTextProblem, namespaceOf, parsePortText, type EdgeClass } from '@accessgraph/model';
import type { EdgePort, GraphEdge, GraphNode } from '../graph/graphTypes.ts';

export const FIND_KEYS = ['from', 'to', 'w', 'ns', 'class', 'port'] as const;
export type FindKey = (typeof FIND_KEYS)[number];

const KEY_ALIASES: Record<string, FindKey> = { from: 'from', to: 'to', w: 'w', workload: 'w', ns: 'ns', namespace: 'ns', class: 'class', protection: 'class', port: 'port' };
const CLASS_ALIASES: Record<string, EdgeClass> = { l4: 'l4-only', l7: 'l7-only', open: 'none', unprotected: 'none', l4l7: 'both' };

export type EndpointValue = { kind: 'sensitive' } | { kind: 'namespace'; glob: RegExp; text: string } | { kind: 'workload'; glob: RegExp; text: string; namespaceOnly: string | null };
export type PortValue = { kind: 'number'; port: number; protocol?: string } | { kind: 'name'; name: string };

export type FindTerm =
  | { key: 'from' | 'to' | 'w'; negated: boolean; values: EndpointValue[]; text: string }
  | { key: 'ns'; negated: boolean; values: RegExp[]; raw: string[]; text: string }
  | { key: 'class'; negated: boolean; values: EdgeClass[]; text: string }
  | { key: 'port'; negated: boolean; values: PortValue[]; text: string };

export interface FindExpr {
  text: string;
  terms: FindTerm[];
}

export type ParseResult = { ok: true; expr: FindExpr } | { ok: false; message: string };

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

const NAME_GLOB = /^[a-z0-9*][a-z0-9.*_-]*$/i;

function endpointValue(v: string): EndpointValue | string {
  if (v === 'sensitive') return { kind: 'sensitive' };
  const parts = v.split('/');
  if (parts.length === 1) return NAME_GLOB.test(v) ? { kind: 'namespace', glob: globToRegExp(v), text: v } : `“${v}” is not a namespace name or glob`;
  if (parts.length > 3 || parts.some((p) => !NAME_GLOB.test(p))) return `“${v}” is not a workload id or glob (namespace/name, e.g. web/*)`;
  const ns = parts[0]!;
  const namespaceOnly = parts.slice(1).every((p) => p === '*') && !ns.includes('*') ? ns : null;
  return { kind: 'workload', glob: globToRegExp(v), text: v, namespaceOnly };
}

function portValue(v: string): PortValue | string {
  // A name is matched case-insensitively (lowered); a name with a protocol is no find term.
  const p = parsePortText(v.toLowerCase());
  if (isPortTextProblem(p)) {
    if (p.problem === 'range') return `port ${v} is not in 1-65535`;
  } else if (p.kind === 'number') return p.protocol ? { kind: 'number', port: p.port, protocol: p.protocol } : { kind: 'number', port: p.port };
  else if (!p.protocol) return { kind: 'name', name: p.name };
  return `“${v}” is not a port (5432, 5432/TCP or a port name)`;
}

export function parseFind(text: string): ParseResult {
  const terms: FindTerm[] = [];
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const negated = token.startsWith('-');
    const body = negated ? token.slice(1) : token;
    const colon = body.indexOf(':');
    if (colon <= 0) return { ok: false, message: `“${token}”: write key:value (keys: ${FIND_KEYS.join(', ')}), e.g. ns:payments` };
    const rawKey = body.slice(0, colon).toLowerCase();
    const key = KEY_ALIASES[rawKey];
    if (!key) return { ok: false, message: `“${rawKey}” is not a key: use ${FIND_KEYS.join(', ')}` };
    const raw = body.slice(colon + 1).split(',');
    if (raw.some((v) => v === '')) return { ok: false, message: `“${token}”: a value is missing after “${rawKey}:”` };
    if (key === 'class') {
      const values: EdgeClass[] = [];
      for (const v of raw) {
        const c = CLASS_ALIASES[v.toLowerCase()] ?? v.toLowerCase();
        if (!isOneOf(EDGE_CLASSES, c)) return { ok: false, message: `“${v}” is not a class: use ${EDGE_CLASSES.join(', ')}` };
        values.push(c as EdgeClass);
      }
      terms.push({ key, negated, values, text: token });
    } else if (key === 'port') {
      const values: PortValue[] = [];
      for (const v of raw) {
        const p = portValue(v);
        if (typeof p === 'string') return { ok: false, message: p };
        values.push(p);
      }
      terms.push({ key, negated, values, text: token });
    } else if (key === 'ns') {
      for (const v of raw) if (!NAME_GLOB.test(v)) return { ok: false, message: `“${v}” is not a namespace name or glob` };
      terms.push({ key, negated, values: raw.map(globToRegExp), raw, text: token });
    } else {
      const values: EndpointValue[] = [];
      for (const v of raw) {
        const e = endpointValue(v);
        if (typeof e === 'string') return { ok: false, message: e };
        values.push(e);
      }
      terms.push({ key, negated, values, text: token });
    }
  }
  return { ok: true, expr: { text: text.trim(), terms } };
}


function endpointMatches(v: EndpointValue, id: string, node: GraphNode | undefined): boolean {
  if (v.kind === 'sensitive') return node?.sensitive === true;
  if (v.kind === 'namespace') return v.glob.test(namespaceOf(id));
  return v.glob.test(id);
}

function edgeTermMatches(t: FindTerm, from: string, to: string, nodes: ReadonlyMap<string, GraphNode>): boolean {
  switch (t.key) {
    case 'from':
      return t.values.some((v) => endpointMatches(v, from, nodes.get(from)));
    case 'to':
      return t.values.some((v) => endpointMatches(v, to, nodes.get(to)));
    case 'w':
      return t.values.some((v) => endpointMatches(v, from, nodes.get(from)) || endpointMatches(v, to, nodes.get(to)));
    case 'ns':
      return t.values.some((g) => g.test(namespaceOf(from)) || g.test(namespaceOf(to)));
    default:
      return true;
  }
}

function portTermMatches(t: FindTerm, p: EdgePort, dst: GraphNode | undefined): boolean {
  if (t.key === 'class') return t.values.includes(p.class);
  if (t.key !== 'port') return true;
  return t.values.some((v) =>
    v.kind === 'number' ? v.port === p.port && (!v.protocol || v.protocol === p.protocol) : (dst?.ports ?? []).some((dp) => dp.name?.toLowerCase() === v.name && dp.port === p.port && dp.protocol === p.protocol),
  );
}

const isPortTerm = (t: FindTerm) => t.key === 'class' || t.key === 'port';

/** The edge as the expression leaves it (ports dropped), or null when it is not found or hidden. */
export function applyToEdge(expr: FindExpr, edge: GraphEdge, nodes: ReadonlyMap<string, GraphNode>): GraphEdge | null {
  const edgeTerms = expr.terms.filter((t) => !isPortTerm(t));
  for (const t of edgeTerms) if (edgeTermMatches(t, edge.from, edge.to, nodes) === t.negated) return null;
  const portTerms = expr.terms.filter(isPortTerm);
  if (portTerms.length === 0) return edge;
  const dst = nodes.get(edge.to);
  const ports = edge.ports.filter((p) => portTerms.every((t) => portTermMatches(t, p, dst) !== t.negated));
  if (ports.length === 0) return null;
  if (ports.length === edge.ports.length) return edge;
  return edgeWithPorts(edge, ports);
}

/** A workload hidden by a `-ns:` or `-w:` term. */
function nodeHidden(expr: FindExpr, n: GraphNode): boolean {
  return expr.terms.some((t) => t.negated && (t.key === 'ns' ? t.values.some((g) => g.test(n.namespace)) : t.key === 'w' && t.values.some((v) => endpointMatches(v, n.id, n))));
}

/** A workload a positive `ns:` or `w:` term names (shown even without a matching flow). */
function nodeFound(expr: FindExpr, n: GraphNode): boolean {
  const positive = expr.terms.filter((t) => !t.negated);
  const nodeTerms = positive.filter((t) => t.key === 'ns' || t.key === 'w');
  if (nodeTerms.length === 0 || nodeTerms.length !== positive.length) return false;
  return nodeTerms.every((t) => (t.key === 'ns' ? t.values.some((g) => g.test(n.namespace)) : t.key === 'w' && t.values.some((v) => endpointMatches(v, n.id, n))));
}

export function hasFind(expr: FindExpr): boolean {
  return expr.terms.some((t) => !t.negated);
}

/**
 * The graph the expression leaves: flows found and not hidden; workloads at their ends, plus
 * those a positive ns:/w: names; hidden workloads and their flows gone. Namespaces left empty go.
 */
export function applyFind<G extends { nodes: GraphNode[]; edges: GraphEdge[]; namespaces: { name: string }[] }>(graph: G, expr: FindExpr): G {
  if (expr.terms.length === 0) return graph;
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const hidden = new Set(graph.nodes.filter((n) => nodeHidden(expr, n)).map((n) => n.id));
  const edges: GraphEdge[] = [];
  for (const e of graph.edges) {
    if (hidden.has(e.from) || hidden.has(e.to)) continue;
    const kept = applyToEdge(expr, e, nodes);
    if (kept) edges.push(kept);
  }
  const find = hasFind(expr);
  const keep = new Set<string>();
  for (const e of edges) keep.add(e.from).add(e.to);
  const keptNodes = graph.nodes.filter((n) => !hidden.has(n.id) && (!find || keep.has(n.id) || nodeFound(expr, n)));
  const shownNs = new Set(keptNodes.map((n) => n.namespace));
  return { ...graph, nodes: keptNodes, edges, namespaces: graph.namespaces.filter((ns) => shownNs.has(ns.name)) };
}

/**
 * What of the expression the namespace overview can answer without workloads: namespace terms
 * (ns:, and from:/to:/w: naming whole namespaces) on pairs; class and numeric port terms go to
 * the API as `protection` and `port`. The rest (sensitive, workload globs, port names, hidden
 * ports) needs the workload graph: listed in `needsWorkloads`.
 */
export interface PairPlan {
  /** Namespace-level test of a pair (from, to). */
  pair(from: string, to: string): boolean;
  /** A namespace hidden by `-ns:`/`-w:ns`. */
  namespaceHidden(ns: string): boolean;
  protections: EdgeClass[] | null;
  ports: string[] | null;
  needsWorkloads: string[];
}

export function pairPlan(expr: FindExpr): PairPlan {
  const needs: string[] = [];
  const pairTerms: { key: 'from' | 'to' | 'w'; negated: boolean; globs: RegExp[] }[] = [];
  let protections: Set<EdgeClass> | null = null;
  let ports: Set<string> | null = null;
  const hiddenNs: RegExp[] = [];
  for (const t of expr.terms) {
    if (t.key === 'ns') {
      pairTerms.push({ key: 'w', negated: t.negated, globs: t.values });
      if (t.negated) hiddenNs.push(...t.values);
    } else if (t.key === 'class') {
      const set = t.negated ? EDGE_CLASSES.filter((c) => !t.values.includes(c)) : t.values;
      protections = new Set([...(protections ?? EDGE_CLASSES)].filter((c) => set.includes(c)));
    } else if (t.key === 'port') {
      if (t.negated || t.values.some((v) => v.kind === 'name')) {
        needs.push(t.text);
        continue;
      }
      const specs = t.values.map((v) => (v.kind === 'number' ? (v.protocol ? `${v.port}/${v.protocol}` : String(v.port)) : ''));
      ports = ports ? new Set(specs.filter((s) => ports!.has(s))) : new Set(specs);
    } else {
      const globs: RegExp[] = [];
      let ok = true;
      for (const v of t.values) {
        if (v.kind === 'namespace') globs.push(v.glob);
        else if (v.kind === 'workload' && v.namespaceOnly) globs.push(globToRegExp(v.namespaceOnly));
        else ok = false;
      }
      if (!ok) {
        needs.push(t.text);
        continue;
      }
      pairTerms.push({ key: t.key, negated: t.negated, globs });
      if (t.negated && t.key === 'w') hiddenNs.push(...globs);
    }
  }
  return {
    pair: (from, to) =>
      pairTerms.every((t) => {
        const hit = t.key === 'from' ? t.globs.some((g) => g.test(from)) : t.key === 'to' ? t.globs.some((g) => g.test(to)) : t.globs.some((g) => g.test(from) || g.test(to));
        return hit !== t.negated;
      }),
    namespaceHidden: (ns) => hiddenNs.some((g) => g.test(ns)),
    protections: protections ? [...protections] : null,
    ports: ports ? [...ports] : null,
    needsWorkloads: needs,
  };
}
