import { describe, expect, it } from 'vitest';
import { buildInventory } from '../src/index.ts';
import { generateCluster } from '../bench/synthetic.ts';

describe('synthetic cluster generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(JSON.stringify(generateCluster({ workloads: 200, seed: 7 }))).toBe(JSON.stringify(generateCluster({ workloads: 200, seed: 7 })));
    expect(JSON.stringify(generateCluster({ workloads: 200, seed: 7 }))).not.toBe(JSON.stringify(generateCluster({ workloads: 200, seed: 8 })));
  });
  it('has the requested size, ~1 NetworkPolicy per workload, a third of namespaces meshed, every policy kind, and parses cleanly', () => {
    const { inventory, diagnostics } = buildInventory(generateCluster({ workloads: 600, seed: 1 }));
    expect(inventory.workloads).toHaveLength(600);
    expect(inventory.networkPolicies.length / 600).toBeGreaterThan(0.9);
    const meshedNs = new Set(inventory.workloads.filter((w) => w.meshed).map((w) => w.namespace));
    expect(meshedNs.size / inventory.namespaces.filter((n) => n.name.startsWith('ns-')).length).toBeCloseTo(1 / 3, 1);
    for (const k of ['servers', 'authorizationPolicies', 'meshTLSAuthentications', 'networkAuthentications', 'httpRoutes'] as const) expect(inventory[k].length).toBeGreaterThan(0);
    const linkerdObjects = inventory.servers.length + inventory.authorizationPolicies.length + inventory.meshTLSAuthentications.length + inventory.httpRoutes.length + inventory.networkAuthentications.length;
    expect(linkerdObjects / 600).toBeGreaterThan(0.4);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
