/**
 * Rules that one layer makes dead (SEMANTICS.md §7): an L4 rule admitting sources that L7
 * denies on every port of the destination, and an L7 authorization naming clients that L4
 * blocks on every port.
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { L4Evaluator } from '../l4/types.ts';
import type { L7Evaluator } from '../l7/types.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { declaredPorts } from '../graph/buildGraph.ts';
import type { CompiledRule } from '../l4/compiledRule.ts';
import { listIds } from './proxyPortFindings.ts';

export function deadRuleFindings(
  table: WorkloadTable,
  l4: L4Evaluator,
  l7: L7Evaluator,
  rulesOf: (to: number) => readonly CompiledRule[],
  sink: DiagnosticSink,
  destinations: Iterable<number>,
): void {
  const reportedServers = new Set<string>();
  for (const to of destinations) {
    const dst = table.at(to);
    const ports = declaredPorts(dst).filter((p) => p.protocol === 'TCP');
    if (!dst.meshed || ports.length === 0) continue;
    const classes = ports.map((p) => ({ p, c4: l4.classify(to, p.port, p.protocol), c7: l7.classify(to, p.port, p.protocol) }));

    // L4 rule whose sources L7 denies everywhere.
    const deniedEverywhere = classes.reduce((acc, { c7 }) => acc.intersectWith(c7.deny), table.all.clone());
    deniedEverywhere.delete(to);
    for (const view of rulesOf(to)) {
      if (view.rule.peers === 'all') continue;
      // Rules for the proxy's own ports (4191 admin) carry no application traffic: not L7's business.
      const carriesTraffic = ports.some((p) => view.admitsPort(dst, p.port, 'TCP')) || view.admitsPort(dst, dst.proxyInboundPort, 'TCP');
      if (!carriesTraffic) continue;
      const named = view.peers.clone();
      named.delete(to);
      if (named.isEmpty() || !named.minus(deniedEverywhere).isEmpty()) continue;
      sink.report({
        code: 'dead-l4-rule',
        severity: 'info',
        object: view.policy.ref,
        path: `spec.ingress[${view.rule.index}]`,
        workloads: [dst.id, ...table.ids(named)],
        message: `ingress rule ${view.rule.index} of NetworkPolicy ${view.policy.namespace}/${view.policy.name} admits ${listIds(table, named)} to ${dst.id}, but Linkerd denies all of them on every port of ${dst.id}: the rule lets nothing through.`,
      });
    }

    // L7 authorization whose clients L4 blocks everywhere.
    let blockedEverywhere: WorkloadSet | undefined;
    for (const { p, c4, c7 } of classes) {
      const server = l7.serverFor(to, p.port);
      if (!server) continue;
      const key = `${server.namespace}/${server.name}`;
      if (reportedServers.has(key)) continue;
      const granted = c7.allow.union(c7.partial);
      granted.delete(to);
      if (granted.isEmpty()) continue;
      blockedEverywhere ??= classes.reduce((acc, x) => acc.intersectWith(x.c4.deny), WorkloadSet.full(table.size));
      const dead = granted.intersect(blockedEverywhere).intersectWith(c4.deny);
      if (dead.isEmpty()) continue;
      reportedServers.add(key);
      sink.report({
        code: 'dead-l7-rule',
        severity: 'info',
        object: server.ref,
        workloads: [dst.id, ...table.ids(dead)],
        port: `${p.port}/TCP`,
        message: `Linkerd authorizes ${listIds(table, dead)} on Server ${key} (${dst.id}:${p.port}), but NetworkPolicy blocks ${dead.count() > 1 ? 'them' : 'it'} on every port of ${dst.id}: for ${dead.count() > 1 ? 'these clients' : 'this client'} the authorization never sees a connection.`,
      });
    }
  }
}
