/** The bounded cache of namespace graphs fetched ahead of an expansion (overviewQueries.ts). */
import { describe, expect, it } from 'vitest';
import { NAMESPACE_GRAPHS_KEPT, namespaceGraphQuery, touchRecent } from './overviewQueries.ts';

describe('touchRecent: the namespace graphs kept, least recently asked first', () => {
  const cases: { name: string; recent: string[]; key: string; limit: number; want: string[]; evicted: string[] }[] = [
    { name: 'a new key goes last', recent: ['a', 'b'], key: 'c', limit: 3, want: ['a', 'b', 'c'], evicted: [] },
    { name: 'asking again moves a key last, without a duplicate', recent: ['a', 'b', 'c'], key: 'a', limit: 3, want: ['b', 'c', 'a'], evicted: [] },
    { name: 'beyond the limit the least recent is evicted', recent: ['a', 'b', 'c'], key: 'd', limit: 3, want: ['b', 'c', 'd'], evicted: ['a'] },
    { name: 'a lower limit evicts several', recent: ['a', 'b', 'c'], key: 'd', limit: 2, want: ['c', 'd'], evicted: ['a', 'b'] },
  ];
  for (const c of cases)
    it(c.name, () => {
      const r = touchRecent(c.recent, c.key, c.limit);
      expect(r.recent).toEqual(c.want);
      expect(r.evicted).toEqual(c.evicted);
    });
  it('keeps a handful, not every namespace of a big cluster', () => expect(NAMESPACE_GRAPHS_KEPT).toBeLessThan(20));
});

describe('namespaceGraphQuery: the prefetch and the expansion share one cache entry', () => {
  it('the same key for the same namespace, filters and findings choice', () => {
    expect(namespaceGraphQuery('ns-1', '?protection=l4-only', false).queryKey).toEqual(namespaceGraphQuery('ns-1', '?protection=l4-only', false).queryKey);
  });
  it('the overview asks without findings; a focus with them', () => {
    expect(JSON.stringify(namespaceGraphQuery('ns-1', '', false).queryKey)).toContain('namespace=ns-1&diagnostics=false');
    expect(JSON.stringify(namespaceGraphQuery('ns-1', '', true).queryKey)).not.toContain('diagnostics');
  });
  it('the view filter of namespaces is replaced by the one namespace', () => {
    expect(JSON.stringify(namespaceGraphQuery('b', '?namespace=a&port=80', false).queryKey)).toContain('?port=80&namespace=b&diagnostics=false');
  });
});
