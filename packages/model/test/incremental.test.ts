/**
 * Recomputing after a change reuses what the change cannot affect; the result must be exactly
 * what a fresh analysis gives — graph, diagnostics and every verdict — whatever changed.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, buildInventory, inventoryCache, type Analysis, type SourcedObject } from '../src/index.ts';
import { authz, deploy, linkerd, netpol, server } from './manifests.ts';

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
  });

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
