/**
 * The edge-class order (src/query/edgeClassOrder.ts): an aggregate shows its weakest class,
 * and conflict and unknown surface over every allowed class, so an edge never reads safer
 * than its weakest port. One case per neighbouring pair of the order.
 */
import { describe, expect, it } from 'vitest';
import { EDGE_CLASSES, type EdgeClass } from '../../src/graph/types.ts';
import { addPortToEdge, byEdgeStrength, edgeWithPorts, weakerClass, weakestClass } from '../../src/query/edgeClassOrder.ts';

const weaker: [rule: string, a: EdgeClass, b: EdgeClass, shown: EdgeClass][] = [
  ['conflict surfaces over unknown', 'unknown', 'conflict', 'conflict'],
  ['unknown surfaces over an unprotected flow', 'none', 'unknown', 'unknown'],
  ['an unprotected flow is weaker than L4 only', 'l4-only', 'none', 'none'],
  ['L4 only is weaker than L7 only', 'l7-only', 'l4-only', 'l4-only'],
  ['L7 only is weaker than both layers', 'both', 'l7-only', 'l7-only'],
];

describe('edge-class order', () => {
  it.each(weaker)('%s', (_rule, a, b, shown) => {
    expect(weakerClass(a, b)).toBe(shown);
    expect(weakerClass(b, a)).toBe(shown);
  });
  it('sorts every class weakest first', () => {
    expect([...EDGE_CLASSES].sort(byEdgeStrength)).toEqual(['conflict', 'unknown', 'none', 'l4-only', 'l7-only', 'both']);
  });
  it('an edge keeping some ports takes the weakest of them, mixed only when they differ', () => {
    const ports: { class: EdgeClass }[] = [{ class: 'none' }, { class: 'both' }, { class: 'l4-only' }];
    const edge = { id: 'e', class: 'none' as EdgeClass, mixed: true, ports };
    expect(edgeWithPorts(edge, [ports[1]!, ports[2]!])).toMatchObject({ id: 'e', class: 'l4-only', mixed: true });
    expect(edgeWithPorts(edge, [ports[1]!])).toMatchObject({ class: 'both', mixed: false });
    expect(weakestClass(ports)).toBe('none');
  });
  it('adding a port lowers the class and marks the edge mixed', () => {
    const edge = { class: 'both' as EdgeClass, mixed: false, ports: [{ class: 'both' as EdgeClass }] };
    addPortToEdge(edge, { class: 'both' });
    expect(edge).toMatchObject({ class: 'both', mixed: false });
    addPortToEdge(edge, { class: 'unknown' });
    expect(edge).toMatchObject({ class: 'unknown', mixed: true });
    expect(edge.ports).toHaveLength(3);
  });
});
