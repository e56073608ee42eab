import { describe, expect, it } from 'vitest';
import type { EdgePort, Graph, GraphEdge, GraphNode } from '../../src/index.ts';
import { edgesTouching, filterGraph } from '../../src/query/graphFilter.ts';

function node(id: string): GraphNode {
  const [namespace = '', name = ''] = id.split('/');
  return { id, namespace, name, kind: 'Deployment', meshed: false, serviceAccount: 'default', labels: {}, ports: [], openToAll: [], l4Isolated: false, sensitive: false };
}

function port(p: number, cls: EdgePort['class'], l4: EdgePort['l4'] = 'allow', l7: EdgePort['l7'] = 'n/a'): EdgePort {
  return { port: p, protocol: 'TCP', l4Port: p, l4, l7, allowed: true, protection: cls === 'conflict' || cls === 'unknown' ? null : (cls as EdgePort['protection']), class: cls };
}

function edge(from: string, to: string, ports: EdgePort[]): GraphEdge {
  return { id: `${from}->${to}`, from, to, class: ports[0]!.class, mixed: false, ports };
}

const graph: Graph = {
  namespaces: ['a', 'b', 'c'].map((name) => ({ name, labels: {}, meshed: false, workloadCount: 1, openWorkloads: 0, implicit: false })),
  nodes: [node('a/x'), node('b/y'), node('c/z')],
  edges: [edge('a/x', 'b/y', [port(80, 'l4-only'), port(5432, 'both', 'allow', 'allow')]), edge('c/z', 'c/z2', [port(443, 'none', 'open', 'open')])],
  diagnostics: [
    { code: 'policy-selects-nothing', severity: 'info', object: { kind: 'NetworkPolicy', namespace: 'a', name: 'p' }, message: 'm' },
    { code: 'policy-selects-nothing', severity: 'info', object: { kind: 'NetworkPolicy', namespace: 'b', name: 'p' }, message: 'm' },
    { code: 'layer-unknown', severity: 'warning', message: 'cluster-wide' },
    { code: 'policy-selects-nothing', severity: 'info', object: { kind: 'NetworkPolicy', namespace: 'c', name: 'q' }, message: 'm' },
  ],
};

describe('the namespace index (edgesTouching)', () => {
  const ids = ['a/1', 'a/2', 'b/1', 'c/1', 'c/2', 'dd/1'];
  const many: Graph = { ...graph, edges: ids.flatMap((f) => ids.filter((t) => t !== f).map((t) => edge(f, t, [port(80, 'l4-only')]))) };
  const scan = (ns: string[]) => many.edges.filter((e) => ns.includes(e.from.split('/')[0]!) || ns.includes(e.to.split('/')[0]!));
  for (const ns of [['a'], ['c'], ['a', 'c'], ['dd'], ['nosuch'], []]) {
    it(`gives the edges a scan gives, in graph order, each once: namespaces [${ns.join(', ')}]`, () => {
      expect(edgesTouching(many, new Set(ns))).toEqual(scan(ns));
    });
  }
  it('an edge inside one namespace is listed once', () => {
    expect(edgesTouching(many, new Set(['c'])).filter((e) => e.id === 'c/1->c/2')).toHaveLength(1);
  });
});

describe('graph filters', () => {
  it('returns the graph itself when no filter is set', () => {
    expect(filterGraph(graph, {})).toBe(graph);
  });

  it('namespace keeps edges touching it and the workloads at both ends', () => {
    const g = filterGraph(graph, { namespaces: ['b'] });
    expect(g.edges.map((e) => e.id)).toEqual(['a/x->b/y']);
    expect(g.nodes.map((n) => n.id)).toEqual(['a/x', 'b/y']);
    expect(g.namespaces.map((n) => n.name)).toEqual(['a', 'b']);
    // Findings of the namespace, about a shown workload, or cluster-wide; not those of a peer's namespace.
    expect(g.diagnostics.map((d) => d.object?.namespace ?? d.message)).toEqual(['b', 'cluster-wide']);
  });

  it('port keeps matching edge ports and recomputes the class from what remains', () => {
    const g = filterGraph(graph, { ports: [{ port: 5432, protocol: 'TCP' }] });
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]).toMatchObject({ class: 'both', mixed: false });
    expect(g.edges[0]!.ports.map((p) => p.port)).toEqual([5432]);
    expect(g.nodes).toHaveLength(3);
  });

  it('protection keeps ports of the given classes', () => {
    const g = filterGraph(graph, { protections: ['none'] });
    expect(g.edges.map((e) => e.id)).toEqual(['c/z->c/z2']);
  });

  it('layer keeps the ports that layer has a say on', () => {
    expect(filterGraph(graph, { layer: 'l7' }).edges.flatMap((e) => e.ports.map((p) => p.port))).toEqual([5432]);
    expect(filterGraph(graph, { layer: 'l4' }).edges.flatMap((e) => e.ports.map((p) => p.port))).toEqual([80, 5432]);
  });
});
