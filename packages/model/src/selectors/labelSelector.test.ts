import { describe, expect, it } from 'vitest';
import { formatSelector, matchesSelector, MATCH_ALL, type LabelSelector } from './labelSelector.ts';

const sel = (matchLabels: Record<string, string>, matchExpressions: LabelSelector['matchExpressions'] = []): LabelSelector => ({
  matchLabels: Object.entries(matchLabels),
  matchExpressions,
});

describe('matchesSelector', () => {
  const labels = { app: 'web', tier: 'front' };
  it.each([
    ['the empty selector matches everything', MATCH_ALL, true],
    ['matchLabels all equal', sel({ app: 'web' }), true],
    ['matchLabels one differs', sel({ app: 'web', tier: 'back' }), false],
    ['In with the value', sel({}, [{ key: 'tier', operator: 'In', values: ['front', 'x'] }]), true],
    ['In without the key', sel({}, [{ key: 'zone', operator: 'In', values: ['a'] }]), false],
    ['NotIn without the key matches', sel({}, [{ key: 'zone', operator: 'NotIn', values: ['a'] }]), true],
    ['NotIn with the value', sel({}, [{ key: 'app', operator: 'NotIn', values: ['web'] }]), false],
    ['Exists', sel({}, [{ key: 'app', operator: 'Exists', values: [] }]), true],
    ['DoesNotExist on a present key', sel({}, [{ key: 'app', operator: 'DoesNotExist', values: [] }]), false],
    ['labels and expressions are ANDed', sel({ app: 'web' }, [{ key: 'tier', operator: 'In', values: ['back'] }]), false],
  ] as const)('%s', (_title, selector, expected) => {
    expect(matchesSelector(selector, labels)).toBe(expected);
  });
});

describe('formatSelector', () => {
  it('prints the kubectl form', () => {
    expect(formatSelector(sel({ app: 'web' }, [{ key: 'tier', operator: 'NotIn', values: ['a', 'b'] }, { key: 'x', operator: 'Exists', values: [] }]))).toBe(
      'app=web,tier notin (a,b),x',
    );
    expect(formatSelector(MATCH_ALL)).toContain('everything');
  });
});
