/**
 * Invariants over random small clusters (fast-check): the all-sources answers (classify, used
 * by the graph) agree with the per-flow answers (explain, used by check and the matrix);
 * adding an allow rule never removes a reachable flow; a deny-all ingress policy leaves no
 * open/allow ingress to its pods; results do not depend on input order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, buildInventory, type Analysis, type SourcedObject } from '../src/index.ts';
import { adminPolicy, authz, deploy, linkerd, netpol, server } from './manifests.ts';

type Obj = Record<string, unknown>;
const APPS = ['a', 'b', 'c', 'd'];
const NS = ['x', 'y'];

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

const clusterArb = fc.record({ workloads: fc.uniqueArray(workloadArb, { minLength: 2, maxLength: 6, selector: (w) => `${w.ns}/${w.app}` }), policies: fc.array(policyArb, { maxLength: 3 }), l7: fc.array(l7Arb, { maxLength: 2 }), tiers: fc.array(tierArb, { maxLength: 3 }) });
type ClusterSpec = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function objectsOf(c: ClusterSpec): Obj[] {
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

function analysisOf(objects: Obj[]): Analysis {
  const sourced: SourcedObject[] = objects.map((object) => ({ object }));
  const { inventory } = buildInventory(sourced);
  return analyze(inventory);
}

function verdicts(a: Analysis): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of a.cells([{ port: 80, protocol: 'TCP' }, { port: 8080, protocol: 'TCP' }])) m.set(`${c.from}|${c.to}|${c.port}`, `${c.l4}/${c.l7}/${c.l4Port}/${c.allowed}`);
  return m;
}

describe('model invariants', () => {
  it('the graph (classify) agrees with check (explain) for every flow', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const a = analysisOf(objectsOf(c));
        const g = a.graph({ includeOpen: true });
        const byEdge = new Map(g.edges.flatMap((e) => e.ports.map((p) => [`${e.from}|${e.to}|${p.port}`, p] as const)));
        for (const to of a.inventory.workloads) {
          for (const p of to.ports) {
            for (const from of a.inventory.workloads) {
              if (from.id === to.id) continue;
              const r = a.check({ from: from.id, to: to.id, port: p.port, protocol: p.protocol });
              if (!r.ok) throw new Error(r.error);
              const edge = byEdge.get(`${from.id}|${to.id}|${p.port}`);
              if (edge) expect({ l4: edge.l4, l7: edge.l7, l4Port: edge.l4Port }).toEqual({ l4: r.cell.l4, l7: r.cell.l7, l4Port: r.cell.l4Port });
              else expect(r.cell.allowed === false && !(r.cell.l4 === 'allow' && r.cell.l7 === 'deny') && !((r.cell.l7 === 'allow' || r.cell.l7 === 'partial') && r.cell.l4 === 'deny')).toBe(true);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('adding an allow-all ingress rule never removes an allowed flow', () => {
    fc.assert(
      fc.property(clusterArb, fc.constantFrom(...NS), (c, ns) => {
        const before = verdicts(analysisOf(objectsOf(c)));
        const after = verdicts(analysisOf([...objectsOf(c), netpol(`${ns}/allow-all`, { podSelector: {}, ingress: [{}] })]));
        for (const [k, v] of before) if (v.endsWith('/true')) expect(after.get(k)?.endsWith('/true')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('a deny-all ingress policy leaves no open or allow L4 ingress to its pods', () => {
    fc.assert(
      fc.property(clusterArb, fc.constantFrom(...NS), (c, ns) => {
        // Without admin-tier policies: an admin Allow is meant to override NetworkPolicy.
        const objects = objectsOf({ ...c, tiers: [] }).filter((o) => o.kind !== 'NetworkPolicy' || (o.metadata as { namespace: string }).namespace !== ns);
        const a = analysisOf([...objects, netpol(`${ns}/deny-all`, { podSelector: {}, policyTypes: ['Ingress'] })]);
        for (const cell of a.cells([{ port: 80, protocol: 'TCP' }, { port: 8080, protocol: 'TCP' }])) if (cell.to.startsWith(`${ns}/`)) expect(cell.l4).toBe('deny');
      }),
      { numRuns: 60 },
    );
  });

  it('results do not depend on the order of the input', () => {
    fc.assert(
      fc.property(clusterArb, fc.integer(), (c, seed) => {
        const objects = objectsOf(c);
        const shuffled = [...objects].sort((x, y) => (JSON.stringify(x).length * 31 + seed) % 7 - (JSON.stringify(y).length * 31 + seed) % 7);
        expect(verdicts(analysisOf(shuffled))).toEqual(verdicts(analysisOf(objects)));
      }),
      { numRuns: 40 },
    );
  });
});
