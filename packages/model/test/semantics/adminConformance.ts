/**
 * Shared machinery for the restated kubernetes-sigs/network-policy-api conformance scenarios
 * (issue 17): the neutral policy form (Pol/Rule), its two renderings (v1alpha2
 * ClusterNetworkPolicy; v1alpha1 AdminNetworkPolicy/BaselineAdminNetworkPolicy), the conformance
 * cluster (conformance/base/manifests.yaml, restated in our own words) and the runner that checks
 * every step of a scenario through both parsers. Used by upstream-admin-tiers.test.ts and
 * upstream-admin-tiers-udp-sctp.test.ts. Not a test file itself.
 */
import { describe, expect, it } from 'vitest';
import type { Analysis, Cell, Protocol } from '../../src/index.ts';
import { adminPolicy, cluster, codes, flow, namespace } from '../manifests.ts';

export type Obj = Record<string, unknown>;
export type Act = 'allow' | 'deny' | 'pass';
export type Expect = 'allowed' | 'denied' | 'unknown';

/** A peer, neutrally: a house's namespace, a house's pods (by pod label), or CIDRs. */
export type Peer = { house: string } | { podsOf: string } | { cidrs: string[] } | { nodes: Obj };
export interface Port {
  protocol?: Protocol;
  port?: number;
  end?: number;
  name?: string;
}
export interface Rule {
  act: Act;
  peers: Peer[];
  ports?: Port[];
}
export interface Pol {
  name: string;
  tier: 'admin' | 'baseline';
  priority: number;
  subject: { house: string } | { podsOf: string } | 'all';
  ingress?: Rule[];
  egress?: Rule[];
}

export const HOUSE = (h: string) => ({ matchLabels: { 'conformance-house': h } });

export function peerV(p: Peer): Obj {
  if ('house' in p) return { namespaces: HOUSE(p.house) };
  if ('podsOf' in p) return { pods: { namespaceSelector: HOUSE(p.podsOf), podSelector: HOUSE(p.podsOf) } };
  if ('nodes' in p) return { nodes: p.nodes };
  return { networks: p.cidrs };
}

export function portsV1(ports: Port[]): Obj[] {
  return ports.map((p) => (p.name ? { namedPort: p.name } : p.end ? { portRange: { protocol: p.protocol ?? 'TCP', start: p.port, end: p.end } } : { portNumber: { protocol: p.protocol ?? 'TCP', port: p.port } }));
}
export function protocolsV2(ports: Port[]): Obj[] {
  return ports.map((p) => (p.name ? { destinationNamedPort: p.name } : { [(p.protocol ?? 'TCP').toLowerCase()]: { destinationPort: p.end ? { range: { start: p.port, end: p.end } } : { number: p.port } } }));
}

export function subjectOf(s: Pol['subject']): Obj {
  if (s === 'all') return { namespaces: {} };
  if ('house' in s) return { namespaces: HOUSE(s.house) };
  return { pods: { namespaceSelector: HOUSE(s.podsOf), podSelector: HOUSE(s.podsOf) } };
}

export function rulesOf(rules: Rule[] | undefined, direction: 'ingress' | 'egress', v2: boolean): Obj[] | undefined {
  if (!rules) return undefined;
  return rules.map((r) => ({
    action: r.act === 'allow' ? (v2 ? 'Accept' : 'Allow') : r.act === 'deny' ? 'Deny' : 'Pass',
    [direction === 'ingress' ? 'from' : 'to']: r.peers.map((p) => peerV(p)),
    ...(r.ports ? (v2 ? { protocols: protocolsV2(r.ports) } : { ports: portsV1(r.ports) }) : {}),
  }));
}

/** v1alpha2: one ClusterNetworkPolicy per policy. */
export function asV2(p: Pol): Obj {
  const ingress = rulesOf(p.ingress, 'ingress', true);
  const egress = rulesOf(p.egress, 'egress', true);
  return adminPolicy('ClusterNetworkPolicy', p.name, { tier: p.tier === 'admin' ? 'Admin' : 'Baseline', priority: p.priority, subject: subjectOf(p.subject), ...(ingress ? { ingress } : {}), ...(egress ? { egress } : {}) });
}

/** v1alpha1: AdminNetworkPolicy, or the singleton BaselineAdminNetworkPolicy `default`; undefined when v1alpha1 cannot say it (Pass or several baseline policies). */
export function asV1(p: Pol): Obj | undefined {
  const ingress = rulesOf(p.ingress, 'ingress', false);
  const egress = rulesOf(p.egress, 'egress', false);
  const spec = { subject: subjectOf(p.subject), ...(ingress ? { ingress } : {}), ...(egress ? { egress } : {}) };
  if (p.tier === 'admin') return adminPolicy('AdminNetworkPolicy', p.name, { priority: p.priority, ...spec });
  if ([...(p.ingress ?? []), ...(p.egress ?? [])].some((r) => r.act === 'pass')) return undefined;
  return adminPolicy('BaselineAdminNetworkPolicy', 'default', spec);
}

// ---------------------------------------------------------------- the conformance cluster (conformance/base/manifests.yaml, restated)

