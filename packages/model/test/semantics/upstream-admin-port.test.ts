/**
 * `proxy-admin-port-blocked` (SEMANTICS.md §7) across every tier that decides the proxy's admin
 * port 4191 of a meshed pod. The port is reached directly, never through 4143 (linkerd2
 * controller/api/destination/endpoint_translator.go getPodMetaPorts), and its ingress is decided
 * in the order kubernetes-sigs/network-policy-api gives (apis/v1alpha1
 * adminnetworkpolicy_types.go AdminNetworkPolicyRuleAction, baselineadminnetworkpolicy_types.go;
 * apis/v1alpha2 clusternetworkpolicy_types.go ClusterNetworkPolicySpec.Tier): admin tier first
 * (Allow admits, Deny refuses, Pass hands over), then NetworkPolicy where one isolates the pod,
 * else the baseline tier. Each case also checks the flow verdict the finding is about, so the
 * finding and `check` cannot disagree.
 */
import { describe, expect, it } from 'vitest';
import type { L4Verdict } from '../../src/verdict/types.ts';
import { adminPolicy, cluster, deploy, flow, netpol, nsPeer } from '../manifests.ts';

type Obj = Record<string, unknown>;
const ANP = 'network-policy-api apis/v1alpha1 adminnetworkpolicy_types.go (Allow/Deny/Pass; priority order)';
const BANP = 'network-policy-api apis/v1alpha1 baselineadminnetworkpolicy_types.go (applies only where no NetworkPolicy isolates)';
const NP = 'kubernetes pkg/apis/networking/v1 types.go NetworkPolicySpec (isolation; an empty ingress list admits nothing)';

const db = (meshed = true) => deploy('data/db', { meshed, ports: [5432] });
const app = deploy('web/app', { meshed: true });
const prom = deploy('monitoring/prometheus', { meshed: true });
const denyAll = netpol('data/deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
const only4143 = netpol('data/mesh-only', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 4143 }] }] });
const admin4191Everywhere = netpol('data/admin-port', { podSelector: {}, ingress: [{ ports: [{ port: 4191 }] }] });
const port4191v1 = [{ portNumber: { protocol: 'TCP', port: 4191 } }];
const anp = (action: 'Allow' | 'Deny' | 'Pass', from: Obj[]) => adminPolicy('AdminNetworkPolicy', `admin-port-${action.toLowerCase()}`, { priority: 5, subject: nsPeer('data'), ingress: [{ action, from, ports: port4191v1 }] });
const cnp = (action: 'Accept' | 'Deny' | 'Pass', from: Obj[]) => adminPolicy('ClusterNetworkPolicy', `admin-port-${action.toLowerCase()}`, { tier: 'Admin', priority: 5, subject: nsPeer('data'), ingress: [{ action, from, protocols: [{ tcp: { destinationPort: { number: 4191 } } }] }] });
const banpDeny = (from: Obj[]) => adminPolicy('BaselineAdminNetworkPolicy', 'default', { subject: nsPeer('data'), ingress: [{ action: 'Deny', from, ports: port4191v1 }] });
const allNamespaces = [{ namespaces: {} }];

interface Case {
  title: string;
  upstream: string;
  objects: (Obj | Obj[])[];
  /** The finding, and the kind of the object it is reported against; absent: must not be raised. */
  finding?: { kind: string; mentions?: string };
  /** L4 of prometheus → db:4191 (when prometheus is in the input). */
  prometheus?: L4Verdict;
}

