/**
 * The workload panel's policies (query/workloadPolicies.ts) are the evaluators' own: for random
 * clusters every object a verdict cites is listed on the panel of the workload it acts for, and
 * every listed object is one the evaluator uses for that workload. Then one case per rule of
 * what "selects" means, each citing the upstream source.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diagnosticList } from '../../src/diagnostics.ts';
import { buildL4Evaluator } from '../../src/l4/buildL4Evaluator.ts';
import { buildL7Evaluator } from '../../src/l7/buildL7Evaluator.ts';
import { matchesSelector } from '../../src/selectors/labelSelector.ts';
import type { Reason, WorkloadPolicy } from '../../src/index.ts';
import { authz, cluster, deploy, linkerd, namespace, netpol, server } from '../manifests.ts';
import { APPS, NS, analysisOf, clusterArb, objectsOf, type Obj } from '../randomCluster.ts';

const key = (o: { kind?: string; namespace?: string; name?: string }) => `${o.kind}|${o.namespace ?? ''}|${o.name}`;
const keysOf = (list: readonly WorkloadPolicy[], pick: (p: WorkloadPolicy) => boolean = () => true) => new Set(list.filter(pick).map((p) => key(p.ref)));
const has = (p: WorkloadPolicy, d: 'ingress' | 'egress') => p.directions?.includes(d) === true;

/** Besides the shared random cluster: policies isolating both directions, and default-policy annotations. */
const extraArb = fc.record({
  dual: fc.array(fc.record({ ns: fc.constantFrom(...NS), app: fc.option(fc.constantFrom(...APPS), { nil: undefined }), rules: fc.boolean() }), { maxLength: 2 }),
  nsDefault: fc.option(fc.record({ ns: fc.constantFrom(...NS), policy: fc.constantFrom('deny', 'all-authenticated') }), { nil: undefined }),
});

function withExtras(base: Obj[], extra: typeof extraArb extends fc.Arbitrary<infer T> ? T : never): Obj[] {
  const out = [...base];
  extra.dual.forEach((d, i) => {
    const rules = d.rules ? [{ ports: [{ port: 80 }] }] : [];
    out.push(netpol(`${d.ns}/dual${i}`, { podSelector: d.app ? { matchLabels: { app: d.app } } : {}, policyTypes: ['Ingress', 'Egress'], ingress: rules, egress: rules }));
  });
  if (extra.nsDefault) out.push(namespace(extra.nsDefault.ns, {}, { 'config.linkerd.io/default-inbound-policy': extra.nsDefault.policy }));
  return out;
}

/** Every reason naming an object, with the workload whose panel must list it. */
function cited(from: number, to: number, reasons: { l4: Reason[]; l7: Reason[] }): { panel: number; layer: 'l4' | 'l7'; direction?: 'ingress' | 'egress'; reason: Reason }[] {
  const out: { panel: number; layer: 'l4' | 'l7'; direction?: 'ingress' | 'egress'; reason: Reason }[] = [];
  for (const r of reasons.l4) if (r.name && r.direction) out.push({ panel: r.direction === 'ingress' ? to : from, layer: 'l4', direction: r.direction, reason: r });
  for (const r of reasons.l7) if (r.name && r.kind) out.push({ panel: to, layer: 'l7', reason: r });
  return out;
}

