/**
 * `proxy-admin-port-blocked` (SEMANTICS.md §7): the ingress side of a meshed pod refuses the
 * proxy's admin port (4191: metrics scraping, `linkerd diagnostics`, the proxy's own probes).
 * Every tier that decides the port is considered, in the order the CNI applies them
 * (network-policy-api apis/v1alpha1 and v1alpha2: admin tier, then NetworkPolicy where one
 * isolates the pod, else the baseline tier):
 * - an admin-tier Deny refuses it: reported against that policy (no NetworkPolicy can reopen it);
 * - an admin-tier Allow/Accept admits it: NetworkPolicy never sees those sources;
 * - NetworkPolicy isolates the pod: reported unless a rule admits the port from every peer, or
 *   the admin tier already admits it for every workload (admin-tier ingress peers can only be
 *   pods and namespaces, so this is the widest an admin rule can say);
 * - no NetworkPolicy isolates it and a baseline-tier Deny refuses it: reported against that policy.
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { L4RuleView } from '../l4/buildL4Evaluator.ts';
import { admitsEveryPeer } from '../l4/compiledRule.ts';
import { tierRuleLabel } from '../l4/adminTiers.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { listIds } from './proxyPortFindings.ts';

export function adminPortFindings(table: WorkloadTable, l4: L4RuleView, sink: DiagnosticSink, to: number): void {
  const dst = table.at(to);
  if (!dst.meshed) return;
  const port = dst.proxyAdminPort;
  const side = l4.ingressSideAt(to, port, 'TCP');
  const others = table.all.clone();
  others.delete(to);
  const at = `${port}/TCP`;

  // Admin tier, Deny: the first deny rule that matches the port, against its policy.
  const adminDenied = side.adminDeny.intersect(others);
  if (!adminDenied.isEmpty()) {
    const denyRule = l4.adminIngressRulesFor(to).find((r) => r.rule.action === 'deny' && r.matchesPort(dst, port, 'TCP') && !r.peers.intersect(adminDenied).isEmpty());
    sink.report({
      code: 'proxy-admin-port-blocked',
      severity: 'warning',
      object: denyRule ? denyRule.policy.ref : dst.ref,
      ...(denyRule ? { path: `spec.ingress[${denyRule.rule.index}]` } : {}),
      workloads: [dst.id, ...table.ids(adminDenied)],
      port: at,
      message: `${denyRule ? tierRuleLabel(denyRule) : 'an admin-tier Deny rule'} refuses the proxy's admin port ${port} of meshed ${dst.id} to ${listIds(table, adminDenied)}: metrics scraping and probes from those sources fail, and no NetworkPolicy can reopen it.`,
    });
  }

  if (l4.ingressIsolated(to)) {
    const rules = l4.ingressRulesFor(to);
    const fromEverywhere = rules.some((r) => admitsEveryPeer(r.rule) && r.admitsPort(dst, port, 'TCP'));
    const adminAdmitsAll = !others.isEmpty() && side.adminAllow.intersect(others).count() === others.count();
    if (fromEverywhere || adminAdmitsAll) return;
    const admitted = others.minus(side.deny).subtract(side.unknown);
    const byAdmin = side.adminAllow.intersect(others);
    const policies = [...new Set(rules.map((r) => `${r.policy.namespace}/${r.policy.name}`))];
    sink.report({
      code: 'proxy-admin-port-blocked',
      severity: 'warning',
      object: dst.ref,
      workloads: [dst.id],
      port: at,
      message: `${dst.id} is meshed and isolated for ingress${policies.length ? ` (NetworkPolicy ${policies.join(', ')})` : ' by a NetworkPolicy with no ingress rules'}, but no rule admits the proxy's admin port ${port} from everywhere${admitted.isEmpty() ? '' : ` (only from ${listIds(table, admitted)}${byAdmin.isEmpty() ? '' : `; ${byAdmin.count() === admitted.count() ? 'all of them' : listIds(table, byAdmin)} through the admin tier`})`}: the kubelet's probes of the proxy (/live and /ready on that port) and metrics scraping will fail.`,
    });
    return;
  }

  // No NetworkPolicy isolates the pod: the baseline tier decides what the admin tier passed on.
  const baselineDenied = side.deny.intersect(others).minus(adminDenied);
  if (baselineDenied.isEmpty()) return;
  const first = [...baselineDenied][0]!;
  const why = l4.explain(first, to, port, 'TCP').reasons.find((r) => r.role === 'isolates' && r.direction === 'ingress' && r.kind !== undefined && r.kind !== 'NetworkPolicy');
  sink.report({
    code: 'proxy-admin-port-blocked',
    severity: 'warning',
    object: dst.ref,
    workloads: [dst.id, ...table.ids(baselineDenied)],
    port: at,
    message: `no NetworkPolicy isolates meshed ${dst.id}, and the baseline tier refuses the proxy's admin port ${port} to ${listIds(table, baselineDenied)}${why ? ` (${why.text})` : ''}: metrics scraping and probes from those sources fail. A NetworkPolicy admitting ${port} would take precedence over the baseline tier.`,
  });
}
