/**
 * The L4 evaluator (SEMANTICS.md §3, §4): NetworkPolicy as the CNI enforces it.
 *
 * Built once per analysis. Every rule is compiled to a WorkloadSet of peers; policies are
 * indexed by the workloads they select (ingress) and egress rules are inverted to the
 * destinations they name, so that `classify` answers for all sources of one destination and
 * port with a few bitset unions. `explain` walks the same compiled rules for one flow and
 * collects the reasons; the two agree by construction and by property test.
 */
import { diagnosticList, type Diagnostic, type DiagnosticSink } from '../diagnostics.ts';
import type { Inventory, NetworkPolicy, Protocol, Workload } from '../k8s/types.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import type { L4Result, Reason } from '../verdict/types.ts';
import { inPortRanges, isProxiedFlow } from '../verdict/cniPort.ts';
import { compileRule, type CompiledRule } from './compiledRule.ts';
import { reportPolicyDiagnostics } from './policyDiagnostics.ts';
import { admitReason, isolatesReason, notIsolatedReason, proxyPortReason } from './l4Reasons.ts';
import type { L4Classes, L4Evaluator } from './types.ts';

export interface L4RuleView extends L4Evaluator {
  /** Ingress rules of every policy isolating `to` for ingress. */
  ingressRulesFor(to: number): readonly CompiledRule[];
}

/** Compiled policies by parsed object; valid for one WorkloadTable (an analysis reuses it across snapshots). */
export type L4PolicyCache = WeakMap<NetworkPolicy, CompiledPolicy>;

export interface CompiledPolicy {
  selected: WorkloadSet;
  ingress: CompiledRule[];
  egress: CompiledRule[];
  diagnostics: Diagnostic[];
}

export function compilePolicy(policy: NetworkPolicy, table: WorkloadTable): CompiledPolicy {
  const selected = table.matchingIn(policy.namespace, policy.podSelector);
  const local = diagnosticList();
  reportPolicyDiagnostics(policy, selected, table, local);
  return {
    selected,
    ingress: policy.ingressIsolation ? policy.ingress.map((r) => compileRule(policy, 'ingress', r, table)) : [],
    egress: policy.egressIsolation ? policy.egress.map((r) => compileRule(policy, 'egress', r, table)) : [],
    diagnostics: local.items,
  };
}

