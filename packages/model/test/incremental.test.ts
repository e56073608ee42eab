/**
 * Recomputing after a change reuses what the change cannot affect; the result must be exactly
 * what a fresh analysis gives — graph, diagnostics and every verdict — whatever changed.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, buildInventory, inventoryCache, type Analysis, type SourcedObject } from '../src/index.ts';
import { adminPolicy, authz, deploy, linkerd, netpol, nsPeer, server } from './manifests.ts';

type Obj = Record<string, unknown>;
const base: Obj[] = [
  ...deploy('a/web', { meshed: true, sa: 'web', ports: [8080] }),
  ...deploy('a/api', { meshed: true, sa: 'api', ports: [9090] }),
  ...deploy('b/db', { ports: [5432] }),
  ...deploy('b/cache', { ports: [6379] }),
  ...deploy('c/batch', { meshed: true, sa: 'batch' }),
  netpol('b/db-ingress', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } }], ports: [{ port: 5432 }] }] }),
  netpol('a/deny', { podSelector: {}, policyTypes: ['Ingress'] }),
  server('a/api-grpc', { app: 'api' }, 9090),
  linkerd('MeshTLSAuthentication', 'a/web', { identityRefs: [{ kind: 'ServiceAccount', name: 'web' }] }),
  authz('a/api', { kind: 'Server', name: 'api-grpc' }, ['MeshTLSAuthentication:web']),
];

const changes: { title: string; apply(objs: Obj[]): Obj[] }[] = [
  { title: 'an ingress NetworkPolicy edited', apply: (o) => o.map((x) => ((x.metadata as { name: string }).name === 'db-ingress' ? netpol('b/db-ingress', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: {} }] }] }) : x)) },
  { title: 'a NetworkPolicy added', apply: (o) => [...o, netpol('a/web-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 4143 }] }] })] },
  { title: 'a NetworkPolicy removed', apply: (o) => o.filter((x) => (x.metadata as { name: string }).name !== 'deny') },
  { title: 'an egress NetworkPolicy added', apply: (o) => [...o, netpol('c/out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }] }] })] },
  { title: 'a Server edited', apply: (o) => o.map((x) => ((x.metadata as { name: string }).name === 'api-grpc' ? server('a/api-grpc', { app: 'api' }, 9090, { accessPolicy: 'all-authenticated' }) : x)) },
  { title: 'an authentication edited', apply: (o) => o.map((x) => (x.kind === 'MeshTLSAuthentication' ? linkerd('MeshTLSAuthentication', 'a/web', { identities: ['*'] }) : x)) },
  { title: 'an AdminNetworkPolicy added (Deny from c to b)', apply: (o) => [...o, adminPolicy('AdminNetworkPolicy', 'deny-c', { priority: 5, subject: nsPeer('b'), ingress: [{ action: 'Deny', from: [nsPeer('c')] }] })] },
  { title: 'an AdminNetworkPolicy edited (Deny becomes Pass)', apply: (o) => o.map((x) => ((x.metadata as { name: string }).name === 'deny-c' ? adminPolicy('AdminNetworkPolicy', 'deny-c', { priority: 5, subject: nsPeer('b'), ingress: [{ action: 'Pass', from: [nsPeer('c')] }] }) : x)) },
  { title: 'an admin-tier ClusterNetworkPolicy added (Accept egress from a)', apply: (o) => [...o, adminPolicy('ClusterNetworkPolicy', 'a-out', { tier: 'Admin', priority: 5, subject: nsPeer('a'), egress: [{ action: 'Accept', to: [nsPeer('b')] }, { action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] })] },
  { title: 'a baseline policy added', apply: (o) => [...o, adminPolicy('BaselineAdminNetworkPolicy', 'default', { subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] })] },
  { title: 'admin-tier policies removed', apply: (o) => o.filter((x) => !String(x.apiVersion).startsWith('policy.networking.k8s.io')) },
  { title: 'a workload added', apply: (o) => [...o, ...deploy('c/new', { ports: [80] })] },
];

function snapshot(a: Analysis) {
  return { graph: a.graph(), diagnostics: a.diagnostics, cells: [...a.cells([{ port: 8080, protocol: 'TCP' }, { port: 5432, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }])] };
}

describe('recompute after a change', () => {
  it.each(changes)('$title: incremental equals fresh', ({ apply }) => {
    const cache = inventoryCache();
    const src = (objs: Obj[]): SourcedObject[] => objs.map((object) => ({ object, file: 'f.yaml' }));
    const first = buildInventory(src(base), { cache });
    const before = analyze(first.inventory, { inputDiagnostics: first.diagnostics });
    before.graph();
    const nextObjects = apply(base);
    const next = buildInventory(src(nextObjects), { cache });
    const incremental = analyze(next.inventory, { inputDiagnostics: next.diagnostics, previous: before });
    const freshInv = buildInventory(src(nextObjects));
    const fresh = analyze(freshInv.inventory, { inputDiagnostics: freshInv.diagnostics });
    expect(snapshot(incremental)).toEqual(snapshot(fresh));
  });

  it('chains of changes stay equal to fresh analyses', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: changes.length - 1 }), { minLength: 1, maxLength: 12 }), (steps) => {
        const cache = inventoryCache();
        const src = (objs: Obj[]): SourcedObject[] => objs.map((object) => ({ object, file: 'f.yaml' }));
        let objects = base;
        let current = analyze(buildInventory(src(objects), { cache }).inventory);
        current.graph();
        for (const i of steps) {
          objects = changes[i]!.apply(objects);
          current = analyze(buildInventory(src(objects), { cache }).inventory, { previous: current });
          const fresh = analyze(buildInventory(src(objects)).inventory);
          expect(snapshot(current)).toEqual(snapshot(fresh));
        }
      }),
      { numRuns: 30 },
    );
  }, 30_000);

  it('a long chain of changes to the same destinations stays incremental (the table is kept) and equal to fresh', () => {
    const cache = inventoryCache();
    const src = (objs: Obj[]): SourcedObject[] => objs.map((object) => ({ object, file: 'f.yaml' }));
    const toggled = changes[1]!.apply(base);
    let current = analyze(buildInventory(src(base), { cache }).inventory);
    current.graph();
    const table = current.table;
    for (let i = 1; i <= 20; i++) {
      const objects = i % 2 === 1 ? toggled : base;
      current = analyze(buildInventory(src(objects), { cache }).inventory, { previous: current });
      expect(current.table).toBe(table);
      expect(snapshot(current)).toEqual(snapshot(analyze(buildInventory(src(objects)).inventory)));
    }
  });

  it('starts afresh once too many earlier evaluators would stay alive (changes spread over many destinations)', () => {
    const namespaces = Array.from({ length: 12 }, (_, i) => `n${i}`);
    const workloads = namespaces.flatMap((ns) => deploy(`${ns}/app`, { ports: [80] }));
    const policy = (ns: string, port: number) => netpol(`${ns}/in`, { podSelector: {}, ingress: [{ ports: [{ port }] }] });
    const cache = inventoryCache();
    const src = (objs: Obj[]): SourcedObject[] => objs.map((object) => ({ object, file: 'f.yaml' }));
    const policies = new Map(namespaces.map((ns) => [ns, policy(ns, 80)]));
    const objectsNow = () => [...workloads, ...policies.values()];
    let current = analyze(buildInventory(src(objectsNow()), { cache }).inventory);
    current.graph();
    const tables = [current.table];
    for (const ns of namespaces) {
      policies.set(ns, policy(ns, 81));
      current = analyze(buildInventory(src(objectsNow()), { cache }).inventory, { previous: current });
      tables.push(current.table);
      expect(snapshot(current)).toEqual(snapshot(analyze(buildInventory(src(objectsNow())).inventory)));
    }
    // Each change leaves one more evaluator answering for its namespace: kept for a while, then dropped.
    expect(tables.slice(0, 7).every((t) => t === tables[0])).toBe(true);
    expect(tables.some((t) => t !== tables[0])).toBe(true);
  });

  it('an unchanged object is not parsed again, and the workloads array is kept', () => {
    const cache = inventoryCache();
    const objs = base.map((object) => ({ object, file: 'f.yaml' }));
    const a = buildInventory(objs, { cache });
    const b = buildInventory(objs, { cache });
    expect(b.inventory.workloads).toBe(a.inventory.workloads);
    expect(b.inventory.networkPolicies[0]).toBe(a.inventory.networkPolicies[0]);
  });
});

/**
 * Issue 12 rule 9: incremental equals fresh for every change to Linkerd's policy objects. A
 * random sequence of upserts and deletions over a small pool of Servers, AuthorizationPolicies
 * (Server / Namespace / HTTPRoute / GRPCRoute targets, own and other namespaces, a pruned
 * `namespace` key), MeshTLS/NetworkAuthentications (referenced across namespaces), HTTPRoutes
 * and GRPCRoutes (valid and invalid parents), ServerAuthorizations, namespace annotations and a
 * client's proxy annotations; after every step the incremental analysis must equal a fresh one.
 * On failure fast-check prints the shrunk sequence; the assertion names the failing step.
 */
