import { describe, expect, it } from 'vitest';
import { EDGE_CLASSES } from '@accessgraph/model';
import type { GraphResponseLike } from './graphTypes.ts';
import { COLLAPSE_THRESHOLD, edgeLabel, toElements } from './toElements.ts';
import { EDGE_LOOKS } from './edgeClasses.ts';
import { stylesheet } from './stylesheet.ts';

const node = (id: string, over: Partial<GraphResponseLike['nodes'][number]> = {}) => {
  const [namespace, name] = id.split('/') as [string, string];
  return { id, namespace, name, kind: 'Deployment', meshed: false, serviceAccount: 'default', labels: {}, ports: [], openToAll: [], l4Isolated: false, sensitive: false, ...over };
};
const edge = (from: string, to: string, cls: GraphResponseLike['edges'][number]['class'], port = 80) => ({
  id: `${from}->${to}`,
  from,
  to,
  class: cls,
  mixed: false,
  ports: [{ port, protocol: 'TCP' as const, l4Port: port, l4: 'allow' as const, l7: 'n/a' as const, allowed: true, protection: 'l4-only' as const, class: cls }],
});
const ns = (name: string) => ({ name, labels: {}, meshed: false, workloadCount: 0, openWorkloads: 0, implicit: false });

const graph: GraphResponseLike = {
  namespaces: [ns('a'), ns('b')],
  nodes: [node('a/web', { meshed: true, openToAll: ['80/TCP'] }), node('a/api'), node('b/db', { sensitive: true })],
  edges: [edge('a/web', 'b/db', 'both', 5432), edge('a/api', 'b/db', 'l4-only', 5432), edge('a/web', 'a/api', 'none')],
};
const view = { collapsed: [], expanded: [], focus: null };

describe('toElements', () => {
  it('draws the outside peer as its own node in no namespace box, and exposed workloads with a badge (issue 17)', () => {
    const outside = { ...node('x/y'), id: 'external:0.0.0.0/0', namespace: '', name: 'outside the cluster', kind: 'External' };
    const exposures = [{ object: { kind: 'Service', namespace: 'a', name: 'web' }, path: 'Service a/web type LoadBalancer port 443 → 80' }];
    const g: GraphResponseLike = { ...graph, nodes: [...graph.nodes.map((n) => (n.id === 'a/web' ? { ...n, exposures } : n)), outside], edges: [...graph.edges, edge('external:0.0.0.0/0', 'a/web', 'l4-only')] };
    const els = toElements(g, view);
    const ext = els.find((e) => e.data.id === 'external:0.0.0.0/0')!;
    expect(ext).toMatchObject({ classes: 'external', data: { label: 'outside the cluster', kind: 'external' } });
    expect(ext.data).not.toHaveProperty('parent');
    expect(els.some((e) => e.group === 'edges' && e.data.source === 'external:0.0.0.0/0' && e.data.target === 'a/web')).toBe(true);
    const web = els.find((e) => e.data.id === 'a/web')!;
    expect(web.classes).toContain('exposed');
    expect(String(web.data.label)).toContain('⇱ exposed');
    expect(els.find((e) => e.data.id === 'a/api')!.classes).not.toContain('exposed');
    const sheet = stylesheet('light');
    expect(sheet.find((r) => r.selector === 'node.external')?.style.shape).toBe('cut-rectangle');
    expect(sheet.some((r) => r.selector === 'node.exposed')).toBe(true);
  });

  it('makes namespaces compound parents of their workloads', () => {
    const els = toElements(graph, view);
    expect(els.find((e) => e.data.id === 'a/web')?.data).toMatchObject({ kind: 'workload', parent: 'ns:a' });
    expect(els.filter((e) => e.data.kind === 'namespace').map((e) => e.data.id)).toEqual(['ns:a', 'ns:b']);
  });
  it('marks meshed, sensitive and open-to-all workloads with classes and text badges', () => {
    const els = toElements(graph, view);
    const web = els.find((e) => e.data.id === 'a/web')!;
    expect(web.classes).toContain('meshed');
    expect(web.classes).toContain('open-ingress');
    expect(String(web.data.label)).toContain('⚠ open');
    expect(els.find((e) => e.data.id === 'b/db')!.classes).toContain('sensitive');
  });
  it('a collapsed namespace says in words how many of its workloads are open to all (their badges are hidden)', () => {
    const els = toElements(graph, { ...view, collapsed: ['a', 'b'] });
    expect(els.find((e) => e.data.id === 'ns:a')!.data.label).toBe('a (2)\n⚠ 1 open to all');
    expect(els.find((e) => e.data.id === 'ns:b')!.data.label).toBe('b (1)');
  });
  it('a collapsed namespace aggregates its edges and keeps the weakest class', () => {
    const els = toElements(graph, { ...view, collapsed: ['a'] });
    expect(els.some((e) => e.data.id === 'a/web')).toBe(false);
    const agg = els.filter((e) => e.group === 'edges');
    expect(agg).toHaveLength(1);
    expect(agg[0]!.data).toMatchObject({ source: 'ns:a', target: 'b/db', cls: 'l4-only', count: 2 });
  });
  it('edges inside one collapsed namespace disappear into it', () => {
    const els = toElements(graph, { ...view, collapsed: ['a'] });
    expect(els.some((e) => e.group === 'edges' && e.data.source === 'ns:a' && e.data.target === 'ns:a')).toBe(false);
  });
  it('collapses every namespace by default above the threshold unless expanded', () => {
    const big: GraphResponseLike = { ...graph, nodes: Array.from({ length: COLLAPSE_THRESHOLD + 1 }, (_, i) => node(`a/w${i}`)), edges: [] };
    const els = toElements(big, view);
    expect(els.filter((e) => e.data.kind === 'workload')).toHaveLength(0);
    expect(toElements(big, { ...view, expanded: ['a'] }).filter((e) => e.data.kind === 'workload')).toHaveLength(COLLAPSE_THRESHOLD + 1);
  });
  it('focus keeps the workload and its neighbours only', () => {
    const els = toElements(graph, { ...view, focus: 'b/db' });
    expect(els.filter((e) => e.data.kind === 'workload').map((e) => e.data.id).sort()).toEqual(['a/api', 'a/web', 'b/db']);
    expect(els.filter((e) => e.group === 'edges')).toHaveLength(2);
  });
  it('a conflict always surfaces when aggregated with allowed edges', () => {
    const g = { ...graph, edges: [edge('a/web', 'b/db', 'both'), edge('a/api', 'b/db', 'conflict')] };
    expect(toElements(g, { ...view, collapsed: ['a'] }).find((e) => e.group === 'edges')!.data.cls).toBe('conflict');
  });
});

