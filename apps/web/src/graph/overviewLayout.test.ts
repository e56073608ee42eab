/** Issue 16: the overview's table layout — deterministic, namespace boxes never overlap, expanding keeps rows and columns. */
import { describe, expect, it } from 'vitest';
import { CELL_GAP, overlaps, overviewColumns, overviewLayout, type LayoutBlock } from './overviewLayout.ts';

const names = (n: number) => Array.from({ length: n }, (_, i) => `ns:n${String(i).padStart(4, '0')}`);
const collapsed = (ids: string[]): LayoutBlock[] => ids.map((id, i) => ({ id, w: 160 + (i % 7) * 23, h: 100 + (i % 3) * 10 }));
const children = (ns: string, k: number) => Array.from({ length: k }, (_, i) => ({ id: `${ns}/w${String(i).padStart(3, '0')}`, w: 60 + (i % 4) * 15, h: 26 }));

describe('overview layout', () => {
  it('columns grow with the square root of the namespace count (5 for 80, 11 for 400)', () => {
    expect(overviewColumns(1)).toBe(1);
    expect(overviewColumns(80)).toBe(5);
    expect(overviewColumns(400)).toBe(11);
  });

  it('the same blocks give the same positions', () => {
    const blocks = collapsed(names(80));
    expect([...overviewLayout(blocks).positions]).toEqual([...overviewLayout(structuredClone(blocks)).positions]);
  });

  for (const n of [2, 80, 400]) {
    it(`no two of ${n} namespace cells overlap, and at least CELL_GAP lies between neighbours`, () => {
      const blocks = collapsed(names(n));
      // Some expanded, with workloads inside.
      for (const i of [0, 3, Math.floor(n / 2)]) if (blocks[i]) blocks[i] = { ...blocks[i]!, w: 400, h: 30, children: children(blocks[i]!.id, 25 + i) };
      const { cells } = overviewLayout(blocks);
      const rects = [...cells];
      const tooClose: string[] = [];
      for (let i = 0; i < rects.length; i++)
        for (let j = i + 1; j < rects.length; j++) {
          const [ia, a] = rects[i]!;
          const [ib, b] = rects[j]!;
          const gap = Math.max(b.x1 - a.x2, a.x1 - b.x2, b.y1 - a.y2, a.y1 - b.y2);
          if (overlaps(a, b) || gap < CELL_GAP - 1e-9) tooClose.push(`${ia} / ${ib}`);
        }
      expect(rects.length).toBe(n);
      expect(tooClose).toEqual([]);
    });
  }

  it('workloads inside an expanded namespace lie inside its cell and do not overlap each other', () => {
    const blocks = collapsed(names(10));
    const kids = children('ns:n0003', 31);
    blocks[3] = { id: 'ns:n0003', w: 300, h: 30, children: kids };
    const { positions, cells } = overviewLayout(blocks);
    const cell = cells.get('ns:n0003')!;
    const boxes = kids.map((k) => {
      const p = positions.get(k.id)!;
      return { x1: p.x - k.w / 2, x2: p.x + k.w / 2, y1: p.y - k.h / 2, y2: p.y + k.h / 2 };
    });
    for (const b of boxes) expect(b.x1 >= cell.x1 && b.x2 <= cell.x2 && b.y1 >= cell.y1 && b.y2 <= cell.y2).toBe(true);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
    expect(positions.has('ns:n0003')).toBe(false);
  });

  it('expanding a namespace keeps every namespace in its row and column (the table only stretches)', () => {
    const blocks = collapsed(names(30));
    const cols = overviewColumns(30);
    const before = overviewLayout(blocks).cells;
    const after = overviewLayout(blocks.map((b, i) => (i === 7 ? { ...b, w: 500, h: 30, children: children(b.id, 40) } : b))).cells;
    const order = (cells: Map<string, { x1: number; y1: number }>, axis: 'x1' | 'y1') => [...cells].map(([id, r]) => [id, r[axis]] as const);
    // Same column ⇒ same left order within each row; same row ⇒ same top.
    for (const [id] of before) {
      const i = [...before.keys()].indexOf(id);
      const rowMates = [...before.keys()].filter((_, j) => Math.floor(j / cols) === Math.floor(i / cols));
      const xsBefore = rowMates.map((m) => before.get(m)!.x1);
      const xsAfter = rowMates.map((m) => after.get(m)!.x1);
      expect(xsAfter.map((_, k) => k).sort((a, b) => xsAfter[a]! - xsAfter[b]!)).toEqual(xsBefore.map((_, k) => k).sort((a, b) => xsBefore[a]! - xsBefore[b]!));
    }
    expect(order(after, 'y1').length).toBe(30);
    // A namespace in a row above the expanded one does not move at all.
    expect(after.get('ns:n0000')!.y1).toBe(before.get('ns:n0000')!.y1);
  });

  it('a removed namespace keeps its cell (a ghost of its last size): the others stay exactly where they were', () => {
    const blocks = collapsed(names(12));
    const before = overviewLayout(blocks, 4).cells;
    const after = overviewLayout(blocks.map((b, i) => (i === 2 ? { ...b, ghost: true } : b)), 4).cells;
    expect(after.has(blocks[2]!.id)).toBe(false);
    for (const [id, r] of after) expect(r).toEqual(before.get(id));
  });
});
