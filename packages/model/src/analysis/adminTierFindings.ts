/**
 * Findings about admin-tier policy (issue 17) where it meets Linkerd (SEMANTICS §4, §7):
 * - `meshed-port-rule-ineffective`: an admin-tier Allow/Accept rule for an application port of a
 *   meshed pod — its meshed clients reach the CNI on the proxy's inbound port, so the rule does
 *   not let them in (the evaluator's `proxyPortBlocked`, which covers every tier);
 * - `admin-deny-makes-l7-dead`: an admin-tier Deny blocks a client a Linkerd authorization
 *   explicitly authorizes (the authorization never sees the connection).
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { L4RuleView } from '../l4/buildL4Evaluator.ts';
import type { L7Evaluator } from '../l7/types.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { declaredPorts } from '../graph/buildGraph.ts';
import { reachedDirectly } from '../verdict/cniPort.ts';
import { tierPolicyLabel, tierRuleLabel } from '../l4/adminTiers.ts';
import { listIds } from './proxyPortFindings.ts';

export function adminTierFindings(table: WorkloadTable, l4: L4RuleView, l7: L7Evaluator | undefined, sink: DiagnosticSink, to: number): void {
  const rules = l4.adminIngressRulesFor(to);
  const dst = table.at(to);
  if (rules.length === 0 || !dst.meshed) return;
  const appPorts = declaredPorts(dst).filter((p) => p.protocol === 'TCP' && !reachedDirectly(dst, p.port) && p.port !== dst.proxyInboundPort);
  const portKey = (kind: string) => (kind === 'ClusterNetworkPolicy' ? 'protocols' : 'ports');

  for (const r of rules) {
    if (r.rule.action !== 'allow' || r.rule.ports === 'all') continue;
    const blocked = WorkloadSet.empty(table.size);
    const ports: number[] = [];
    for (const p of appPorts) {
      if (!r.matchesPort(dst, p.port, 'TCP')) continue;
      const b = l4.classify(to, p.port, 'TCP').proxyPortBlocked.intersect(r.peers);
      if (!b.isEmpty()) {
        blocked.unionWith(b);
        ports.push(p.port);
      }
    }
    if (blocked.isEmpty()) continue;
    sink.report({
      code: 'meshed-port-rule-ineffective',
      severity: 'error',
      object: r.policy.ref,
      path: `spec.ingress[${r.rule.index}].${portKey(r.policy.kind)}`,
      workloads: [dst.id, ...table.ids(blocked)],
      port: `${ports[0]}/TCP`,
      message: `${tierRuleLabel(r)} admits ${listIds(table, blocked)} to ${dst.id} on ${ports.join(', ')}, but they are meshed: their connections reach the CNI on ${dst.proxyInboundPort} (the proxy's inbound port), where they are refused — so this rule does not let in the meshed clients it names. Admit ${dst.proxyInboundPort}/TCP for them (and rely on Linkerd policy for the application port).`,
    });
  }

  if (!l7) return;
  const reported = new Set<string>();
  for (const p of appPorts) {
    const c4 = l4.classify(to, p.port, 'TCP');
    if (!c4.adminDeny || c4.adminDeny.isEmpty()) continue;
    const granted = l7.classify(to, p.port, 'TCP');
    const dead = granted.allow.union(granted.partial).intersectWith(c4.adminDeny);
    dead.delete(to);
    if (dead.isEmpty()) continue;
    const first = [...dead][0]!;
    const why = l4.explain(first, to, p.port, 'TCP').reasons.find((x) => x.role === 'isolates' && x.kind && x.kind !== 'NetworkPolicy');
    const policy = rules.find((r) => r.policy.name === why?.name)?.policy ?? rules.find((r) => r.rule.action === 'deny')?.policy;
    const key = `${policy?.name}|${p.port}`;
    if (reported.has(key)) continue;
    reported.add(key);
    sink.report({
      code: 'admin-deny-makes-l7-dead',
      severity: 'warning',
      ...(policy ? { object: policy.ref } : { object: dst.ref }),
      workloads: [dst.id, ...table.ids(dead)],
      port: `${p.port}/TCP`,
      message: `Linkerd explicitly authorizes ${listIds(table, dead)} on ${dst.id}:${p.port}, but ${policy ? tierPolicyLabel(policy) : 'an admin-tier policy'} denies ${dead.count() > 1 ? 'them' : 'it'} at L4${why ? ` (${why.text})` : ''}: the authorization never sees a connection, and no NetworkPolicy or Linkerd object can reopen it.`,
    });
  }
}
