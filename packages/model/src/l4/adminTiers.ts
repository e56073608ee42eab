/**
 * Cluster-scoped tiered policy (issue 17): kubernetes-sigs/network-policy-api
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy
 * (v1alpha2), normalised to one model. The parsers (k8s/parseAdminPolicies.ts) produce
 * `TieredPolicy`; this module compiles them against a WorkloadTable and evaluates them with
 * bitsets, per (destination, port, protocol) for every source at once.
 *
 * Order (apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicySpec.Tier; v1alpha1
 * AdminNetworkPolicySpec.Priority and the rule action comments), per direction:
 *   1. the Admin tier, by ascending priority, rules in written order: the first matching rule
 *      decides — Allow/Accept admits (no NetworkPolicy can deny it), Deny refuses (no
 *      NetworkPolicy can reopen it), Pass skips the rest of the tier;
 *   2. NetworkPolicy, when one isolates the pod in that direction ("v1.NetworkPolicy always
 *      makes a final decision for selected pods");
 *   3. the Baseline tier, same rules (Pass, v1alpha2 only, falls through);
 *   4. otherwise allowed.
 * Two policies of one tier with the same priority have an undefined order upstream
 * ("the implementation can apply any of the matching policies"): where their first matches
 * disagree, the flow is unknown. Every source keeps the SET of outcomes it could have, so a
 * peer that may or may not match (networks/nodes/domainNames on pods whose IPs manifests do not
 * carry) makes a flow unknown only when the outcome depends on it.
 */
import type { ObjectRef } from '../diagnostics.ts';
import type { Protocol, Workload } from '../k8s/types.ts';
import { cidrContains, cidrCovers, parseCidr, type Cidr } from '../net/cidr.ts';
import { formatSelector, isMatchAll, type LabelSelector } from '../selectors/labelSelector.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';

// ---------------------------------------------------------------- model

export type TierName = 'admin' | 'baseline';
export type TierAction = 'allow' | 'deny' | 'pass';
export type AdminPolicyKind = 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';

/** Pods in the namespaces the namespace selector matches; all of them when `podSelector` is undefined (a `namespaces` subject/peer). */
export interface TierPodSelection {
  namespaceSelector: LabelSelector;
  podSelector?: LabelSelector;
}

export type TierPeer =
  | ({ kind: 'pods' } & TierPodSelection)
  /** Node IPs of the nodes the selector matches (only hostNetwork pods carry them). */
  | { kind: 'nodes'; selector: LabelSelector }
  /** CIDRs; cluster-internal traffic is matched too (v1alpha1/v1alpha2 Networks field comment). */
  | { kind: 'networks'; cidrs: Cidr[] }
  | { kind: 'domainNames'; names: string[] };

export type TierPort =
  /** Inclusive range; a single port has from === to. */
  | { kind: 'range'; protocol: Protocol; from: number; to: number }
  /** A container port name of the destination; any protocol the destination declares it with. */
  | { kind: 'name'; name: string };

export interface TierRule {
  /** Index in spec.ingress / spec.egress. */
  index: number;
  name?: string;
  action: TierAction;
  /** The action as written (Allow/Accept/Deny/Pass), for reasons. */
  actionText: string;
  peers: TierPeer[];
  /** `all`: no ports/protocols field (the rule does not filter by port). */
  ports: TierPort[] | 'all';
}

export interface TieredPolicy {
  kind: AdminPolicyKind;
  tier: TierName;
  /** 0–1000; a v1alpha1 BaselineAdminNetworkPolicy (a singleton) has 0. */
  priority: number;
  name: string;
  subject: TierPodSelection;
  ingress: TierRule[];
  egress: TierRule[];
  ref: ObjectRef;
}

// ---------------------------------------------------------------- networks (also for the External peer)

const FULL_V4 = 0n;

/**
 * How a rule's `networks` CIDRs cover one CIDR (a pod IP as /32 or /128, or an External peer's
 * block): 'all' when one CIDR of the rule contains it, 'some' when it overlaps some rule CIDR
 * without being contained, 'none' otherwise. Pure; for the wt-outside External workload too.
 */
export function adminNetworksMatch(rulePeerCidrs: readonly Cidr[], cidr: Cidr): 'all' | 'some' | 'none' {
  if (rulePeerCidrs.some((c) => cidrCovers(c, cidr))) return 'all';
  if (rulePeerCidrs.some((c) => cidrCovers(cidr, c))) return 'some';
  return 'none';
}

