import { describe, expect, it } from 'vitest';
import { keyboardStep, type DrawnGraph } from './keyboard.ts';

const graph: DrawnGraph = {
  nodes: [
    { kind: 'namespace', id: 'a', elementId: 'ns:a' },
    { kind: 'workload', id: 'a/api', elementId: 'a/api' },
    { kind: 'workload', id: 'a/web', elementId: 'a/web' },
    { kind: 'namespace', id: 'b', elementId: 'ns:b' },
  ],
  edgesAt: (id) => ({ 'a/web': ['a/web->a/api', 'a/web->ns:b'], 'a/api': ['a/web->a/api'] })[id] ?? [],
  sourceOf: (id) => id.split('->')[0],
};

describe('keyboardStep', () => {
  it.each([
    ['ArrowRight from nothing: the first drawn node', 'ArrowRight', null, { kind: 'namespace', id: 'a' }],
    ['ArrowLeft from nothing: the last', 'ArrowLeft', null, { kind: 'namespace', id: 'b' }],
    ['ArrowDown: the next node', 'ArrowDown', { kind: 'workload', id: 'a/api' }, { kind: 'workload', id: 'a/web' }],
    ['ArrowUp: the previous node', 'ArrowUp', { kind: 'workload', id: 'a/api' }, { kind: 'namespace', id: 'a' }],
    ['ArrowRight wraps around', 'ArrowRight', { kind: 'namespace', id: 'b' }, { kind: 'namespace', id: 'a' }],
    ['e from a workload: its first edge', 'e', { kind: 'workload', id: 'a/web' }, { kind: 'edge', id: 'a/web->a/api' }],
    ['e from an edge: the next edge of its source', 'e', { kind: 'edge', id: 'a/web->a/api' }, { kind: 'edge', id: 'a/web->ns:b' }],
    ['E goes back, wrapping', 'E', { kind: 'edge', id: 'a/web->a/api' }, { kind: 'edge', id: 'a/web->ns:b' }],
  ] as const)('%s', (_what, key, current, expected) => {
    expect(keyboardStep(key, false, current, graph)).toEqual(expected);
  });

  it('ignores keys that are not its own, and e where there is no edge', () => {
    expect(keyboardStep('x', false, null, graph)).toBeUndefined();
    expect(keyboardStep('e', false, null, graph)).toBeUndefined();
    expect(keyboardStep('e', false, { kind: 'namespace', id: 'b' }, graph)).toBeUndefined();
  });
});