describe('workload policies are the ones the evaluators use (property)', () => {
  it('every object a verdict cites is on the panel of the workload it acts for, in that direction', () => {
    fc.assert(
      fc.property(clusterArb, extraArb, (c, extra) => {
        const a = analysisOf(withExtras(objectsOf(c), extra));
        const n = a.table.size;
        const panels = Array.from({ length: n }, (_, i) => a.policiesOf(i));
        for (let to = 0; to < n; to++) {
          for (let from = 0; from < n; from++) {
            if (from === to) continue;
            for (const port of [80, 8080, 4143]) {
              const r = a.check({ from: a.table.at(from).id, to: a.table.at(to).id, port, protocol: 'TCP' });
              if (!r.ok) throw new Error(r.error);
              for (const x of cited(from, to, r.cell.reasons)) {
                const list = panels[x.panel]![x.layer].filter((p) => key(p.ref) === key(x.reason));
                expect(list, `${x.reason.text} → panel of ${a.table.at(x.panel).id}`).not.toHaveLength(0);
                if (x.direction) expect(list.some((p) => has(p, x.direction!)), x.reason.text).toBe(true);
              }
              // A default policy from an annotation the user wrote is on the panel.
              for (const d of r.cell.reasons.l7.filter((x) => x.role === 'default-policy')) {
                const dst = a.table.at(to);
                if (d.text.includes('(from namespace annotation)')) expect(keysOf(panels[to]!.l7, (p) => p.role === 'default-policy').has(key({ kind: 'Namespace', name: dst.namespace }))).toBe(true);
                if (d.text.includes('(from workload annotation)')) expect(keysOf(panels[to]!.l7, (p) => p.role === 'default-policy').has(key(dst.ref))).toBe(true);
              }
            }
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('every listed object is one the evaluator uses for that workload (rules, isolation, guarding Servers, attached grants)', () => {
    fc.assert(
      fc.property(clusterArb, extraArb, (c, extra) => {
        const a = analysisOf(withExtras(objectsOf(c), extra));
        const l4 = buildL4Evaluator(a.inventory, a.table, diagnosticList());
        const l7 = buildL7Evaluator(a.inventory, a.table, diagnosticList());
        for (let w = 0; w < a.table.size; w++) {
          const wl = a.table.at(w);
          const { l4: listed4, l7: listed7 } = a.policiesOf(w);
          const nps = a.inventory.networkPolicies;
          // SEMANTICS §3.1-3.3 (kubernetes pkg/apis/networking/v1/defaults.go for policyTypes): own namespace, podSelector, isolation per direction.
          const oracle = nps.filter((p) => p.namespace === wl.namespace && matchesSelector(p.podSelector, wl.labels));
          expect(keysOf(listed4, (p) => p.ref.kind === 'NetworkPolicy')).toEqual(new Set(oracle.map((p) => key(p.ref))));
          for (const dir of ['ingress', 'egress'] as const) {
            const isolating = listed4.filter((p) => p.ref.kind === 'NetworkPolicy' && has(p, dir));
            expect(isolating.length > 0).toBe(dir === 'ingress' ? l4.ingressIsolated(w) : l4.egressIsolated(w));
            const rules = dir === 'ingress' ? l4.ingressRulesFor(w) : l4.egressRulesFor(w);
            expect(new Set(rules.map((r) => key(r.policy.ref)))).toEqual(new Set(oracle.filter((p) => (dir === 'ingress' ? p.ingressIsolation : p.egressIsolation) && p[dir].length > 0).map((p) => key(p.ref))));
            expect(keysOf(isolating)).toEqual(new Set(oracle.filter((p) => (dir === 'ingress' ? p.ingressIsolation : p.egressIsolation)).map((p) => key(p.ref))));
          }
          // Admin tiers: the subject (network-policy-api apis/v1alpha1 AdminNetworkPolicySubject; never hostNetwork pods).
          const nsLabels = a.table.namespace(wl.namespace)?.labels ?? {};
          const subjects = (a.inventory.adminPolicies ?? []).filter((p) => !wl.hostNetwork && matchesSelector(p.subject.namespaceSelector, nsLabels) && (!p.subject.podSelector || matchesSelector(p.subject.podSelector, wl.labels)));
          expect(keysOf(listed4, (p) => p.ref.kind !== 'NetworkPolicy')).toEqual(new Set(subjects.map((p) => key(p.ref))));
          expect(new Set(l4.adminIngressRulesFor(w).map((r) => key(r.policy.ref)))).toEqual(new Set(subjects.filter((p) => p.tier === 'admin' && p.ingress.length > 0).map((p) => key(p.ref))));
          // L7: exactly the Servers that win some port of the workload, and what is attached to them.
          const winners = l7.serversFor(w).filter(({ server, ports }) => ports.some((p) => l7.serverFor(w, p) === server)).map(({ server }) => server);
          expect(keysOf(listed7, (p) => p.role === 'server')).toEqual(new Set(winners.map((s) => key(s.ref))));
          const grants = winners.flatMap((s) => [...l7.grantsFor(s).serverWide, ...l7.grantsFor(s).routes.flatMap((r) => r.grants)]);
          expect(keysOf(listed7, (p) => p.role === 'authorizes')).toEqual(new Set(grants.map((g) => key(g.source.ref))));
          expect(keysOf(listed7, (p) => p.role === 'route')).toEqual(new Set(winners.flatMap((s) => l7.grantsFor(s).routes.map((r) => key(r.route.ref)))));
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('workload policies, rule by rule', () => {
  const roles = (list: readonly WorkloadPolicy[]) => list.map((p) => `${p.role} ${p.ref.kind} ${p.ref.name}${p.directions ? ` [${p.directions.join('+')}]` : ''}`);
  const panel = (objects: (Obj | Obj[])[], id: string) => {
    const a = cluster(objects);
    return a.policiesOf(a.table.indexOf(id)!);
  };

  it.each([
    // kubernetes pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy: no policyTypes → Ingress, plus Egress with egress rules.
    ['no policyTypes, ingress rules only: ingress', { podSelector: {}, ingress: [{}] }, '[ingress]'],
    ['no policyTypes, egress rules: ingress and egress', { podSelector: {}, egress: [{}] }, '[ingress+egress]'],
    // An egress-only policy must show as such (issue 18): policyTypes [Egress].
    ['policyTypes [Egress]: egress only', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] }, '[egress]'],
    ['policyTypes [Ingress, Egress] without rules: both (default deny both ways)', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }, '[ingress+egress]'],
  ])('%s (defaults.go)', (_name, spec, dirs) => {
    expect(roles(panel([deploy('shop/api', { ports: [80] }), netpol('shop/p', spec)], 'shop/api').l4)).toEqual([`selects NetworkPolicy p ${dirs}`]);
  });

  it('a NetworkPolicy of another namespace, or whose podSelector misses the workload, is not listed (SEMANTICS §3.1)', () => {
    const p = panel([deploy('shop/api', { ports: [80] }), netpol('other/p', { podSelector: {} }), netpol('shop/q', { podSelector: { matchLabels: { app: 'web' } } })], 'shop/api');
    expect(p.l4).toEqual([]);
  });

  it('a Server shadowed by an older one on every port is not listed; the winner and its authorization are (linkerd2 inbound index: oldest Server wins)', () => {
    const p = panel(
      [
        deploy('shop/api', { ports: [80], meshed: true, sa: 'api' }),
        server('shop/old', { app: 'api' }, 80, {}, 'v1beta3', { creationTimestamp: '2024-01-01T00:00:00Z' }),
        server('shop/new', { app: 'api' }, 80, {}, 'v1beta3', { creationTimestamp: '2025-01-01T00:00:00Z' }),
        authz('shop/z-new', { kind: 'Server', name: 'new' }, []),
        authz('shop/z-old', { kind: 'Server', name: 'old' }, []),
      ],
      'shop/api',
    );
    expect(roles(p.l7)).toEqual(['server Server old', 'authorizes AuthorizationPolicy z-old']);
  });

  it('a Server whose port name the workload does not declare guards nothing there and is not listed (k8s/api/src/policy/server.rs Port: a string is a name)', () => {
    const p = panel([deploy('shop/api', { ports: ['http:80'], meshed: true }), server('shop/s', { app: 'api' }, 'grpc')], 'shop/api');
    expect(p.l7).toEqual([]);
  });

  it('routes a Server serves, with their authorizations and the authentications they require (linkerd2 inbound/routes.rs)', () => {
    const p = panel(
      [
        deploy('shop/api', { ports: [80], meshed: true }),
        server('shop/s', { app: 'api' }, 80, { proxyProtocol: 'HTTP/1' }),
        linkerd('HTTPRoute', 'shop/r', { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 's' }], rules: [{}] }, 'v1beta3'),
        linkerd('MeshTLSAuthentication', 'shop/m', { identities: ['*'] }),
        authz('shop/z', { kind: 'HTTPRoute', name: 'r' }, ['MeshTLSAuthentication:m']),
      ],
      'shop/api',
    );
    expect(roles(p.l7)).toEqual(['server Server s', 'route HTTPRoute r', 'authorizes AuthorizationPolicy z', 'authentication MeshTLSAuthentication m']);
  });

  it.each([
    // linkerd2 policy-controller/k8s/index/src/inbound/workload.rs: the pod's annotation; the injector copies the namespace's.
    ['namespace annotation', [namespace('shop', {}, { 'config.linkerd.io/default-inbound-policy': 'deny' }), deploy('shop/api', { ports: [80], meshed: true })], 'default-policy Namespace shop'],
    ['workload annotation', [deploy('shop/api', { ports: [80], meshed: true, annotations: { 'config.linkerd.io/default-inbound-policy': 'all-authenticated' } })], 'default-policy Deployment api'],
  ])('the default inbound policy from a %s is listed (inbound/workload.rs)', (_name, objects, expected) => {
    expect(roles(panel(objects, 'shop/api').l7)).toEqual([expected]);
  });

  it('the cluster default is no object of the workload: nothing is listed; an unmeshed workload has no default policy (SEMANTICS §5)', () => {
    expect(panel([deploy('shop/api', { ports: [80], meshed: true })], 'shop/api').l7).toEqual([]);
    expect(panel([namespace('shop', {}, { 'config.linkerd.io/default-inbound-policy': 'deny' }), deploy('shop/api', { ports: [80] })], 'shop/api').l7).toEqual([]);
  });
});
