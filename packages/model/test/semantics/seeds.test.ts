/**
 * SEMANTICS.md §8 — the seeds, worked. The seed documents' manifests, rebuilt with the test
 * builders, must give the verdicts §8 lists.
 */
import { describe, expect, it } from 'vitest';
import { authz, cluster, codes, deploy, flow, linkerd, netpol, server } from '../manifests.ts';

describe('§8 seed 001 (homelab): NetworkPolicy only, nothing meshed', () => {
  const pg = deploy('postgres/postgresql', { labels: { 'app.kubernetes.io/name': 'postgresql' }, ports: [5432, 9187] });
  const objects = [
    pg,
    deploy('wikijs/wikijs', { ports: [3000] }),
    deploy('default/toolbox'),
    deploy('monitoring/grafana', { labels: { 'app.kubernetes.io/name': 'grafana' }, ports: [3000] }),
    netpol('postgres/postgres-default-deny', { podSelector: {}, policyTypes: ['Ingress'] }),
    netpol('postgres/allow-postgres-clients', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgresql' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'wikijs' } } }], ports: [{ protocol: 'TCP', port: 5432 }] },
        { from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 5432 }] },
      ],
    }),
    netpol('monitoring/monitoring-default-deny', { podSelector: {}, policyTypes: ['Ingress'] }),
    netpol('monitoring/allow-grafana-access', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 3000 }] }] }),
  ];
  const a = cluster(objects);
  it('§8 wikijs → postgres 5432: l4 allow, l7 n/a, allowed, l4-only', () => {
    expect(flow(a, 'wikijs/wikijs', 'postgres/postgresql', 5432)).toMatchObject({ l4: 'allow', l7: 'n/a', allowed: true, protection: 'l4-only' });
  });
  it('§8 default → postgres 5432: l4 deny', () => {
    expect(flow(a, 'default/toolbox', 'postgres/postgresql', 5432)).toMatchObject({ l4: 'deny', allowed: false, protection: null });
  });
  it('§8 any namespace → grafana 3000: allowed', () => {
    for (const from of ['default/toolbox', 'wikijs/wikijs', 'postgres/postgresql']) expect(flow(a, from, 'monitoring/grafana', 3000).allowed).toBe(true);
  });
  it('§8 flows between unisolated workloads are open/none', () => {
    expect(flow(a, 'postgres/postgresql', 'wikijs/wikijs', 3000)).toMatchObject({ l4: 'open', l7: 'n/a', protection: 'none' });
  });
});

describe('§8 seed 002 (service-a/service-b), both meshed', () => {
  const a_ = deploy('default/service-a', { meshed: true, sa: 'service-a', ports: [8080] });
  const b_ = deploy('default/service-b', { meshed: true, sa: 'service-b', ports: [8080] });
  const other = deploy('default/other', { meshed: true, sa: 'other' });
  const auth = [
    linkerd('MeshTLSAuthentication', 'default/service-a', { identityRefs: [{ kind: 'ServiceAccount', name: 'service-a' }] }),
    authz('default/service-a-to-b', { kind: 'Server', name: 'service-b' }, ['MeshTLSAuthentication:service-a']),
  ];
  const np = (ports: number[]) =>
    netpol('default/service-a-to-b', { podSelector: { matchLabels: { app: 'service-b' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'service-a' } } }], ports: ports.map((port) => ({ protocol: 'TCP', port })) }] });

  it('§8 as written: the Server guards service-a, so service-b:8080 falls to the default policy (open)', () => {
    const a = cluster([a_, b_, other, np([8080]), server('default/service-b', { app: 'service-a' }, 8080, { proxyProtocol: 'HTTP/2' }, 'v1beta1'), ...auth]);
    expect(flow(a, 'default/service-a', 'default/service-b', 8080).l7).toBe('open');
    expect(flow(a, 'default/other', 'default/service-a', 8080).l7).toBe('deny');
    expect(codes(a)).toContain('server-name-mismatch');
  });
  it('§8 as written: service-a → service-b:8080 is l4 deny on 4143, not allowed, meshed-port-rule-ineffective', () => {
    const a = cluster([a_, b_, other, np([8080]), server('default/service-b', { app: 'service-a' }, 8080, {}, 'v1beta1'), ...auth]);
    expect(flow(a, 'default/service-a', 'default/service-b', 8080)).toMatchObject({ l4: 'deny', l4Port: 4143, allowed: false });
    expect(codes(a)).toContain('meshed-port-rule-ineffective');
  });
  it('§8 corrected: service-a → service-b:8080 is both; other meshed clients l4 deny', () => {
    const a = cluster([a_, b_, other, np([8080, 4143]), server('default/service-b', { app: 'service-b' }, 8080, {}, 'v1beta1'), ...auth]);
    expect(flow(a, 'default/service-a', 'default/service-b', 8080)).toMatchObject({ l4: 'allow', l7: 'allow', allowed: true, protection: 'both' });
    expect(flow(a, 'default/other', 'default/service-b', 8080).l4).toBe('deny');
    expect(codes(a)).not.toContain('meshed-port-rule-ineffective');
  });
});

describe('§8 seed 000 (frontend/backend)', () => {
  const objects = [
    deploy('demo/frontend', { meshed: true, sa: 'frontend', ports: [80] }),
    deploy('demo/backend', { meshed: true, sa: 'backend', ports: [8080] }),
    deploy('demo/intruder', { meshed: true, sa: 'intruder' }),
    linkerd('NetworkAuthenticationPolicy', 'demo/frontend-can-talk-to-backend', { target: { selector: { matchLabels: { app: 'backend' } } } }),
  ];
  it('§8 NetworkAuthenticationPolicy is unknown-policy-kind and grants nothing', () => {
    const a = cluster([...objects, deploy('demo/backend', { meshed: true, sa: 'backend', ports: [8080], annotations: { 'config.linkerd.io/default-inbound-policy': 'deny' } })]);
    expect(codes(a)).toContain('unknown-policy-kind');
    expect(flow(a, 'demo/frontend', 'demo/backend', 8080).l7).toBe('deny');
  });
  it('§8 the correct equivalent: frontend → backend l7 allow, other meshed clients deny', () => {
    const a = cluster([
      ...objects,
      server('demo/backend-http', { app: 'backend' }, 8080),
      linkerd('MeshTLSAuthentication', 'demo/frontend', { identityRefs: [{ kind: 'ServiceAccount', name: 'frontend' }] }),
      authz('demo/frontend-to-backend', { kind: 'Server', name: 'backend-http' }, ['MeshTLSAuthentication:frontend']),
    ]);
    expect(flow(a, 'demo/frontend', 'demo/backend', 8080)).toMatchObject({ l7: 'allow', protection: 'l7-only' });
    expect(flow(a, 'demo/intruder', 'demo/backend', 8080).l7).toBe('deny');
  });
});
