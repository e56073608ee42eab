/**
 * The namespace overview (graph/overview.ts): one case per rule. Posture is fail-closed
 * (a layer that cannot be read gives `unknown`, never `none`/`all`); pair counts are the
 * graph's edges folded by namespace with the /api/v1/graph port filters applied first.
 * The NetworkPolicy isolation facts are Kubernetes' (kubernetes/kubernetes
 * pkg/apis/networking/types.go, NetworkPolicySpec.PolicyTypes: a pod selected by a policy of a
 * type is isolated for that direction); the default inbound policy is Linkerd's
 * (linkerd2 policy-controller/k8s/index/src/inbound/workload.rs, the pod's or namespace's
 * `config.linkerd.io/default-inbound-policy`).
 */
import { describe, expect, it } from 'vitest';
import { namespaceOverview, type Analysis, type OverviewFilter } from '../../src/index.ts';
import { cluster, deploy, namespace, netpol } from '../manifests.ts';

const denyAllIngress = (ns: string) => netpol(`${ns}/deny-ingress`, { podSelector: {}, policyTypes: ['Ingress'] });
const denyAllEgress = (ns: string) => netpol(`${ns}/deny-egress`, { podSelector: {}, policyTypes: ['Egress'] });
const isolateOne = (id: string) => netpol(`${id}-only`, { podSelector: { matchLabels: { app: id.split('/')[1] } }, policyTypes: ['Ingress'] });

function overviewOf(a: Analysis, filter?: OverviewFilter) {
  return namespaceOverview(a.graph(), { postures: a.postures(), ...(filter ? { filter } : {}) });
}
function nsOf(a: Analysis, name: string) {
  const ns = overviewOf(a).namespaces.find((n) => n.name === name);
  if (!ns) throw new Error(`no namespace ${name}`);
  return ns;
}

describe('namespace posture', () => {
  const cases: { rule: string; objects: Parameters<typeof cluster>[0]; options?: Parameters<typeof cluster>[1]; ns: string; expect: Record<string, unknown> }[] = [
    {
      rule: 'ingress isolation: every workload selected by an Ingress policy is `all`',
      objects: [namespace('a'), deploy('a/x', { ports: [80] }), deploy('a/y', { ports: [80] }), denyAllIngress('a')],
      ns: 'a',
      expect: { ingressDefaultDeny: 'all', egressDefaultDeny: 'none' },
    },
    {
      rule: 'ingress isolation: one workload of two is `some`',
      objects: [namespace('a'), deploy('a/x', { ports: [80] }), deploy('a/y', { ports: [80] }), isolateOne('a/x')],
      ns: 'a',
      expect: { ingressDefaultDeny: 'some' },
    },
    {
      rule: 'egress isolation comes from policies of type Egress only',
      objects: [namespace('a'), deploy('a/x', { ports: [80] }), denyAllEgress('a')],
      ns: 'a',
      expect: { ingressDefaultDeny: 'none', egressDefaultDeny: 'all' },
    },
    {
      rule: 'L4 unknown (forbidden to list NetworkPolicies): isolation is `unknown`, never `none`',
      objects: [namespace('a'), deploy('a/x', { ports: [80] })],
      options: { layers: { l4: { state: 'unknown', reason: 'forbidden' } } },
      ns: 'a',
      expect: { ingressDefaultDeny: 'unknown', egressDefaultDeny: 'unknown' },
    },
    {
      rule: 'no meshed workload: the default inbound policy is n/a',
      objects: [namespace('a'), deploy('a/x', { ports: [80] })],
      ns: 'a',
      expect: { l7DefaultPolicy: 'n/a' },
    },
    {
      rule: "meshed workloads take the namespace's default-inbound-policy annotation",
      objects: [namespace('a', {}, { 'config.linkerd.io/default-inbound-policy': 'deny' }), deploy('a/x', { ports: [80], meshed: true })],
      ns: 'a',
      expect: { l7DefaultPolicy: 'deny' },
    },
    {
      rule: 'meshed workloads without annotation take the cluster default (all-unauthenticated unless overridden)',
      objects: [namespace('a'), deploy('a/x', { ports: [80], meshed: true })],
      options: { linkerdDefaultPolicy: 'cluster-authenticated' },
      ns: 'a',
      expect: { l7DefaultPolicy: 'cluster-authenticated' },
    },
    {
      rule: 'meshed workloads with different defaults: mixed',
      objects: [
        namespace('a'),
        deploy('a/x', { ports: [80], meshed: true }),
        deploy('a/y', { ports: [80], meshed: true, annotations: { 'config.linkerd.io/default-inbound-policy': 'deny' } }),
      ],
      ns: 'a',
      expect: { l7DefaultPolicy: 'mixed' },
    },
    {
      rule: 'L7 unknown: the default policy of meshed workloads is unknown',
      objects: [namespace('a'), deploy('a/x', { ports: [80], meshed: true })],
      options: { layers: { l7: { state: 'unknown', reason: 'CRDs not listable' } } },
      ns: 'a',
      expect: { l7DefaultPolicy: 'unknown' },
    },
    {
      rule: 'a port every other workload reaches counts as one open port',
      objects: [namespace('a'), namespace('b'), deploy('a/x', { ports: [80, 81] }), deploy('b/y', { ports: [80] })],
      ns: 'a',
      expect: { openPorts: 2 },
    },
  ];
  for (const c of cases) {
    it(c.rule, () => {
      expect(nsOf(cluster(c.objects, c.options ?? {}), c.ns).posture).toMatchObject(c.expect);
    });
  }

  it('counts workloads, meshed workloads and findings by severity', () => {
    const a = cluster([namespace('a'), deploy('a/x', { ports: [80], meshed: true }), deploy('a/y', { ports: [80] }), netpol('a/bad', { podSelector: { matchLabels: { app: 'nobody' } }, policyTypes: ['Ingress'] })]);
    const ns = nsOf(a, 'a');
    expect(ns).toMatchObject({ workloads: 2, meshedWorkloads: 1 });
    const expected = { error: 0, warning: 0, info: 0 };
    for (const d of a.diagnostics) if (d.object?.namespace === 'a' || d.workloads?.some((w) => w.startsWith('a/'))) expected[d.severity]++;
    expect(ns.posture.findings).toEqual(expected);
    expect(expected.error + expected.warning + expected.info).toBeGreaterThan(0);
  });
});

