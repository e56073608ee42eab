/**
 * Findings about what the Linkerd proxy's ports do to NetworkPolicy (SEMANTICS.md §4, §7):
 * rules for an application port that meshed clients never meet, rules admitting the proxy's
 * inbound port that open every port. (The proxy's admin port: adminPortFindings.ts.)
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { Workload } from '../k8s/types.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { isProxiedFlow, reachedDirectly } from '../verdict/cniPort.ts';
import type { CompiledRule } from '../l4/compiledRule.ts';

const LIST_LIMIT = 5;

export function listIds(table: WorkloadTable, set: WorkloadSet): string {
  const ids = table.ids(set);
  return ids.length <= LIST_LIMIT ? ids.join(', ') : `${ids.slice(0, LIST_LIMIT).join(', ')} and ${ids.length - LIST_LIMIT} more`;
}

function ruleName(v: CompiledRule): string {
  return `ingress rule ${v.rule.index} of NetworkPolicy ${v.policy.namespace}/${v.policy.name}`;
}

function admittedOn(rules: readonly CompiledRule[], to: Workload, port: number, size: number): WorkloadSet {
  const out = WorkloadSet.empty(size);
  for (const r of rules) if (r.admitsPort(to, port, 'TCP')) out.unionWith(r.peers);
  return out;
}

const skippers = new WeakMap<WorkloadTable, WorkloadSet>();

/** Meshed workloads whose proxy skips some outbound ports (own or namespace annotation, merged). */
function skipOutboundClients(table: WorkloadTable): WorkloadSet {
  let s = skippers.get(table);
  if (!s) skippers.set(table, (s = WorkloadSet.of(table.size, table.workloads.flatMap((w, i) => (w.meshed && w.annotations['config.linkerd.io/skip-outbound-ports'] ? [i] : [])))));
  return s;
}

/**
 * `deniedOn(to, port)`: the sources L4 (every tier) refuses towards `to` on application port
 * `port` — an admin-tier Allow of the proxy's inbound port lets meshed clients in whatever
 * NetworkPolicy says, so a NetworkPolicy rule is only "ineffective" for clients actually refused.
 */
export function proxyPortFindings(
  table: WorkloadTable,
  rulesOf: (to: number) => readonly CompiledRule[],
  sink: DiagnosticSink,
  destinations: Iterable<number>,
  deniedOn?: (to: number, port: number) => WorkloadSet,
): void {
  for (const to of destinations) {
    const dst = table.at(to);
    const rules = rulesOf(to);
    if (!dst.meshed || rules.length === 0) continue;
    const meshedPeers = table.meshed.clone();
    meshedPeers.delete(to);
    const onProxyPort = admittedOn(rules, dst, dst.proxyInboundPort, table.size);
    // Ports reached through the proxy: not skipped inbound, not the proxy's own (§4).
    const appPorts = dst.ports.filter((p) => p.protocol === 'TCP' && !reachedDirectly(dst, p.port));
    const skipping = skipOutboundClients(table);
    /** Meshed clients whose connection to `port` goes proxy to proxy (a client skipping it outbound does not). */
    const proxiedOn = (port: number) => {
      const out = meshedPeers.clone();
      for (const i of skipping.intersect(out)) if (!isProxiedFlow(table.at(i), dst, port, 'TCP')) out.delete(i);
      return out;
    };

    for (const view of rules) {
      if (!view.restrictsPorts) continue;
      const named = view.peers.intersect(meshedPeers);
      if (named.isEmpty()) continue;
      const admitted = appPorts.filter((p) => p.port !== dst.proxyInboundPort && view.admitsPort(dst, p.port, 'TCP')).map((p) => p.port);
      const blocked = WorkloadSet.empty(table.size);
      const ports = admitted.filter((port) => {
        const b = named.intersect(proxiedOn(port)).subtract(onProxyPort);
        if (deniedOn) b.intersectWith(deniedOn(to, port));
        blocked.unionWith(b);
        return !b.isEmpty();
      });
      if (ports.length > 0 && !blocked.isEmpty()) {
        sink.report({
          code: 'meshed-port-rule-ineffective',
          severity: 'error',
          object: view.policy.ref,
          path: `spec.ingress[${view.rule.index}].ports`,
          workloads: [dst.id, ...table.ids(blocked)],
          port: `${ports[0]}/TCP`,
          message: `${ruleName(view)} admits ${listIds(table, blocked)} on ${ports.join(', ')}, but ${dst.id} and these clients are meshed: their connections reach the CNI on ${dst.proxyInboundPort} (the proxy's inbound port), which no rule admits for them — so this rule blocks the meshed clients it names. Admit ${dst.proxyInboundPort}/TCP from them (and rely on Linkerd policy for the application port).`,
        });
      }
      if (view.admitsPort(dst, dst.proxyInboundPort, 'TCP')) {
        const others = appPorts.filter((p) => p.port !== dst.proxyInboundPort && !view.admitsPort(dst, p.port, 'TCP')).map((p) => p.port);
        sink.report({
          code: 'proxy-port-opens-all',
          severity: 'warning',
          object: view.policy.ref,
          path: `spec.ingress[${view.rule.index}].ports`,
          workloads: [dst.id, ...table.ids(named)],
          port: `${dst.proxyInboundPort}/TCP`,
          message: `${ruleName(view)} admits ${dst.proxyInboundPort}/TCP (the proxy's inbound port) from ${listIds(table, named)}: at L4 this opens every proxied port of ${dst.id} to those meshed clients${others.length ? `, including ${others.join(', ')} which the rule does not list` : ''}. Only Linkerd policy then tells the ports apart.`,
        });
      }
    }
  }
}
