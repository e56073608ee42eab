/**
 * The L4 evaluator (SEMANTICS.md §3, §4): NetworkPolicy as the CNI enforces it.
 *
 * Built once per analysis. Every rule is compiled to a WorkloadSet of peers; policies are
 * indexed by the workloads they select (ingress) and egress rules are inverted to the
 * destinations they name, so that `classify` answers for all sources of one destination and
 * port with a few bitset unions. `explain` walks the same compiled rules for one flow and
 * collects the reasons; the two agree by construction and by property test.
 */
import { setCache } from '../util/byteLru.ts';
import { diagnosticList, type Diagnostic, type DiagnosticSink } from '../diagnostics.ts';
import type { Inventory, NetworkPolicy, Protocol, Workload } from '../k8s/types.ts';
import { bytesOfSets, WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import type { L4Result, Reason } from '../verdict/types.ts';
import { isProxiedFlow, reachedDirectly } from '../verdict/cniPort.ts';
import { admitsEveryPeer, compileRule, type CompiledRule } from './compiledRule.ts';
import { reportPolicyDiagnostics } from './policyDiagnostics.ts';
import { hostNetworkSet } from './peerSources.ts';
import { admitReason, hostNetworkReason, isolatesReason, notIsolatedReason, proxyPortReason } from './l4Reasons.ts';
import type { L4Classes, L4Evaluator } from './types.ts';
import { compileTiers, tierReasons, type TierCache } from './tierEvaluator.ts';
import { tierOutcomes, type CompiledTierPolicy, type CompiledTierRule, type TieredPolicy, type TierOutcomes } from './adminTiers.ts';

export interface L4RuleView extends L4Evaluator {
  /** Ingress rules of every policy isolating `to` for ingress. */
  ingressRulesFor(to: number): readonly CompiledRule[];
  /** Admin-tier ingress rules of the policies whose subject holds `to`, in evaluation order (issue 17). */
  adminIngressRulesFor(to: number): readonly CompiledTierRule[];
  /** Egress rules of every policy isolating `from` for egress. */
  egressRulesFor(from: number): readonly CompiledRule[];
  /**
   * The NetworkPolicies whose podSelector holds `w` (inventory order), then the admin- and
   * baseline-tier policies whose subject holds it (evaluation order), each with the directions in
   * which it decides for `w`: the same selection `classify` and `explain` use.
   */
  policiesSelecting(w: number): readonly SelectingPolicy[];
  /** The destination's ingress side alone, every tier, for every source (findings about one port, e.g. the proxy's admin port). */
  ingressSideAt(to: number, port: number, protocol: Protocol): IngressSide;
}

/** What the destination's ingress (admin tier, NetworkPolicy, baseline tier) does to every source, whatever the sources' own egress. */
export interface IngressSide {
  /** Sources the ingress side refuses. */
  deny: WorkloadSet;
  /** Sources for which the ingress side is undecided (hostNetwork, same-priority ties, IP peers on unknown IPs). */
  unknown: WorkloadSet;
  /** Sources an admin-tier Allow/Accept admits (NetworkPolicy and the baseline never see them). */
  adminAllow: WorkloadSet;
  /** Sources an admin-tier Deny refuses. */
  adminDeny: WorkloadSet;
}

/** A policy that selects a workload, and for which directions it decides (NetworkPolicy: isolates; tiers: has rules). */
export type SelectingPolicy =
  | { kind: 'NetworkPolicy'; policy: NetworkPolicy; ingress: boolean; egress: boolean }
  | { kind: 'tier'; policy: TieredPolicy; ingress: boolean; egress: boolean };

/** Compiled policies by parsed object; valid for one WorkloadTable (an analysis reuses it across snapshots). */
export type L4PolicyCache = WeakMap<NetworkPolicy, CompiledPolicy>;

export interface CompiledPolicy {
  selected: WorkloadSet;
  ingress: CompiledRule[];
  egress: CompiledRule[];
  diagnostics: Diagnostic[];
}

/** With `diagnose` false, no diagnostics (an evaluator whose findings are dropped: the outside view's). */
export function compilePolicy(policy: NetworkPolicy, table: WorkloadTable, diagnose = true): CompiledPolicy {
  const selected = table.matchingIn(policy.namespace, policy.podSelector);
  const local = diagnosticList();
  if (diagnose) reportPolicyDiagnostics(policy, selected, table, local);
  return {
    selected,
    ingress: policy.ingressIsolation ? policy.ingress.map((r) => compileRule(policy, 'ingress', r, table)) : [],
    egress: policy.egressIsolation ? policy.egress.map((r) => compileRule(policy, 'egress', r, table)) : [],
    diagnostics: local.items,
  };
}

/**
 * What the NetworkPolicies make of one table, kept for the next build on the same table (issue
 * 19): a change of one policy re-indexes the destinations of its namespace only. Nothing in it
 * is modified after its build; a later build copies what it changes.
 */
interface PolicyIndex {
  table: WorkloadTable;
  /** The ingress-isolating policies of each namespace, in inventory order (a policy selects pods of its own namespace only). */
  ingressByNamespace: Map<string, NetworkPolicy[]>;
  /** Per destination: the ingress rules of every policy isolating it, in inventory order. */
  ingressRules: readonly (readonly CompiledRule[])[];
  ingressIsolated: WorkloadSet;
  /** The egress-isolating policies, in inventory order: the egress index below is theirs. */
  egressPolicies: NetworkPolicy[];
  egress: EgressIndex;
  /** The list it was built from, and each namespace's positions in it (every policy, isolating or not). */
  policies: readonly NetworkPolicy[];
  positions: Map<string, number[]>;
  /** The compiled policies' diagnostics, in inventory order. */
  diagnostics: Diagnostic[];
}

interface EgressIndex {
  /** Per source: the egress rules of every policy isolating it. */
  egressRules: readonly (readonly CompiledRule[])[];
  egressIsolated: WorkloadSet;
  /** Egress rules inverted: destination → rules naming it, plus the rules naming every workload. */
  egressByDestination: readonly (readonly CompiledRule[])[];
  egressToAll: readonly CompiledRule[];
  /** Sources of each egress rule = the workloads its policy selects. */
  ruleSources: ReadonlyMap<CompiledRule, WorkloadSet>;
}

/** The last index built with each policy cache (one cache per table: analyze.ts and the outside view carry theirs). */
const lastIndex = new WeakMap<L4PolicyCache, PolicyIndex>();

const sameList = <T>(a: readonly T[] | undefined, b: readonly T[]): boolean => a === b || (a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * The policy index for `policies`, from `prior` (an index of the same table) where the lists it
 * was built from are the same: a namespace whose ingress-isolating policies are the same objects
 * in the same order keeps its destinations' rule lists; the egress index is kept whole while
 * the egress-isolating policies are. Equal to a build from nothing by construction (each
 * destination's rules come from its own namespace's list either way) and by property test.
 */
function indexPolicies(policies: readonly NetworkPolicy[], table: WorkloadTable, compiled: (p: NetworkPolicy) => CompiledPolicy, prior: PolicyIndex | undefined): PolicyIndex {
  const n = table.size;
  const base = prior && prior.table === table ? prior : undefined;
  const grouped = (base && regroup(base, policies, compiled)) ?? group(policies, compiled);
  const { ingressByNamespace, egressPolicies, positions, diagnostics } = grouped;

  let ingressRules: CompiledRule[][];
  let ingressIsolated: WorkloadSet;
  const changed: string[] = [];
  if (!base) {
    ingressRules = Array.from({ length: n }, () => []);
    ingressIsolated = WorkloadSet.empty(n);
    changed.push(...ingressByNamespace.keys());
  } else {
    ingressRules = base.ingressRules.slice() as CompiledRule[][];
    ingressIsolated = base.ingressIsolated.clone();
    for (const [ns, list] of ingressByNamespace) if (!sameList(base.ingressByNamespace.get(ns), list)) changed.push(ns);
    for (const ns of base.ingressByNamespace.keys()) if (!ingressByNamespace.has(ns)) changed.push(ns);
    for (const ns of changed) {
      for (const to of table.inNamespace(ns)) {
        ingressRules[to] = [];
        ingressIsolated.delete(to);
      }
    }
  }
  for (const ns of changed) {
    for (const policy of ingressByNamespace.get(ns) ?? []) {
      const c = compiled(policy);
      ingressIsolated.unionWith(c.selected);
      for (const to of c.selected) ingressRules[to]!.push(...c.ingress);
    }
  }

  let egress: EgressIndex;
  if (base && sameList(base.egressPolicies, egressPolicies)) egress = base.egress;
  else {
    const egressRules: CompiledRule[][] = Array.from({ length: n }, () => []);
    const egressByDestination: CompiledRule[][] = Array.from({ length: n }, () => []);
    const egressToAll: CompiledRule[] = [];
    const ruleSources = new Map<CompiledRule, WorkloadSet>();
    const egressIsolated = WorkloadSet.empty(n);
    for (const policy of egressPolicies) {
      const { selected, egress: rules } = compiled(policy);
      egressIsolated.unionWith(selected);
      for (const c of rules) {
        ruleSources.set(c, selected);
        for (const from of selected) egressRules[from]!.push(c);
        if (c.rule.peers === 'all') egressToAll.push(c);
        else for (const to of c.peers) egressByDestination[to]!.push(c);
      }
    }
    egress = { egressRules, egressIsolated, egressByDestination, egressToAll, ruleSources };
  }
  return { table, ingressByNamespace, ingressRules, ingressIsolated, egressPolicies, egress, policies, positions, diagnostics };
}

type Grouping = Pick<PolicyIndex, 'ingressByNamespace' | 'egressPolicies' | 'positions' | 'diagnostics'>;

/** The policies by namespace, the egress-isolating ones and the diagnostics, in one pass over all. */
function group(policies: readonly NetworkPolicy[], compiled: (p: NetworkPolicy) => CompiledPolicy): Grouping {
  const ingressByNamespace = new Map<string, NetworkPolicy[]>();
  const egressPolicies: NetworkPolicy[] = [];
  const positions = new Map<string, number[]>();
  const diagnostics: Diagnostic[] = [];
  for (const [i, policy] of policies.entries()) {
    const at = positions.get(policy.namespace);
    if (at) at.push(i);
    else positions.set(policy.namespace, [i]);
    if (policy.ingressIsolation) {
      const list = ingressByNamespace.get(policy.namespace);
      if (list) list.push(policy);
      else ingressByNamespace.set(policy.namespace, [policy]);
    }
    if (policy.egressIsolation) egressPolicies.push(policy);
    for (const d of compiled(policy).diagnostics) diagnostics.push(d);
  }
  return { ingressByNamespace, egressPolicies, positions, diagnostics };
}

/**
 * `group` of `policies` from the grouping of `base.policies`, when the two lists differ only in
 * a few places each holding a policy of the same namespace before and after (issue 19: a policy
 * edited in place): only those namespaces' lists are made again, the egress list and the
 * diagnostics are kept unless a policy before or after isolates egress or has any. Undefined
 * when the lists differ otherwise (then `group` from nothing).
 */
function regroup(base: PolicyIndex, policies: readonly NetworkPolicy[], compiled: (p: NetworkPolicy) => CompiledPolicy): Grouping | undefined {
  const before = base.policies;
  if (before.length !== policies.length) return undefined;
  const namespaces = new Set<string>();
  let egressTouched = false;
  let diagnosticsTouched = false;
  let changes = 0;
  for (let i = 0; i < policies.length; i++) {
    const was = before[i]!;
    const now = policies[i]!;
    if (was === now) continue;
    if (was.namespace !== now.namespace || ++changes > 64) return undefined;
    namespaces.add(now.namespace);
    if (was.egressIsolation || now.egressIsolation) egressTouched = true;
    if (compiled(was).diagnostics.length > 0 || compiled(now).diagnostics.length > 0) diagnosticsTouched = true;
  }
  if (changes === 0) return base;
  if (diagnosticsTouched) return undefined;
  const ingressByNamespace = new Map(base.ingressByNamespace);
  for (const ns of namespaces) {
    const list = base.positions.get(ns)!.map((i) => policies[i]!).filter((p) => p.ingressIsolation);
    if (list.length > 0) ingressByNamespace.set(ns, list);
    else ingressByNamespace.delete(ns);
  }
  const egressPolicies = egressTouched ? policies.filter((p) => p.egressIsolation) : base.egressPolicies;
  return { ingressByNamespace, egressPolicies, positions: base.positions, diagnostics: base.diagnostics };
}

/** Workloads whose proxies skip some outbound ports, per table (never modified). */
const skipsOutboundSets = new WeakMap<WorkloadTable, WorkloadSet>();
function skipsOutboundOf(table: WorkloadTable): WorkloadSet {
  let s = skipsOutboundSets.get(table);
  if (!s) skipsOutboundSets.set(table, (s = WorkloadSet.of(table.size, table.workloads.flatMap((w, i) => (w.annotations['config.linkerd.io/skip-outbound-ports'] ? [i] : [])))));
  return s;
}

/**
 * `options.diagnose: false`: the policies' diagnostics are not made (an evaluator whose findings
 * are dropped; its `policyCache` must be used with the same setting only).
 */
export function buildL4Evaluator(inventory: Inventory, table: WorkloadTable, report: DiagnosticSink, policyCache: L4PolicyCache = new WeakMap(), tierCache: TierCache = new WeakMap(), options: { diagnose?: boolean } = {}): L4RuleView {
  const n = table.size;
  const diagnose = options.diagnose !== false;
  const compiled = (policy: NetworkPolicy): CompiledPolicy => {
    let c = policyCache.get(policy);
    if (!c) policyCache.set(policy, (c = compilePolicy(policy, table, diagnose)));
    return c;
  };
  const index = indexPolicies(inventory.networkPolicies, table, compiled, lastIndex.get(policyCache));
  lastIndex.set(policyCache, index);
  for (const d of index.diagnostics) report.report(d);
  const { ingressRules, ingressIsolated } = index;
  const { egressRules, egressIsolated, egressByDestination, egressToAll, ruleSources } = index.egress;

  const unknown = inventory.layers.l4.state === 'unknown' ? inventory.layers.l4.reason : undefined;
  const skipsOutbound = skipsOutboundOf(table);

  /** Sources whose connection to `dst` on `port` goes proxy to proxy (§4). */
  function proxiedSources(to: number, port: number, protocol: Protocol): WorkloadSet {
    const dst = table.at(to);
    if (protocol !== 'TCP' || !dst.meshed || reachedDirectly(dst, port)) return WorkloadSet.empty(n);
    const out = table.meshed.clone();
    for (const s of skipsOutbound.intersect(table.meshed)) if (!isProxiedFlow(table.at(s), dst, port, protocol)) out.delete(s);
    return out;
  }

  function ingressAdmitted(to: number, port: number, protocol: Protocol): WorkloadSet {
    if (!ingressIsolated.has(to)) return table.all.clone();
    const dst = table.at(to);
    const out = WorkloadSet.empty(n);
    for (const r of ingressRules[to]!) if (r.admitsPort(dst, port, protocol)) out.unionWith(r.peers);
    return out;
  }

  /** Sources no NetworkPolicy isolates for egress (fixed once the policies are indexed; copied, never changed). */
  let notEgressIsolated: WorkloadSet | undefined;
  const egressFree = () => (notEgressIsolated ??= egressIsolated.complement()).clone();

  function egressAdmitted(to: number, port: number, protocol: Protocol): WorkloadSet {
    const dst = table.at(to);
    const out = egressFree();
    for (const r of egressByDestination[to]!) if (r.admitsPort(dst, port, protocol)) out.unionWith(ruleSources.get(r)!);
    for (const r of egressToAll) if (r.admitsPort(dst, port, protocol)) out.unionWith(ruleSources.get(r)!);
    return out;
  }

  const host = hostNetworkSet(table);
  /** hostNetwork flows (§2): a rule admitting every peer decides; else a rule for the port leaves it undefined. */
  const everyPeerAdmits = (rules: readonly CompiledRule[], dst: Workload, port: number, protocol: Protocol) =>
    rules.some((r) => admitsEveryPeer(r.rule) && r.admitsPort(dst, port, protocol));
  const somePortRule = (rules: readonly CompiledRule[], dst: Workload, port: number, protocol: Protocol) => rules.some((r) => r.admitsPort(dst, port, protocol));

  interface SideSets {
    /** Sources this side definitely refuses. */
    deny: WorkloadSet;
    /** Sources for which this side is undefined upstream (hostNetwork). */
    unknown: WorkloadSet;
  }

  /** The destination's ingress side for every source; `admitted` as the non-hostNetwork evaluation found it. */
  function ingressSide(to: number, port: number, protocol: Protocol, admitted: WorkloadSet): SideSets {
    const empty = WorkloadSet.empty(n);
    if (!ingressIsolated.has(to)) return { deny: empty, unknown: empty.clone() };
    const dst = table.at(to);
    const rules = ingressRules[to]!;
    // hostNetwork traffic is never proxied: decided on the application port.
    if (dst.hostNetwork) return everyPeerAdmits(rules, dst, port, protocol) ? { deny: empty, unknown: empty.clone() } : { deny: empty, unknown: table.all.clone() };
    const admit = admitted.minus(host);
    const unknown = empty.clone();
    if (!host.isEmpty()) {
      if (everyPeerAdmits(rules, dst, port, protocol)) admit.unionWith(host);
      else if (somePortRule(rules, dst, port, protocol)) unknown.unionWith(host);
    }
    return { deny: table.all.minus(admit).subtract(unknown), unknown };
  }

  /** Every source's egress side towards `to`; `admitted` as the non-hostNetwork evaluation found it. */
  function egressSide(to: number, port: number, protocol: Protocol, admitted: WorkloadSet): SideSets {
    const dst = table.at(to);
    const admit = admitted.clone();
    const unknown = WorkloadSet.empty(n);
    const decideApart = dst.hostNetwork ? egressIsolated : egressIsolated.intersect(host);
    for (const from of decideApart) {
      admit.delete(from);
      const rules = egressRules[from]!;
      if (everyPeerAdmits(rules, dst, port, protocol)) admit.add(from);
      else if (table.at(from).hostNetwork || somePortRule(rules, dst, port, protocol)) unknown.add(from);
    }
    return { deny: table.all.minus(admit).subtract(unknown), unknown };
  }

  // ---------------------------------------------------------------- admin tiers (issue 17)
  const tiers = compileTiers(inventory.adminPolicies ?? [], table, report, tierCache);
  const hasTiers = tiers.admin.length > 0 || tiers.baseline.length > 0;

  /** Per-side possible outcomes, every source (SideClass sets may overlap: overlap = unknown). */
  interface SidePossible {
    allow: WorkloadSet;
    deny: WorkloadSet;
    open: WorkloadSet;
    unknown: WorkloadSet;
    /** Sources for which an admin-tier Deny is a possible outcome of this side. */
    adminDeny: WorkloadSet;
  }
  interface SideClass {
    allow: WorkloadSet;
    deny: WorkloadSet;
    open: WorkloadSet;
    unknown: WorkloadSet;
  }
  const definite = (p: SidePossible): SideClass => {
    const unknown = p.unknown.union(p.allow.intersect(p.deny)).unionWith(p.allow.intersect(p.open)).unionWith(p.deny.intersect(p.open));
    return { allow: p.allow.minus(unknown), deny: p.deny.minus(unknown), open: p.open.minus(unknown), unknown };
  };

  /** Tier outcomes at the CNI port of each source: the application port for `direct`, the proxy's inbound port for `proxied`. */
  function tierAt(groups: readonly CompiledTierPolicy[][], direction: 'ingress' | 'egress', to: number, port: number, protocol: Protocol, proxied: WorkloadSet, entering: WorkloadSet): TierOutcomes {
    const dst = table.at(to);
    const onApp = tierOutcomes(groups, direction, to, dst, port, protocol, entering.minus(proxied));
    if (proxied.isEmpty()) return onApp;
    const onProxy = tierOutcomes(groups, direction, to, dst, dst.proxyInboundPort, protocol, entering.intersect(proxied));
    return { allow: onApp.allow.unionWith(onProxy.allow), deny: onApp.deny.unionWith(onProxy.deny), pass: onApp.pass.unionWith(onProxy.pass), none: onApp.none.unionWith(onProxy.none), tie: onApp.tie.unionWith(onProxy.tie) };
  }

  interface Evaluation {
    classes: L4Classes;
    ingress: SideClass;
    egress: SideClass;
    tiers: { ingress: { admin: TierOutcomes; baseline: TierOutcomes }; egress: { admin: TierOutcomes; baseline: TierOutcomes } };
  }

  /** Every source towards `to`; `proxied` are judged on the proxy's inbound port (§4). */
  function evaluate(to: number, port: number, protocol: Protocol, proxied: WorkloadSet): Evaluation {
    const direct = proxied.complement();
    const proxyPort = table.at(to).proxyInboundPort;
    const admitted = (fn: typeof ingressAdmitted) => {
      const onApp = fn(to, port, protocol).intersectWith(direct);
      return proxied.isEmpty() ? onApp : onApp.unionWith(fn(to, proxyPort, protocol).intersectWith(proxied));
    };
    const all = table.all;
    // Ingress, at the destination: admin tier, then NetworkPolicy if it isolates, else baseline.
    const inAdmin = tierAt(tiers.admin, 'ingress', to, port, protocol, proxied, all);
    const inNext = inAdmin.pass.union(inAdmin.none);
    const inNp = ingressSide(to, port, protocol, admitted(ingressAdmitted));
    const empty = WorkloadSet.empty(n);
    let inBase: TierOutcomes = { allow: empty, deny: empty, pass: empty, none: empty, tie: empty };
    const inP: SidePossible = { allow: inAdmin.allow.clone(), deny: inAdmin.deny.clone(), open: empty.clone(), unknown: empty.clone(), adminDeny: inAdmin.deny };
    if (ingressIsolated.has(to)) {
      inP.allow.unionWith(inNext.minus(inNp.deny).subtract(inNp.unknown));
      inP.deny.unionWith(inNext.intersect(inNp.deny));
      inP.unknown.unionWith(inNext.intersect(inNp.unknown));
    } else {
      inBase = tierAt(tiers.baseline, 'ingress', to, port, protocol, proxied, inNext);
      inP.allow.unionWith(inBase.allow);
      inP.deny.unionWith(inBase.deny);
      inP.open.unionWith(inBase.pass).unionWith(inBase.none);
    }
    // Egress, at every source.
    const egAdmin = tierAt(tiers.admin, 'egress', to, port, protocol, proxied, all);
    const egNext = egAdmin.pass.union(egAdmin.none);
    const egNp = egressSide(to, port, protocol, admitted(egressAdmitted));
    const egP: SidePossible = { allow: egAdmin.allow.clone(), deny: egAdmin.deny.clone(), open: empty.clone(), unknown: empty.clone(), adminDeny: egAdmin.deny };
    const egIso = egNext.intersect(egressIsolated);
    egP.allow.unionWith(egIso.minus(egNp.deny).subtract(egNp.unknown));
    egP.deny.unionWith(egIso.intersect(egNp.deny));
    egP.unknown.unionWith(egIso.intersect(egNp.unknown));
    const egBase = tierAt(tiers.baseline, 'egress', to, port, protocol, proxied, egNext.minus(egressIsolated));
    egP.allow.unionWith(egBase.allow);
    egP.deny.unionWith(egBase.deny);
    egP.open.unionWith(egBase.pass).unionWith(egBase.none);

    const ingress = definite(inP);
    const egress = definite(egP);
    const deny = ingress.deny.union(egress.deny);
    const unknownSources = ingress.unknown.union(egress.unknown).subtract(deny);
    const open = ingress.open.intersect(egress.open);
    const allow = table.all.clone().subtract(open).subtract(deny).subtract(unknownSources);
    const adminDeny = deny.intersect(ingress.deny.intersect(inP.adminDeny).unionWith(egress.deny.intersect(egP.adminDeny)));
    return {
      classes: { allow, deny, open, unknown: unknownSources, proxyPortBlocked: empty.clone(), adminDeny },
      ingress,
      egress,
      tiers: { ingress: { admin: inAdmin, baseline: inBase }, egress: { admin: egAdmin, baseline: egBase } },
    };
  }

  const cache = setCache<L4Classes>('l4-classes', n, 5, undefined, bytesOfSets);

  function classify(to: number, port: number, protocol: Protocol): L4Classes {
    const key = `${to}|${port}|${protocol}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const empty = WorkloadSet.empty(n);
    let result: L4Classes;
    if (unknown !== undefined) {
      result = { allow: empty, deny: empty.clone(), open: empty.clone(), unknown: table.all.clone(), proxyPortBlocked: empty.clone(), adminDeny: empty.clone() };
    } else {
      const proxied = proxiedSources(to, port, protocol);
      result = hasTiers ? evaluate(to, port, protocol, proxied).classes : networkPolicyOnly(to, port, protocol, proxied);
      if (hasTiers && !proxied.isEmpty()) {
        // §4's trap: denied on the proxy port, yet the rules (every tier) admit these clients on the port they name.
        const onApp = evaluate(to, port, protocol, WorkloadSet.empty(n)).classes;
        result.proxyPortBlocked = result.deny.intersect(proxied).intersectWith(onApp.allow.union(onApp.open));
      }
    }
    cache.set(key, result);
    return result;
  }

  /** Without admin-tier policies: NetworkPolicy alone (the same partition `evaluate` gives, without its tier bookkeeping). */
  function networkPolicyOnly(to: number, port: number, protocol: Protocol, proxied: WorkloadSet): L4Classes {
    const empty = WorkloadSet.empty(n);
    const direct = proxied.complement();
    const proxyPort = table.at(to).proxyInboundPort;
    const admitted = (fn: typeof ingressAdmitted, p: number, onProxy: boolean) => {
      const onApp = fn(to, p, protocol).intersectWith(onProxy ? direct : table.all);
      return !onProxy || proxied.isEmpty() ? onApp : onApp.unionWith(fn(to, proxyPort, protocol).intersectWith(proxied));
    };
    const open = ingressIsolated.has(to) ? WorkloadSet.empty(n) : egressFree();
    const ingress = ingressSide(to, port, protocol, admitted(ingressAdmitted, port, true));
    const egress = egressSide(to, port, protocol, admitted(egressAdmitted, port, true));
    const deny = ingress.deny.union(egress.deny);
    const unknownSources = ingress.unknown.union(egress.unknown).subtract(deny);
    const allow = table.all.clone().subtract(open).subtract(deny).subtract(unknownSources);
    // §4's trap: denied on the proxy port, yet the rules admit these clients on the port they name.
    const proxyPortBlocked = proxied.isEmpty() ? empty.clone() : deny.intersect(proxied).intersectWith(ingressAdmitted(to, port, protocol)).intersectWith(egressAdmitted(to, port, protocol));
    return { allow, deny, open, unknown: unknownSources, proxyPortBlocked };
  }

  function ingressSideAt(to: number, port: number, protocol: Protocol): IngressSide {
    const empty = WorkloadSet.empty(n);
    if (unknown !== undefined) return { deny: empty, unknown: table.all.clone(), adminAllow: empty.clone(), adminDeny: empty.clone() };
    const proxied = proxiedSources(to, port, protocol);
    if (hasTiers) {
      const ev = evaluate(to, port, protocol, proxied);
      const admin = ev.tiers.ingress.admin;
      return { deny: ev.ingress.deny.clone(), unknown: ev.ingress.unknown.clone(), adminAllow: ev.ingress.allow.intersect(admin.allow), adminDeny: ev.ingress.deny.intersect(admin.deny) };
    }
    const onApp = ingressAdmitted(to, port, protocol).intersectWith(proxied.complement());
    const admitted = proxied.isEmpty() ? onApp : onApp.unionWith(ingressAdmitted(to, table.at(to).proxyInboundPort, protocol).intersectWith(proxied));
    const s = ingressSide(to, port, protocol, admitted);
    return { deny: s.deny, unknown: s.unknown, adminAllow: empty, adminDeny: empty.clone() };
  }

  function explain(from: number, to: number, port: number, protocol: Protocol): L4Result {
    if (hasTiers && unknown === undefined) return explainWithTiers(from, to, port, protocol);
    return explainNetworkPolicy(from, to, port, protocol);
  }

  /** One flow when admin-tier policies exist: the verdict read off `evaluate` (so it agrees with classify), the reasons per side and tier. */
  function explainWithTiers(from: number, to: number, port: number, protocol: Protocol): L4Result {
    const src = table.at(from);
    const dst = table.at(to);
    const proxied = proxiedSources(to, port, protocol);
    const isProxied = proxied.has(from);
    const l4Port = isProxied ? dst.proxyInboundPort : port;
    const ev = evaluate(to, port, protocol, proxied);
    const c = ev.classes;
    const verdict: L4Result['verdict'] = c.deny.has(from) ? 'deny' : c.unknown.has(from) ? 'unknown' : c.open.has(from) ? 'open' : 'allow';
    const np = explainNetworkPolicy(from, to, port, protocol);
    const npReasons = (side: 'ingress' | 'egress') => np.reasons.filter((r) => r.direction === side);
    const sideReasons = (side: 'ingress' | 'egress'): Reason[] => {
      const t = ev.tiers[side];
      const out: Reason[] = tierReasons(tiers.admin, 'admin', side, from, to, l4Port, protocol, table);
      const admin = t.admin;
      const decidedByAdmin = !admin.none.has(from) && !admin.pass.has(from);
      if (decidedByAdmin && !admin.tie.has(from)) return out;
      const npIsolates = side === 'ingress' ? ingressIsolated.has(to) : egressIsolated.has(from);
      if (npIsolates) return [...out, ...npReasons(side)];
      const base = tierReasons(tiers.baseline, 'baseline', side, from, to, l4Port, protocol, table);
      if (base.length > 0) return [...out, { role: 'not-isolated', direction: side, text: `no NetworkPolicy isolates ${(side === 'ingress' ? dst : src).id} for ${side}: the baseline tier decides` }, ...base];
      return [...out, ...npReasons(side)];
    };
    const reasons = [...sideReasons('egress'), ...sideReasons('ingress'), ...(isProxied ? [proxyPortReason(src, dst, port, l4Port)] : [])];
    return { verdict, l4Port, reasons };
  }

  function explainNetworkPolicy(from: number, to: number, port: number, protocol: Protocol): L4Result {
    const src = table.at(from);
    const dst = table.at(to);
    // The one source's answer of proxiedSources (§4), without building the set for all sources.
    const proxied = isProxiedFlow(src, dst, port, protocol);
    const l4Port = proxied ? dst.proxyInboundPort : port;
    const portReason: Reason[] = proxied ? [proxyPortReason(src, dst, port, l4Port)] : [];
    if (unknown !== undefined) {
      return { verdict: 'unknown', l4Port, reasons: [{ role: 'layer-unknown', text: `NetworkPolicies could not be read: ${unknown}` }] };
    }
    type SideResult = { state: 'pass' | 'admit' | 'deny' | 'unknown'; reasons: Reason[] };
    const side = (name: 'ingress' | 'egress', own: Workload, peer: Workload, peerIndex: number, isolated: boolean, rules: readonly CompiledRule[]): SideResult => {
      if (!isolated) return { state: 'pass', reasons: [notIsolatedReason(name, own)] };
      if (own.hostNetwork || peer.hostNetwork) {
        // §2: never proxied, so l4Port is the application port here.
        const every = rules.filter((r) => admitsEveryPeer(r.rule) && r.admitsPort(dst, l4Port, protocol));
        if (every.length > 0) return { state: 'admit', reasons: every.map((r) => admitReason(r, src, dst, l4Port, protocol)) };
        if (!own.hostNetwork && !somePortRule(rules, dst, l4Port, protocol)) return { state: 'deny', reasons: isolatesReason(name, rules, src, dst, l4Port, protocol) };
        return { state: 'unknown', reasons: [hostNetworkReason(name, own, peer, rules, l4Port, protocol)] };
      }
      const admitting = rules.filter((r) => r.peers.has(peerIndex) && r.admitsPort(dst, l4Port, protocol));
      if (admitting.length > 0) return { state: 'admit', reasons: admitting.map((r) => admitReason(r, src, dst, l4Port, protocol)) };
      return { state: 'deny', reasons: isolatesReason(name, rules, src, dst, l4Port, protocol) };
    };
    const sides = [side('egress', src, dst, to, egressIsolated.has(from), egressRules[from]!), side('ingress', dst, src, from, ingressIsolated.has(to), ingressRules[to]!)];
    const decided = (state: SideResult['state']) => sides.filter((x) => x.state === state).flatMap((x) => x.reasons);
    if (sides.every((x) => x.state === 'pass')) return { verdict: 'open', l4Port, reasons: [...decided('pass'), ...portReason] };
    if (sides.some((x) => x.state === 'deny')) return { verdict: 'deny', l4Port, reasons: [...decided('deny'), ...portReason] };
    if (sides.some((x) => x.state === 'unknown')) return { verdict: 'unknown', l4Port, reasons: [...decided('unknown'), ...sides.filter((x) => x.state !== 'unknown').flatMap((x) => x.reasons), ...portReason] };
    return { verdict: 'allow', l4Port, reasons: [...sides.flatMap((x) => x.reasons), ...portReason] };
  }

  return {
    classify,
    explain,
    ingressIsolated: (to) => ingressIsolated.has(to),
    egressIsolated: (from) => egressIsolated.has(from),
    ingressRulesFor: (to) => ingressRules[to]!,
    adminIngressRulesFor: (to) => tiers.admin.flat().filter((p) => p.subject.has(to)).flatMap((p) => p.ingress),
    egressRulesFor: (from) => egressRules[from]!,
    policiesSelecting: (w) => [
      // Read off the compiled selections on demand (a panel asks for one workload; nothing is kept per workload).
      ...inventory.networkPolicies.filter((policy) => compiled(policy).selected.has(w)).map((policy) => ({ kind: 'NetworkPolicy' as const, policy, ingress: policy.ingressIsolation, egress: policy.egressIsolation })),
      ...[...tiers.admin, ...tiers.baseline].flat().filter((c) => c.subject.has(w)).map((c) => ({ kind: 'tier' as const, policy: c.policy, ingress: c.ingress.length > 0, egress: c.egress.length > 0 })),
    ],
    ingressSideAt,
  };
}
