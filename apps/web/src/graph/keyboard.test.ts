import { describe, expect, it } from 'vitest';
import { keyboardStep, type DrawnGraph } from './keyboard.ts';

// Drawn like this (rendered positions); ids are deliberately NOT in spatial order:
//   z/top (100,0)
//   a/left (0,100)   m/mid (100,100)   b/right (200,100)
//   c/down (110,200)                   ns:q (collapsed, 300,210)
const graph: DrawnGraph = {
  nodes: [
    { kind: 'namespace', id: 'box', elementId: 'ns:box', x: 100, y: 100, compound: true },
    { kind: 'workload', id: 'a/left', elementId: 'a/left', x: 0, y: 100 },
    { kind: 'workload', id: 'b/right', elementId: 'b/right', x: 200, y: 100 },
    { kind: 'workload', id: 'c/down', elementId: 'c/down', x: 110, y: 200 },
    { kind: 'workload', id: 'm/mid', elementId: 'm/mid', x: 100, y: 100 },
    { kind: 'workload', id: 'z/top', elementId: 'z/top', x: 100, y: 0 },
    { kind: 'namespace', id: 'q', elementId: 'ns:q', x: 300, y: 210 },
  ],
  edgesAt: (id) =>
    ({
      'b/right': ['a/left->b/right', 'b/right->c/down', 'b/right->ns:q'],
      'c/down': ['b/right->c/down', 'm/mid->c/down', 'z/top->c/down'],
      'a/left': ['a/left->b/right'],
    })[id] ?? [],
  sourceOf: (id) => id.split('->')[0],
};
const mid = { kind: 'workload', id: 'm/mid' } as const;

describe('keyboardStep: arrows move spatially (issue 16: they walked ids alphabetically)', () => {
  it.each([
    ['ArrowRight: the nearest node to the right, not the next id', 'ArrowRight', mid, { kind: 'workload', id: 'b/right' }],
    ['ArrowLeft: the nearest node to the left', 'ArrowLeft', mid, { kind: 'workload', id: 'a/left' }],
    ['ArrowUp: the node above (its id sorts last)', 'ArrowUp', mid, { kind: 'workload', id: 'z/top' }],
    ['ArrowDown: the node below, within 45° of the arrow', 'ArrowDown', mid, { kind: 'workload', id: 'c/down' }],
    ['ArrowRight from the right-most workload: the collapsed namespace beyond it', 'ArrowRight', { kind: 'workload', id: 'b/right' }, { kind: 'namespace', id: 'q' }],
    ['nothing further that way: the selection stays', 'ArrowRight', { kind: 'namespace', id: 'q' }, { kind: 'namespace', id: 'q' }],
    ['from an expanded namespace box: its centre, never the box itself', 'ArrowLeft', { kind: 'namespace', id: 'box' }, { kind: 'workload', id: 'a/left' }],
    ['from nothing: the top-left node', 'ArrowDown', null, { kind: 'workload', id: 'a/left' }],
  ] as const)('%s', (_what, key, current, expected) => {
    expect(keyboardStep(key, false, current, graph)).toEqual(expected);
  });
});

describe('keyboardStep: e / E step through the selected workload’s edges', () => {
  it.each([
    ['e from a workload: its first edge', 'e', false, { kind: 'workload', id: 'c/down' }, undefined, { kind: 'edge', id: 'b/right->c/down' }],
    // The anchor is c/down (a destination): today it stepped b/right's edges instead.
    ['e from an edge: the next edge of the anchored workload, not of the edge’s source', 'e', false, { kind: 'edge', id: 'b/right->c/down' }, 'c/down', { kind: 'edge', id: 'm/mid->c/down' }],
    ['shift+e goes back, wrapping, still on the anchor', 'e', true, { kind: 'edge', id: 'b/right->c/down' }, 'c/down', { kind: 'edge', id: 'z/top->c/down' }],
    ['E goes back as shift+e does', 'E', false, { kind: 'edge', id: 'm/mid->c/down' }, 'c/down', { kind: 'edge', id: 'b/right->c/down' }],
    ['an edge not touching the anchor (clicked directly): its source’s edges', 'e', false, { kind: 'edge', id: 'a/left->b/right' }, 'c/down', { kind: 'edge', id: 'a/left->b/right' }],
  ] as const)('%s', (_what, key, shift, current, anchor, expected) => {
    expect(keyboardStep(key, shift, current, graph, anchor)).toEqual(expected);
  });

  it('ignores keys that are not its own, and e where there is no edge', () => {
    expect(keyboardStep('x', false, null, graph)).toBeUndefined();
    expect(keyboardStep('e', false, null, graph)).toBeUndefined();
    expect(keyboardStep('e', false, { kind: 'namespace', id: 'q' }, graph)).toBeUndefined();
  });
});