/** The block of an External workload (`external:<CIDR>`), or undefined for every other workload. */
export function externalCidr(w: Pick<Workload, 'kind' | 'id'>): Cidr | undefined {
  if (w.kind !== 'External' || !w.id.startsWith('external:')) return undefined;
  return parseCidr(w.id.slice('external:'.length));
}

function coversFamily(cidrs: readonly Cidr[], family: 4 | 6): boolean {
  return cidrs.some((c) => c.family === family && c.prefix === 0 && c.base === FULL_V4);
}

/** Names that could resolve to in-cluster endpoints (npep-133 "Expected Behavior": pod and Service DNS records may be selected). */
function mayNameClusterEndpoints(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  return n.endsWith('.local') || n === '*.local' || n.includes('.svc.') || n.includes('.pod.') || n.endsWith('.svc');
}

// ---------------------------------------------------------------- compiled

export interface CompiledTierRule {
  policy: TieredPolicy;
  direction: 'ingress' | 'egress';
  rule: TierRule;
  /** Workloads the peers certainly match (sources for ingress, destinations for egress). */
  peers: WorkloadSet;
  /** Workloads the peers may match: IP-based peers on workloads whose IPs are not known. */
  maybe: WorkloadSet;
  matchesPort(to: Workload, port: number, protocol: Protocol): boolean;
}

export interface CompiledTierPolicy {
  policy: TieredPolicy;
  /** Pods the subject selects; never hostNetwork pods (spec: "host-networked pods are not included in subject selection"). */
  subject: WorkloadSet;
  ingress: CompiledTierRule[];
  egress: CompiledTierRule[];
}

/** Pods a selection matches: never hostNetwork pods, never peers outside the cluster. */
function podSelection(sel: TierPodSelection, table: WorkloadTable, host: WorkloadSet): WorkloadSet {
  const out = WorkloadSet.empty(table.size);
  for (const ns of table.namespacesMatching(sel.namespaceSelector)) out.unionWith(sel.podSelector ? table.matchingIn(ns, sel.podSelector) : table.inNamespace(ns));
  out.subtract(host);
  table.workloads.forEach((w, i) => {
    if (w.kind === 'External' && out.has(i)) out.delete(i);
  });
  return out;
}

function tierPortMatches(ports: TierRule['ports'], to: Workload, port: number, protocol: Protocol): boolean {
  if (ports === 'all') return true;
  return ports.some((p) => {
    if (p.kind === 'range') return p.protocol === protocol && port >= p.from && port <= p.to;
    const m = (c: { name?: string; port: number; protocol: Protocol }) => c.name === p.name && c.port === port && c.protocol === protocol;
    return to.ports.some(m) || to.proxyPorts.some(m);
  });
}

function compileTierRule(policy: TieredPolicy, direction: 'ingress' | 'egress', rule: TierRule, table: WorkloadTable, host: WorkloadSet): CompiledTierRule {
  const peers = WorkloadSet.empty(table.size);
  const maybe = WorkloadSet.empty(table.size);
  for (const peer of rule.peers) {
    if (peer.kind === 'pods') peers.unionWith(podSelection(peer, table, host));
    else if (peer.kind === 'nodes') {
      // Node IPs: carried by hostNetwork pods only. Which node a pod runs on is not in the input,
      // so only a selector matching every node is certain.
      if (isMatchAll(peer.selector)) peers.unionWith(host);
      else maybe.unionWith(host);
    } else if (peer.kind === 'networks') {
      const bothFamilies = coversFamily(peer.cidrs, 4) && coversFamily(peer.cidrs, 6);
      table.workloads.forEach((w, i) => {
        // A peer outside the cluster (kind External, id `external:<CIDR>`, built elsewhere): judged by its block alone.
        const outside = externalCidr(w);
        if (outside) {
          const m = adminNetworksMatch(peer.cidrs, outside);
          if (m === 'all') peers.add(i);
          else if (m === 'some') maybe.add(i);
          return;
        }
        if (bothFamilies) return peers.add(i);
        // A hostNetwork pod's address is its node's, not in the input.
        if (w.hostNetwork || w.ips.length === 0) {
          const families = new Set(w.ips.map((ip) => ip.family));
          if (families.size > 0 && [...families].every((f) => coversFamily(peer.cidrs, f))) return peers.add(i);
          return maybe.add(i);
        }
        const inside = w.ips.filter((ip) => peer.cidrs.some((c) => cidrContains(c, ip))).length;
        if (inside === w.ips.length) peers.add(i);
        else if (inside > 0) maybe.add(i);
      });
    } else if (peer.names.some(mayNameClusterEndpoints)) maybe.unionWith(table.all.minus(host));
  }
  maybe.subtract(peers);
  return { policy, direction, rule, peers, maybe, matchesPort: (to, port, protocol) => tierPortMatches(rule.ports, to, port, protocol) };
}