/** Five houses, one namespace each labelled conformance-house=<house>; one StatefulSet each, two pods, pods labelled the same. */
export const HOUSES: Record<string, { workload: string; ips: [string, string] }> = {
  gryffindor: { workload: 'harry-potter', ips: ['10.244.1.1', '10.244.2.1'] },
  slytherin: { workload: 'draco-malfoy', ips: ['10.244.1.2', '10.244.2.2'] },
  hufflepuff: { workload: 'cedric-diggory', ips: ['10.244.1.3', '10.244.2.3'] },
  ravenclaw: { workload: 'luna-lovegood', ips: ['10.244.1.4', '10.244.2.4'] },
  'forbidden-forrest': { workload: 'centaur', ips: ['10.244.1.5', '10.244.2.5'] },
};
export const ns = (house: string) => `network-policy-conformance-${house}`;
export const W = (house: string) => `${ns(house)}/${HOUSES[house]!.workload}`;

/** Ports the servers listen on: 80/TCP (named web), 8080/TCP, 5353/UDP, 53/UDP (named dns), 9003/SCTP, 9005/SCTP. */
export function conformanceCluster(withIps: boolean): Obj[] {
  const out: Obj[] = [];
  for (const [house, { workload, ips }] of Object.entries(HOUSES)) {
    out.push(namespace(ns(house), { 'conformance-house': house }));
    const labels = { 'conformance-house': house };
    const podSpec = {
      containers: [
        { name: 'web', image: 'x', ports: [{ containerPort: 80, name: 'web' }, { containerPort: 8080 }] },
        { name: 'dns', image: 'x', ports: [{ containerPort: 53, protocol: 'UDP', name: 'dns' }, { containerPort: 5353, protocol: 'UDP' }] },
        { name: 'sctp', image: 'x', ports: [{ containerPort: 9003, protocol: 'SCTP' }, { containerPort: 9005, protocol: 'SCTP' }] },
      ],
    };
    out.push({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: workload, namespace: ns(house) }, spec: { selector: { matchLabels: labels }, replicas: 2, template: { metadata: { labels }, spec: podSpec } } });
    if (withIps) {
      ips.forEach((ip, i) =>
        out.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${workload}-${i}`, namespace: ns(house), labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: workload, uid: `u-${workload}`, controller: true }] }, spec: podSpec, status: { podIP: ip } }),
      );
    }
  }
  return out;
}

export type Check = [from: string, to: string, port: number, protocol: Protocol, expect: Expect];
export interface Step {
  title: string;
  policies: Pol[];
  /** Extra objects (NetworkPolicies, namespace relabels). */
  extra?: Obj[];
  /** Replace a house's namespace labels. */
  relabel?: Record<string, string>;
  checks: Check[];
}
export interface Scenario {
  name: string;
  source: string;
  withIps?: boolean;
  steps: Step[];
}

export function run(objects: Obj[]): Analysis {
  return cluster(objects);
}

export function verdictOf(c: Cell): Expect {
  return c.allowed === true ? 'allowed' : c.allowed === false ? 'denied' : 'unknown';
}

export function objectsFor(s: Scenario, step: Step, render: (p: Pol) => Obj | undefined): Obj[] | undefined {
  const rendered = step.policies.map(render);
  if (rendered.some((x) => !x)) return undefined;
  let base = conformanceCluster(!!s.withIps);
  if (step.relabel) {
    base = base.map((o) => {
      const house = Object.keys(step.relabel!).find((h) => o.kind === 'Namespace' && (o.metadata as { name: string }).name === ns(h));
      return house ? namespace(ns(house), { 'conformance-house': step.relabel![house]! }) : o;
    });
  }
  return [...base, ...(step.extra ?? []), ...(rendered as Obj[])];
}

/** One vitest case per scenario step and parser version (a step v1alpha1 cannot say is skipped). */
export function describeScenarios(title: string, scenarios: Scenario[]): void {
  describe(title, () => {
    for (const s of scenarios) {
      for (const [version, render] of [['v1alpha2 ClusterNetworkPolicy', asV2], ['v1alpha1 AdminNetworkPolicy/BaselineAdminNetworkPolicy', asV1]] as const) {
        for (const step of s.steps) {
          const objects = objectsFor(s, step, render);
          const name = `${s.name} — ${step.title} [${version}] (${s.source})`;
          // v1alpha1 cannot express this step (a Pass in a BaselineAdminNetworkPolicy): no case.
          if (!objects) continue;
          it(name, () => {
            const a = run(objects);
            expect(codes(a).filter((c) => c === 'invalid-object' || c === 'unsupported-version')).toEqual([]);
            const g = a.graph({ includeOpen: true });
            for (const [from, to, port, protocol, expected] of step.checks) {
              const c = flow(a, from, to, port, protocol);
              expect({ from, to, port, protocol, verdict: verdictOf(c) }).toEqual({ from, to, port, protocol, verdict: expected });
              // The all-sources answer (graph) agrees with the per-flow one (check), protocol included:
              // an admitted flow is an edge port with the same L4 verdict; a refused one is absent or says the same.
              const edge = g.edges.find((e) => e.from === from && e.to === to)?.ports.find((x) => x.port === port && x.protocol === protocol);
              if (c.allowed === true) expect(edge?.l4, `graph edge ${from} -> ${to} ${port}/${protocol}`).toBe(c.l4);
              else if (edge) expect(edge.l4, `graph edge ${from} -> ${to} ${port}/${protocol}`).toBe(c.l4);
            }
          });
        }
      }
    }
  });
}
