/**
 * What serve says about memory (issue 19): the heap limit at start, the snapshot's size and
 * memory after the first snapshot, and advice with the flag to set once the heap passes 60 %
 * of the limit (a change is computed beside the snapshot served).
 */
import { describe, expect, it } from 'vitest';
import { HEAP_WARN_SHARE, heapAdvice, heapLimitLine, snapshotMemoryLine } from '../../src/memoryReport.ts';

const GiB = 2 ** 30;

describe('heapAdvice: a warning with the flag past the share of the limit, nothing below', () => {
  const cases: { name: string; used: number; limit: number; flag?: number }[] = [
    { name: 'well under the share: nothing', used: 1 * GiB, limit: 4 * GiB },
    { name: 'exactly at the share: nothing', used: 4 * GiB * HEAP_WARN_SHARE, limit: 4 * GiB },
    { name: 'the 30,000-workload snapshot in node’s 4 GiB default: twice what is used, whole GiB', used: 3 * GiB, limit: 4 * GiB, flag: 6144 },
    { name: 'just over the share rounds the suggestion up to a whole GiB', used: 2.5 * GiB, limit: 4 * GiB, flag: 5120 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const advice = heapAdvice({ used: c.used, limit: c.limit, rss: c.used });
      if (c.flag === undefined) return expect(advice).toBeUndefined();
      expect(advice).toContain(`NODE_OPTIONS=--max-old-space-size=${c.flag} `);
      expect(advice).toMatch(/^the snapshot holds [\d.]+ GiB of the 4 GiB heap limit \(over 60 %\)/);
    });
  }
});

describe('the lines serve writes', () => {
  it('names the heap limit and the variable that changes it', () => {
    expect(heapLimitLine(4144 * 2 ** 20)).toBe("heap limit 4.0 GiB (node's default for this machine unless NODE_OPTIONS=--max-old-space-size=MiB says otherwise)");
  });
  it('says the first snapshot’s size, time and memory', () => {
    expect(snapshotMemoryLine(1, 30000, 3739354, 151_234, { used: 2.5 * GiB, limit: 4 * GiB, rss: 3 * GiB })).toBe('snapshot 1: 30,000 workloads, 3,739,354 edges in 151.2 s; heap 2.5 GiB of 4 GiB, RSS 3 GiB');
  });
});
