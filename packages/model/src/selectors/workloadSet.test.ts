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

  // Block-sparse copy on write (issue 19): sets share blocks after clone/union/intersect/complement;
  // a write to one side must never show through the other. Checked against JavaScript Sets over
  // random operation sequences on sizes around the 1,024-bit block (and several blocks).
  it('shared blocks never leak a write: random operation sequences agree with JavaScript Sets', () => {
    const sizeArb = fc.constantFrom(1, 31, 1023, 1024, 1025, 2100);
    const op = fc.record({ kind: fc.integer({ min: 0, max: 9 }), a: fc.nat(), b: fc.nat(), i: fc.nat() });
    fc.assert(
      fc.property(sizeArb, fc.array(op, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 3 }), (size, ops, seedShape) => {
        // Start from a mix of empty, full, dense and sparse sets.
        const start = (k: number): number[] => {
          const shape = (k + seedShape) % 4;
          if (shape === 0) return [];
          if (shape === 1) return Array.from({ length: size }, (_, i) => i);
          if (shape === 2) return Array.from({ length: size }, (_, i) => i).filter((i) => i % 3 !== 0);
          return [0, size - 1, Math.floor(size / 2)];
        };
        const sets: WorkloadSet[] = [];
        const models: Set<number>[] = [];
        for (let k = 0; k < 4; k++) {
          const xs = start(k);
          sets.push(xs.length === size ? WorkloadSet.full(size) : WorkloadSet.of(size, xs));
          models.push(new Set(xs));
        }
        const all = Array.from({ length: size }, (_, i) => i);
        for (const { kind, a, b, i } of ops) {
          const x = a % sets.length, y = b % sets.length, idx = i % size;
          const A = sets[x]!, B = sets[y]!, MA = models[x]!, MB = models[y]!;
          switch (kind) {
            case 0: sets.push(A.clone()); models.push(new Set(MA)); break;
            case 1: A.unionWith(B); for (const v of MB) MA.add(v); break;
            case 2: A.intersectWith(B); models[x] = new Set([...MA].filter((v) => MB.has(v))); break;
            case 3: A.subtract(B); models[x] = new Set([...MA].filter((v) => !MB.has(v))); break;
            case 4: sets.push(A.complement()); models.push(new Set(all.filter((v) => !MA.has(v)))); break;
            case 5: A.add(idx); MA.add(idx); break;
            case 6: A.delete(idx); MA.delete(idx); break;
            case 7: sets.push(A.union(B)); models.push(new Set([...MA, ...MB])); break;
            case 8: sets.push(A.minus(B)); models.push(new Set([...MA].filter((v) => !MB.has(v)))); break;
            default: sets.push(A.intersect(B)); models.push(new Set([...MA].filter((v) => MB.has(v))));
          }
        }
        sets.forEach((s, k) => {
          const m = [...models[k]!].sort((p, q) => p - q);
          expect([...s]).toEqual(m);
          expect(s.count()).toBe(m.length);
          expect(s.isEmpty()).toBe(m.length === 0);
          expect(s.has(m[0] ?? -1)).toBe(m.length > 0);
          expect(s.equals(WorkloadSet.of(size, m))).toBe(true);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('past 32 blocks (more than 32,768 workloads) a write to one copy does not show through the other', () => {
    const size = 40_000;
    const members = [0, 5_000, 33_000, 33_001, 39_999];
    const a = WorkloadSet.of(size, members);
    const b = a.clone();
    b.add(34_000);
    a.delete(33_000);
    const c = WorkloadSet.empty(size).unionWith(b);
    c.add(38_000);
    b.delete(39_999);
    expect([...a]).toEqual([0, 5_000, 33_001, 39_999]);
    expect([...b]).toEqual([0, 5_000, 33_000, 33_001, 34_000]);
    expect([...c]).toEqual([0, 5_000, 33_000, 33_001, 34_000, 38_000, 39_999]);
    expect(WorkloadSet.full(size).minus(c).count()).toBe(size - 7);
    expect(c.complement().complement().equals(c)).toBe(true);
  });
});
