/**
 * Findings that neither layer shows alone (SEMANTICS.md §7, issue 3 "Cross-layer findings"):
 * what the proxy's ports do to NetworkPolicy rules, ports that bypass the proxy, route rules
 * on opaque ports, and rules at one layer made dead by the other.
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { Inventory } from '../k8s/types.ts';
import type { L4RuleView } from '../l4/buildL4Evaluator.ts';
import type { L7Evaluator } from '../l7/types.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { inPortRanges } from '../verdict/cniPort.ts';
import { resolveL7Attachments, routeKind } from '../l7/attachments.ts';
import { proxyPortFindings } from './proxyPortFindings.ts';
import { deadRuleFindings } from './deadRuleFindings.ts';
import { adminTierFindings } from './adminTierFindings.ts';
import { adminPortFindings } from './adminPortFindings.ts';

export interface FindingInputs {
  inventory: Inventory;
  table: WorkloadTable;
  l4: L4RuleView;
  l7: L7Evaluator;
}

/** Findings about the cluster as a whole (not tied to one destination's rules). */
export function clusterFindings(inputs: FindingInputs, sink: DiagnosticSink): void {
  layerUnknown(inputs, sink);
  skippedPorts(inputs, sink);
  opaqueRoutes(inputs, sink);
}

/** Findings about the rules guarding one destination; an analysis reuses them for destinations a change did not touch. */
export function destinationFindings(inputs: FindingInputs, to: number, sink: DiagnosticSink): void {
  // Rule-level findings compare what each layer *would* do; with a layer unread they would guess.
  if (inputs.inventory.layers.l4.state === 'unknown') return;
  const rulesOf = (t: number) => inputs.l4.ingressRulesFor(t);
  proxyPortFindings(inputs.table, rulesOf, sink, [to], (t, port) => inputs.l4.classify(t, port, 'TCP').deny);
  adminPortFindings(inputs.table, inputs.l4, sink, to);
  adminTierFindings(inputs.table, inputs.l4, inputs.inventory.layers.l7.state === 'unknown' ? undefined : inputs.l7, sink, to);
  if (inputs.inventory.layers.l7.state === 'unknown') return;
  deadRuleFindings(inputs.table, inputs.l4, inputs.l7, rulesOf, sink, [to]);
}

function layerUnknown({ inventory }: FindingInputs, sink: DiagnosticSink): void {
  for (const layer of ['l4', 'l7'] as const) {
    const status = inventory.layers[layer];
    if (status.state !== 'unknown') continue;
    sink.report({
      code: 'layer-unknown',
      severity: 'warning',
      message: `${layer === 'l4' ? 'NetworkPolicy (L4)' : 'Linkerd policy (L7)'} could not be read: ${status.reason}. Every ${layer.toUpperCase()} verdict is "unknown" until it can.`,
    });
  }
}

function skippedPorts({ table, l7 }: FindingInputs, sink: DiagnosticSink): void {
  for (let i = 0; i < table.size; i++) {
    const w = table.at(i);
    if (!w.meshed || w.skipInboundPorts.length === 0) continue;
    const ranges = w.skipInboundPorts.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(',');
    const declared = w.ports.filter((p) => p.protocol === 'TCP' && inPortRanges(w.skipInboundPorts, p.port));
    const guarded = declared.map((p) => ({ p, server: l7.serverFor(i, p.port) })).filter((x) => x.server);
    const serverNote = guarded.length
      ? ` Server${guarded.length > 1 ? 's' : ''} ${guarded.map((x) => `${x.server!.namespace}/${x.server!.name} (port ${x.p.port})`).join(', ')} never take${guarded.length > 1 ? '' : 's'} effect.`
      : '';
    sink.report({
      code: 'skip-port-bypasses-l7',
      severity: 'warning',
      object: w.ref,
      path: "metadata.annotations['config.linkerd.io/skip-inbound-ports']",
      workloads: [w.id],
      message: `config.linkerd.io/skip-inbound-ports=${ranges}: the proxy never sees connections to ${declared.length ? 'declared port(s) ' + declared.map((p) => p.port).join(', ') : 'these ports'}, so no Linkerd authorization applies to them; only NetworkPolicy protects them.${serverNote}`,
    });
  }
}

function opaqueRoutes({ inventory, table, l7 }: FindingInputs, sink: DiagnosticSink): void {
  const attachments = resolveL7Attachments(inventory);
  for (const policy of inventory.authorizationPolicies) {
    const target = attachments.targetOf(policy);
    if (target.kind !== 'route') continue; // dangling: reported by the L7 evaluator
    const route = target.route;
    for (const server of attachments.parentsOf(route)) {
      const opaqueOn: string[] = [];
      // The server's namespace only (a scan of every workload per policy was quadratic, issue 19).
      for (const i of table.inNamespace(server.namespace)) {
        const w = table.at(i);
        for (const p of w.ports) {
          if (p.protocol !== 'TCP' || l7.serverFor(i, p.port) !== server) continue;
          if (server.proxyProtocol === 'opaque' || server.proxyProtocol === 'TLS' || inPortRanges(w.opaquePorts, p.port)) opaqueOn.push(`${w.id}:${p.port}`);
        }
      }
      if (opaqueOn.length === 0) continue;
      sink.report({
        code: 'opaque-port-no-routes',
        severity: 'info',
        object: policy.ref,
        path: 'spec.targetRef',
        workloads: [...new Set(opaqueOn.map((x) => x.slice(0, x.lastIndexOf(':'))))],
        message: `AuthorizationPolicy targets ${routeKind(route)} ${route.namespace}/${route.name} on Server ${server.namespace}/${server.name}, but the proxy treats ${opaqueOn.join(', ')} as opaque TCP: it never parses HTTP there, so this route-level authorization cannot match.`,
      });
    }
  }
}