describe('recompute after Linkerd policy changes (property)', () => {
  const GW = 'gateway.networking.k8s.io';
  const P = 'policy.linkerd.io';
  const APPS = ['web', 'api', 'db', 'batch'] as const;
  const workloads: Obj[] = [
    ...deploy('a/web', { meshed: true, sa: 'web', ports: [8080], ips: ['10.0.0.1'] }),
    ...deploy('a/api', { meshed: true, sa: 'api', ports: ['http:9090', 8080] }),
    ...deploy('b/db', { meshed: true, sa: 'db', ports: [5432, 8080] }),
    ...deploy('b/cache', { ports: [6379] }),
  ];
  const meta = (kind: string, apiVersion: string, id: string, spec: Obj): Obj => {
    const [ns, name] = id.split('/') as [string, string];
    return { apiVersion, kind, metadata: { name, namespace: ns }, spec };
  };
  type Op = { key: string; what: string; value: Obj | Obj[] | null };
  const del = (key: string): fc.Arbitrary<Op> => fc.constant({ key, what: `delete ${key}`, value: null });
  const ns = fc.constantFrom('a', 'b');
  const serverArb = fc
    .record({ ns, name: fc.constantFrom('s1', 's2'), app: fc.constantFrom(...APPS), port: fc.constantFrom<number | string>(8080, 9090, 'http', 5432, '8080'), proto: fc.constantFrom('HTTP/1', 'gRPC', 'opaque', 'unknown'), access: fc.constantFrom('deny', 'all-authenticated', 'all-unauthenticated') })
    .map(({ ns, name, app, port, proto, access }): Op => ({ key: `Server ${ns}/${name}`, what: `Server ${ns}/${name} app=${app} port=${JSON.stringify(port)} ${proto} ${access}`, value: server(`${ns}/${name}`, { app }, port, { proxyProtocol: proto, accessPolicy: access }) }));
  const targetArb = fc.oneof(
    fc.record({ kind: fc.constant('Server'), group: fc.constant(P), name: fc.constantFrom('s1', 's2') }),
    fc.record({ kind: fc.constant('Namespace'), group: fc.constant(''), name: fc.constantFrom('a', 'b') }),
    fc.record({ kind: fc.constant('HTTPRoute'), group: fc.constantFrom(P, GW), name: fc.constant('r1') }),
    fc.record({ kind: fc.constant('GRPCRoute'), group: fc.constant(GW), name: fc.constant('g1') }),
    fc.record({ kind: fc.constant('Server'), group: fc.constant(P), name: fc.constantFrom('s1', 's2'), namespace: ns }),
  );
  const authnRefArb = fc.oneof(
    fc.record({ group: fc.constant(P), kind: fc.constant('MeshTLSAuthentication'), name: fc.constant('m1'), namespace: ns }),
    fc.record({ group: fc.constant(P), kind: fc.constant('NetworkAuthentication'), name: fc.constant('n1'), namespace: ns }),
    fc.record({ group: fc.constant(''), kind: fc.constant('ServiceAccount'), name: fc.constantFrom(...APPS), namespace: ns }),
  );
  const policyArb = fc
    .record({ ns, name: fc.constantFrom('p1', 'p2'), target: targetArb, refs: fc.array(authnRefArb, { maxLength: 2 }) })
    .map(({ ns, name, target, refs }): Op => ({
      key: `AuthorizationPolicy ${ns}/${name}`,
      what: `AuthorizationPolicy ${ns}/${name} → ${JSON.stringify(target)} requires ${JSON.stringify(refs)}`,
      value: meta('AuthorizationPolicy', `${P}/v1alpha1`, `${ns}/${name}`, { targetRef: target, requiredAuthenticationRefs: refs }),
    }));
  const mtlsArb = fc
    .record({ ns, spec: fc.oneof(fc.constant({ identities: ['*'] }), fc.record({ identityRefs: fc.array(fc.oneof(fc.record({ kind: fc.constant('ServiceAccount'), name: fc.constantFrom(...APPS), namespace: ns }), fc.record({ kind: fc.constant('Namespace'), name: ns })), { minLength: 1, maxLength: 2 }) })) })
    .map(({ ns, spec }): Op => ({ key: `MeshTLSAuthentication ${ns}/m1`, what: `MeshTLSAuthentication ${ns}/m1 ${JSON.stringify(spec)}`, value: meta('MeshTLSAuthentication', `${P}/v1alpha1`, `${ns}/m1`, spec) }));
  const netArb = fc
    .record({ ns, cidr: fc.constantFrom('10.0.0.0/8', '203.0.113.0/24', '0.0.0.0/0') })
    .map(({ ns, cidr }): Op => ({ key: `NetworkAuthentication ${ns}/n1`, what: `NetworkAuthentication ${ns}/n1 ${cidr}`, value: meta('NetworkAuthentication', `${P}/v1alpha1`, `${ns}/n1`, { networks: [{ cidr }] }) }));
  const parentArb = fc.oneof(
    fc.record({ group: fc.constant(P), kind: fc.constant('Server'), name: fc.constantFrom('s1', 's2') }),
    fc.record({ group: fc.constant(P), kind: fc.constant('Server'), name: fc.constantFrom('s1', 's2'), namespace: ns }),
    fc.record({ group: fc.constant(P), kind: fc.constant('Server'), name: fc.constant('s1'), port: fc.constant(8080) }),
    fc.record({ kind: fc.constant('Server'), name: fc.constant('s1') }),
  );
  const routeArb = fc
    .record({ ns, grpc: fc.boolean(), gateway: fc.boolean(), parents: fc.array(parentArb, { minLength: 1, maxLength: 2 }) })
    .map(({ ns, grpc, gateway, parents }): Op => {
      const kind = grpc ? 'GRPCRoute' : 'HTTPRoute';
      const group = grpc || gateway ? GW : P;
      const name = grpc ? 'g1' : 'r1';
      return { key: `${kind} ${ns}/${name}`, what: `${group} ${kind} ${ns}/${name} parents ${JSON.stringify(parents)}`, value: meta(kind, `${group}/${group === P ? 'v1beta3' : 'v1'}`, `${ns}/${name}`, { parentRefs: parents, rules: [{}] }) };
    });
  const sazArb = fc
    .record({ ns, byName: fc.boolean(), unauth: fc.boolean(), sa: fc.constantFrom(...APPS), networks: fc.constantFrom(undefined, [], [{ cidr: '10.0.0.0/8' }]) })
    .map(({ ns, byName, unauth, sa, networks }): Op => ({
      key: `ServerAuthorization ${ns}/z1`,
      what: `ServerAuthorization ${ns}/z1 ${byName ? 'name s1' : 'all Servers'} ${unauth ? 'unauthenticated' : `sa ${sa}`} networks ${JSON.stringify(networks)}`,
      value: meta('ServerAuthorization', `${P}/v1beta1`, `${ns}/z1`, { server: byName ? { name: 's1' } : { selector: { matchLabels: {} } }, client: { ...(unauth ? { unauthenticated: true } : { meshTLS: { serviceAccounts: [{ name: sa, namespace: 'a' }] } }), ...(networks ? { networks } : {}) } }),
    }));
  const namespaceArb = fc
    .record({ ns, policy: fc.constantFrom(undefined, 'deny', 'all-authenticated', 'bogus'), requireId: fc.constantFrom(undefined, '8080', '9090,x') })
    .map(({ ns, policy, requireId }): Op => ({
      key: `Namespace ${ns}`,
      what: `Namespace ${ns} default-inbound-policy=${policy} require-identity=${requireId}`,
      value: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, annotations: { ...(policy ? { 'config.linkerd.io/default-inbound-policy': policy } : {}), ...(requireId ? { 'config.linkerd.io/proxy-require-identity-inbound-ports': requireId } : {}) } } },
    }));
  const clientArb = fc
    .record({ skip: fc.constantFrom(undefined, '8080', '9090'), policy: fc.constantFrom(undefined, 'all-authenticated', 'bogus') })
    .map(({ skip, policy }): Op => ({
      key: 'Deployment c/batch',
      what: `Deployment c/batch skip-outbound=${skip} default-inbound-policy=${policy}`,
      value: deploy('c/batch', { meshed: true, sa: 'batch', ips: ['203.0.113.5'], annotations: { ...(skip ? { 'config.linkerd.io/skip-outbound-ports': skip } : {}), ...(policy ? { 'config.linkerd.io/default-inbound-policy': policy } : {}) } }),
    }));
  const deletions = ['Server a/s1', 'Server b/s1', 'Server a/s2', 'AuthorizationPolicy a/p1', 'AuthorizationPolicy b/p1', 'MeshTLSAuthentication a/m1', 'MeshTLSAuthentication b/m1', 'NetworkAuthentication a/n1', 'HTTPRoute a/r1', 'GRPCRoute a/g1', 'ServerAuthorization a/z1', 'Namespace a'].map(del);
  const opArb: fc.Arbitrary<Op> = fc.oneof(serverArb, policyArb, policyArb, mtlsArb, netArb, routeArb, sazArb, namespaceArb, clientArb, fc.oneof(...deletions));

  function l7Snapshot(a: Analysis) {
    return { graph: a.graph(), diagnostics: a.diagnostics, cells: [...a.cells([{ port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }, { port: 5432, protocol: 'TCP' }, { port: 4191, protocol: 'TCP' }])] };
  }

  it('changing only --linkerd-default-policy re-evaluates every destination', () => {
    const cache = inventoryCache();
    const objs: SourcedObject[] = [...workloads, ...deploy('c/batch', { meshed: true, sa: 'batch' })].map((object) => ({ object, file: 'f.yaml' }));
    const before = analyze(buildInventory(objs, { cache }).inventory);
    before.graph();
    const inv = buildInventory(objs, { cache }).inventory;
    const incremental = analyze(inv, { previous: before, linkerdDefaultPolicy: 'deny' });
    const fresh = analyze(buildInventory(objs).inventory, { linkerdDefaultPolicy: 'deny' });
    expect(l7Snapshot(incremental)).toEqual(l7Snapshot(fresh));
    expect(incremental.check({ from: 'c/batch', to: 'a/web', port: 8080, protocol: 'TCP' })).toMatchObject({ ok: true, cell: { l7: 'deny' } });
  });

  it('any sequence of upserts and deletions: incremental equals fresh after every step', () => {
    const initial: Op[] = [
      { key: 'Server a/s1', what: '', value: server('a/s1', { app: 'api' }, 9090) },
      { key: 'AuthorizationPolicy a/p1', what: '', value: authz('a/p1', { kind: 'Server', name: 's1' }, ['MeshTLSAuthentication:m1']) },
      { key: 'MeshTLSAuthentication a/m1', what: '', value: linkerd('MeshTLSAuthentication', 'a/m1', { identityRefs: [{ kind: 'ServiceAccount', name: 'web' }] }) },
      // A cross-namespace NetworkAuthentication reference waiting for its authentication.
      { key: 'Server b/s1', what: '', value: server('b/s1', { app: 'db' }, 5432) },
      { key: 'AuthorizationPolicy b/p1', what: '', value: meta('AuthorizationPolicy', `${P}/v1alpha1`, 'b/p1', { targetRef: { group: P, kind: 'Server', name: 's1' }, requiredAuthenticationRefs: [{ group: P, kind: 'NetworkAuthentication', name: 'n1', namespace: 'a' }] }) },
      // Route-targeted policies waiting for their routes: a route change then changes verdicts.
      { key: 'AuthorizationPolicy a/p2', what: '', value: meta('AuthorizationPolicy', `${P}/v1alpha1`, 'a/p2', { targetRef: { group: P, kind: 'HTTPRoute', name: 'r1' }, requiredAuthenticationRefs: [{ kind: 'ServiceAccount', name: 'batch', namespace: 'c' }] }) },
      { key: 'AuthorizationPolicy b/p2', what: '', value: meta('AuthorizationPolicy', `${P}/v1alpha1`, 'b/p2', { targetRef: { group: GW, kind: 'GRPCRoute', name: 'g1' }, requiredAuthenticationRefs: [{ kind: 'ServiceAccount', name: 'batch', namespace: 'c' }] }) },
      { key: 'Deployment c/batch', what: '', value: deploy('c/batch', { meshed: true, sa: 'batch', ips: ['203.0.113.5'] }) },
    ];
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 8 }), (ops) => {
        const cache = inventoryCache();
        const src = (objs: Obj[]): SourcedObject[] => objs.map((object) => ({ object, file: 'f.yaml' }));
        const pool = new Map<string, Obj | Obj[]>(initial.map((o) => [o.key, o.value!]));
        const objects = () => [...workloads, ...[...pool.values()].flat()];
        let current = analyze(buildInventory(src(objects()), { cache }).inventory);
        current.graph();
        ops.forEach((op, step) => {
          if (op.value === null) pool.delete(op.key);
          else pool.set(op.key, op.value);
          const built = buildInventory(src(objects()), { cache });
          current = analyze(built.inventory, { inputDiagnostics: built.diagnostics, previous: current });
          const freshInv = buildInventory(src(objects()));
          const fresh = analyze(freshInv.inventory, { inputDiagnostics: freshInv.diagnostics });
          expect(l7Snapshot(current), `step ${step + 1}: ${op.what}`).toEqual(l7Snapshot(fresh));
        });
      }),
      { numRuns: 50 },
    );
  }, 60_000);
});
