/**
 * includeOpen is a second full graph (issue 19): above a bound on the edges it could have the
 * server does not compute it, and routes that would draw it whole say so (413). What touches one
 * workload or namespace is computed without it (the model's Analysis.workloadFlows /
 * namespaceFlows), so the workload page and the graph of a namespace answer at any size — and
 * with a tiny bound answer what the whole includeOpen graph gives. The bound is tested by
 * setting it small on the fixture cluster, whose tools/debug has 8080/TCP open to all.
 */
import { describe, expect, it } from 'vitest';
import { filterGraph, type Graph, type GraphEdge, type GraphNode } from '@accessgraph/model';
import { fixtureApp } from '../helpers.ts';
import { includeOpenEdgeBound } from '../../src/snapshot/openGraph.ts';

const node = (id: string, openToAll: string[] = [], kind = 'Deployment'): GraphNode =>
  ({ id, namespace: id.split('/')[0]!, name: id, kind, meshed: false, serviceAccount: 'default', labels: {}, ports: [], openToAll, l4Isolated: false, sensitive: false }) as GraphNode;
const edge = (from: string, to: string): GraphEdge => ({ id: `${from}->${to}`, from, to, class: 'l4-only', mixed: false, ports: [] });
const graph = (nodes: GraphNode[], edges: GraphEdge[]): Graph => ({ namespaces: [], nodes, edges, diagnostics: [] });

describe('includeOpenEdgeBound: at most how many edges the includeOpen graph has', () => {
  const cases: { name: string; g: Graph; bound: number }[] = [
    { name: 'no port open to all: the default edges', g: graph([node('a/x'), node('a/y')], [edge('a/x', 'a/y')]), bound: 1 },
    { name: 'a port open to all: one edge per other node', g: graph([node('a/x', ['80/TCP']), node('a/y'), node('a/z')], []), bound: 2 },
    { name: 'two open ports on one node count twice (one edge port each)', g: graph([node('a/x', ['80/TCP', '443/TCP']), node('a/y')], [edge('a/y', 'a/x')]), bound: 1 + 2 },
    { name: 'an outside peer may reach every node', g: graph([node('a/x'), node('a/y'), node('external:0.0.0.0/0', [], 'External')], []), bound: 3 },
  ];
  for (const c of cases) it(c.name, () => expect(includeOpenEdgeBound(c.g)).toBe(c.bound));
});

describe('includeOpen above its bound (AppOptions.maxIncludeOpenEdges)', () => {
  it('GET /api/v1/graph (without namespace), /api/v1/overview and /api/v1/graph.csv?expandOpen refuse it with a 413 that says how to ask', async () => {
    const { app } = await fixtureApp({ maxIncludeOpenEdges: 1 });
    for (const url of ['/api/v1/graph?includeOpen=true', '/api/v1/overview?includeOpen=true', '/api/v1/graph.csv?expandOpen=true', '/api/v1/graph.csv?includeOpen=true']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(413);
      expect(res.json().message, url).toMatch(/^with includeOpen the graph could have \d+ edges \(limit 1\): it is not computed at this size\. Ask without includeOpen/);
    }
  });

  it('the same routes without includeOpen answer as before', async () => {
    const { app } = await fixtureApp({ maxIncludeOpenEdges: 1 });
    for (const url of ['/api/v1/graph', '/api/v1/overview', '/api/v1/graph.csv']) expect((await app.inject({ url })).statusCode, url).toBe(200);
  });

  it('the workload page lists the flows through ports open to all anyway, as the whole includeOpen graph has them, and never says openSummarised', async () => {
    const { app, store } = await fixtureApp({ maxIncludeOpenEdges: 1 });
    const analysis = store.current()!.analysis;
    const full = analysis.graph({ includeOpen: true });
    const workloads = analysis.table.workloads.map((w) => w.id);
    expect(workloads.length).toBeGreaterThan(3);
    for (const id of workloads) {
      const res = await app.inject({ url: `/api/v1/workloads/${id}?includeOpen=true` });
      expect(res.statusCode, id).toBe(200);
      const body = res.json();
      expect(body.openSummarised, id).toBeUndefined();
      expect(body.inbound, id).toEqual(full.edges.filter((e) => e.to === id));
      expect(body.outbound, id).toEqual(full.edges.filter((e) => e.from === id));
    }
    // Not vacuous: tools/debug's port open to all has its clients, and its clients list it among their destinations.
    const debug = (await app.inject({ url: '/api/v1/workloads/tools/debug?includeOpen=true' })).json();
    expect(debug.workload.openToAll).toEqual(['8080/TCP']);
    expect(debug.inbound.map((e: GraphEdge) => e.from).sort()).toEqual(['data/postgres', 'external:0.0.0.0/0', 'shop/backend', 'shop/frontend']);
    const plain = (await app.inject({ url: '/api/v1/workloads/tools/debug' })).json();
    expect(plain.inbound).toEqual([]);
    const frontend = (await app.inject({ url: '/api/v1/workloads/shop/frontend?includeOpen=true' })).json();
    expect(frontend.outbound.some((e: GraphEdge) => e.to === 'tools/debug' && e.ports.some((p) => p.port === 8080))).toBe(true);
  });

  it('GET /api/v1/graph?namespace=NS&includeOpen=true answers above the bound what the whole includeOpen graph gives for NS', async () => {
    const { app, store } = await fixtureApp({ maxIncludeOpenEdges: 1 });
    const full = store.current()!.analysis.graph({ includeOpen: true });
    const namespaces = [...new Set(full.nodes.map((n) => n.namespace).filter(Boolean))].sort();
    expect(namespaces).toContain('tools');
    const queries: { namespaces: string[]; extra?: string; filter?: Parameters<typeof filterGraph>[1] }[] = [
      ...namespaces.map((ns) => ({ namespaces: [ns] })),
      { namespaces: namespaces.slice(0, 2) },
      { namespaces: ['tools'], extra: '&protection=none', filter: { protections: ['none'] } },
    ];
    for (const q of queries) {
      const url = `/api/v1/graph?includeOpen=true${q.namespaces.map((ns) => `&namespace=${ns}`).join('')}${q.extra ?? ''}`;
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      const { snapshot: _snapshot, ...body } = res.json();
      expect(body, url).toEqual(JSON.parse(JSON.stringify(filterGraph(full, { namespaces: [...q.namespaces].sort(), ...q.filter }))));
    }
    const tools = (await app.inject({ url: '/api/v1/graph?includeOpen=true&namespace=tools' })).json();
    expect(tools.edges.filter((e: GraphEdge) => e.to === 'tools/debug').length).toBe(4);
  });

  it('under the bound (the default) includeOpen is honoured and openSummarised absent', async () => {
    const { app } = await fixtureApp();
    const body = (await app.inject({ url: '/api/v1/workloads/tools/debug?includeOpen=true' })).json();
    expect(body.openSummarised).toBeUndefined();
    expect(body.inbound.map((e: GraphEdge) => e.from).sort()).toEqual(['data/postgres', 'external:0.0.0.0/0', 'shop/backend', 'shop/frontend']);
    expect((await app.inject({ url: '/api/v1/graph?includeOpen=true' })).statusCode).toBe(200);
  });
});