const hostSets = new WeakMap<WorkloadTable, WorkloadSet>();
function hostOf(table: WorkloadTable): WorkloadSet {
  let s = hostSets.get(table);
  if (!s) hostSets.set(table, (s = WorkloadSet.of(table.size, table.workloads.flatMap((w, i) => (w.hostNetwork ? [i] : [])))));
  return s;
}

export function compileTierPolicy(policy: TieredPolicy, table: WorkloadTable): CompiledTierPolicy {
  const host = hostOf(table);
  return {
    policy,
    subject: podSelection(policy.subject, table, host),
    ingress: policy.ingress.map((r) => compileTierRule(policy, 'ingress', r, table, host)),
    egress: policy.egress.map((r) => compileTierRule(policy, 'egress', r, table, host)),
  };
}

// ---------------------------------------------------------------- evaluation

/**
 * For every source, which outcomes of a tier are possible: `allow`/`deny`/`pass` decided by a
 * rule, `none` = no rule matched (evaluation continues). A source in exactly one set is decided.
 */
export interface TierOutcomes {
  allow: WorkloadSet;
  deny: WorkloadSet;
  pass: WorkloadSet;
  none: WorkloadSet;
  /** Sources for which two same-priority policies gave different outcomes (for reasons). */
  tie: WorkloadSet;
}

function emptyOutcomes(n: number, none: WorkloadSet): TierOutcomes {
  return { allow: WorkloadSet.empty(n), deny: WorkloadSet.empty(n), pass: WorkloadSet.empty(n), none, tie: WorkloadSet.empty(n) };
}

/** Policies of one tier in evaluation order, grouped by priority (a group of several has no defined order). */
export function priorityGroups(policies: readonly CompiledTierPolicy[]): CompiledTierPolicy[][] {
  const sorted = [...policies].sort((a, b) => a.policy.priority - b.policy.priority || a.policy.name.localeCompare(b.policy.name));
  const groups: CompiledTierPolicy[][] = [];
  for (const p of sorted) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.policy.priority === p.policy.priority) last.push(p);
    else groups.push([p]);
  }
  return groups;
}

/**
 * One policy's possible first-match outcomes, for every source, towards destination `to`.
 * Ingress: the policy applies when its subject holds `to`; rules match sources. Egress: it
 * applies to the sources its subject holds; rules match `to`, so every such source shares one
 * outcome set.
 */
function policyOutcomes(p: CompiledTierPolicy, direction: 'ingress' | 'egress', to: number, dst: Workload, port: number, protocol: Protocol, all: WorkloadSet): TierOutcomes {
  const n = all.size;
  const rules = direction === 'ingress' ? p.ingress : p.egress;
  if (direction === 'ingress') {
    if (!p.subject.has(to)) return emptyOutcomes(n, all.clone());
    const out = emptyOutcomes(n, WorkloadSet.empty(n));
    const remaining = all.clone();
    for (const r of rules) {
      if (!r.matchesPort(dst, port, protocol)) continue;
      out[r.rule.action].unionWith(r.peers.intersect(remaining)).unionWith(r.maybe.intersect(remaining));
      remaining.subtract(r.peers);
    }
    out.none.unionWith(remaining);
    return out;
  }
  const out = emptyOutcomes(n, p.subject.complement());
  const possible = new Set<TierAction | 'none'>();
  let stopped = false;
  for (const r of rules) {
    if (!r.matchesPort(dst, port, protocol)) continue;
    if (r.peers.has(to)) {
      possible.add(r.rule.action);
      stopped = true;
      break;
    }
    if (r.maybe.has(to)) possible.add(r.rule.action);
  }
  if (!stopped) possible.add('none');
  for (const a of possible) out[a].unionWith(p.subject);
  return out;
}

