/**
 * The façade: one Analysis per snapshot. Builds the workload table and both layer
 * evaluators once, then answers single flows (with reasons), the matrix and the graph, and
 * carries every diagnostic — input, evaluator and cross-layer — in one sorted list.
 */
import { diagnosticList, type Diagnostic } from '../diagnostics.ts';
import type { Inventory } from '../k8s/types.ts';
import { buildL4Evaluator, type L4RuleView } from '../l4/buildL4Evaluator.ts';
import { buildL7Evaluator, type L7ServerView } from '../l7/buildL7Evaluator.ts';
import { WorkloadTable } from '../selectors/workloadTable.ts';
import { combineAllowed, protectionOf } from '../verdict/combine.ts';
import type { Cell, Flow } from '../verdict/types.ts';
import { buildGraph, declaredPorts, graphOf, type GraphOptions } from '../graph/buildGraph.ts';
import type { Graph } from '../graph/types.ts';
import { compactGraphChunks } from '../graph/compactGraph.ts';
import { clusterFindings, destinationFindings } from './crossLayerFindings.ts';
import { changedDestinations, sameClusterFindingInputs, sameL7Inputs, type InventoryDelta, type ReuseState } from './reuse.ts';
import type { WorkloadSet } from '../selectors/workloadSet.ts';
import { sortDiagnosticGroups } from './sortDiagnostics.ts';
import { formatSelector, MATCH_ALL } from '../selectors/labelSelector.ts';
import { attachScopeWorkloads, indexScopes, sameScopes, scopeReason, withL4Scopes, withL7Scopes } from './unknownScopes.ts';
import { defaultPolicyFor } from '../l7/defaultPolicy.ts';
import { DEFAULT_PROBE_NETWORKS } from '../l7/probes.ts';
import type { WorkloadPosture } from '../graph/overview.ts';
import type { Analysis, AnalyzeOptions, CheckResult, Matrix, MatrixWorkload, PortSpec } from './types.ts';
import { buildOutside, cidrsIn, EXTERNAL_KIND, isExternalId, type OutsideInternals, type OutsideReuse, type OutsideView } from '../outside/outside.ts';
import { outsideGraph } from '../outside/outsideGraph.ts';
import { clusterNetworksOf } from '../l7/defaultPolicy.ts';
import type { Cidr } from '../net/cidr.ts';
import { workloadPolicies } from '../query/workloadPolicies.ts';
import { namespaceFlows, workloadFlows } from '../graph/workloadFlows.ts';

export interface AnalyzeInput extends AnalyzeOptions {
  /** Diagnostics from parsing and inventory building, carried into the result. */
  inputDiagnostics?: Diagnostic[];
}

/**
 * Past this many evaluators still answering for some destination, or this share of dirty
 * destinations, start afresh. Lookups cost the same however many there are (one array read per
 * destination); the bound is on memory: every such evaluator stays alive with its caches.
 */
const MAX_RETAINED = 8;

/** `--cluster-networks` replaces linkerd-config's (or Linkerd's default) cluster networks. */
function withClusterNetworks(inv: Inventory, networks: Cidr[] | undefined): Inventory {
  if (!networks || networks.length === 0) return inv;
  const base = inv.linkerdConfig ?? { outboundTransportMode: 'transport-header' as const, defaultOpaquePorts: [], probeNetworks: [...DEFAULT_PROBE_NETWORKS], trustDomain: 'cluster.local', ref: { kind: 'ConfigMap', namespace: 'linkerd', name: 'linkerd-config' } };
  return { ...inv, linkerdConfig: { ...base, clusterNetworks: networks } };
}

/** A fresh analysis of one inventory. */
export function analyze(source: Inventory, options: AnalyzeInput = {}): Analysis {
  return analyzeWith(source, options).analysis;
}

/**
 * The analysis of `source`, and what it leaves for the next one. With `prior` — the previous
 * analysis's state and what the change set between them touched (the model index's delta) —
 * only the destinations the change can affect are evaluated again.
 */
