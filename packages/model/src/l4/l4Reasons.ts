/**
 * The sentences and object references behind an L4 verdict: which rule admitted the flow,
 * which policies isolate a side and admit nothing for it, or that no policy isolates a side.
 */
import type { Protocol, Workload } from '../k8s/types.ts';
import type { Reason } from '../verdict/types.ts';
import { describeRulePorts, type CompiledRule } from './compiledRule.ts';

function policyOf(r: CompiledRule): Pick<Reason, 'kind' | 'namespace' | 'name' | 'file' | 'line'> {
  const ref = r.policy.ref;
  return { kind: 'NetworkPolicy', namespace: r.policy.namespace, name: r.policy.name, ...(ref.file ? { file: ref.file } : {}), ...(ref.line ? { line: ref.line } : {}) };
}

export function admitReason(r: CompiledRule, src: Workload, dst: Workload, l4Port: number, protocol: Protocol): Reason {
  const peer = r.direction === 'ingress' ? src.id : dst.id;
  const whom = r.rule.peers === 'all' ? `every peer (${peer} included)` : peer;
  return {
    role: 'admits',
    ...policyOf(r),
    direction: r.direction,
    rule: r.rule.index,
    text: `${r.direction} rule ${r.rule.index} of ${r.policy.namespace}/${r.policy.name} admits ${whom} on ${l4Port}/${protocol} (rule ports: ${describeRulePorts(r.rule)})`,
  };
}

export function isolatesReason(side: 'ingress' | 'egress', rules: readonly CompiledRule[], src: Workload, dst: Workload, l4Port: number, protocol: Protocol): Reason[] {
  const isolated = side === 'ingress' ? dst : src;
  const peer = side === 'ingress' ? `from ${src.id}` : `to ${dst.id}`;
  const policies = [...new Map(rules.map((r) => [`${r.policy.namespace}/${r.policy.name}`, r])).values()];
  if (policies.length === 0) {
    return [
      {
        role: 'isolates',
        direction: side,
        text: `${isolated.id} is isolated for ${side} by a policy with no ${side} rules: nothing ${peer} on ${l4Port}/${protocol} is admitted`,
      },
    ];
  }
  return policies.map((r) => ({
    role: 'isolates' as const,
    ...policyOf(r),
    direction: side,
    text: `${r.policy.namespace}/${r.policy.name} isolates ${isolated.id} for ${side}; none of its rules admits ${peer} on ${l4Port}/${protocol}`,
  }));
}

export function notIsolatedReason(side: 'ingress' | 'egress', w: Workload): Reason {
  return { role: 'not-isolated', direction: side, text: `no NetworkPolicy isolates ${w.id} for ${side}` };
}

export function proxyPortReason(src: Workload, dst: Workload, port: number, l4Port: number): Reason {
  return {
    role: 'proxy-port',
    text: `${src.id} and ${dst.id} are both meshed: the connection reaches the CNI on ${l4Port} (the Linkerd proxy's inbound port), not ${port}, so NetworkPolicy is evaluated on ${l4Port}`,
  };
}

/**
 * Why a side involving a hostNetwork pod is `unknown` (SEMANTICS §2): upstream leaves
 * NetworkPolicy undefined for hostNetwork pods (kubernetes NetworkPolicy concept page: "hostNetwork
 * pods are ignored by podSelectors in the most common case").
 */
export function hostNetworkReason(side: 'ingress' | 'egress', own: Workload, peer: Workload, rules: readonly CompiledRule[], l4Port: number, protocol: Protocol): Reason {
  const first = rules[0];
  const policies = [...new Set(rules.map((r) => `${r.policy.namespace}/${r.policy.name}`))];
  const named = policies.length > 0 ? ` (${policies.join(', ')})` : '';
  const text = own.hostNetwork
    ? `${own.id} uses the host network (hostNetwork: true) and is selected for ${side} isolation${named}: whether NetworkPolicy applies to a hostNetwork pod is undefined upstream (most CNIs ignore them), and no ${side} rule admits every peer on ${l4Port}/${protocol}`
    : `${peer.id} uses the host network (hostNetwork: true): its traffic carries the node's IP, which pod and namespace selectors do not match in the most common case (undefined upstream); ${own.id} is isolated for ${side}${named} and no rule admits every peer on ${l4Port}/${protocol}`;
  return { role: 'layer-unknown', direction: side, ...(first ? policyOf(first) : {}), text };
}
