/**
 * Recomputing after a change set reuses what the change cannot affect; the result must be
 * exactly what a fresh analysis of the same objects gives — graph, diagnostics and every
 * verdict — whatever changed. Change sets are applied to the model's index (index/modelIndex.ts)
 * as a source emits them: apply(key, object) / delete(key) / reset, the contract of linkerd2's
 * IndexNamespacedResource (policy-controller/k8s/index/src/inbound/index.rs).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, buildInventory, ModelIndex, resetTo, type Analysis, type ChangeSet, type SourcedObject } from '../src/index.ts';
import type { AnalyzeOptions } from '../src/analysis/types.ts';
import { adminPolicy, authz, deploy, linkerd, linkerdConfig, namespace, netpol, nsPeer, server } from './manifests.ts';

type Obj = Record<string, unknown>;
const sourced = (object: Obj): SourcedObject => ({ object, file: 'f.yaml' });
/** A test's key for an object: what a live source keys it by (group, kind, namespace, name). */
const keyOf = (o: Obj) => {
  const m = o.metadata as { name?: string; namespace?: string };
  return `${String(o.apiVersion).split('/')[0]}|${String(o.kind)}|${m.namespace ?? ''}|${m.name ?? ''}`;
};
const resetOf = (objs: Obj[]): ChangeSet => resetTo(objs.map(sourced), (o) => keyOf(o.object));
/** The change set from `before` to `after` as a source knows it: the objects it replaced (new values), added and removed. */
function changesBetween(before: Obj[], after: Obj[]): ChangeSet {
  const was = new Map(before.map((o) => [keyOf(o), o]));
  const now = new Map(after.map((o) => [keyOf(o), o]));
  const set: ChangeSet = { changes: [] };
  for (const [k, o] of now) if (was.get(k) !== o) set.changes.push({ type: 'apply', key: k, object: sourced(o) });
  for (const k of was.keys()) if (!now.has(k)) set.changes.push({ type: 'delete', key: k });
  return set;
}
/** A fresh analysis of exactly the objects the index holds, not through the index. */
function freshOf(objects: SourcedObject[], options: AnalyzeOptions = {}): Analysis {
  const built = buildInventory(objects);
  return analyze(built.inventory, { ...options, inputDiagnostics: built.diagnostics });
}
function started(objs: Obj[], options: AnalyzeOptions = {}): { index: ModelIndex; current: Analysis } {
  const index = new ModelIndex();
  index.apply(resetOf(objs));
  const current = index.analyze({}, options);
  current.graph();
  return { index, current };
}

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

