import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WorkloadSet } from './workloadSet.ts';

describe('WorkloadSet', () => {
  it('full() holds exactly size members, also when size is not a multiple of 32', () => {
    for (const size of [0, 1, 31, 32, 33, 100]) {
      const s = WorkloadSet.full(size);
      expect(s.count()).toBe(size);
      expect([...s]).toEqual(Array.from({ length: size }, (_, i) => i));
      expect(s.complement().isEmpty()).toBe(true);
    }
  });

  it('set algebra agrees with JavaScript Sets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.array(fc.nat()), fc.array(fc.nat()), (size, xs, ys) => {
        const a = xs.map((x) => x % size);
        const b = ys.map((y) => y % size);
        const A = WorkloadSet.of(size, a);
        const B = WorkloadSet.of(size, b);
        const sa = new Set(a);
        const sb = new Set(b);
        expect([...A.union(B)].sort((p, q) => p - q)).toEqual([...new Set([...sa, ...sb])].sort((p, q) => p - q));
        expect([...A.intersect(B)]).toEqual([...sa].filter((x) => sb.has(x)).sort((p, q) => p - q));
        expect([...A.minus(B)]).toEqual([...sa].filter((x) => !sb.has(x)).sort((p, q) => p - q));
        expect(A.count()).toBe(sa.size);
        expect(A.complement().count()).toBe(size - sa.size);
        expect(A.union(B).equals(B.union(A))).toBe(true);
      }),
    );
  });

  it('clone() is independent of the original', () => {
    const a = WorkloadSet.of(10, [1, 2]);
    const b = a.clone();
    b.add(5);
    a.delete(1);
    expect([...a]).toEqual([2]);
    expect([...b]).toEqual([1, 2, 5]);
  });
});