describe('namespace pairs', () => {
  // data/db admits web/* on 5432 (L4 only); web/api admits web/app on 8080; other/z is a client
  // nobody admits, so neither port is open to all (web/app:8000 is: a badge, no edges).
  const a = cluster([
    namespace('web'),
    namespace('data'),
    namespace('other'),
    deploy('other/z'),
    deploy('web/app', { ports: [8000] }),
    deploy('web/api', { ports: [8080, 9090] }),
    deploy('data/db', { ports: [5432] }),
    netpol('data/db-from-web', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } } }], ports: [{ port: 5432 }] }],
    }),
    netpol('web/api-from-app', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'app' } } }], ports: [{ port: 8080 }] }] }),
  ]);

  it('a pair counts its workload pairs by edge class; the counts sum to flows', () => {
    const o = overviewOf(a);
    const webData = o.pairs.find((p) => p.from === 'web' && p.to === 'data')!;
    expect(webData).toEqual({ from: 'web', to: 'data', counts: { both: 0, 'l4-only': 2, 'l7-only': 0, none: 0, conflict: 0, unknown: 0 }, flows: 2, ports: 2 });
    for (const p of o.pairs) expect(Object.values(p.counts).reduce((s, n) => s + n, 0)).toBe(p.flows);
  });

  it('a flow inside one namespace is the pair (ns, ns)', () => {
    const webWeb = overviewOf(a).pairs.find((p) => p.from === 'web' && p.to === 'web')!;
    expect(webWeb.counts['l4-only']).toBe(1);
    expect(webWeb.flows).toBe(1);
  });

  it('sorted by namespace name, pairs by (from, to): the same every time', () => {
    const o = overviewOf(a);
    expect(o.namespaces.map((n) => n.name)).toEqual(['data', 'other', 'web']);
    const keys = o.pairs.map((p) => `${p.from}>${p.to}`);
    expect(keys).toEqual([...keys].sort());
    expect(overviewOf(a)).toEqual(o);
  });

  it('a port filter drops the ports it does not keep, and the pairs left with none', () => {
    const o = overviewOf(a, { ports: [{ port: 5432 }] });
    expect(o.pairs.map((p) => `${p.from}>${p.to}`)).toEqual(['web>data']);
    const none = overviewOf(a, { ports: [{ port: 1 }] });
    expect(none.pairs).toEqual([]);
  });

  it('a namespace filter keeps pairs touching it and lists the namespaces at both ends', () => {
    const o = overviewOf(a, { namespaces: ['data'] });
    expect(o.pairs.every((p) => p.from === 'data' || p.to === 'data')).toBe(true);
    expect(o.namespaces.map((n) => n.name)).toEqual(['data', 'web']);
  });

  it('a protection filter keeps ports of those classes', () => {
    expect(overviewOf(a, { protections: ['both'] }).pairs).toEqual([]);
    expect(overviewOf(a, { protections: ['l4-only'] }).pairs.length).toBeGreaterThan(0);
  });
});