describe('recompute after a change set', () => {
  it.each(changes)('$title: incremental equals fresh', ({ apply }) => {
    const { index } = started(base);
    const nextObjects = apply(base);
    index.apply(changesBetween(base, nextObjects));
    const incremental = index.analyze();
    expect(index.objects().map((o) => keyOf(o.object)).sort()).toEqual(nextObjects.map(keyOf).sort());
    expect(snapshot(incremental)).toEqual(snapshot(freshOf(index.objects())));
  });

  it('chains of changes stay equal to fresh analyses', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: changes.length - 1 }), { minLength: 1, maxLength: 12 }), (steps) => {
        let objects = base;
        const { index } = started(objects);
        for (const i of steps) {
          const next = changes[i]!.apply(objects);
          index.apply(changesBetween(objects, next));
          objects = next;
          expect(snapshot(index.analyze())).toEqual(snapshot(freshOf(index.objects())));
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('a long chain of changes to the same destinations stays incremental (the table is kept) and equal to fresh', () => {
    const toggled = changes[1]!.apply(base);
    const { index, current: first } = started(base);
    const table = first.table;
    for (let i = 1; i <= 20; i++) {
      index.apply(i % 2 === 1 ? changesBetween(base, toggled) : changesBetween(toggled, base));
      const current = index.analyze();
      expect(current.table).toBe(table);
      expect(snapshot(current)).toEqual(snapshot(freshOf(index.objects())));
    }
  });

  it('starts afresh once too many earlier evaluators would stay alive (changes spread over many destinations)', () => {
    const namespaces = Array.from({ length: 12 }, (_, i) => `n${i}`);
    const workloads = namespaces.flatMap((ns) => deploy(`${ns}/app`, { ports: [80] }));
    const policy = (ns: string, port: number) => netpol(`${ns}/in`, { podSelector: {}, ingress: [{ ports: [{ port }] }] });
    const policies = new Map(namespaces.map((ns) => [ns, policy(ns, 80)]));
    const objectsNow = () => [...workloads, ...policies.values()];
    const { index, current: first } = started(objectsNow());
    const tables = [first.table];
    for (const ns of namespaces) {
      const before = objectsNow();
      policies.set(ns, policy(ns, 81));
      index.apply(changesBetween(before, objectsNow()));
      const current = index.analyze();
      tables.push(current.table);
      expect(snapshot(current)).toEqual(snapshot(freshOf(index.objects())));
    }
    // Each change leaves one more evaluator answering for its namespace: kept for a while, then dropped.
    expect(tables.slice(0, 7).every((t) => t === tables[0])).toBe(true);
    expect(tables.some((t) => t !== tables[0])).toBe(true);
  });

  it('an object no change set touched is not parsed again, and the workloads array is kept while no workload changes', () => {
    const { index, current: a } = started(base);
    index.apply({ changes: [] });
    const b = index.analyze();
    expect(b.inventory.workloads).toBe(a.inventory.workloads);
    expect(b.inventory.networkPolicies[0]).toBe(a.inventory.networkPolicies[0]);
    // A policy changed: still the same workloads; a workload added: new ones.
    index.apply(changesBetween(base, changes[0]!.apply(base)));
    expect(index.analyze().inventory.workloads).toBe(a.inventory.workloads);
    index.apply(changesBetween(base, changes[11]!.apply(base)));
    expect(index.analyze().inventory.workloads).not.toBe(a.inventory.workloads);
  });

  it('apply / delete / reset (IndexNamespacedResource): an apply replaces its key, a delete of an unknown key does nothing, a reset drops every key it does not apply', () => {
    const index = new ModelIndex();
    index.apply(resetOf(base));
    expect(index.size).toBe(base.length);
    index.apply({ changes: [{ type: 'delete', key: 'no such key' }] });
    expect(index.size).toBe(base.length);
    const edited = changes[0]!.apply(base).find((o) => (o.metadata as { name: string }).name === 'db-ingress')!;
    index.apply({ changes: [{ type: 'apply', key: keyOf(edited), object: sourced(edited) }] });
    expect(index.size).toBe(base.length);
    expect(index.objects().some((o) => o.object === edited)).toBe(true);
    index.apply(resetOf(base.slice(0, 3)));
    expect(index.objects().map((o) => keyOf(o.object)).sort()).toEqual(base.slice(0, 3).map(keyOf).sort());
  });
});

/**
 * Issue 18: every kind of object, applied and deleted in random change sets (several changes per
 * set, resets, two keys holding the same identity — a duplicate whose winner flips): incremental
 * equals a fresh analysis of the same objects after every step.
 */
