import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellDiffIsEmpty, cellKey, diffCells } from '../../src/diff/diffCells.ts';
import { L4_VERDICTS, L7_VERDICTS, type Cell } from '../../src/verdict/types.ts';
import { combineAllowed, protectionOf } from '../../src/verdict/combine.ts';

function cell(from: string, to: string, port: number, l4: Cell['l4'], l7: Cell['l7'] = 'n/a', reason = ''): Cell {
  return {
    from,
    to,
    port,
    protocol: 'TCP',
    l4Port: port,
    l4,
    l7,
    allowed: combineAllowed(l4, l7),
    protection: protectionOf(l4, l7),
    reasons: { l4: reason ? [{ role: 'admits', text: reason }] : [], l7: [] },
  };
}

/** A re-iterable view, like `{ [Symbol.iterator]: () => analysis.cells()[Symbol.iterator]() }`. */
function reiterable(cells: Cell[]): Iterable<Cell> & { passes: number } {
  const view = {
    passes: 0,
    [Symbol.iterator]() {
      view.passes++;
      return cells[Symbol.iterator]();
    },
  };
  return view;
}

function* oneShot(cells: Cell[]): Generator<Cell> {
  yield* cells;
}

describe('diffCells', () => {
  it('keys cells by from|to|port|protocol', () => {
    expect(cellKey({ from: 'a/x', to: 'b/y', port: 80, protocol: 'UDP' })).toBe('a/x|b/y|80|UDP');
  });

  it('reports nothing for identical inputs', () => {
    const cells = [cell('a/x', 'b/y', 80, 'allow'), cell('b/y', 'a/x', 80, 'open')];
    const d = diffCells(cells, cells.map((c) => ({ ...c })));
    expect(d).toEqual({ added: [], removed: [], changed: [], unchanged: 2 });
    expect(cellDiffIsEmpty(d)).toBe(true);
  });

  it('ignores a change of reasons alone', () => {
    const d = diffCells([cell('a/x', 'b/y', 80, 'allow', 'n/a', 'rule 0')], [cell('a/x', 'b/y', 80, 'allow', 'n/a', 'rule 1')]);
    expect(cellDiffIsEmpty(d)).toBe(true);
  });

  it('reports a cell only after as added and only before as removed, keeping its reasons', () => {
    const before = [cell('a/x', 'b/y', 80, 'allow', 'n/a', 'old rule')];
    const after = [cell('a/x', 'b/y', 443, 'allow', 'n/a', 'new rule')];
    const d = diffCells(before, after);
    expect(d.added.map(cellKey)).toEqual(['a/x|b/y|443|TCP']);
    expect(d.added[0]?.reasons.l4[0]?.text).toBe('new rule');
    expect(d.removed.map(cellKey)).toEqual(['a/x|b/y|80|TCP']);
    expect(d.removed[0]?.reasons.l4[0]?.text).toBe('old rule');
    expect(d.changed).toEqual([]);
  });

  it('distinguishes protocols of the same port number', () => {
    const udp = { ...cell('a/x', 'b/y', 53, 'open'), protocol: 'UDP' as const };
    const d = diffCells([cell('a/x', 'b/y', 53, 'open')], [udp]);
    expect(d.added).toHaveLength(1);
    expect(d.removed).toHaveLength(1);
  });

  it('classifies allowed → denied as closed, with both cells and the fields that differ', () => {
    const before = cell('a/x', 'b/y', 5432, 'allow', 'n/a', 'admitted');
    const after = cell('a/x', 'b/y', 5432, 'deny', 'n/a', 'isolated');
    const d = diffCells([before], [after]);
    expect(d.changed).toHaveLength(1);
    const c = d.changed[0]!;
    expect(c.kind).toBe('closed');
    expect(c.fields).toEqual(['l4', 'allowed', 'protection']);
    expect(c.before.reasons.l4[0]?.text).toBe('admitted');
    expect(c.after.reasons.l4[0]?.text).toBe('isolated');
  });

  it('classifies denied → allowed as opened', () => {
    const d = diffCells([cell('a/x', 'b/y', 80, 'deny')], [cell('a/x', 'b/y', 80, 'open')]);
    expect(d.changed[0]?.kind).toBe('opened');
  });

  it('classifies both → l4-only as a protection change', () => {
    const d = diffCells([cell('a/x', 'b/y', 80, 'allow', 'allow')], [cell('a/x', 'b/y', 80, 'allow', 'open')]);
    expect(d.changed[0]?.kind).toBe('protection');
    expect(d.changed[0]?.fields).toEqual(['l7', 'protection']);
    expect(d.changed[0]?.before.protection).toBe('both');
    expect(d.changed[0]?.after.protection).toBe('l4-only');
  });

  it('classifies a layer change that keeps allowed and protection as a layer change', () => {
    const d = diffCells([cell('a/x', 'b/y', 80, 'deny', 'open')], [cell('a/x', 'b/y', 80, 'deny', 'deny')]);
    expect(d.changed[0]?.kind).toBe('layer');
    expect(d.changed[0]?.fields).toEqual(['l7']);
  });

  it('classifies a flow that becomes unknown as unknown', () => {
    const d = diffCells([cell('a/x', 'b/y', 80, 'allow', 'allow')], [cell('a/x', 'b/y', 80, 'allow', 'unknown')]);
    expect(d.changed[0]?.kind).toBe('unknown');
  });

  it('reads a re-iterable before twice and a one-shot generator once, with the same result', () => {
    const before = [cell('a/x', 'b/y', 80, 'allow'), cell('a/x', 'b/y', 81, 'deny'), cell('b/y', 'a/x', 80, 'open')];
    const after = [cell('a/x', 'b/y', 80, 'deny'), cell('b/y', 'a/x', 80, 'open'), cell('c/z', 'a/x', 80, 'open')];
    const view = reiterable(before);
    const fromView = diffCells(view, after);
    expect(view.passes).toBe(2);
    const fromGenerator = diffCells(oneShot(before), oneShot(after));
    expect(fromGenerator).toEqual(fromView);
    expect(fromView.changed.map((c) => cellKey(c.after))).toEqual(['a/x|b/y|80|TCP']);
    expect(fromView.removed.map(cellKey)).toEqual(['a/x|b/y|81|TCP']);
    expect(fromView.added.map(cellKey)).toEqual(['c/z|a/x|80|TCP']);
    expect(fromView.unchanged).toBe(1);
  });

  it('keeps output order: added and changed in after order, removed in before order', () => {
    const before = [cell('a/x', 'b/y', 3, 'open'), cell('a/x', 'b/y', 1, 'open'), cell('a/x', 'b/y', 2, 'open')];
    const after = [cell('a/x', 'b/y', 2, 'deny'), cell('a/x', 'b/y', 1, 'deny'), cell('a/x', 'b/y', 9, 'open'), cell('a/x', 'b/y', 8, 'open')];
    const d = diffCells(before, after);
    expect(d.changed.map((c) => c.after.port)).toEqual([2, 1]);
    expect(d.added.map((c) => c.port)).toEqual([9, 8]);
    expect(d.removed.map((c) => c.port)).toEqual([3]);
  });

  it('accounts for every cell: unchanged + changed + removed = |before|, unchanged + changed + added = |after|', () => {
    const verdict = fc.record({ l4: fc.constantFrom(...L4_VERDICTS), l7: fc.constantFrom(...L7_VERDICTS) });
    const side = fc.dictionary(fc.constantFrom('a/x|b/y', 'b/y|a/x', 'a/x|c/z', 'c/z|b/y'), fc.dictionary(fc.constantFrom('80', '443', '5432'), verdict));
    const toCells = (s: Record<string, Record<string, { l4: Cell['l4']; l7: Cell['l7'] }>>): Cell[] =>
      Object.entries(s).flatMap(([pair, ports]) => {
        const [from = '', to = ''] = pair.split('|');
        return Object.entries(ports).map(([port, v]) => cell(from, to, Number(port), v.l4, v.l7));
      });
    fc.assert(
      fc.property(side, side, (b, a) => {
        const before = toCells(b);
        const after = toCells(a);
        const d = diffCells(before, after);
        expect(d.unchanged + d.changed.length + d.removed.length).toBe(before.length);
        expect(d.unchanged + d.changed.length + d.added.length).toBe(after.length);
        for (const c of d.changed) expect(c.fields.length).toBeGreaterThan(0);
        expect(cellDiffIsEmpty(diffCells(after, after))).toBe(true);
      }),
    );
  });
});