export function analyzeWith(source: Inventory, options: AnalyzeInput = {}, prior?: { state: ReuseState; delta: InventoryDelta }): { analysis: Analysis; state: ReuseState } {
  const layered: Inventory = options.layers
    ? { ...source, layers: { l4: options.layers.l4 ?? source.layers.l4, l7: options.layers.l7 ?? source.layers.l7 } }
    : source;
  const inventory = withClusterNetworks(layered, options.clusterNetworks);
  const prev = prior?.state;
  const delta = prior?.delta ?? { removed: [], added: [] };
  const sameTable = !!prev && prev.retained < MAX_RETAINED && prev.inventory.workloads === inventory.workloads && prev.inventory.namespaces === inventory.namespaces;
  const table = sameTable ? prev.table : new WorkloadTable(inventory.workloads, inventory.namespaces);
  const policyCache = sameTable ? prev.policyCache : new WeakMap();
  const sink = diagnosticList();
  const freshL4 = buildL4Evaluator(inventory, table, sink, policyCache);
  const l7Same = sameTable && sameL7Inputs(prev, inventory, delta, options.linkerdDefaultPolicy);
  const l7Sink = diagnosticList();
  const freshL7 = l7Same ? prev.l7 : buildL7Evaluator(inventory, table, l7Sink, { linkerdDefaultPolicy: options.linkerdDefaultPolicy });
  const l7Diagnostics = l7Same ? prev.l7Diagnostics : l7Sink.items;
  let dirty: WorkloadSet | 'all' = sameTable && sameScopes(prev.inventory, inventory) ? changedDestinations(prev, inventory, table, l7Same, delta) : 'all';
  if (dirty !== 'all' && dirty.count() > table.size / 2) dirty = 'all';
  const isDirty = (to: number) => dirty === 'all' || dirty.has(to);
  // Clean destinations keep the evaluator that last answered for them, with its cached answers:
  // nothing they depend on changed. One owner per destination, so chains of changes never nest.
  // Owners are always evaluators built by some analysis, never routers.
  const fresh = dirty === 'all' || !prev;
  const l4Owners: L4RuleView[] = fresh ? new Array<L4RuleView>(table.size).fill(freshL4) : prev.l4Owners.map((o, to) => (isDirty(to) ? freshL4 : o));
  const l7Owners: L7ServerView[] =
    l7Same ? prev.l7Owners : fresh ? new Array<L7ServerView>(table.size).fill(freshL7) : prev.l7Owners.map((o, to) => (isDirty(to) ? freshL7 : o));
  const layerL4: L4RuleView = fresh ? freshL4 : routeL4(freshL4, l4Owners);
  const layerL7: L7ServerView = l7Same ? prev.l7 : fresh ? freshL7 : routeL7(freshL7, l7Owners);
  // What the layers' own evaluators answer, then fail closed where an invalid or unevaluated
  // policy object could decide (unknownScopes.ts): everything downstream reads these two.
  const l4 = withL4Scopes(layerL4, inventory.unknownScopes, table);
  const l7 = withL7Scopes(layerL7, inventory.unknownScopes, table);
  const inputs = { inventory, table, l4, l7 };
  let cluster: Diagnostic[];
  if (l7Same && sameScopes(prev.inventory, inventory) && sameClusterFindingInputs(prev, inventory, l7Same)) cluster = prev.clusterFindings;
  else {
    const local = diagnosticList();
    clusterFindings(inputs, local);
    cluster = local.items;
  }
  for (const d of cluster) sink.report(d);
  const perDestination: Diagnostic[][] = [];
  for (let to = 0; to < table.size; to++) {
    const reused = prev && !isDirty(to) ? prev.destinationFindings[to] : undefined;
    if (reused) perDestination.push(reused);
    else {
      const local = diagnosticList();
      destinationFindings(inputs, to, local);
      perDestination.push(local.items);
    }
  }
  // Merged into the previous order: only the groups that changed are sorted (sortDiagnostics.ts).
  const sortedDiagnostics = sortDiagnosticGroups([attachScopeWorkloads(options.inputDiagnostics ?? [], inventory, table), sink.items, l7Diagnostics, ...perDestination], prev?.sortedDiagnostics);
  const diagnostics = sortedDiagnostics.sorted;
  const state: ReuseState = {
    inventory,
    ...(options.linkerdDefaultPolicy ? { linkerdDefaultPolicy: options.linkerdDefaultPolicy } : {}),
    ...(options.sensitive ? { sensitive: options.sensitive } : {}),
    table,
    policyCache,
    l4: layerL4,
    l7: layerL7,
    l4Owners,
    l7Owners,
    l7Diagnostics,
    destinationFindings: perDestination,
    clusterFindings: cluster,
    sortedDiagnostics,
    retained: Math.max(distinct(l4Owners), distinct(l7Owners)),
  };
  // Parts of the previous graph carry its sensitive flags: reused only under the same selector.
  const sameSensitive = !!prev && formatSelector(prev.sensitive ?? MATCH_ALL) === formatSelector(options.sensitive ?? MATCH_ALL) && !prev.sensitive === !options.sensitive;
  const previousParts = fresh || !sameSensitive ? undefined : prev.graphParts;
  const previousNamespaces = previousParts ? prev!.graphNamespaces : undefined;

  const cellAt = (from: number, to: number, port: number, protocol: Flow['protocol']): Cell => {
    const r4 = l4.explain(from, to, port, protocol);
    const r7 = l7.explain(from, to, port, protocol);
    return {
      from: table.at(from).id,
      to: table.at(to).id,
      port,
      protocol,
      l4Port: r4.l4Port,
      l4: r4.verdict,
      l7: r7.verdict,
      allowed: combineAllowed(r4.verdict, r7.verdict),
      protection: protectionOf(r4.verdict, r7.verdict),
      reasons: { l4: r4.reasons, l7: r7.reasons },
    };
  };

  // The outside peer (issue 17) on the previous one's wide table and compiled policies while the
  // workloads and the address regions are the same: no touched object holds a CIDR, linkerd-config
  // (the cluster networks) untouched. Its edges into clean destinations are kept too, unless what
  // exposes workloads (Services, Ingresses, Gateways and their routes) changed.
  const touched = [...delta.removed, ...delta.added];
  const regionsSame = sameTable && !touched.some((p) => p.bucket === 'linkerdConfig' || cidrsIn(p.value).length > 0);
  const priorCarry = regionsSame ? prev.outsideView?.carry() : undefined;
  // HTTPRoutes too: a Gateway's HTTPRoute to a Service exposes its workloads (exposures.ts).
  const exposuresTouched = touched.some((p) => p.bucket === 'services' || p.bucket === 'ingresses' || p.bucket === 'gateways' || p.bucket === 'gatewayRoutes' || p.bucket === 'httpRoutes');
  const outsideReuse: OutsideReuse | undefined = priorCarry ? { carry: priorCarry, l7Same, exposuresSame: !exposuresTouched } : undefined;
  const outsideDirty: WorkloadSet | 'all' = fresh || !regionsSame || exposuresTouched ? 'all' : dirty;
  // Read here, not in a closure: a closure naming `prev` would keep every earlier analysis alive.
  const previousOutsideParts = !fresh && sameSensitive ? prev.outsideGraphParts : undefined;
  let outsideView: OutsideInternals | undefined;
  const outside = (): OutsideView => {
    if (!outsideView) {
      outsideView = buildOutside(
        inventory,
        table,
        {
          clusterNetworks: clusterNetworksOf(inventory),
          externals: options.externals ?? [],
          ...(options.linkerdDefaultPolicy ? { linkerdDefaultPolicy: options.linkerdDefaultPolicy } : {}),
        },
        outsideReuse,
      );
      state.outsideView = outsideView;
    }
    return outsideView;
  };

  function checkOutside(flow: Flow): CheckResult {
    if (isExternalId(flow.from) && isExternalId(flow.to)) return { ok: false, error: 'both ends are outside the cluster: a flow needs a workload on one side' };
    const ext = isExternalId(flow.from) ? flow.from : flow.to;
    const other = ext === flow.from ? flow.to : flow.from;
    if (!outside().peer(ext)) return { ok: false, error: `${ext} is not external:<CIDR> (e.g. external:0.0.0.0/0, external:203.0.113.0/24, external:2001:db8::/32)` };
    if (table.indexOf(other) === undefined) return { ok: false, error: `no workload ${other}` };
    if (!Number.isInteger(flow.port) || flow.port < 1 || flow.port > 65535) return { ok: false, error: `port ${flow.port} is not in 1-65535` };
    const cell = outside().cell(flow.from, flow.to, flow.port, flow.protocol);
    if (!cell) return { ok: false, error: `${ext} holds no address outside the cluster networks` };
    return { ok: true, cell };
  }

  function check(flow: Flow): CheckResult {
    if (isExternalId(flow.from) || isExternalId(flow.to)) return checkOutside(flow);
    const from = table.indexOf(flow.from);
    const to = table.indexOf(flow.to);
    if (!Number.isInteger(flow.port) || flow.port < 1 || flow.port > 65535) return { ok: false, error: `port ${flow.port} is not in 1-65535` };
    if (from === undefined || to === undefined) {
      // A workload of a namespace the source may not read (tenant mode) is not in the table,
      // and what it is — even whether it exists — is not known: unknown at both layers.
      const unread = unreadWorkloadCell(inventory, flow, from === undefined ? flow.from : flow.to);
      if (unread) return { ok: true, cell: unread };
      return { ok: false, error: `no workload ${from === undefined ? flow.from : flow.to}` };
    }
    return { ok: true, cell: cellAt(from, to, flow.port, flow.protocol) };
  }

  function* cells(ports?: PortSpec[]): Iterable<Cell> {
    for (let to = 0; to < table.size; to++) {
      const destinationPorts = ports ?? declaredPorts(table.at(to));
      for (let from = 0; from < table.size; from++) {
        if (from === to) continue;
        for (const p of destinationPorts) yield cellAt(from, to, p.port, p.protocol);
      }
    }
    // Flows with one side outside the cluster (issue 17): from each outside peer into every
    // workload, and from every workload to each peer on `ports` or the ports egress rules name
    // towards addresses.
    const o = outside();
    for (const peer of o.peers) {
      for (let to = 0; to < table.size; to++) {
        const dst = table.at(to);
        for (const p of ports ?? declaredPorts(dst)) {
          const c = o.cell(peer.id, dst.id, p.port, p.protocol);
          if (c) yield c;
        }
      }
      for (const p of ports ?? o.egressPorts()) {
        for (let from = 0; from < table.size; from++) {
          const c = o.cell(table.at(from).id, peer.id, p.port, p.protocol);
          if (c) yield c;
        }
      }
    }
  }

  const workloads = (): MatrixWorkload[] =>
    inventory.workloads.map((w) => ({ id: w.id, namespace: w.namespace, name: w.name, kind: w.kind, meshed: w.meshed, serviceAccount: w.serviceAccount }));
  /** The matrix's list: the workloads, then the outside peers (kind External, namespace ""). */
  const matrixWorkloads = (): MatrixWorkload[] => [
    ...workloads(),
    ...outside().peers.map((p) => ({ id: p.id, namespace: '', name: p.label, kind: EXTERNAL_KIND, meshed: false, serviceAccount: '' })),
  ];

  const graphs = new Map<boolean, Graph>();
  function graph(graphOptions: GraphOptions = {}): Graph {
    const key = graphOptions.includeOpen === true;
    let g = graphs.get(key);
    if (!g) {
      const reuse = !key && previousParts ? (to: number) => (isDirty(to) ? undefined : previousParts[to]) : undefined;
      // Reused parts are shared with the previous snapshot: copied, never changed in place.
      const outsideParts = !key ? previousOutsideParts : undefined;
      const extra = outsideGraph(table, outside(), key, outsideParts ? { parts: outsideParts, dirty: outsideDirty } : undefined);
      if (!key) state.outsideGraphParts = extra.parts;
      const built = buildGraph(table, l4, l7, options.sensitive ? { ...graphOptions, sensitive: options.sensitive } : graphOptions, reuse, extra.edges, reuse ? previousNamespaces : undefined);
      if (!key) {
        state.graphParts = built.parts;
        state.graphNamespaces = built.namespaces;
      }
      const nodes = built.nodes.map((n) => {
        const e = extra.exposures.get(n.id);
        return e && e.length > 0 ? { ...n, exposures: e } : n;
      });
      nodes.push(...extra.nodes);
      g = graphOf(built.namespaces, nodes, built.edgeParts, diagnostics);
      graphs.set(key, g);
    }
    return g;
  }

  let postureList: WorkloadPosture[] | undefined;
  function postures(): WorkloadPosture[] {
    if (postureList) return postureList;
    const l4Unknown = inventory.layers.l4.state === 'unknown';
    const l7Unknown = inventory.layers.l7.state === 'unknown';
    const s4 = indexScopes(inventory.unknownScopes, 'l4', table);
    const s7 = indexScopes(inventory.unknownScopes, 'l7', table);
    postureList = table.workloads.map((w, i): WorkloadPosture => ({
      id: w.id,
      ingressIsolated: l4Unknown || s4?.asDestination.has(i) ? 'unknown' : l4.ingressIsolated(i),
      egressIsolated: l4Unknown || s4?.asSource.has(i) ? 'unknown' : l4.egressIsolated(i),
      ...(w.meshed
        ? { defaultInboundPolicy: l7Unknown || s7?.asDestination.has(i) ? 'unknown' : defaultPolicyFor(w, inventory, table, options.linkerdDefaultPolicy).policy }
        : {}),
    }));
    return postureList;
  }

  const analysis: Analysis = {
    inventory,
    table,
    diagnostics,
    check,
    cells,
    matrix: (ports?: PortSpec[]): Matrix => ({ workloads: matrixWorkloads(), cells: [...cells(ports)], diagnostics }),
    workloads,
    matrixWorkloads,
    graph,
    postures,
    policiesOf: (w) => workloadPolicies({ inventory, table, l4, l7, ...(options.linkerdDefaultPolicy ? { linkerdDefaultPolicy: options.linkerdDefaultPolicy } : {}) }, w),
    get outside() {
      return outside();
    },
    workloadFlows: (id) => workloadFlows({ table, l4, l7, outside: outside(), graph: graph() }, id),
    namespaceFlows: (namespaces) => namespaceFlows({ table, l4, l7, outside: outside(), graph: graph() }, namespaces),
    compactGraph: (graphOptions: GraphOptions = {}) => compactGraphChunks({ table, l4, l7, diagnostics, outside: outsideGraph(table, outside(), graphOptions.includeOpen === true) }, { ...(options.sensitive ? { sensitive: options.sensitive } : {}), ...graphOptions }),
  };
  return { analysis, state };
}

