import { describe, expect, it } from 'vitest';
import { pixelRatioFor, seedOf, seededRandom, stableOrder, withSeededRandom } from './layout.ts';
import type { ElementDefinition } from './toElements.ts';

describe('deterministic layout inputs (issue 16: nodes moved up to 1,499 px between two loads)', () => {
  it('the seeded PRNG repeats its sequence for a seed, and differs between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(seededRandom(43)()).not.toEqual(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('Math.random is the seeded one inside withSeededRandom, and restored after (even on throw)', () => {
    const original = Math.random;
    const first = withSeededRandom(7, () => [Math.random(), Math.random()]);
    expect(withSeededRandom(7, () => [Math.random(), Math.random()])).toEqual(first);
    expect(Math.random).toBe(original);
    expect(() =>
      withSeededRandom(7, () => {
        throw new Error('layout failed');
      }),
    ).toThrow('layout failed');
    expect(Math.random).toBe(original);
  });

  it('the seed depends on the ids only', () => {
    expect(seedOf(['a', 'b'])).toBe(seedOf(['a', 'b']));
    expect(seedOf(['a', 'b'])).not.toBe(seedOf(['ab']));
  });

  it('elements are ordered namespaces, workloads, edges, by id within each, whatever the input order', () => {
    const el = (group: 'nodes' | 'edges', id: string, kind?: string): ElementDefinition => ({ group, data: { id, ...(kind ? { kind } : {}) } });
    const input = [el('edges', 'b->a'), el('nodes', 'x/b', 'workload'), el('nodes', 'ns:x', 'namespace'), el('nodes', 'x/a', 'workload'), el('edges', 'a->b'), el('nodes', 'ns:a', 'namespace')];
    expect(stableOrder(input).map((e) => e.data.id)).toEqual(['ns:a', 'ns:x', 'x/a', 'x/b', 'a->b', 'b->a']);
    expect(stableOrder([...input].reverse()).map((e) => e.data.id)).toEqual(stableOrder(input).map((e) => e.data.id));
  });
});

describe('canvas pixel ratio (issue 16: rendered at 1, blurry on HiDPI)', () => {
  it.each([
    ['a 2× screen renders at 2', 50, 2, 2],
    ['a 1.5× screen at 1.5', 50, 1.5, 1.5],
    ['a 3× screen is capped at 2', 50, 3, 2],
    ['a 1× screen at 1', 50, 1, 1],
    ['above 3,000 drawn elements: 1', 3001, 2, 1],
  ])('%s', (_what, count, dpr, expected) => {
    expect(pixelRatioFor(count, dpr)).toBe(expected);
  });
});
