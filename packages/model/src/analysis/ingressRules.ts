/**
 * A rule-level view of L4 ingress for the cross-layer findings: for a destination, every
 * ingress rule of every NetworkPolicy that selects it, with the sources it admits (as a
 * WorkloadSet) and a test for the ports it admits. The L4 evaluator decides verdicts; this
 * view only lets findings ask "which rule names whom on which port".
 */
import type { Inventory, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyRule, Protocol, Workload } from '../k8s/types.ts';
import { networkContains } from '../net/cidr.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';

export interface IngressRuleView {
  policy: NetworkPolicy;
  rule: NetworkPolicyRule;
  /** Workloads the rule's peers admit (all workloads for a rule without `from`). */
  sources: WorkloadSet;
  /** Whether the rule admits `port`/`protocol` on destination `to`. */
  admitsPort(to: Workload, port: number, protocol: Protocol): boolean;
  /** True when the rule lists ports (false: every port). */
  restrictsPorts: boolean;
}

function peerSources(peer: NetworkPolicyPeer, policy: NetworkPolicy, table: WorkloadTable): WorkloadSet {
  if (peer.kind === 'ipBlock') {
    const out = WorkloadSet.empty(table.size);
    table.workloads.forEach((w, i) => {
      if (w.ips.length > 0 && w.ips.every((ip) => networkContains(peer.block, ip))) out.add(i);
    });
    return out;
  }
  const namespaces = peer.namespaceSelector ? table.namespacesMatching(peer.namespaceSelector) : [policy.namespace];
  const out = WorkloadSet.empty(table.size);
  for (const ns of namespaces) out.unionWith(peer.podSelector ? table.matchingIn(ns, peer.podSelector) : table.inNamespace(ns));
  return out;
}

export function ruleAdmitsPort(rule: NetworkPolicyRule, to: Workload, port: number, protocol: Protocol): boolean {
  if (rule.ports === 'all') return true;
  return rule.ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (!p.port) return true;
    if (p.port.kind === 'number') return p.endPort !== undefined ? port >= p.port.number && port <= p.endPort : port === p.port.number;
    const name = p.port.name;
    return to.ports.some((c) => c.name === name && c.port === port && c.protocol === protocol);
  });
}

/** Index of ingress rules by destination. */
export function ingressRuleIndex(inventory: Inventory, table: WorkloadTable): (to: number) => IngressRuleView[] {
  const byDestination = new Map<number, IngressRuleView[]>();
  for (const policy of inventory.networkPolicies) {
    if (!policy.ingressIsolation) continue;
    const selected = table.matchingIn(policy.namespace, policy.podSelector);
    if (selected.isEmpty()) continue;
    for (const rule of policy.ingress) {
      const sources =
        rule.peers === 'all'
          ? table.all.clone()
          : rule.peers.reduce((acc, peer) => acc.unionWith(peerSources(peer, policy, table)), WorkloadSet.empty(table.size));
      const view: IngressRuleView = {
        policy,
        rule,
        sources,
        restrictsPorts: rule.ports !== 'all',
        admitsPort: (to, port, protocol) => ruleAdmitsPort(rule, to, port, protocol),
      };
      for (const to of selected) {
        let list = byDestination.get(to);
        if (!list) byDestination.set(to, (list = []));
        list.push(view);
      }
    }
  }
  return (to) => byDestination.get(to) ?? [];
}
