import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EdgePort, Graph, GraphNode, SnapshotInfo } from '@accessgraph/model';
import { changeSummary } from '../../src/snapshot/changeSummary.ts';

function node(id: string, openToAll: string[] = []): GraphNode {
  const [namespace = '', name = ''] = id.split('/');
  return { id, namespace, name, kind: 'Deployment', meshed: false, serviceAccount: 'default', labels: {}, ports: [], openToAll, l4Isolated: false, sensitive: false };
}

function graph(nodes: GraphNode[], edges: [string, string, number, EdgePort['class']][]): Graph {
  return {
    namespaces: [],
    nodes,
    edges: edges.map(([from, to, port, cls]) => ({
      id: `${from}->${to}`,
      from,
      to,
      class: cls,
      mixed: false,
      ports: [{ port, protocol: 'TCP', l4Port: port, l4: 'allow', l7: 'n/a', allowed: true, protection: 'l4-only', class: cls }],
    })),
    diagnostics: [],
  };
}

const info: SnapshotInfo = { version: 2, source: 'test', takenAt: '2026-01-01T00:00:00.000Z', stale: false, layers: { l4: { state: 'known' }, l7: { state: 'known' } } };

describe('change summaries', () => {
  it('lists flows added, removed and reclassified per port', () => {
    const nodes = [node('a/x'), node('b/y'), node('c/z')];
    const before = graph(nodes, [['a/x', 'b/y', 80, 'l4-only'], ['a/x', 'c/z', 443, 'both']]);
    const after = graph(nodes, [['a/x', 'b/y', 80, 'none'], ['c/z', 'b/y', 8080, 'both']]);
    const s = changeSummary({ before: { version: 1, graph: before }, after: { version: 2, graph: after, info }, limit: 10 });
    expect(s.counts).toEqual({ added: 1, removed: 1, reclassified: 1 });
    expect(s.reclassified).toEqual([{ from: 'a/x', to: 'b/y', port: 80, protocol: 'TCP', before: 'l4-only', after: 'none' }]);
    expect(s.added).toEqual([{ from: 'c/z', to: 'b/y', port: 8080, protocol: 'TCP', after: 'both' }]);
    expect(s.removed).toEqual([{ from: 'a/x', to: 'c/z', port: 443, protocol: 'TCP', before: 'both' }]);
    expect(s).toMatchObject({ version: 2, previousVersion: 1, truncated: false });
  });

  it('treats a port open to all as class none from every other workload', () => {
    const before = graph([node('a/x'), node('b/y', ['5432/TCP']), node('c/z')], []);
    const after = graph([node('a/x'), node('b/y'), node('c/z')], [['a/x', 'b/y', 5432, 'l4-only']]);
    const s = changeSummary({ before: { version: 1, graph: before }, after: { version: 2, graph: after, info }, limit: 10 });
    expect(s.reclassified).toEqual([{ from: 'a/x', to: 'b/y', port: 5432, protocol: 'TCP', before: 'none', after: 'l4-only' }]);
    expect(s.removed).toEqual([{ from: 'c/z', to: 'b/y', port: 5432, protocol: 'TCP', before: 'none' }]);
  });

  it('keeps counts complete when lists are cut at the limit', () => {
    const nodes = Array.from({ length: 5 }, (_, i) => node(`n/w${i}`));
    const after = graph(nodes, nodes.slice(1).map((n) => ['n/w0', n.id, 80, 'l4-only'] as [string, string, number, EdgePort['class']]));
    const s = changeSummary({ before: { version: 1, graph: graph(nodes, []) }, after: { version: 2, graph: after, info }, limit: 2 });
    expect(s.counts.added).toBe(4);
    expect(s.added).toHaveLength(2);
    expect(s.truncated).toBe(true);
  });

  it('reports workloads that appeared or went away', () => {
    const s = changeSummary({
      before: { version: 1, graph: graph([node('a/x'), node('b/y')], []) },
      after: { version: 2, graph: graph([node('a/x'), node('c/z')], []), info },
      limit: 10,
    });
    expect(s.workloads).toEqual({ added: ['c/z'], removed: ['b/y'] });
  });

  it('says nothing changed for the first snapshot', () => {
    const s = changeSummary({ before: undefined, after: { version: 1, graph: graph([node('a/x')], []), info }, limit: 10 });
    expect(s.counts).toEqual({ added: 0, removed: 0, reclassified: 0 });
    expect(s.previousVersion).toBeNull();
  });

  it('gives the same summary when the graphs share edge objects (as the model reuses them) as for copies', () => {
    const ids = ['a/x', 'b/y', 'c/z', 'd/w'];
    const classes: EdgePort['class'][] = ['l4-only', 'both', 'none'];
    const edgeArb = fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids), fc.constantFrom(80, 443), fc.constantFrom(...classes));
    fc.assert(
      fc.property(
        fc.uniqueArray(edgeArb, { selector: ([f, t]) => `${f}->${t}`, maxLength: 10 }),
        fc.uniqueArray(edgeArb, { selector: ([f, t]) => `${f}->${t}`, maxLength: 10 }),
        fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
        fc.subarray(['b/y:80', 'c/z:443']),
        (beforeEdges, changes, share, open) => {
          const nodes = (openPorts: string[]) => ids.map((id) => node(id, openPorts.filter((p) => p.startsWith(id)).map((p) => `${p.split(':')[1]}/TCP`)));
          const before = graph(nodes([]), beforeEdges);
          // After: some edges carried over as the same objects, others rebuilt or changed.
          const rebuilt = graph(nodes(open), changes);
          const byId = new Map(rebuilt.edges.map((e) => [e.id, e]));
          const edges = before.edges.flatMap((e, i) => (byId.has(e.id) ? [] : share[i] ? [e] : [structuredClone(e)]));
          const after: Graph = { ...rebuilt, edges: [...edges, ...rebuilt.edges] };
          const shared = changeSummary({ before: { version: 1, graph: before }, after: { version: 2, graph: after, info }, limit: 100 });
          const copied = changeSummary({ before: { version: 1, graph: structuredClone(before) }, after: { version: 2, graph: structuredClone(after), info }, limit: 100 });
          expect(shared).toEqual(copied);
        },
      ),
      { numRuns: 200 },
    );
  });
});
