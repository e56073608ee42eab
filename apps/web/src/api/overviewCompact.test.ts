/**
 * The dashboard's decoder of `/api/v1/overview?format=compact` (issue 19;
 * apps/api/src/routes/overviewCompact.ts): a hand-written answer per rule of the layout, and
 * a damaged answer refused rather than read as fewer flows. (The API tests hold the decoder
 * against the server's JSON answer over fixtures and seeded clusters.)
 */
import { describe, expect, it } from 'vitest';
import type { SnapshotInfo } from '@accessgraph/model';
import { decodeOverview, isCompactOverview, type CompactOverview } from './overviewCompact.ts';

const snapshot = { version: 3, takenAt: '2026-12-02T00:00:00.000Z', source: 'test', stale: false } as unknown as SnapshotInfo;
const CLASSES = ['both', 'l4-only', 'l7-only', 'none', 'conflict', 'unknown'];

/** Three namespaces a, b, c; pairs a→a, a→c, b→a, c→b, c→c. */
function answer(): CompactOverview {
  return {
    snapshot,
    format: 'compact-1',
    classes: [...CLASSES],
    coverages: ['all', 'some', 'none', 'unknown'],
    l7Policies: ['n/a', 'deny'],
    names: ['a', 'b', 'c'],
    extraNames: [],
    namespaces: { workloads: [2, 1, 3], meshedWorkloads: [0, 1, 3], ingressDefaultDeny: [0, 2, 3], egressDefaultDeny: [2, 2, 1], l7DefaultPolicy: [0, 1, 1], openPorts: [0, 2, 0], errors: [1, 0, 0], warnings: [0, 3, 0], infos: [0, 0, 5] },
    pairs: {
      length: 5,
      // from indices 0,0,1,2,2 as deltas from the previous pair's
      from: [0, 0, 1, 1, 0],
      // to indices 0,2 (same source: +2), 0 (new source: absolute), 1 (absolute), 2 (same source: +1)
      to: [0, 2, 0, 1, 1],
      // l4-only in pairs 0 (4) and 3 (1); conflict in pairs 0 (1), 1 (2), 4 (7); none in pair 2 (5)
      counts: [[], [1, 4, 3, 1], [], [3, 5], [1, 1, 1, 2, 3, 7], []],
      extraPorts: [0, 1, 0, 2, 0],
    },
  };
}

const zero = { both: 0, 'l4-only': 0, 'l7-only': 0, none: 0, conflict: 0, unknown: 0 };

describe('decodeOverview', () => {
  it('reads the namespaces column by column, coverages and Linkerd defaults by index', () => {
    const o = decodeOverview(answer());
    expect(o.snapshot).toBe(snapshot);
    expect(o.namespaces[1]).toEqual({ name: 'b', workloads: 1, meshedWorkloads: 1, posture: { ingressDefaultDeny: 'none', egressDefaultDeny: 'none', l7DefaultPolicy: 'deny', openPorts: 2, findings: { error: 0, warning: 3, info: 0 } } });
    expect(o.namespaces.map((n) => n.posture.ingressDefaultDeny)).toEqual(['all', 'none', 'unknown']);
  });

  it('reads sources as deltas and destinations as deltas within a source, absolute on a new one', () => {
    expect(decodeOverview(answer()).pairs.map((p) => `${p.from}>${p.to}`)).toEqual(['a>a', 'a>c', 'b>a', 'c>b', 'c>c']);
  });

  it('reads sparse class counts as gap, count couples; flows are their sum, ports flows plus extraPorts', () => {
    const pairs = decodeOverview(answer()).pairs;
    expect(pairs[0]).toEqual({ from: 'a', to: 'a', counts: { ...zero, 'l4-only': 4, conflict: 1 }, flows: 5, ports: 5 });
    expect(pairs[1]).toEqual({ from: 'a', to: 'c', counts: { ...zero, conflict: 2 }, flows: 2, ports: 3 });
    expect(pairs[2]).toEqual({ from: 'b', to: 'a', counts: { ...zero, none: 5 }, flows: 5, ports: 5 });
    expect(pairs[3]).toEqual({ from: 'c', to: 'b', counts: { ...zero, 'l4-only': 1 }, flows: 1, ports: 3 });
    expect(pairs[4]).toEqual({ from: 'c', to: 'c', counts: { ...zero, conflict: 7 }, flows: 7, ports: 7 });
  });

  it('names a pair’s namespace from extraNames past the listed ones', () => {
    const c = answer();
    c.extraNames = ['outside-the-list'];
    c.pairs.to[2] = 3; // b → the extra name
    expect(decodeOverview(c).pairs[2]).toMatchObject({ from: 'b', to: 'outside-the-list' });
  });

  const damaged: [string, (c: CompactOverview) => void][] = [
    ['a namespace column of the wrong length', (c) => c.namespaces.openPorts.push(1)],
    ['a pair column of the wrong length', (c) => c.pairs.extraPorts.pop()],
    ['a count list past the last pair', (c) => c.pairs.counts[0]!.push(9, 1)],
    ['a zero gap (two counts for one pair)', (c) => c.pairs.counts[5]!.push(0, 1)],
    ['an odd count list', (c) => c.pairs.counts[3]!.push(1)],
    ['an unknown class', (c) => (c.classes[2] = 'perhaps')],
    ['a missing count list', (c) => c.pairs.counts.pop()],
    ['a namespace index past the names', (c) => (c.pairs.to[3] = 7)],
    ['a negative namespace index', (c) => (c.pairs.from[0] = -1)],
    ['an unknown coverage', (c) => (c.coverages[0] = 'most')],
    ['a Linkerd default index past the list', (c) => (c.namespaces.l7DefaultPolicy[0] = 5)],
  ];
  for (const [what, damage] of damaged) {
    it(`refuses ${what}`, () => {
      const c = answer();
      damage(c);
      expect(() => decodeOverview(c)).toThrow(/compact overview cannot be read/);
    });
  }
});

describe('isCompactOverview', () => {
  it('tells the compact answer from the JSON one', () => {
    expect(isCompactOverview(answer())).toBe(true);
    expect(isCompactOverview({ snapshot, namespaces: [], pairs: [] })).toBe(false);
    expect(isCompactOverview(null)).toBe(false);
  });
});
