/**
 * The benchmark's synthetic cluster (bench/synthetic.ts): deterministic, the requested size, every
 * kind the model reads, parseable without a diagnostic, self-consistent references, and the same
 * objects once written to disk (bench/writeSynthetic.ts) and read back.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, buildInventory, parseManifests } from '../src/index.ts';
import { generateCluster } from '../bench/synthetic.ts';
import { writeSynthetic } from '../bench/writeSynthetic.ts';

const kindsOf = (objects: ReturnType<typeof generateCluster>) => {
  const counts = new Map<string, number>();
  for (const { object } of objects) counts.set(String(object.kind), (counts.get(String(object.kind)) ?? 0) + 1);
  return counts;
};

describe('synthetic cluster generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(JSON.stringify(generateCluster({ workloads: 200, seed: 7 }))).toBe(JSON.stringify(generateCluster({ workloads: 200, seed: 7 })));
    expect(JSON.stringify(generateCluster({ workloads: 200, seed: 7 }))).not.toBe(JSON.stringify(generateCluster({ workloads: 200, seed: 8 })));
  });

  // The counting logic at two small sizes; the bench (bench/run.ts) builds the 10,000-workload cluster.
  it.each([200, 1000])('makes exactly %i workloads in namespaces of 25, with a ServiceAccount for each account named', (workloads) => {
    const objects = generateCluster({ workloads, seed: 1 });
    const counts = kindsOf(objects);
    expect((counts.get('Deployment') ?? 0) + (counts.get('StatefulSet') ?? 0)).toBe(workloads);
    expect(counts.get('Namespace')).toBe(Math.ceil(workloads / 25) + 1); // + linkerd
    const accounts = new Set(objects.filter((o) => o.object.kind === 'ServiceAccount').map((o) => `${(o.object.metadata as { namespace: string }).namespace}/${(o.object.metadata as { name: string }).name}`));
    for (const { object } of objects.filter((o) => o.object.kind === 'Deployment' || o.object.kind === 'StatefulSet')) {
      const sa = (object as { spec: { template: { spec: { serviceAccountName?: string } } } }).spec.template.spec.serviceAccountName;
      if (sa) expect(accounts).toContain(`${(object.metadata as { namespace: string }).namespace}/${sa}`);
    }
  });

  it('has every kind, ~1 NetworkPolicy and ~0.5 Linkerd policy object per workload, a third of namespaces meshed, 1–3 ports', () => {
    for (const seed of [1, 2, 3]) {
      const objects = generateCluster({ workloads: 600, seed });
      const counts = kindsOf(objects);
      for (const k of ['Namespace', 'ServiceAccount', 'Deployment', 'StatefulSet', 'ConfigMap', 'NetworkPolicy', 'Server', 'AuthorizationPolicy', 'MeshTLSAuthentication', 'NetworkAuthentication', 'HTTPRoute', 'ServerAuthorization']) {
        expect(counts.get(k), `${k} (seed ${seed})`).toBeGreaterThan(0);
      }
      const { inventory, diagnostics } = buildInventory(objects);
      expect(diagnostics).toEqual([]);
      expect(inventory.workloads).toHaveLength(600);
      expect(inventory.networkPolicies.length / 600).toBeGreaterThan(0.9);
      expect(inventory.networkPolicies.some((p) => p.egressIsolation)).toBe(true);
      const linkerd = inventory.servers.length + inventory.authorizationPolicies.length + inventory.meshTLSAuthentications.length + inventory.httpRoutes.length + inventory.networkAuthentications.length + inventory.serverAuthorizations.length;
      expect(linkerd / 600).toBeGreaterThan(0.4);
      expect(linkerd / 600).toBeLessThan(0.9);
      const meshedNs = new Set(inventory.workloads.filter((w) => w.meshed).map((w) => w.namespace));
      expect(meshedNs.size / inventory.namespaces.filter((n) => n.name.startsWith('ns-')).length).toBeCloseTo(1 / 3, 1);
      for (const w of inventory.workloads) expect(w.ports.length).toBeGreaterThanOrEqual(1);
      expect(Math.max(...inventory.workloads.map((w) => w.ports.length))).toBe(3);
      expect(inventory.workloads.some((w) => w.ports.some((p) => p.name === undefined))).toBe(true);
      expect(inventory.linkerdConfig?.trustDomain).toBe('cluster.local');
    }
  });

  it('references resolve: no dangling reference, no Server or named port that selects nothing', () => {
    const { inventory, diagnostics } = buildInventory(generateCluster({ workloads: 600, seed: 1 }));
    const codes = new Set(analyze(inventory, { inputDiagnostics: diagnostics }).diagnostics.map((d) => d.code));
    for (const c of ['dangling-reference', 'server-selects-nothing', 'server-conflict', 'named-port-unresolved', 'invalid-object']) expect(codes).not.toContain(c);
    // The deliberate mistakes are there.
    for (const c of ['meshed-port-rule-ineffective', 'proxy-port-opens-all', 'dead-l7-rule']) expect(codes).toContain(c);
  });

  it('writes one YAML file per namespace that reads back to the same objects', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accessgraph-synthetic-'));
    try {
      const objects = generateCluster({ workloads: 200, seed: 1 });
      const files = writeSynthetic(200, 1, dir);
      expect(files).toBe(Math.ceil(200 / 25) + 1);
      const names = readdirSync(dir).sort();
      expect(names).toContain('linkerd.yaml');
      expect(names).toContain('ns-0000.yaml');
      const parsed = parseManifests(names.map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') })));
      expect(parsed.diagnostics).toEqual([]);
      const key = (o: Record<string, unknown>) => JSON.stringify(o);
      expect(parsed.objects.map((o) => key(o.object)).sort()).toEqual(objects.map((o) => key(o.object)).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