/**
 * The answer for a flow one of whose workloads is not in the inventory because its whole
 * namespace is an UnknownScope at both layers (a live source in tenant mode may not read it):
 * unknown at both layers with the scopes' reasons. Undefined when the namespace is not such a scope.
 */
function unreadWorkloadCell(inventory: Inventory, flow: Flow, missing: string): Cell | undefined {
  const namespace = missing.split('/')[0];
  const wholeNamespace = (layer: 'l4' | 'l7') => inventory.unknownScopes.find((s) => s.layer === layer && s.namespace === namespace && !s.podSelector && s.affects === 'source-or-destination');
  const s4 = wholeNamespace('l4');
  const s7 = wholeNamespace('l7');
  if (!s4 || !s7) return undefined;
  return {
    from: flow.from,
    to: flow.to,
    port: flow.port,
    protocol: flow.protocol,
    l4Port: flow.port,
    l4: 'unknown',
    l7: 'unknown',
    allowed: null,
    protection: null,
    reasons: { l4: [scopeReason(s4)], l7: [scopeReason(s7)] },
  };
}

function distinct(owners: readonly unknown[]): number {
  const first = owners[0];
  return owners.every((o) => o === first) ? 1 : new Set(owners).size;
}

function routeL4(next: L4RuleView, owners: readonly L4RuleView[]): L4RuleView {
  return {
    classify: (to, port, protocol) => owners[to]!.classify(to, port, protocol),
    explain: (from, to, port, protocol) => owners[to]!.explain(from, to, port, protocol),
    ingressIsolated: (to) => next.ingressIsolated(to),
    egressIsolated: (from) => next.egressIsolated(from),
    ingressRulesFor: (to) => next.ingressRulesFor(to),
    adminIngressRulesFor: (to) => next.adminIngressRulesFor(to),
    egressRulesFor: (from) => next.egressRulesFor(from),
    policiesSelecting: (w) => next.policiesSelecting(w),
    ingressSideAt: (to, port, protocol) => owners[to]!.ingressSideAt(to, port, protocol),
  };
}

function routeL7(next: L7ServerView, owners: readonly L7ServerView[]): L7ServerView {
  return {
    classify: (to, port, protocol) => owners[to]!.classify(to, port, protocol),
    explain: (from, to, port, protocol) => owners[to]!.explain(from, to, port, protocol),
    serverFor: (to, port) => next.serverFor(to, port),
    serversFor: (to) => next.serversFor(to),
    grantsFor: (server) => next.grantsFor(server),
  };
}