describe('edge looks', () => {
  it('no two classes share both line style and arrow (colour is never the only signal)', () => {
    const signatures = EDGE_CLASSES.map((c) => `${EDGE_LOOKS[c].lineStyle}/${EDGE_LOOKS[c].arrow}/${EDGE_LOOKS[c].arrowFill}`);
    expect(new Set(signatures).size).toBe(EDGE_CLASSES.length);
  });
});

describe('edge labels show the ports, not only the class (issue 16)', () => {
  it('a workload edge: badge · port', () => {
    const els = toElements(graph, view);
    expect(els.find((e) => e.data.id === 'a/api->b/db')?.data.label).toBe('L4 · 5432');
    expect(els.find((e) => e.data.id === 'a/web->a/api')?.data.label).toBe('open · 80');
  });
  it('an aggregated edge onto a collapsed namespace: the union of ports and how many edges it merges', () => {
    const els = toElements(graph, { ...view, collapsed: ['a', 'b'] });
    // both + l4-only merged: the weakest (l4-only) shows.
    expect(els.find((e) => e.data.id === 'agg:ns:a->ns:b')?.data.label).toBe('L4 · 5432 · ×2');
  });
  it.each([
    ['TCP ports as numbers, sorted', ['8080/TCP', '80/TCP'], 1, 'L4 · 80, 8080'],
    ['other protocols keep theirs', ['53/UDP', '53/TCP'], 1, 'L4 · 53, 53/UDP'],
    ['more than three: +N', ['1/TCP', '2/TCP', '3/TCP', '4/TCP', '5/TCP'], 1, 'L4 · 1, 2, 3 +2'],
    ['merged edges: ×N', ['5432/TCP'], 3, 'L4 · 5432 · ×3'],
  ])('%s', (_what, ports, edges, label) => {
    expect(edgeLabel('L4', ports, edges)).toBe(label);
  });
  it('the stylesheet draws the label, not the bare badge', () => {
    for (const cls of EDGE_CLASSES) expect(stylesheet('light').find((s) => s.selector === `edge.${cls}`)?.style.label).toBe('data(label)');
  });
});
