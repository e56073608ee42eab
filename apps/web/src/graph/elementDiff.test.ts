import { describe, expect, it } from 'vitest';
import { classKey, dataChanges, sameValue } from './elementDiff.ts';

describe('sameValue: JSON equality', () => {
  const cases: { name: string; a: unknown; b: unknown; same: boolean }[] = [
    { name: 'equal strings', a: 'L4 · 80', b: 'L4 · 80', same: true },
    { name: 'different numbers', a: 3, b: 4, same: false },
    { name: 'number and its string', a: 3, b: '3', same: false },
    { name: 'null and undefined', a: null, b: undefined, same: false },
    { name: 'arrays elementwise', a: [{ id: 'e1', from: 'a/x', to: 'b/y' }], b: [{ id: 'e1', from: 'a/x', to: 'b/y' }], same: true },
    { name: 'arrays of different length', a: [1, 2], b: [1], same: false },
    { name: 'array member differs', a: [{ id: 'e1' }], b: [{ id: 'e2' }], same: false },
    { name: 'array and object', a: [], b: {}, same: false },
    { name: 'object with an extra key', a: { x: 1 }, b: { x: 1, y: 2 }, same: false },
    { name: 'objects with the same keys in another order', a: { x: 1, y: [2] }, b: { y: [2], x: 1 }, same: true },
  ];
  for (const c of cases) it(c.name, () => expect(sameValue(c.a, c.b)).toBe(c.same));
});

describe('dataChanges: what setting data on a drawn element would change', () => {
  const drawn = { id: 'ns:a', label: 'a · 3 workloads', width: 160, parent: 'x' };
  const cases: { name: string; next: Record<string, unknown>; changes: boolean }[] = [
    { name: 'the same fields', next: { id: 'ns:a', label: 'a · 3 workloads', width: 160 }, changes: false },
    { name: 'a new label', next: { id: 'ns:a', label: 'a (3)' }, changes: true },
    { name: 'a key the element lacks', next: { id: 'ns:a', height: 44 }, changes: true },
    // Cytoscape merges data: a key the update leaves out keeps its value, so it is no change.
    { name: 'a drawn key the update leaves out', next: { id: 'ns:a' }, changes: false },
  ];
  for (const c of cases) it(c.name, () => expect(dataChanges(drawn, c.next)).toBe(c.changes));
});

describe('classKey: a class list in canonical form', () => {
  it('ignores order and blanks', () => expect(classKey(' edge  l4-only cross')).toBe(classKey('cross edge l4-only')));
  it('tells different lists apart', () => expect(classKey('edge quiet')).not.toBe(classKey('edge')));
  it('no classes', () => expect(classKey(undefined)).toBe(''));
});