const cases: Case[] = [
  { title: 'a deny-all NetworkPolicy (no ingress rules) shuts out 4191: reported (was missed: only policies with rules were looked at)', upstream: NP, objects: [db(), app, prom, denyAll], finding: { kind: 'Deployment', mentions: 'no ingress rules' }, prometheus: 'deny' },
  { title: 'a deny-all NetworkPolicy on the only workload of the input: still reported', upstream: NP, objects: [db(), denyAll], finding: { kind: 'Deployment' } },
  { title: 'NetworkPolicy admitting only 4143: 4191 is refused, reported', upstream: NP, objects: [db(), app, prom, only4143], finding: { kind: 'Deployment' }, prometheus: 'deny' },
  { title: 'NetworkPolicy admitting 4191 from every peer: not reported', upstream: NP, objects: [db(), app, prom, only4143, admin4191Everywhere], prometheus: 'allow' },
  { title: 'an unmeshed pod has no proxy admin port: not reported', upstream: NP, objects: [db(false), app, prom, denyAll], prometheus: 'deny' },
  { title: 'an admin-tier Allow of 4191 from every namespace decides before NetworkPolicy: not reported despite deny-all', upstream: ANP, objects: [db(), app, prom, denyAll, anp('Allow', allNamespaces)], prometheus: 'allow' },
  { title: 'an admin-tier Allow of 4191 from every namespace, NetworkPolicy admitting only 4143: not reported (NetworkPolicy never sees 4191)', upstream: ANP, objects: [db(), app, prom, only4143, anp('Allow', allNamespaces)], prometheus: 'allow' },
  { title: 'the same as a v1alpha2 Admin-tier ClusterNetworkPolicy Accept: not reported', upstream: 'network-policy-api apis/v1alpha2 clusternetworkpolicy_types.go (Accept)', objects: [db(), app, prom, denyAll, cnp('Accept', allNamespaces)], prometheus: 'allow' },
  { title: 'an admin-tier Allow of 4191 from monitoring only: the others still meet deny-all, reported with what the admin tier admits', upstream: ANP, objects: [db(), app, prom, denyAll, anp('Allow', [nsPeer('monitoring')])], finding: { kind: 'Deployment', mentions: 'through the admin tier' }, prometheus: 'allow' },
  { title: 'an admin-tier Deny of 4191 refuses it whatever NetworkPolicy admits: reported against the AdminNetworkPolicy', upstream: ANP, objects: [db(), app, prom, admin4191Everywhere, anp('Deny', [nsPeer('monitoring')])], finding: { kind: 'AdminNetworkPolicy' }, prometheus: 'deny' },
  { title: 'an admin-tier Pass hands 4191 to NetworkPolicy: deny-all refuses it, reported', upstream: ANP, objects: [db(), app, prom, denyAll, anp('Pass', allNamespaces)], finding: { kind: 'Deployment' }, prometheus: 'deny' },
  { title: 'no NetworkPolicy isolates the pod and the baseline tier denies 4191: reported (was missed)', upstream: BANP, objects: [db(), app, prom, banpDeny(allNamespaces)], finding: { kind: 'Deployment', mentions: 'baseline tier' }, prometheus: 'deny' },
  { title: 'a NetworkPolicy admitting 4191 from every peer takes precedence over the baseline Deny: not reported', upstream: BANP, objects: [db(), app, prom, admin4191Everywhere, banpDeny(allNamespaces)], prometheus: 'allow' },
  { title: 'a baseline Deny of 4191 on other sources only: prometheus is open, the refused app is reported', upstream: BANP, objects: [db(), app, prom, banpDeny([nsPeer('web')])], finding: { kind: 'Deployment', mentions: 'web/app' }, prometheus: 'open' },
];

describe('proxy-admin-port-blocked considers every tier deciding 4191', () => {
  it.each(cases)('$title ($upstream)', (c) => {
    const a = cluster(c.objects);
    if (c.prometheus) expect(flow(a, 'monitoring/prometheus', 'data/db', 4191).l4).toBe(c.prometheus);
    const hits = a.diagnostics.filter((d) => d.code === 'proxy-admin-port-blocked');
    if (!c.finding) return expect(hits.map((d) => d.message)).toEqual([]);
    const hit = hits.find((d) => d.object?.kind === c.finding!.kind);
    expect(hit, hits.map((d) => `${d.object?.kind}: ${d.message}`).join('\n')).toBeDefined();
    expect(hit!.workloads).toContain('data/db');
    if (c.finding.mentions) expect(hit!.message).toContain(c.finding.mentions);
  });
});

// meshed-port-rule-ineffective (§4, §7): a NetworkPolicy rule for the application port is only
// "ineffective" for meshed clients the CNI actually refuses on the proxy's inbound port — an
// admin-tier Allow of 4143 lets them in before NetworkPolicy is consulted.
const pgFromWeb = netpol('data/pg-from-web', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } } }], ports: [{ port: 5432 }] }] });
const allow4143 = adminPolicy('AdminNetworkPolicy', 'mesh-inbound', { priority: 5, subject: nsPeer('data'), ingress: [{ action: 'Allow', from: allNamespaces, ports: [{ portNumber: { protocol: 'TCP', port: 4143 } }] }] });
const INEFFECTIVE: { title: string; objects: (Obj | Obj[])[]; l4: L4Verdict; reported: boolean }[] = [
  { title: 'NetworkPolicy alone admits only 5432 to meshed clients: they arrive on 4143 and are refused — reported', objects: [db(), app, pgFromWeb], l4: 'deny', reported: true },
  { title: 'an admin-tier Allow of 4143 admits them before NetworkPolicy: the flow is allowed, nothing to report', objects: [db(), app, pgFromWeb, allow4143], l4: 'allow', reported: false },
];

describe('meshed-port-rule-ineffective considers the admin tier on the proxy inbound port', () => {
  it.each(INEFFECTIVE)('$title (' + ANP + ')', (c) => {
    const a = cluster(c.objects);
    const cell = flow(a, 'web/app', 'data/db', 5432);
    expect(cell.l4Port).toBe(4143);
    expect(cell.l4).toBe(c.l4);
    const hit = a.diagnostics.some((d) => d.code === 'meshed-port-rule-ineffective' && d.object?.kind === 'NetworkPolicy');
    expect(hit).toBe(c.reported);
  });
});
