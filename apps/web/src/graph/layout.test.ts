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
    const el = (group: 'nodes' | 'edges', id: string, kind?: 'workload' | 'namespace'): ElementDefinition =>
      group === 'edges'
        ? { group, data: { kind: 'flow', id, source: '', target: '', cls: 'none', badge: '', ports: '', label: '', members: [], count: 1, aggregated: false } }
        : kind === 'namespace'
          ? { group, data: { kind, id, label: id, namespace: id, meshed: false, openCount: 0 } }
          : { group, data: { kind: 'workload', id, parent: '', label: id, width: 60, height: 26, name: id, namespace: '', openToAll: '' } };
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

describe('packing the disconnected parts (issue 16: namespace boxes far apart, labels unreadable at the fitted zoom)', () => {
  it('groups top-level nodes joined by edges', async () => {
    const { connectedGroups } = await import('./layout.ts');
    expect(connectedGroups(['ns:a', 'ns:b', 'ns:c', 'ns:d'], [['ns:b', 'ns:a'], ['ns:c', 'ns:x']])).toEqual([['ns:a', 'ns:b'], ['ns:c'], ['ns:d']]);
  });
  it('shelf-packs parts into rows without overlap, tallest first, about the canvas aspect ratio', async () => {
    const { shelfPack } = await import('./layout.ts');
    const parts = [
      { id: 'a', box: { x1: 1000, y1: 1000, x2: 1100, y2: 1100 } },
      { id: 'b', box: { x1: -500, y1: 0, x2: -400, y2: 200 } },
      { id: 'c', box: { x1: 0, y1: 3000, x2: 100, y2: 3100 } },
      { id: 'd', box: { x1: 0, y1: 0, x2: 100, y2: 100 } },
    ];
    const shifts = shelfPack(parts, 1.5, 10);
    const placed = parts.map((p) => {
      const s = shifts.get(p.id)!;
      return { id: p.id, x1: p.box.x1 + s.dx, y1: p.box.y1 + s.dy, x2: p.box.x2 + s.dx, y2: p.box.y2 + s.dy };
    });
    expect(placed.find((p) => p.id === 'b')).toEqual({ id: 'b', x1: 0, y1: 0, x2: 100, y2: 200 });
    for (const p of placed) for (const q of placed) if (p !== q) expect(p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2).toBe(false);
    const w = Math.max(...placed.map((p) => p.x2)) - Math.min(...placed.map((p) => p.x1));
    const h = Math.max(...placed.map((p) => p.y2)) - Math.min(...placed.map((p) => p.y1));
    expect(w).toBeLessThan(600);
    expect(h).toBeLessThan(600);
  });
});

describe('separateBoxes: namespace boxes never overlap', () => {
  it('pushes overlapping boxes apart along the shorter axis, leaving others alone', async () => {
    const { separateBoxes } = await import('./layout.ts');
    const boxes = [
      { id: 'a', box: { x1: 0, y1: 0, x2: 100, y2: 100 } },
      { id: 'b', box: { x1: 90, y1: 10, x2: 190, y2: 90 } },
      { id: 'c', box: { x1: 50, y1: 50, x2: 150, y2: 150 } },
      { id: 'far', box: { x1: 1000, y1: 1000, x2: 1100, y2: 1100 } },
    ];
    const s = separateBoxes(boxes, 10);
    const placed = boxes.map((x) => ({ id: x.id, x1: x.box.x1 + s.get(x.id)!.dx, x2: x.box.x2 + s.get(x.id)!.dx, y1: x.box.y1 + s.get(x.id)!.dy, y2: x.box.y2 + s.get(x.id)!.dy }));
    for (const p of placed) for (const q of placed) if (p !== q) expect(p.x1 < q.x2 + 10 && q.x1 < p.x2 + 10 && p.y1 < q.y2 + 10 && q.y1 < p.y2 + 10, `${p.id} ~ ${q.id}`).toBe(false);
    expect(s.get('far')).toEqual({ dx: 0, dy: 0 });
  });
});
