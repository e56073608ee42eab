/**
 * A NetworkPolicy rule compiled for evaluation: its peers resolved to a WorkloadSet once,
 * its ports as a predicate on (destination, port, protocol). Named ports are resolved against
 * the destination workload (SEMANTICS.md §3.8), for ingress and egress alike.
 */
import type { NetworkPolicy, NetworkPolicyRule, Protocol, Workload } from '../k8s/types.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { peerSources } from './peerSources.ts';

export interface CompiledRule {
  policy: NetworkPolicy;
  direction: 'ingress' | 'egress';
  rule: NetworkPolicyRule;
  /** Workloads the peers match: sources for ingress, destinations for egress. All for a rule without peers. */
  peers: WorkloadSet;
  /** True when the rule lists ports (false: every port). */
  restrictsPorts: boolean;
  admitsPort(to: Workload, port: number, protocol: Protocol): boolean;
}

export function ruleAdmitsPort(rule: NetworkPolicyRule, to: Workload, port: number, protocol: Protocol): boolean {
  if (rule.ports === 'all') return true;
  return rule.ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (!p.port) return true;
    if (p.port.kind === 'number') return p.endPort !== undefined ? port >= p.port.number && port <= p.endPort : port === p.port.number;
    const name = p.port.name;
    // Init containers' ports are in `ports`; the proxy's own (linkerd-proxy, linkerd-admin) in `proxyPorts`.
    const matches = (c: { name?: string; port: number; protocol: Protocol }) => c.name === name && c.port === port && c.protocol === protocol;
    return to.ports.some(matches) || to.proxyPorts.some(matches);
  });
}

export function compileRule(policy: NetworkPolicy, direction: 'ingress' | 'egress', rule: NetworkPolicyRule, table: WorkloadTable): CompiledRule {
  const peers =
    rule.peers === 'all'
      ? table.all.clone()
      : rule.peers.reduce((acc, peer) => acc.unionWith(peerSources(peer, policy, table)), WorkloadSet.empty(table.size));
  return {
    policy,
    direction,
    rule,
    peers,
    restrictsPorts: rule.ports !== 'all',
    admitsPort: (to, port, protocol) => ruleAdmitsPort(rule, to, port, protocol),
  };
}

/**
 * True when the rule admits every peer, wherever it comes from: no `from`/`to`, or an ipBlock
 * 0.0.0.0/0 or ::/0 without except. The one case where a hostNetwork pod's flow is decided
 * despite upstream leaving hostNetwork pods undefined (SEMANTICS §2).
 */
export function admitsEveryPeer(rule: NetworkPolicyRule): boolean {
  return rule.peers === 'all' || rule.peers.some((p) => p.kind === 'ipBlock' && p.block.cidr.prefix === 0 && p.block.except.length === 0);
}

/** `5432/TCP`, `8000-8080/TCP`, `http/TCP`, `all UDP ports`, `all ports` */
export function describeRulePorts(rule: NetworkPolicyRule): string {
  if (rule.ports === 'all') return 'all ports';
  return rule.ports
    .map((p) => {
      if (!p.port) return `all ${p.protocol} ports`;
      if (p.port.kind === 'name') return `${p.port.name}/${p.protocol}`;
      return `${p.port.number}${p.endPort !== undefined ? '-' + p.endPort : ''}/${p.protocol}`;
    })
    .join(', ');
}
