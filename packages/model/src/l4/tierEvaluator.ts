/**
 * The admin and baseline tiers for one analysis (issue 17): compiled policies grouped by
 * priority, the diagnostics they raise (same-priority overlap, a subject that selects nothing),
 * and the reasons for one flow, read off the same compiled rules the bitset evaluation uses.
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { Protocol } from '../k8s/types.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import type { Reason } from '../verdict/types.ts';
import {
  compileTierPolicy,
  describeTierPeer,
  describeTierPorts,
  priorityGroups,
  tierPolicyLabel,
  tierRuleLabel,
  type CompiledTierPolicy,
  type CompiledTierRule,
  type TieredPolicy,
  type TierName,
} from './adminTiers.ts';

/** Compiled tier policies by parsed object; valid for one WorkloadTable. */
export type TierCache = WeakMap<TieredPolicy, CompiledTierPolicy>;

export interface CompiledTiers {
  admin: CompiledTierPolicy[][];
  baseline: CompiledTierPolicy[][];
}

export function compileTiers(policies: readonly TieredPolicy[], table: WorkloadTable, report: DiagnosticSink, cache: TierCache): CompiledTiers {
  const compiled = policies.map((p) => {
    let c = cache.get(p);
    if (!c) cache.set(p, (c = compileTierPolicy(p, table)));
    return c;
  });
  for (const c of compiled) {
    if (c.subject.isEmpty()) {
      report.report({ code: 'policy-selects-nothing', severity: 'info', object: c.policy.ref, path: 'spec.subject', message: `the subject of ${tierPolicyLabel(c.policy)} selects no workload: it currently decides nothing.` });
    }
  }
  const tiers: CompiledTiers = { admin: priorityGroups(compiled.filter((c) => c.policy.tier === 'admin')), baseline: priorityGroups(compiled.filter((c) => c.policy.tier === 'baseline')) };
  for (const groups of [tiers.admin, tiers.baseline]) {
    for (const g of groups) {
      for (let i = 0; i < g.length; i++) {
        for (let j = i + 1; j < g.length; j++) {
          const a = g[i]!;
          const b = g[j]!;
          const shared = a.subject.intersect(b.subject);
          const directions = (['ingress', 'egress'] as const).filter((d) => a.policy[d].length > 0 && b.policy[d].length > 0);
          if (shared.isEmpty() || directions.length === 0) continue;
          report.report({
            code: 'admin-priority-tie',
            severity: 'warning',
            object: b.policy.ref,
            path: 'spec.priority',
            workloads: table.ids(shared),
            message: `${tierPolicyLabel(a.policy)} and ${tierPolicyLabel(b.policy)} share priority ${a.policy.priority} and both select ${table.ids(shared).slice(0, 5).join(', ')}${shared.count() > 5 ? ' and more' : ''} (${directions.join(', ')}): their order is undefined upstream ("the implementation can apply any of the matching policies"), so flows on which they disagree are unknown. Give them distinct priorities.`,
          });
        }
      }
    }
  }
  return tiers;
}

const ROLE = { allow: 'admits', deny: 'isolates', pass: 'passes' } as const;

function ruleReason(r: CompiledTierRule, srcId: string, dstId: string, port: number, protocol: Protocol, maybe: boolean): Reason {
  const ref = r.policy.ref;
  const where = { kind: r.policy.kind, name: r.policy.name, direction: r.direction, rule: r.rule.index, ...(ref.file ? { file: ref.file } : {}), ...(ref.line ? { line: ref.line } : {}) };
  const peers = r.rule.peers.map(describeTierPeer).join('; ');
  const flow = `${srcId} → ${dstId} on ${port}/${protocol}`;
  if (maybe) {
    return {
      role: 'layer-unknown',
      ...where,
      text: `${tierRuleLabel(r)} may match ${flow}: its peers (${peers}) match by IP address, and the IP addresses involved are not known from the input`,
    };
  }
  const effect =
    r.rule.action === 'allow'
      ? 'admits it; no NetworkPolicy or baseline rule can deny it'
      : r.rule.action === 'deny'
        ? 'refuses it; no NetworkPolicy can reopen it'
        : r.policy.tier === 'admin'
          ? 'passes the decision down: the rest of the admin tier is skipped, NetworkPolicy decides if one isolates this side, else the baseline tier'
          : 'passes: the baseline tier decides nothing, so the flow is allowed by default';
  return { role: ROLE[r.rule.action], ...where, text: `${tierRuleLabel(r)} matches ${flow} (peers: ${peers}; ports: ${describeTierPorts(r.rule)}) and ${effect}` };
}

/** The reasons of one tier on one side for the flow from → to, walking the rules as the evaluation does. */
export function tierReasons(groups: readonly CompiledTierPolicy[][], tier: TierName, side: 'ingress' | 'egress', from: number, to: number, port: number, protocol: Protocol, table: WorkloadTable): Reason[] {
  const src = table.at(from);
  const dst = table.at(to);
  const out: Reason[] = [];
  const own = side === 'ingress' ? to : from;
  const peer = side === 'ingress' ? from : to;
  for (const g of groups) {
    let decided = false;
    const actions = new Set<string>();
    for (const p of g) {
      if (!p.subject.has(own)) continue;
      for (const r of side === 'ingress' ? p.ingress : p.egress) {
        if (!r.matchesPort(dst, port, protocol)) continue;
        if (r.peers.has(peer)) {
          out.push(ruleReason(r, src.id, dst.id, port, protocol, false));
          actions.add(r.rule.action);
          decided = true;
          break;
        }
        if (r.maybe.has(peer)) out.push(ruleReason(r, src.id, dst.id, port, protocol, true));
      }
    }
    if (actions.size > 1) {
      {
        out.push({
          role: 'layer-unknown',
          direction: side,
          text: `${g.map((p) => tierPolicyLabel(p.policy)).join(' and ')} share priority ${g[0]!.policy.priority} in the ${tier} tier and decide this flow differently: their order is undefined upstream, so which one applies is unknown`,
        });
      }
    }
    if (decided) break;
  }
  return out;
}
