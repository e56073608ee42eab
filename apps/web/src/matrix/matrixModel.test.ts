import { describe, expect, it } from 'vitest';
import type { EdgeClass, GraphEdge } from '../graph/graphTypes.ts';
import { describeCounts, emptyCounts, foldEdges, orderAxes, pairsBySource, parsePair, rowCells, workloadMatrix, worstClass, type MatrixPair } from './matrixModel.ts';

const edge = (from: string, to: string, cls: EdgeClass, ports = [80]): GraphEdge => ({
  id: `${from}->${to}`,
  from,
  to,
  class: cls,
  mixed: false,
  ports: ports.map((port) => ({ port, protocol: 'TCP', l4Port: port, l4: 'allow', l7: 'n/a', allowed: true, protection: 'l4-only', class: cls })),
});
const counts = (over: Partial<Record<EdgeClass, number>>) => ({ ...emptyCounts(), ...over });

describe('matrix cells', () => {
  it('fold workload edges by namespace pair, counting flows by class and ports', () => {
    const pairs = foldEdges([edge('a/x', 'b/y', 'l4-only', [80, 81]), edge('a/z', 'b/y', 'conflict'), edge('b/y', 'b/w', 'both')]);
    expect(pairs).toEqual([
      { from: 'a', to: 'b', counts: counts({ 'l4-only': 1, conflict: 1 }), flows: 2, ports: 3 },
      { from: 'b', to: 'b', counts: counts({ both: 1 }), flows: 1, ports: 1 },
    ]);
  });

  const worst: [string, Partial<Record<EdgeClass, number>>, EdgeClass | null][] = [
    ['nothing: no class', {}, null],
    ['conflict wins over all', { both: 5, conflict: 1, unknown: 1 }, 'conflict'],
    ['unknown wins over allowed classes', { none: 3, unknown: 1 }, 'unknown'],
    ['unprotected is weaker than L4 only', { 'l4-only': 3, none: 1 }, 'none'],
    ['L4 only is weaker than both', { both: 3, 'l4-only': 1 }, 'l4-only'],
  ];
  for (const [rule, c, expected] of worst) it(`worst class: ${rule}`, () => expect(worstClass(counts(c))).toBe(expected));

  it('labels a cell in words, worst first', () => {
    expect(describeCounts(counts({ both: 2, conflict: 1, none: 3 }))).toBe('⚠ conflict 1 · open 3 · L4+L7 2');
  });
});

describe('matrix order', () => {
  const pairs: MatrixPair[] = [
    { from: 'b', to: 'c', counts: counts({ both: 10 }), flows: 10, ports: 10 },
    { from: 'c', to: 'a', counts: counts({ none: 2, conflict: 1 }), flows: 3, ports: 3 },
  ];
  const ns = ['c', 'a', 'b', 'd'];
  it('by name', () => expect(orderAxes(ns, pairs, 'name')).toEqual({ rows: ['a', 'b', 'c', 'd'], cols: ['a', 'b', 'c', 'd'] }));
  it('by flows: rows by outgoing, columns by incoming, ties by name', () => expect(orderAxes(ns, pairs, 'count')).toEqual({ rows: ['b', 'c', 'a', 'd'], cols: ['c', 'a', 'b', 'd'] }));
  it('by open + conflict', () => expect(orderAxes(ns, pairs, 'risk')).toEqual({ rows: ['c', 'a', 'b', 'd'], cols: ['a', 'b', 'c', 'd'] }));
});

describe('workload matrix and pair parameter', () => {
  it('lists the workloads of both namespaces and the edges between them', () => {
    const node = (id: string) => ({ id, namespace: id.split('/')[0]!, name: id.split('/')[1]!, kind: 'Deployment', meshed: false, serviceAccount: 'default', labels: {}, ports: [], openToAll: [], l4Isolated: false, sensitive: false });
    const m = workloadMatrix({ nodes: [node('a/y'), node('a/x'), node('b/z')], edges: [edge('a/x', 'b/z', 'none', [80, 443]), edge('b/z', 'a/x', 'both')] }, 'a', 'b');
    expect(m.rows).toEqual(['a/x', 'a/y']);
    expect(m.cols).toEqual(['b/z']);
    expect([...m.cells.keys()]).toEqual(['a/x>b/z']);
    expect(m.cells.get('a/x>b/z')!.label).toBe('open · 80, 443');
  });
  const pairsText: [string | null, ReturnType<typeof parsePair>][] = [
    ['web>data', { from: 'web', to: 'data' }],
    ['web', null],
    ['a>b>c', null],
    [null, null],
  ];
  for (const [text, expected] of pairsText) it(`pair=${text}`, () => expect(parsePair(text)).toEqual(expected));
});

// Issue 19: at 30,000 workloads the matrix looks up the cells of the 40 rows drawn, not a key per pair.
describe('cells of the rows drawn', () => {
  const pair = (from: string, to: string, n: number): MatrixPair => ({ from, to, counts: counts({ 'l4-only': n }), flows: n, ports: n });
  const pairs = [pair('a', 'a', 1), pair('a', 'c', 2), pair('b', 'a', 3), pair('c', 'b', 4), pair('c', 'c', 5)];

  it('finds every pair under its source and destination, and nothing for an absent one', () => {
    const by = pairsBySource(pairs);
    for (const p of pairs) expect(rowCells(by, p.from).get(p.to)).toBe(p);
    expect(rowCells(by, 'a').get('b')).toBeUndefined();
    expect(rowCells(by, 'zz').size).toBe(0);
    expect([...by.keys()]).toEqual(['a', 'b', 'c']);
    expect([...by.values()].flat()).toEqual(pairs);
  });

  it('makes a row once per pair list, and again for a new list', () => {
    const by = pairsBySource(pairs);
    expect(rowCells(by, 'c')).toBe(rowCells(by, 'c'));
    const next = pairsBySource([pair('c', 'b', 9)]);
    expect(rowCells(next, 'c').get('b')!.flows).toBe(9);
    expect(rowCells(next, 'c').get('c')).toBeUndefined();
  });
});
