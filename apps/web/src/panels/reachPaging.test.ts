/** The reachability table draws a page of rows, not tens of thousands (issue 19). */
import { describe, expect, it } from 'vitest';
import { pageOf, REACH_ROWS_PER_PAGE } from './reachability.ts';

const rows = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('pageOf: one page of the reachability rows', () => {
  const cases: { name: string; n: number; start: number; per?: number; want: { start: number; end: number; total: number; first?: number } }[] = [
    { name: 'no rows: an empty first page', n: 0, start: 0, want: { start: 0, end: 0, total: 0 } },
    { name: 'fewer rows than a page: all of them', n: 5, start: 0, want: { start: 0, end: 5, total: 5, first: 0 } },
    { name: 'exactly a page', n: REACH_ROWS_PER_PAGE, start: 0, want: { start: 0, end: REACH_ROWS_PER_PAGE, total: REACH_ROWS_PER_PAGE, first: 0 } },
    { name: 'the second page', n: 30_000, start: 200, want: { start: 200, end: 400, total: 30_000, first: 200 } },
    { name: 'a start inside a page snaps to the page', n: 30_000, start: 250, want: { start: 200, end: 400, total: 30_000, first: 200 } },
    { name: 'past the end (rows filtered away): the last page', n: 450, start: 10_000, want: { start: 400, end: 450, total: 450, first: 400 } },
    { name: 'a negative start: the first page', n: 450, start: -5, want: { start: 0, end: 200, total: 450, first: 0 } },
    { name: 'a small page size', n: 7, start: 3, per: 3, want: { start: 3, end: 6, total: 7, first: 3 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const page = pageOf(rows(c.n), c.start, c.per);
      expect({ start: page.start, end: page.end, total: page.total }).toEqual({ start: c.want.start, end: c.want.end, total: c.want.total });
      expect(page.rows.length).toBe(c.want.end - c.want.start);
      if (c.want.first !== undefined) expect(page.rows[0]).toBe(c.want.first);
    });
  }
});
