/**
 * Invariants over random small clusters (fast-check): the all-sources answers (classify, used
 * by the graph) agree with the per-flow answers (explain, used by check and the matrix);
 * adding an allow rule never removes a reachable flow; a deny-all ingress policy leaves no
 * open/allow ingress to its pods; results do not depend on input order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Analysis } from '../src/index.ts';
import { netpol } from './manifests.ts';
import { NS, analysisOf, clusterArb, objectsOf } from './randomCluster.ts';

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
