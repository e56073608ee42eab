/**
 * Issue 19: buildL4Evaluator keeps its policy index per policy cache (one per workload table) and
 * re-indexes only the namespaces whose ingress-isolating policies changed, and the egress index
 * only when the egress-isolating policies did. Property: over random sequences of policy lists
 * drawn from one pool of parsed policies (so unchanged policies are the same objects, as the
 * model index keeps them), the carried evaluator answers exactly as one built from nothing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildInventory } from '../../src/index.ts';
import { buildL4Evaluator } from '../../src/l4/buildL4Evaluator.ts';
import { WorkloadTable } from '../../src/selectors/workloadTable.ts';
import { diagnosticList } from '../../src/diagnostics.ts';
import { declaredPorts } from '../../src/graph/buildGraph.ts';
import { clusterArb, objectsOf } from '../randomCluster.ts';

describe('L4 policy index carried across builds (issue 19)', () => {
  it('equals a build from nothing after every step of a random sequence of policy lists', () => {
    fc.assert(
      fc.property(
        clusterArb,
        fc.array(clusterArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(fc.nat(), { maxLength: 8 }), { minLength: 1, maxLength: 5 }),
        (base, more, steps) => {
          // One pool of parsed policies over the base cluster's workloads.
          const spec = { ...base, tiers: [], policies: [...base.policies, ...more.flatMap((m) => m.policies)] };
          const { inventory } = buildInventory(objectsOf(spec).map((object) => ({ object, file: 'f.yaml' })));
          const pool = inventory.networkPolicies;
          const table = new WorkloadTable(inventory.workloads, inventory.namespaces);
          const cache = new WeakMap();
          for (const picks of steps) {
            const policies = pool.length === 0 ? [] : picks.map((k) => pool[k % pool.length]!).filter((p, i, all) => all.indexOf(p) === i);
            const inv = { ...inventory, networkPolicies: policies };
            const carried = buildL4Evaluator(inv, table, diagnosticList(), cache);
            const fresh = buildL4Evaluator(inv, table, diagnosticList());
            const rules = (rs: readonly { policy: unknown; rule: unknown }[]) => rs.map((r) => [r.policy, r.rule]);
            for (let w = 0; w < table.size; w++) {
              expect(carried.ingressIsolated(w)).toBe(fresh.ingressIsolated(w));
              expect(carried.egressIsolated(w)).toBe(fresh.egressIsolated(w));
              expect(rules(carried.ingressRulesFor(w))).toEqual(rules(fresh.ingressRulesFor(w)));
              expect(rules(carried.egressRulesFor(w))).toEqual(rules(fresh.egressRulesFor(w)));
              expect(carried.policiesSelecting(w)).toEqual(fresh.policiesSelecting(w));
              for (const { port, protocol } of [...declaredPorts(table.at(w)), { port: 4143, protocol: 'TCP' as const }]) {
                const a = carried.classify(w, port, protocol);
                const b = fresh.classify(w, port, protocol);
                for (const k of ['allow', 'deny', 'open', 'unknown', 'proxyPortBlocked'] as const) expect([...a[k]]).toEqual([...b[k]]);
              }
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
