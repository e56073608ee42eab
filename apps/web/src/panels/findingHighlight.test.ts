import { describe, expect, it } from 'vitest';
import { findingHighlight } from './FindingsPanel.tsx';

describe('findingHighlight', () => {
  it('names every ordered pair of the finding’s workloads, so any drawn edge between them lights up', () => {
    expect(findingHighlight(['a/x', 'b/y'])).toEqual([{ from: 'a/x', to: 'b/y' }, { from: 'b/y', to: 'a/x' }]);
  });
  it('lights a lone workload through a flow to itself', () => {
    expect(findingHighlight(['a/x'])).toEqual([{ from: 'a/x', to: 'a/x' }]);
  });
  it('stops at 8 workloads (56 pairs), as the links do', () => {
    const many = Array.from({ length: 20 }, (_, i) => `ns/w${i}`);
    expect(findingHighlight(many)).toHaveLength(56);
  });
});
