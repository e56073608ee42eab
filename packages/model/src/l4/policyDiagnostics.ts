/**
 * Diagnostics about one NetworkPolicy against the workloads it meets (SEMANTICS.md §7):
 * a selector that matches nothing, named ports no selected pod declares, ipBlocks that cover
 * pod IPs (CNI-dependent) or only some pods of a workload.
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { NetworkPolicy } from '../k8s/types.ts';
import { formatSelector } from '../selectors/labelSelector.ts';
import type { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { ipBlockMatch } from './peerSources.ts';

export function reportPolicyDiagnostics(policy: NetworkPolicy, selected: WorkloadSet, table: WorkloadTable, report: DiagnosticSink): void {
  if (selected.isEmpty()) {
    report.report({
      code: 'policy-selects-nothing',
      severity: 'info',
      object: policy.ref,
      path: 'spec.podSelector',
      message: `podSelector ${formatSelector(policy.podSelector)} matches no workload in namespace ${policy.namespace}: this policy currently isolates nothing.`,
    });
  }
  const selectedWorkloads = [...selected].map((i) => table.at(i));
  policy.ingress.forEach((rule) => {
    if (rule.ports === 'all') return;
    rule.ports.forEach((p, j) => {
      if (p.port?.kind !== 'name' || selected.isEmpty()) return;
      const name = p.port.name;
      if (selectedWorkloads.some((w) => [...w.ports, ...w.proxyPorts].some((c) => c.name === name && c.protocol === p.protocol))) return;
      report.report({
        code: 'named-port-unresolved',
        severity: 'warning',
        object: policy.ref,
        path: `spec.ingress[${rule.index}].ports[${j}].port`,
        workloads: table.ids(selected),
        message: `named port "${name}"/${p.protocol} is declared by none of the selected workloads (${table.ids(selected).join(', ')}): this port entry admits nothing.`,
      });
    });
  });
  for (const [direction, rules] of [['ingress', policy.ingress], ['egress', policy.egress]] as const) {
    for (const rule of rules) {
      if (rule.peers === 'all') continue;
      rule.peers.forEach((peer, j) => {
        if (peer.kind !== 'ipBlock') return;
        const { full, partial } = ipBlockMatch(peer.block, table);
        const path = `spec.${direction}[${rule.index}].${direction === 'ingress' ? 'from' : 'to'}[${j}].ipBlock`;
        if (!full.isEmpty() || !partial.isEmpty()) {
          report.report({
            code: 'ipblock-covers-pods',
            severity: 'warning',
            object: policy.ref,
            path,
            workloads: table.ids(full.union(partial)),
            message: `ipBlock ${peer.block.cidr.text} covers the pod IPs of ${table.ids(full.union(partial)).join(', ')}. Whether a CNI applies ipBlocks to pod traffic differs (upstream e2e tests expect it; Cilium does not): accessgraph assumes it does.`,
          });
        }
        if (!partial.isEmpty()) {
          report.report({
            code: 'ipblock-partial-match',
            severity: 'warning',
            object: policy.ref,
            path,
            workloads: table.ids(partial),
            message: `ipBlock ${peer.block.cidr.text} covers only some pods of ${table.ids(partial).join(', ')}: the CNI admits those pods only. accessgraph treats these workloads as not matched by the block.`,
          });
        }
      });
    }
  }
}
