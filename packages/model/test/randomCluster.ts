/**
 * Random small clusters for property tests (fast-check): a few workloads in two namespaces,
 * NetworkPolicies, Linkerd Servers with their authorizations and routes, and admin-tier
 * policies, as raw manifests (`objectsOf`), analysed the way the sources do (`analysisOf`).
 */
import fc from 'fast-check';
import { analyze, buildInventory, type Analysis, type SourcedObject } from '../src/index.ts';
import { adminPolicy, authz, deploy, linkerd, netpol, server } from './manifests.ts';

export type Obj = Record<string, unknown>;
export const APPS = ['a', 'b', 'c', 'd'];
export const NS = ['x', 'y'];

const workloadArb = fc.record({
  ns: fc.constantFrom(...NS),
  app: fc.constantFrom(...APPS),
  meshed: fc.boolean(),
  port: fc.constantFrom(80, 8080),
  ip: fc.option(fc.constantFrom('10.0.0.1', '10.1.0.1', '192.168.0.1'), { nil: undefined }),
  /** config.linkerd.io/skip-outbound-ports: this client reaches that port in plaintext (issue 12 rule 3). */
  skipOut: fc.option(fc.constantFrom('80', '8080'), { nil: undefined }),
});
const peerArb = fc.oneof(
  fc.record({ podSelector: fc.record({ matchLabels: fc.record({ app: fc.constantFrom(...APPS) }) }) }),
  fc.record({ namespaceSelector: fc.record({ matchLabels: fc.record({ 'kubernetes.io/metadata.name': fc.constantFrom(...NS) }) }) }),
  fc.constant({ ipBlock: { cidr: '10.0.0.0/8' } }),
);
const ruleArb = fc.record({ from: fc.array(peerArb, { maxLength: 2 }), ports: fc.array(fc.record({ port: fc.constantFrom(80, 8080, 4143) }), { maxLength: 2 }) });
const policyArb = fc.record({ ns: fc.constantFrom(...NS), app: fc.option(fc.constantFrom(...APPS), { nil: undefined }), egress: fc.boolean(), rules: fc.array(ruleArb, { maxLength: 2 }) });
const l7Arb = fc.record({
  ns: fc.constantFrom(...NS),
  app: fc.constantFrom(...APPS),
  port: fc.constantFrom(80, 8080),
  sa: fc.constantFrom(...APPS),
  /** The MeshTLSAuthentication's namespace: the policy's own or the other one (cross-namespace reference). */
  authnNs: fc.constantFrom(...NS),
  access: fc.constantFrom('deny', 'all-authenticated', 'all-unauthenticated'),
  target: fc.constantFrom('Server', 'Namespace', 'HTTPRoute'),
  proto: fc.constantFrom('unknown', 'HTTP/1', 'gRPC', 'opaque'),
  route: fc.boolean(),
});

/** Admin-tier policies (issue 17): both API versions, both tiers, ties on priority, IP-based peers. */
const tierPeerArb = fc.oneof(
  fc.record({ namespaces: fc.record({ matchLabels: fc.record({ 'kubernetes.io/metadata.name': fc.constantFrom(...NS) }) }) }),
  fc.record({ pods: fc.record({ namespaceSelector: fc.constant({}), podSelector: fc.record({ matchLabels: fc.record({ app: fc.constantFrom(...APPS) }) }) }) }),
  fc.constant({ networks: ['10.0.0.0/8'] }),
);
const tierRuleArb = fc.record({ action: fc.constantFrom('allow', 'deny', 'pass'), peers: fc.array(tierPeerArb, { minLength: 1, maxLength: 2 }), port: fc.option(fc.constantFrom(80, 8080, 4143), { nil: undefined }) });
const tierArb = fc.record({
  kind: fc.constantFrom('AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'),
  baseline: fc.boolean(),
  priority: fc.constantFrom(1, 2),
  ns: fc.option(fc.constantFrom(...NS), { nil: undefined }),
  egress: fc.boolean(),
  rules: fc.array(tierRuleArb, { minLength: 1, maxLength: 3 }),
});
type TierSpec = typeof tierArb extends fc.Arbitrary<infer T> ? T : never;

