/**
 * The snapshot summary (query/snapshotSummary.ts): the counts every front end shows, from the
 * default graph and the evaluator's postures, fail-closed where a layer could not be read.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EDGE_CLASSES, snapshotSummary } from '../../src/index.ts';
import { adminPolicy, authz, cluster, deploy, namespace, netpol, nsPeer, server } from '../manifests.ts';
import { analysisOf, clusterArb, objectsOf } from '../randomCluster.ts';

const shop = [
  namespace('shop', {}, { 'linkerd.io/inject': 'enabled' }),
  deploy('shop/web', { ports: [8080], meshed: true, sa: 'web' }),
  deploy('shop/api', { ports: [8080], meshed: true, sa: 'api' }),
  deploy('data/db', { ports: [5432] }),
  // data: default deny in; shop: api isolated for egress only.
  netpol('data/deny', { podSelector: {}, policyTypes: ['Ingress'] }),
  netpol('shop/api-egress', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{}] }),
];

describe('snapshotSummary', () => {
  const s = snapshotSummary(cluster(shop));

  it('counts workloads, the meshed share and ingress isolation of the whole snapshot', () => {
    expect(s).toMatchObject({ workloads: 3, namespacesWithWorkloads: 2, meshedWorkloads: 2, isolatedWorkloads: 1, noMesh: false, noPolicies: false });
    expect(s.meshedShare).toBeCloseTo(2 / 3);
  });

  it('per namespace: isolation counts per direction from the evaluator, and the posture', () => {
    const by = Object.fromEntries(s.perNamespace.map((n) => [n.name, n]));
    expect(by.data).toMatchObject({ workloads: 1, meshedWorkloads: 0, ingress: { isolated: 1, unknown: 0 }, egress: { isolated: 0, unknown: 0 }, posture: { ingressDefaultDeny: 'all', egressDefaultDeny: 'none', l7DefaultPolicy: 'n/a' } });
    // An egress-only policy isolates api for egress and nothing for ingress (kubernetes pkg/apis/networking/v1/defaults.go).
    expect(by.shop).toMatchObject({ workloads: 2, meshedWorkloads: 2, ingress: { isolated: 0 }, egress: { isolated: 1 }, posture: { ingressDefaultDeny: 'none', egressDefaultDeny: 'some' } });
    expect(s.perNamespace.map((n) => n.name)).toEqual([...s.perNamespace.map((n) => n.name)].sort());
  });

  it('says unknown, never none, where L4 could not be read (SEMANTICS §5.5: never replace unknown)', () => {
    const unknown = snapshotSummary(cluster(shop, { layers: { l4: { state: 'unknown', reason: 'forbidden' } } }));
    const data = unknown.perNamespace.find((n) => n.name === 'data')!;
    expect(data.ingress).toEqual({ isolated: 0, unknown: 1 });
    expect(data.posture.ingressDefaultDeny).toBe('unknown');
  });

  it.each([
    ['nothing meshed, nothing isolated, nothing authorized: both banners', [deploy('a/x', { ports: [80] }), deploy('a/y', { ports: [80] })], { noMesh: true, noPolicies: true }],
    ['a NetworkPolicy isolates something', [deploy('a/x', { ports: [80] }), deploy('a/y', { ports: [80] }), netpol('a/p', { podSelector: {}, ingress: [{}] })], { noMesh: true, noPolicies: false }],
    ['meshed, no Server: the mesh banner is off, every flow still open', [deploy('a/x', { ports: [80], meshed: true }), deploy('a/y', { ports: [80], meshed: true })], { noMesh: false, noPolicies: true }],
    ['a Server and an authorization restrict an edge', [deploy('a/x', { ports: [80], meshed: true }), deploy('a/y', { ports: [80], meshed: true }), server('a/s', { app: 'x' }, 80), authz('a/z', { kind: 'Server', name: 's' }, [])], { noMesh: false, noPolicies: false }],
    ['no workloads: no banner', [], { noMesh: false, noPolicies: false }],
    // Kubernetes NetworkPolicySpec.policyTypes: an Egress-only policy isolates its pods for egress.
    ['an egress-only NetworkPolicy isolates something: flows are not all open', [deploy('a/x', { ports: [80] }), deploy('a/y', { ports: [80] }), netpol('a/p', { podSelector: {}, policyTypes: ['Egress'] })], { noMesh: true, noPolicies: false }],
    // network-policy-api: the admin tier decides before NetworkPolicy, whatever isolates.
    ['an AdminNetworkPolicy Deny: flows are not all open', [deploy('a/x', { ports: [80] }), deploy('a/y', { ports: [80] }), adminPolicy('AdminNetworkPolicy', 'deny-a', { priority: 10, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [nsPeer('a')] }] })], { noMesh: true, noPolicies: false }],
  ])('banners: %s', (_name, objects, flags) => {
    expect(snapshotSummary(cluster(objects))).toMatchObject(flags);
  });

  it('banners: a layer that could not be read never claims every flow is open (SEMANTICS §5.5: unknown is never replaced)', () => {
    const objects = [deploy('a/x', { ports: [80] }), deploy('a/y', { ports: [80] })];
    expect(snapshotSummary(cluster(objects, { layers: { l4: { state: 'unknown', reason: 'forbidden' }, l7: { state: 'known' } } })).noPolicies).toBe(false);
    expect(snapshotSummary(cluster(objects, { layers: { l4: { state: 'known' }, l7: { state: 'unknown', reason: 'CRDs not served' } } })).noPolicies).toBe(false);
  });

  it('for random clusters: classes sum to the edges and flows, namespaces to the workloads, severities to the findings', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const a = analysisOf(objectsOf(c));
        const sum = snapshotSummary(a);
        const g = a.graph();
        expect(EDGE_CLASSES.reduce((n, k) => n + sum.edgesByClass[k], 0)).toBe(g.edges.length);
        expect(EDGE_CLASSES.reduce((n, k) => n + sum.flowsByClass[k], 0)).toBe(sum.flows);
        expect(sum.perNamespace.reduce((n, ns) => n + ns.workloads, 0)).toBe(sum.workloads);
        expect(sum.findings.error + sum.findings.warning + sum.findings.info).toBe(a.diagnostics.length);
        const postures = a.postures();
        expect(sum.perNamespace.reduce((n, ns) => n + ns.egress.isolated, 0)).toBe(postures.filter((p) => p.egressIsolated === true).length);
      }),
      { numRuns: 30 },
    );
  });
});