describe('recompute after random change sets of every kind (property)', () => {
  const nsArb = fc.constantFrom('a', 'b', 'c');
  const appArb = fc.constantFrom('web', 'api', 'db');
  type Put = { what: string; value: Obj[] };
  const objectArb: fc.Arbitrary<Put> = fc.oneof(
    fc.record({ ns: nsArb, team: fc.constantFrom('x', 'y'), policy: fc.constantFrom(undefined, 'deny', 'all-authenticated') }).map(({ ns, team, policy }): Put => ({ what: `Namespace ${ns} team=${team} ${policy ?? ''}`, value: [namespace(ns, { team }, policy ? { 'config.linkerd.io/default-inbound-policy': policy } : {})] })),
    fc.record({ ns: nsArb, app: appArb, meshed: fc.boolean(), port: fc.constantFrom(8080, 9090, 5432), tier: fc.constantFrom('front', 'back') }).map(({ ns, app, meshed, port, tier }): Put => ({ what: `Deployment ${ns}/${app} meshed=${meshed} ${port} tier=${tier}`, value: deploy(`${ns}/${app}`, { meshed, sa: app, ports: [port], labels: { tier } }) })),
    fc.record({ ns: nsArb, app: appArb, port: fc.constantFrom(8080, 9090) }).map(({ ns, app, port }): Put => ({ what: `Service ${ns}/${app} -> ${port}`, value: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: app, namespace: ns }, spec: { selector: { app }, ports: [{ port: 80, targetPort: port }] } }] })),
    fc.record({ ns: nsArb, name: fc.constantFrom('p1', 'p2'), app: fc.constantFrom(undefined, 'web', 'db'), from: fc.constantFrom('any', 'a', 'front', 'none', 'cidr'), port: fc.constantFrom(undefined, 8080, 5432), egress: fc.boolean() }).map(({ ns, name, app, from, port, egress }): Put => {
      // 'cidr': an ipBlock peer, which is what the outside peer's carried state depends on.
      const peer = from === 'a' ? [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } }] : from === 'front' ? [{ podSelector: { matchLabels: { tier: 'front' } } }] : from === 'cidr' ? [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] : undefined;
      const rule = from === 'none' ? undefined : { ...(peer ? { from: peer } : {}), ...(port ? { ports: [{ port }] } : {}) };
      const spec: Obj = { podSelector: app ? { matchLabels: { app } } : {}, policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'], ...(rule ? { ingress: [rule] } : {}), ...(egress ? { egress: [{ ...(from === 'cidr' ? { to: peer } : {}), ports: [{ port: 5432 }] }] } : {}) };
      return { what: `NetworkPolicy ${ns}/${name} ${JSON.stringify(spec)}`, value: [netpol(`${ns}/${name}`, spec)] };
    }),
    nsArb.map((ns): Put => ({ what: `invalid NetworkPolicy ${ns}/bad`, value: [netpol(`${ns}/bad`, { podSelector: { matchExpressions: [{ key: 'app', operator: 'Bogus' }] } })] })),
    // proxyProtocol opaque: under a transparent-mode linkerd-config it moves the port the CNI sees (workloads' opaqueTransportPorts).
    fc.record({ ns: nsArb, app: appArb, port: fc.constantFrom(8080, 9090), access: fc.constantFrom('deny', 'all-authenticated'), opaque: fc.boolean() }).map(({ ns, app, port, access, opaque }): Put => ({ what: `Server ${ns}/s1 app=${app} ${port} ${access}${opaque ? ' opaque' : ''}`, value: [server(`${ns}/s1`, { app }, port, { accessPolicy: access, ...(opaque ? { proxyProtocol: 'opaque' } : {}) })] })),
    fc.record({ ns: nsArb, target: fc.constantFrom('Server', 'Namespace') }).map(({ ns, target }): Put => ({ what: `AuthorizationPolicy ${ns}/p1 -> ${target}`, value: [authz(`${ns}/p1`, { kind: target, name: target === 'Server' ? 's1' : ns }, ['MeshTLSAuthentication:m1'])] })),
    fc.record({ ns: nsArb, sa: appArb }).map(({ ns, sa }): Put => ({ what: `MeshTLSAuthentication ${ns}/m1 sa=${sa}`, value: [linkerd('MeshTLSAuthentication', `${ns}/m1`, { identityRefs: [{ kind: 'ServiceAccount', name: sa, namespace: 'a' }] })] })),
    fc.record({ ns: nsArb, cidr: fc.constantFrom('10.0.0.0/8', '0.0.0.0/0') }).map(({ ns, cidr }): Put => ({ what: `NetworkAuthentication ${ns}/n1 ${cidr}`, value: [linkerd('NetworkAuthentication', `${ns}/n1`, { networks: [{ cidr }] })] })),
    nsArb.map((ns): Put => ({ what: `HTTPRoute ${ns}/r1`, value: [linkerd('HTTPRoute', `${ns}/r1`, { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 's1' }], rules: [{}] }, 'v1beta3')] })),
    fc.record({ net: fc.constantFrom('10.0.0.0/8', '0.0.0.0/0'), transparent: fc.boolean() }).map(({ net, transparent }): Put => ({ what: `linkerd-config ${net}${transparent ? ' transparent' : ''}`, value: [linkerdConfig(`clusterNetworks: "${net}"\n${transparent ? 'proxy:\n  outboundTransportMode: transparent\n' : ''}`)] })),
    fc.record({ baseline: fc.boolean(), action: fc.constantFrom('Deny', 'Allow', 'Pass'), to: nsArb, from: nsArb }).map(({ baseline, action, to, from }): Put => {
      const act = baseline && action === 'Pass' ? 'Deny' : action;
      const kind = baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy';
      return { what: `${kind} ${act} ${from} -> ${to}`, value: [adminPolicy(kind, baseline ? 'default' : 'tier', { ...(baseline ? {} : { priority: 5 }), subject: nsPeer(to), ingress: [{ action: act, from: [nsPeer(from)] }] })] };
    }),
  );
  /** A slot is a source key; two slots may hold objects of the same identity (a duplicate). */
  const slotArb = fc.constantFrom('s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7');
  const opArb = fc.record({ slot: slotArb, put: fc.option(objectArb, { freq: 4 }) });
  const setArb = fc.record({ reset: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), ops: fc.array(opArb, { minLength: 1, maxLength: 4 }) });
  const initial: Obj[] = [...deploy('a/web', { meshed: true, sa: 'web', ports: [8080] }), ...deploy('b/db', { ports: [5432] }), ...deploy('c/api', { meshed: true, sa: 'api', ports: [9090] })];
  const ports = [
    { port: 8080, protocol: 'TCP' as const },
    { port: 9090, protocol: 'TCP' as const },
    { port: 5432, protocol: 'TCP' as const },
  ];
  // The inventory too: the model index may build it by replacing objects in place (issue 19).
  const view = (a: Analysis) => ({ inventory: a.inventory, graph: a.graph(), diagnostics: a.diagnostics, cells: [...a.cells(ports)], postures: a.postures() });

  it('incremental equals fresh after every change set', () => {
    fc.assert(
      fc.property(fc.array(setArb, { minLength: 1, maxLength: 8 }), (sets) => {
        const { index } = started(initial);
        // A slot's objects are keyed `slot#i`; an apply to a slot replaces all of them.
        const held = new Map<string, number>();
        sets.forEach((s, step) => {
          const set: ChangeSet = { ...(s.reset ? { reset: true } : {}), changes: [] };
          if (s.reset) held.clear();
          for (const { slot, put } of s.ops) {
            const had = held.get(slot) ?? 0;
            const objs = put?.value ?? [];
            objs.forEach((o, i) => set.changes.push({ type: 'apply', key: `${slot}#${i}`, object: sourced(o) }));
            for (let i = objs.length; i < had; i++) set.changes.push({ type: 'delete', key: `${slot}#${i}` });
            held.set(slot, objs.length);
          }
          index.apply(set);
          const what = s.ops.map((o) => `${o.slot}: ${o.put ? o.put.what : 'delete'}`).join('; ');
          expect(view(index.analyze()), `step ${step + 1}${s.reset ? ' (reset)' : ''}: ${what}`).toEqual(view(freshOf(index.objects())));
        });
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  /**
   * Issue 19: when a change set only replaces objects (no key added or deleted), the model index
   * builds the inventory by putting the new values in the old ones' places (modelIndex.ts
   * replaceInPlace) — or falls back to a full build when a value moves to another list, has
   * findings or an unknown scope. Every slot holds one object from the start; each change set
   * replaces one to three of them; the inventory and the analysis must equal a fresh one.
   */
  it('replacing objects in place (no key added or deleted): inventory and analysis equal fresh after every change set', () => {
    const single = objectArb.filter((p) => p.value.length === 1);
    // Each slot mostly holds one kind in one namespace (what replaceInPlace takes in place), now
    // and then anything (another list, a workload: a full build). Objects are renamed after
    // their slot so that two slots never hold one identity (duplicates take a full build).
    const slots: [kind: string, ns: string][] = [['NetworkPolicy', 'a'], ['NetworkPolicy', 'b'], ['Service', 'a'], ['Server', 'b'], ['AuthorizationPolicy', 'c'], ['MeshTLSAuthentication', 'a'], ['NetworkAuthentication', 'b'], ['HTTPRoute', 'c']];
    const inSlot = (k: number, o: Obj): Obj => {
      if (o.kind === 'Namespace' || o.kind === 'ConfigMap') return o;
      const m = o.metadata as { name: string };
      return { ...o, metadata: { ...m, name: `${m.name}-s${k}` } };
    };
    const family = (k: number) => single.filter((p) => p.value[0]!.kind === slots[k]![0] && (p.value[0]!.metadata as { namespace?: string }).namespace === slots[k]![1]);
    const replacement = fc.nat(7).chain((k) => fc.record({ k: fc.constant(k), put: fc.oneof({ weight: 5, arbitrary: family(k) }, { weight: 1, arbitrary: single }) }));
    const firsts = fc.tuple(...slots.map((_, k) => family(k)));
    fc.assert(
      fc.property(firsts, fc.array(fc.array(replacement, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }), (first, sets) => {
        const { index } = started(initial);
        index.apply({ changes: first.map((put, k) => ({ type: 'apply' as const, key: `s${k}`, object: sourced(inSlot(k, put.value[0]!)) })) });
        expect(view(index.analyze())).toEqual(view(freshOf(index.objects())));
        sets.forEach((ops, step) => {
          index.apply({ changes: ops.map(({ k, put }) => ({ type: 'apply' as const, key: `s${k}`, object: sourced(inSlot(k, put.value[0]!)) })) });
          const what = ops.map((o) => `s${o.k}: ${o.put.what}`).join('; ');
          expect(view(index.analyze()), `step ${step + 1}: ${what}`).toEqual(view(freshOf(index.objects())));
        });
      }),
      { numRuns: 60 },
    );
  }, 120_000);
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

  it('transparent outbound transport: a Server replaced in place with proxyProtocol opaque moves the port the CNI sees (the workloads are built again)', () => {
    // linkerd2 controller/api/destination/watcher/endpoints_watcher.go SetToServerProtocol; outboundTransport.ts.
    const transparent = linkerdConfig('proxy:\n  outboundTransportMode: transparent\n');
    const only8080 = netpol('a/api-in', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port: 8080 }] }] });
    const objs = [...deploy('a/api', { meshed: true, sa: 'api', ports: [8080] }), ...deploy('b/web', { meshed: true, sa: 'web' }), transparent, only8080, server('a/s1', { app: 'api' }, 8080)];
    const { index, current } = started(objs);
    expect(current.check({ from: 'b/web', to: 'a/api', port: 8080, protocol: 'TCP' })).toMatchObject({ ok: true, cell: { l4: 'allow', l4Port: 8080 } });
    const opaque = server('a/s1', { app: 'api' }, 8080, { proxyProtocol: 'opaque' });
    index.apply({ changes: [{ type: 'apply', key: keyOf(opaque), object: sourced(opaque) }] });
    const incremental = index.analyze();
    const fresh = freshOf(index.objects());
    expect(incremental.check({ from: 'b/web', to: 'a/api', port: 8080, protocol: 'TCP' })).toMatchObject({ ok: true, cell: { l4: 'deny', l4Port: 4143 } });
    expect(l7Snapshot(incremental)).toEqual(l7Snapshot(fresh));
  });

  it('changing only --linkerd-default-policy re-evaluates every destination', () => {
    const objs = [...workloads, ...deploy('c/batch', { meshed: true, sa: 'batch' })];
    const { index } = started(objs);
    const incremental = index.analyze({}, { linkerdDefaultPolicy: 'deny' });
    const fresh = freshOf(index.objects(), { linkerdDefaultPolicy: 'deny' });
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
        const pool = new Map<string, Obj | Obj[]>(initial.map((o) => [o.key, o.value!]));
        const objects = () => [...workloads, ...[...pool.values()].flat()];
        const { index } = started(objects());
        ops.forEach((op, step) => {
          const before = objects();
          if (op.value === null) pool.delete(op.key);
          else pool.set(op.key, op.value);
          index.apply(changesBetween(before, objects()));
          const current = index.analyze();
          const fresh = freshOf(index.objects());
          expect(l7Snapshot(current), `step ${step + 1}: ${op.what}`).toEqual(l7Snapshot(fresh));
        });
      }),
      { numRuns: 50 },
    );
  }, 60_000);
});