function tierObject(given: TierSpec, i: number): Obj {
  // One BaselineAdminNetworkPolicy at most (the singleton `default`; two would be the same object).
  const t: TierSpec = given.kind === 'BaselineAdminNetworkPolicy' && i > 0 ? { ...given, kind: 'ClusterNetworkPolicy' } : given;
  const v2 = t.kind === 'ClusterNetworkPolicy';
  const banp = t.kind === 'BaselineAdminNetworkPolicy';
  const action = (a: string) => (a === 'allow' ? (v2 ? 'Accept' : 'Allow') : a === 'deny' ? 'Deny' : banp ? 'Deny' : 'Pass');
  const rules = t.rules.map((r) => {
    // Ingress peers are pods/namespaces only.
    const peers = t.egress ? r.peers : r.peers.filter((p) => !('networks' in p));
    return {
      action: action(r.action),
      [t.egress ? 'to' : 'from']: peers.length ? peers : [{ namespaces: {} }],
      ...(r.port ? (v2 ? { protocols: [{ tcp: { destinationPort: { number: r.port } } }] } : { ports: [{ portNumber: { protocol: 'TCP', port: r.port } }] }) : {}),
    };
  });
  const subject = t.ns ? { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': t.ns } } } : { namespaces: {} };
  const spec: Obj = { subject, [t.egress ? 'egress' : 'ingress']: rules };
  if (v2) Object.assign(spec, { tier: t.baseline ? 'Baseline' : 'Admin', priority: t.priority });
  else if (!banp) spec.priority = t.priority;
  return adminPolicy(t.kind, banp ? 'default' : `t${i}`, spec);
}

export const clusterArb = fc.record({ workloads: fc.uniqueArray(workloadArb, { minLength: 2, maxLength: 6, selector: (w) => `${w.ns}/${w.app}` }), policies: fc.array(policyArb, { maxLength: 3 }), l7: fc.array(l7Arb, { maxLength: 2 }), tiers: fc.array(tierArb, { maxLength: 3 }) });
export type ClusterSpec = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

export function objectsOf(c: ClusterSpec): Obj[] {
  const out: Obj[] = [];
  for (const w of c.workloads) out.push(...deploy(`${w.ns}/${w.app}`, { meshed: w.meshed, ports: [w.port], sa: w.app, ips: w.ip ? [w.ip] : [], annotations: w.skipOut ? { 'config.linkerd.io/skip-outbound-ports': w.skipOut } : {} }));
  c.policies.forEach((p, i) => {
    const rules = p.rules.map((r) => ({ ...(r.from.length ? { [p.egress ? 'to' : 'from']: r.from } : {}), ...(r.ports.length ? { ports: r.ports } : {}) }));
    out.push(netpol(`${p.ns}/p${i}`, { podSelector: p.app ? { matchLabels: { app: p.app } } : {}, policyTypes: [p.egress ? 'Egress' : 'Ingress'], [p.egress ? 'egress' : 'ingress']: rules }));
  });
  c.l7.forEach((s, i) => {
    out.push(server(`${s.ns}/s${i}`, { app: s.app }, s.port, { accessPolicy: s.access, proxyProtocol: s.proto }));
    out.push(linkerd('MeshTLSAuthentication', `${s.authnNs}/m${i}`, { identityRefs: [{ kind: 'ServiceAccount', name: s.sa, namespace: s.ns }] }));
    if (s.route) out.push(linkerd('HTTPRoute', `${s.ns}/r${i}`, { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: `s${i}` }], rules: [{}] }, 'v1beta3'));
    const target = s.target === 'Namespace' ? { kind: 'Namespace', name: s.ns } : s.target === 'HTTPRoute' ? { kind: 'HTTPRoute', name: `r${i}` } : { kind: 'Server', name: `s${i}` };
    const policy = authz(`${s.ns}/z${i}`, target, [`MeshTLSAuthentication:m${i}`]);
    ((policy.spec as Obj).requiredAuthenticationRefs as Obj[])[0]!.namespace = s.authnNs;
    out.push(policy);
  });
  c.tiers.forEach((t, i) => out.push(tierObject(t, i)));
  return out;
}

export function analysisOf(objects: Obj[]): Analysis {
  const sourced: SourcedObject[] = objects.map((object) => ({ object }));
  const { inventory } = buildInventory(sourced);
  return analyze(inventory);
}