export function buildL4Evaluator(inventory: Inventory, table: WorkloadTable, report: DiagnosticSink, policyCache: L4PolicyCache = new WeakMap()): L4RuleView {
  const n = table.size;
  const ingressRules: CompiledRule[][] = Array.from({ length: n }, () => []);
  const egressRules: CompiledRule[][] = Array.from({ length: n }, () => []);
  const ingressIsolated = WorkloadSet.empty(n);
  const egressIsolated = WorkloadSet.empty(n);
  /** Egress rules inverted: destination → rules naming it, plus the rules naming every workload. */
  const egressByDestination: CompiledRule[][] = Array.from({ length: n }, () => []);
  const egressToAll: CompiledRule[] = [];
  /** Sources of each egress rule = the workloads its policy selects. */
  const ruleSources = new Map<CompiledRule, WorkloadSet>();

  for (const policy of inventory.networkPolicies) {
    let compiled = policyCache.get(policy);
    if (!compiled) policyCache.set(policy, (compiled = compilePolicy(policy, table)));
    for (const d of compiled.diagnostics) report.report(d);
    const selected = compiled.selected;
    if (policy.ingressIsolation) {
      ingressIsolated.unionWith(selected);
      for (const to of selected) ingressRules[to]!.push(...compiled.ingress);
    }
    if (policy.egressIsolation) {
      egressIsolated.unionWith(selected);
      for (const c of compiled.egress) {
        ruleSources.set(c, selected);
        for (const from of selected) egressRules[from]!.push(c);
        if (c.rule.peers === 'all') egressToAll.push(c);
        else for (const to of c.peers) egressByDestination[to]!.push(c);
      }
    }
  }

  const unknown = inventory.layers.l4.state === 'unknown' ? inventory.layers.l4.reason : undefined;
  const skipsOutbound = WorkloadSet.of(
    n,
    table.workloads.flatMap((w, i) => (w.annotations['config.linkerd.io/skip-outbound-ports'] ? [i] : [])),
  );

  /** Sources whose connection to `dst` on `port` goes proxy to proxy (§4). */
  function proxiedSources(to: number, port: number, protocol: Protocol): WorkloadSet {
    const dst = table.at(to);
    if (protocol !== 'TCP' || !dst.meshed || inPortRanges(dst.skipInboundPorts, port)) return WorkloadSet.empty(n);
    const out = table.meshed.clone();
    for (const s of skipsOutbound.intersect(table.meshed)) if (!isProxiedFlow(table.at(s), dst, port, protocol)) out.delete(s);
    return out;
  }

  function ingressAdmitted(to: number, port: number, protocol: Protocol): WorkloadSet {
    if (!ingressIsolated.has(to)) return table.all.clone();
    const dst = table.at(to);
    const out = WorkloadSet.empty(n);
    for (const r of ingressRules[to]!) if (r.admitsPort(dst, port, protocol)) out.unionWith(r.peers);
    return out;
  }

  function egressAdmitted(to: number, port: number, protocol: Protocol): WorkloadSet {
    const dst = table.at(to);
    const out = egressIsolated.complement();
    for (const r of egressByDestination[to]!) if (r.admitsPort(dst, port, protocol)) out.unionWith(ruleSources.get(r)!);
    for (const r of egressToAll) if (r.admitsPort(dst, port, protocol)) out.unionWith(ruleSources.get(r)!);
    return out;
  }

  const cache = new Map<string, L4Classes>();

  function classify(to: number, port: number, protocol: Protocol): L4Classes {
    const key = `${to}|${port}|${protocol}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const empty = WorkloadSet.empty(n);
    let result: L4Classes;
    if (unknown !== undefined) {
      result = { allow: empty, deny: empty.clone(), open: empty.clone(), unknown: table.all.clone(), proxyPortBlocked: empty.clone() };
    } else {
      const proxied = proxiedSources(to, port, protocol);
      const direct = proxied.complement();
      const proxyPort = table.at(to).proxyInboundPort;
      const admitted = (fn: typeof ingressAdmitted) => {
        const onApp = fn(to, port, protocol).intersectWith(direct);
        return proxied.isEmpty() ? onApp : onApp.unionWith(fn(to, proxyPort, protocol).intersectWith(proxied));
      };
      const open = ingressIsolated.has(to) ? WorkloadSet.empty(n) : egressIsolated.complement();
      const allow = admitted(ingressAdmitted).intersectWith(admitted(egressAdmitted)).subtract(open);
      const deny = table.all.clone().subtract(allow).subtract(open);
      // §4's trap: denied on the proxy port, yet the rules admit these clients on the port they name.
      const proxyPortBlocked = proxied.isEmpty() ? empty.clone() : deny.intersect(proxied).intersectWith(ingressAdmitted(to, port, protocol)).intersectWith(egressAdmitted(to, port, protocol));
      result = { allow, deny, open, unknown: empty, proxyPortBlocked };
    }
    cache.set(key, result);
    return result;
  }

  function explain(from: number, to: number, port: number, protocol: Protocol): L4Result {
    const src = table.at(from);
    const dst = table.at(to);
    const proxied = proxiedSources(to, port, protocol).has(from);
    const l4Port = proxied ? dst.proxyInboundPort : port;
    const portReason: Reason[] = proxied ? [proxyPortReason(src, dst, port, l4Port)] : [];
    if (unknown !== undefined) {
      return { verdict: 'unknown', l4Port, reasons: [{ role: 'layer-unknown', text: `NetworkPolicies could not be read: ${unknown}` }] };
    }
    const sides: { side: 'ingress' | 'egress'; isolated: boolean; admitting: CompiledRule[]; rules: CompiledRule[]; who: Workload }[] = [
      {
        side: 'egress',
        isolated: egressIsolated.has(from),
        rules: egressRules[from]!,
        admitting: egressRules[from]!.filter((r) => r.peers.has(to) && r.admitsPort(dst, l4Port, protocol)),
        who: src,
      },
      {
        side: 'ingress',
        isolated: ingressIsolated.has(to),
        rules: ingressRules[to]!,
        admitting: ingressRules[to]!.filter((r) => r.peers.has(from) && r.admitsPort(dst, l4Port, protocol)),
        who: dst,
      },
    ];
    if (sides.every((s) => !s.isolated)) {
      return { verdict: 'open', l4Port, reasons: [...sides.map((s) => notIsolatedReason(s.side, s.who)), ...portReason] };
    }
    const blocking = sides.filter((s) => s.isolated && s.admitting.length === 0);
    if (blocking.length > 0) {
      const reasons = blocking.flatMap((s) => isolatesReason(s.side, s.rules, src, dst, l4Port, protocol));
      return { verdict: 'deny', l4Port, reasons: [...reasons, ...portReason] };
    }
    const reasons = sides.flatMap((s) =>
      s.isolated ? s.admitting.map((r) => admitReason(r, src, dst, l4Port, protocol)) : [notIsolatedReason(s.side, s.who)],
    );
    return { verdict: 'allow', l4Port, reasons: [...reasons, ...portReason] };
  }

  return {
    classify,
    explain,
    ingressIsolated: (to) => ingressIsolated.has(to),
    egressIsolated: (from) => egressIsolated.has(from),
    ingressRulesFor: (to) => ingressRules[to]!,
  };
}
