/**
 * Issue 16, "overview first, detail on demand": the namespace overview's elements (one node per
 * namespace with its posture badge, one edge per namespace pair and class), what expanding a
 * namespace adds, and the semantic-zoom thresholds.
 */
import { describe, expect, it } from 'vitest';
import { EDGE_CLASSES, type EdgeClass } from '@accessgraph/model';
import type { GraphResponseLike } from './graphTypes.ts';
import { BUNDLE_LIMIT, OVERVIEW_EDGE_LIMIT, OVERVIEW_FONT, collapsedSize, flowLine, flowLines, mergeGraphs, namespaceLabel, overviewElements, overviewWorkloads, pairEdgeId, pairWidth, postureLines, workloadNamespaceEdgeId, type OverviewLike, type OverviewNamespaceLike } from './overview.ts';
import { FAR_ZOOM, MIN_LEGIBLE_PX, legibleAt, zoomLevel } from './semanticZoom.ts';
import { READABLE_ZOOM } from './GraphView.tsx';
import { stylesheet } from './stylesheet.ts';

const counts = (over: Partial<Record<EdgeClass, number>>): Record<EdgeClass, number> => ({ ...(Object.fromEntries(EDGE_CLASSES.map((c) => [c, 0])) as Record<EdgeClass, number>), ...over });
const nsOf = (name: string, over: Partial<OverviewNamespaceLike['posture']> = {}, workloads = 3, meshed = 0): OverviewNamespaceLike => ({
  name,
  workloads,
  meshedWorkloads: meshed,
  posture: { ingressDefaultDeny: 'all', egressDefaultDeny: 'none', l7DefaultPolicy: 'n/a', openPorts: 0, findings: { error: 0, warning: 0, info: 0 }, ...over },
});
const pair = (from: string, to: string, c: Partial<Record<EdgeClass, number>>) => {
  const cc = counts(c);
  const flows = Object.values(cc).reduce((a, b) => a + b, 0);
  return { from, to, counts: cc, flows, ports: flows };
};
const overview: OverviewLike = {
  namespaces: [nsOf('b'), nsOf('a', { egressDefaultDeny: 'some', l7DefaultPolicy: 'deny', openPorts: 2, findings: { error: 1, warning: 3, info: 0 } }, 3, 3), nsOf('c'), nsOf('empty', {}, 0)],
  pairs: [pair('a', 'b', { 'l4-only': 5, conflict: 1 }), pair('b', 'a', { both: 2 }), pair('a', 'a', { none: 4 }), pair('c', 'b', { 'l4-only': 1 })],
};

const node = (id: string) => {
  const [namespace, name] = id.split('/') as [string, string];
  return { id, namespace, name, kind: 'Deployment', meshed: false, serviceAccount: 'default', labels: {}, ports: [], openToAll: [], l4Isolated: true, sensitive: false };
};
const edge = (from: string, to: string, cls: EdgeClass) => ({
  id: `${from}->${to}`,
  from,
  to,
  class: cls,
  mixed: false,
  ports: [{ port: 80, protocol: 'TCP' as const, l4Port: 80, l4: 'allow' as const, l7: 'n/a' as const, allowed: true, protection: 'l4-only' as const, class: cls }],
});
// /api/v1/graph?namespace=a: the edges touching a, the workloads at both ends.
const graphOfA: GraphResponseLike = {
  namespaces: [],
  nodes: [node('a/web'), node('a/api'), node('a/job'), node('b/db')],
  edges: [edge('a/web', 'b/db', 'l4-only'), edge('a/web', 'a/api', 'none'), edge('b/db', 'a/api', 'both')],
};

const ids = (els: ReturnType<typeof overviewElements>, group: 'nodes' | 'edges') => els.filter((e) => e.group === group).map((e) => e.data.id);
const byId = (els: ReturnType<typeof overviewElements>, id: string) => els.find((e) => e.data.id === id)!;