/** A group of same-priority policies: any order may apply, so every non-`none` outcome of any of them is possible; `none` only when all may match nothing. */
function groupOutcomes(group: readonly CompiledTierPolicy[], direction: 'ingress' | 'egress', to: number, dst: Workload, port: number, protocol: Protocol, all: WorkloadSet): TierOutcomes {
  if (group.length === 1) return policyOutcomes(group[0]!, direction, to, dst, port, protocol, all);
  const n = all.size;
  const out = emptyOutcomes(n, all.clone());
  const decidedBy: WorkloadSet[] = [];
  for (const p of group) {
    const o = policyOutcomes(p, direction, to, dst, port, protocol, all);
    out.allow.unionWith(o.allow);
    out.deny.unionWith(o.deny);
    out.pass.unionWith(o.pass);
    out.none.intersectWith(o.none);
    decidedBy.push(...(['allow', 'deny', 'pass'] as const).map((a) => o[a]));
  }
  // A tie: two different policies may decide differently.
  const seen = WorkloadSet.empty(n);
  for (let i = 0; i < group.length; i++) {
    const [a, d, s] = decidedBy.slice(i * 3, i * 3 + 3) as [WorkloadSet, WorkloadSet, WorkloadSet];
    for (let j = i + 1; j < group.length; j++) {
      const [a2, d2, s2] = decidedBy.slice(j * 3, j * 3 + 3) as [WorkloadSet, WorkloadSet, WorkloadSet];
      seen.unionWith(a.intersect(d2.union(s2))).unionWith(d.intersect(a2.union(s2))).unionWith(s.intersect(a2.union(d2)));
    }
  }
  out.tie = seen;
  return out;
}

/**
 * A tier's possible outcomes for the sources in `entering` (the others are in no set): groups in
 * priority order, each deciding what the groups before may have left undecided.
 */
export function tierOutcomes(groups: readonly CompiledTierPolicy[][], direction: 'ingress' | 'egress', to: number, dst: Workload, port: number, protocol: Protocol, entering: WorkloadSet): TierOutcomes {
  const n = entering.size;
  const all = WorkloadSet.full(n);
  const out = emptyOutcomes(n, entering.clone());
  for (const g of groups) {
    if (out.none.isEmpty()) break;
    const o = groupOutcomes(g, direction, to, dst, port, protocol, all);
    out.allow.unionWith(o.allow.intersect(out.none));
    out.deny.unionWith(o.deny.intersect(out.none));
    out.pass.unionWith(o.pass.intersect(out.none));
    out.tie.unionWith(o.tie.intersect(out.none));
    out.none.intersectWith(o.none);
  }
  return out;
}

// ---------------------------------------------------------------- reasons

export function describeTierPorts(rule: TierRule): string {
  if (rule.ports === 'all') return 'all ports';
  return rule.ports.map((p) => (p.kind === 'name' ? `named port ${p.name}` : p.from === p.to ? `${p.from}/${p.protocol}` : `${p.from}-${p.to}/${p.protocol}`)).join(', ');
}

export function describeTierPeer(peer: TierPeer): string {
  if (peer.kind === 'pods') return peer.podSelector ? `pods ${formatSelector(peer.podSelector)} in namespaces ${formatSelector(peer.namespaceSelector)}` : `namespaces ${formatSelector(peer.namespaceSelector)}`;
  if (peer.kind === 'nodes') return `nodes ${formatSelector(peer.selector)}`;
  if (peer.kind === 'networks') return `networks ${peer.cidrs.map((c) => c.text).join(', ')}`;
  return `domain names ${peer.names.join(', ')}`;
}

/** "AdminNetworkPolicy deny-all (priority 10, file:line)". */
export function tierPolicyLabel(p: TieredPolicy): string {
  const at = p.ref.file ? `, ${p.ref.file}${p.ref.line ? `:${p.ref.line}` : ''}` : '';
  const tier = p.kind === 'ClusterNetworkPolicy' ? ` ${p.tier === 'admin' ? 'Admin' : 'Baseline'} tier` : '';
  return `${p.kind}${tier} ${p.name} (priority ${p.priority}${at})`;
}

export function tierRuleLabel(r: CompiledTierRule): string {
  return `${tierPolicyLabel(r.policy)} ${r.direction} rule ${r.rule.index}${r.rule.name ? ` "${r.rule.name}"` : ''}: ${r.rule.actionText}`;
}
