import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeNamespace, makeWorkload } from '../../test/builders.ts';
import { WorkloadTable } from './workloadTable.ts';
import { matchesSelector, type LabelSelector, type SelectorOperator } from './labelSelector.ts';

const workloads = [
  makeWorkload({ id: 'a/web', labels: { app: 'web', tier: 'front' }, serviceAccount: 'web', meshed: true }),
  makeWorkload({ id: 'a/db', labels: { app: 'db' } }),
  makeWorkload({ id: 'b/web', labels: { app: 'web', tier: 'back' } }),
];
const table = new WorkloadTable(workloads, [makeNamespace('a', { labels: { team: 'x' } }), makeNamespace('b')]);

describe('WorkloadTable', () => {
  it('resolves selectors across namespaces and within one', () => {
    const sel: LabelSelector = { matchLabels: [['app', 'web']], matchExpressions: [] };
    expect(table.ids(table.matching(sel))).toEqual(['a/web', 'b/web']);
    expect(table.ids(table.matchingIn('b', sel))).toEqual(['b/web']);
  });
  it('indexes namespaces, service accounts and the meshed set', () => {
    expect(table.ids(table.inNamespace('a'))).toEqual(['a/web', 'a/db']);
    expect(table.ids(table.withServiceAccount('a', 'web'))).toEqual(['a/web']);
    expect(table.ids(table.meshed)).toEqual(['a/web']);
    expect(table.namespacesMatching({ matchLabels: [['team', 'x']], matchExpressions: [] })).toEqual(['a']);
  });
  it('returns copies: changing a result does not change the index', () => {
    const s = table.inNamespace('a');
    s.delete(0);
    expect(table.ids(table.inNamespace('a'))).toEqual(['a/web', 'a/db']);
  });
  it('agrees with matchesSelector on random labels and selectors', () => {
    const key = fc.constantFrom('app', 'tier', 'zone');
    const value = fc.constantFrom('x', 'y', 'z');
    const labels = fc.dictionary(key, value);
    const op = fc.constantFrom<SelectorOperator>('In', 'NotIn', 'Exists', 'DoesNotExist');
    const selector = fc.record({
      matchLabels: fc.array(fc.tuple(key, value), { maxLength: 2 }),
      matchExpressions: fc.array(
        fc.record({ key, operator: op, values: fc.array(value, { minLength: 1, maxLength: 2 }) }).map((r) =>
          r.operator === 'Exists' || r.operator === 'DoesNotExist' ? { ...r, values: [] } : r,
        ),
        { maxLength: 2 },
      ),
    });
    fc.assert(
      fc.property(fc.array(labels, { minLength: 1, maxLength: 12 }), selector, (ls, sel) => {
        const ws = ls.map((l, i) => makeWorkload({ id: `n/w${i}`, labels: l }));
        const t = new WorkloadTable(ws, [makeNamespace('n')]);
        const expected = ws.filter((w) => matchesSelector(sel, w.labels)).map((w) => w.id);
        expect(t.ids(t.matching(sel))).toEqual(expected);
      }),
    );
  });
});