describe('the namespace overview', () => {
  it('one node per namespace with workloads, in name order; a namespace without workloads is left out', () => {
    const els = overviewElements(overview, new Map());
    expect(ids(els, 'nodes')).toEqual(['ns:a', 'ns:b', 'ns:c']);
    for (const id of ids(els, 'nodes')) expect(byId(els, id).classes).toContain('collapsed');
  });

  it('one aggregated edge per ordered namespace pair and class, labelled with its flow count; none inside a namespace', () => {
    const els = overviewElements(overview, new Map());
    expect(ids(els, 'edges').sort()).toEqual([pairEdgeId('a', 'b', 'conflict'), pairEdgeId('a', 'b', 'l4-only'), pairEdgeId('b', 'a', 'both'), pairEdgeId('c', 'b', 'l4-only')].sort());
    const e = byId(els, pairEdgeId('a', 'b', 'l4-only'));
    expect(e.data).toMatchObject({ source: 'ns:a', target: 'ns:b', cls: 'l4-only', count: 5, label: 'L4 ×5' });
    expect(e.classes).toContain('pair');
  });

  it('a pair edge is wider the more flows it carries, and never wider than 14', () => {
    expect(pairWidth('l4-only', 8)).toBeGreaterThan(pairWidth('l4-only', 1));
    expect(pairWidth('both', 1_000_000)).toBe(14);
  });

  // Issue 18: the pair panel reads the pair from the element's data, never from its id.
  it('a pair edge carries its namespaces and class as data (names with dashes included)', () => {
    const o: OverviewLike = { namespaces: [nsOf('team-a'), nsOf('team-b-x')], pairs: [pair('team-a', 'team-b-x', { 'l4-only': 2 })] };
    const e = overviewElements(o, new Map()).find((x) => x.group === 'edges')!;
    expect(e.data).toMatchObject({ kind: 'pair', from: 'team-a', to: 'team-b-x', cls: 'l4-only' });
  });

  it('the posture badge names default deny in/out, the L7 default policy, the meshed share, open ports and findings', () => {
    expect(postureLines(overview.namespaces[1]!)).toEqual(['L4 default-deny in:all out:some', 'L7 default: deny', 'mTLS 3/3 · ⚠ 2 open · ✖1 ▲3']);
    expect(postureLines(overview.namespaces[0]!)).toEqual(['L4 default-deny in:all out:none', 'L7: not meshed', 'mTLS 0/3']);
  });

  it('a posture a layer could not read shows ?, never none or all', () => {
    expect(postureLines(nsOf('x', { ingressDefaultDeny: 'unknown', egressDefaultDeny: 'unknown', l7DefaultPolicy: 'unknown' }))).toEqual(['L4 default-deny in:? out:?', 'L7 default: ?', 'mTLS 0/3']);
  });

  it('a collapsed namespace box is sized to hold its text; the label carries the flows line', () => {
    const els = overviewElements(overview, new Map());
    const a = byId(els, 'ns:a');
    expect(String(a.data.label).split('\n')).toEqual(['a · 3 workloads', 'L4 default-deny in:all out:some', 'L7 default: deny', 'mTLS 3/3 · ⚠ 2 open · ✖1 ▲3', 'flows → 1 ns · ← 1 ns']);
    const size = collapsedSize(String(a.data.label));
    expect(a.data).toMatchObject(size);
    expect(size.width).toBeGreaterThanOrEqual('L4 default-deny in:all out:some'.length * OVERVIEW_FONT * 0.5);
    expect(size.height).toBeGreaterThanOrEqual(5 * OVERVIEW_FONT);
    expect(a.classes).toContain('has-error');
    expect(namespaceLabel(overview.namespaces[2]!)).toBe('c · 3 workloads\nL4 default-deny in:all out:none\nL7: not meshed\nmTLS 0/3');
  });

  it('more pair edges than OVERVIEW_EDGE_LIMIT are quiet (drawn on hover or selection only)', () => {
    const names = Array.from({ length: 20 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const big: OverviewLike = { namespaces: names.map((n) => nsOf(n)), pairs: names.flatMap((f) => names.filter((t) => t !== f).map((t) => pair(f, t, { 'l4-only': 1 }))) };
    const edges = overviewElements(big, new Map()).filter((e) => e.group === 'edges');
    expect(edges.length).toBeGreaterThan(OVERVIEW_EDGE_LIMIT);
    for (const e of edges) expect(e.classes).toContain('quiet');
    // Under the limit, every pair edge is drawn.
    for (const e of overviewElements(overview, new Map()).filter((x) => x.group === 'edges')) expect(e.classes).not.toContain('quiet');
  });

  it('overviewWorkloads sums the namespaces', () => {
    expect(overviewWorkloads(overview)).toBe(9);
  });
});

describe('expanding a namespace', () => {
  const els = overviewElements(overview, new Map([['a', graphOfA]]));

  it('draws its workloads inside it; a neighbour in a collapsed namespace is not drawn, its namespace stays a collapsed box', () => {
    expect(byId(els, 'ns:a').classes).toContain('expanded');
    expect(byId(els, 'ns:b').classes).toContain('collapsed');
    expect(byId(els, 'ns:b').data.label).toBe(namespaceLabel(nsOf('b'), 'flows → 1 ns · ← 2 ns'));
    expect(byId(els, 'ns:c').classes).toContain('collapsed');
    for (const e of els) expect(String(e.classes)).not.toContain('partial');
    const workloads = els.filter((e) => e.data.kind === 'workload');
    expect(workloads.map((w) => [w.data.id, w.data.kind === 'workload' ? w.data.parent : undefined])).toEqual([
      ['a/api', 'ns:a'],
      ['a/job', 'ns:a'],
      ['a/web', 'ns:a'],
    ]);
  });

  it('edges inside the expanded namespace are workload edges (API ids), not cross', () => {
    expect(byId(els, 'a/web->a/api').classes).not.toContain('cross');
    expect(byId(els, 'a/web->a/api').data).toMatchObject({ source: 'a/web', target: 'a/api', cls: 'none', members: [{ id: 'a/web->a/api', from: 'a/web', to: 'a/api' }], count: 1 });
  });

  it('edges to a collapsed namespace fold into one per workload, namespace and direction: weakest class, ports, ×count, member ids', () => {
    const e1 = edge('a/web', 'b/db', 'l4-only');
    const e2 = { ...edge('a/web', 'b/cache', 'conflict'), ports: [{ ...e1.ports[0]!, port: 6379, class: 'conflict' as const }] };
    const g: GraphResponseLike = { namespaces: [], nodes: [...graphOfA.nodes, node('b/cache')], edges: [...graphOfA.edges, e2] };
    const folded = overviewElements(overview, new Map([['a', g]]));
    const out = byId(folded, workloadNamespaceEdgeId('a/web', 'ns:b'));
    expect(out.data).toMatchObject({ source: 'a/web', target: 'ns:b', cls: 'conflict', count: 2, aggregated: true, members: [{ id: 'a/web->b/cache', from: 'a/web', to: 'b/cache' }, { id: 'a/web->b/db', from: 'a/web', to: 'b/db' }] });
    expect(out.data.label).toBe('⚠ conflict · 80, 6379 · ×2');
    expect(out.classes).toContain('cross');
    expect(out.classes).toContain('workload-edge');
    // Drawn while a.web or b is hovered or selected; the bundle a → b stands for them otherwise.
    expect(out.classes).toContain('quiet');
    const inbound = byId(folded, workloadNamespaceEdgeId('ns:b', 'a/api'));
    expect(inbound.data).toMatchObject({ source: 'ns:b', target: 'a/api', cls: 'both', count: 1 });
    // No element for a workload that is not drawn.
    expect(folded.filter((e) => e.data.id === 'b/db' || e.data.id === 'b/cache')).toEqual([]);
  });

  it('with two namespaces expanded, the edges between their workloads are drawn as workload edges', () => {
    const graphOfB: GraphResponseLike = { namespaces: [], nodes: [node('b/db'), node('a/web'), node('a/api')], edges: [edge('a/web', 'b/db', 'l4-only'), edge('b/db', 'a/api', 'both')] };
    const two = overviewElements(overview, new Map([['a', graphOfA], ['b', graphOfB]]));
    expect(byId(two, 'b/db').data).toMatchObject({ kind: 'workload', parent: 'ns:b' });
    expect(byId(two, 'a/web->b/db').classes).toContain('cross');
    expect(two.filter((e) => String(e.data.id).startsWith('agg:'))).toEqual([]);
  });

  it('flowLines counts the other namespaces each namespace sends to and receives from, as flowLine does', () => {
    const lines = flowLines(overview);
    for (const ns of overview.namespaces) expect(lines.get(ns.name)).toBe(flowLine(overview, ns.name));
    expect(lines.get('a')).toBe('flows → 1 ns · ← 1 ns');
    expect(lines.get('c')).toBe('flows → 1 ns · ← 0 ns');
  });

  it('above BUNDLE_LIMIT bundles only conflicts and unknowns stay drawn; the rest wait for a hover (quiet)', () => {
    const many = Array.from({ length: BUNDLE_LIMIT + 2 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const o: OverviewLike = { namespaces: [nsOf('hub'), ...many.map((n) => nsOf(n))], pairs: many.map((n, i) => pair('hub', n, i === 0 ? { conflict: 1 } : { 'l4-only': 1 })) };
    const g: GraphResponseLike = { namespaces: [], nodes: [node('hub/w')], edges: [] };
    const els = overviewElements(o, new Map([['hub', g]]));
    const bundles = els.filter((e) => String(e.classes).includes('bundle'));
    expect(bundles.length).toBe(BUNDLE_LIMIT + 2);
    expect(bundles.filter((e) => !String(e.classes).includes('quiet')).map((e) => e.data.id)).toEqual([pairEdgeId('hub', 'n00', 'conflict')]);
  });

  it('its pairs with a collapsed namespace are bundles, drawn at every zoom and (a few) never quiet; the other pairs stay aggregated', () => {
    for (const id of [pairEdgeId('a', 'b', 'l4-only'), pairEdgeId('a', 'b', 'conflict'), pairEdgeId('b', 'a', 'both')]) {
      expect(byId(els, id).classes).toContain('bundle');
      expect(byId(els, id).classes).not.toContain('far-only');
      expect(byId(els, id).classes).not.toContain('quiet');
    }
    expect(byId(els, pairEdgeId('c', 'b', 'l4-only')).classes).not.toMatch(/bundle|far-only/);
  });

  it('a pair of two expanded namespaces is far-only: their workload edges stand for it when zoomed in', () => {
    const graphOfB: GraphResponseLike = { namespaces: [], nodes: [node('b/db'), node('a/web'), node('a/api')], edges: [edge('a/web', 'b/db', 'l4-only'), edge('b/db', 'a/api', 'both')] };
    const two = overviewElements(overview, new Map([['a', graphOfA], ['b', graphOfB]]));
    expect(byId(two, pairEdgeId('a', 'b', 'l4-only')).classes).toContain('far-only');
    expect(byId(two, pairEdgeId('b', 'a', 'both')).classes).toContain('far-only');
    expect(byId(two, pairEdgeId('c', 'b', 'l4-only')).classes).toContain('bundle');
  });

  it('expanding a namespace does not change which of the other pairs are quiet', () => {
    const many = Array.from({ length: 30 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const o: OverviewLike = { namespaces: many.map((n) => nsOf(n)), pairs: many.flatMap((a, i) => [1, 2, 3, 4, 5, 6].map((k) => pair(a, many[(i + k) % many.length]!, { 'l4-only': 1 }))) };
    expect(o.pairs.length).toBeGreaterThan(OVERVIEW_EDGE_LIMIT);
    const before = overviewElements(o, new Map());
    const g: GraphResponseLike = { namespaces: [], nodes: [node('n00/w')], edges: [] };
    const after = overviewElements(o, new Map([['n00', g]]));
    const quietAmong = (els: typeof before) => els.filter((e) => e.group === 'edges' && e.data.kind === 'pair' && e.data.from !== 'n00' && e.data.to !== 'n00' && String(e.classes).includes('quiet')).map((e) => e.data.id);
    expect(quietAmong(before).length).toBeGreaterThan(0);
    expect(quietAmong(after)).toEqual(quietAmong(before));
  });

  it('a namespace whose graph has not arrived stays collapsed', () => {
    const none = overviewElements(overview, new Map());
    expect(byId(none, 'ns:a').classes).toContain('collapsed');
  });

  it('merging namespace graphs keeps each node and edge once, sorted by id', () => {
    const graphOfB: GraphResponseLike = { namespaces: [], nodes: [node('b/db'), node('a/web')], edges: [edge('a/web', 'b/db', 'l4-only')] };
    const m = mergeGraphs([graphOfB, graphOfA]);
    expect(m.nodes.map((n) => n.id)).toEqual(['a/api', 'a/job', 'a/web', 'b/db']);
    expect(m.edges.map((e) => e.id)).toEqual(['a/web->a/api', 'a/web->b/db', 'b/db->a/api']);
  });

  it('the elements are the same whatever order the API listed things in', () => {
    const shuffled: GraphResponseLike = { namespaces: [], nodes: [...graphOfA.nodes].reverse(), edges: [...graphOfA.edges].reverse() };
    const o2: OverviewLike = { namespaces: [...overview.namespaces].reverse(), pairs: [...overview.pairs].reverse() };
    expect(overviewElements(o2, new Map([['a', shuffled]]))).toEqual(els);
  });
});

describe('semantic zoom', () => {
  it('a label is drawn only while it is at least MIN_LEGIBLE_PX on screen', () => {
    expect(legibleAt(11, 8 / 11)).toBe(true);
    expect(legibleAt(11, 7.9 / 11)).toBe(false);
    expect(legibleAt(OVERVIEW_FONT, READABLE_ZOOM)).toBe(true);
  });

  it('the first zoom shows workload labels at the legible size and overview text larger (≥ 10 px)', () => {
    expect(11 * READABLE_ZOOM).toBeGreaterThanOrEqual(MIN_LEGIBLE_PX);
    expect(OVERVIEW_FONT * READABLE_ZOOM).toBeGreaterThanOrEqual(10);
  });

  it('below FAR_ZOOM workloads fold into their namespace', () => {
    expect(zoomLevel(FAR_ZOOM)).toBe('near');
    expect(zoomLevel(FAR_ZOOM - 0.01)).toBe('far');
    expect(zoomLevel(1)).toBe('near');
  });

  it('the stylesheet hides every label below MIN_LEGIBLE_PX, and at far zoom hides workloads and their edges and shows far-only pair edges', () => {
    const near = stylesheet('light');
    for (const sel of ['node.workload', 'node.namespace', 'edge']) expect(near.find((s) => s.selector === sel)!.style['min-zoomed-font-size']).toBe(MIN_LEGIBLE_PX);
    expect(near.find((s) => s.selector === 'edge.far-only')!.style.display).toBe('none');
    const far = stylesheet('light', { far: true });
    expect(far.findLast((s) => s.selector === 'edge.workload-edge')!.style.display).toBe('none');
    expect(far.findLast((s) => s.selector === 'node.workload')!.style.opacity).toBe(0);
    expect(far.some((s) => s.selector === 'edge.far-only')).toBe(false);
  });
});
