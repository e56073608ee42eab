/**
 * includeOpen is a second full graph (issue 19): above a bound on the edges it could have the
 * server does not compute it. Routes that would draw it say so (413), the workload page answers
 * from the default graph with `openSummarised`. The bound is tested by setting it small on the
 * fixture cluster, whose tools/debug has 8080/TCP open to all.
 */
import { describe, expect, it } from 'vitest';
import type { Graph, GraphEdge, GraphNode } from '@accessgraph/model';
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
  it('GET /api/v1/graph, /api/v1/overview and /api/v1/graph.csv?expandOpen refuse it with a 413 that says how to ask', async () => {
    const { app } = await fixtureApp({ maxIncludeOpenEdges: 1 });
    for (const url of ['/api/v1/graph?includeOpen=true', '/api/v1/graph?includeOpen=true&namespace=tools', '/api/v1/overview?includeOpen=true', '/api/v1/graph.csv?expandOpen=true', '/api/v1/graph.csv?includeOpen=true']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(413);
      expect(res.json().message, url).toMatch(/^with includeOpen the graph could have \d+ edges \(limit 1\): it is not computed at this size\. Ask without includeOpen/);
    }
  });

  it('the same routes without includeOpen answer as before', async () => {
    const { app } = await fixtureApp({ maxIncludeOpenEdges: 1 });
    for (const url of ['/api/v1/graph', '/api/v1/overview', '/api/v1/graph.csv']) expect((await app.inject({ url })).statusCode, url).toBe(200);
  });

  it('the workload page answers from the default graph and says openSummarised', async () => {
    const { app } = await fixtureApp({ maxIncludeOpenEdges: 1 });
    const res = await app.inject({ url: '/api/v1/workloads/tools/debug?includeOpen=true' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.openSummarised).toBe(true);
    expect(body.workload.openToAll).toEqual(['8080/TCP']);
    const plain = (await app.inject({ url: '/api/v1/workloads/tools/debug' })).json();
    expect(plain.openSummarised).toBeUndefined();
    expect(body.inbound).toEqual(plain.inbound);
    expect(body.outbound).toEqual(plain.outbound);
  });

  it('under the bound (the default) includeOpen is honoured and openSummarised absent', async () => {
    const { app } = await fixtureApp();
    const body = (await app.inject({ url: '/api/v1/workloads/tools/debug?includeOpen=true' })).json();
    expect(body.openSummarised).toBeUndefined();
    expect(body.inbound.map((e: GraphEdge) => e.from).sort()).toEqual(['data/postgres', 'external:0.0.0.0/0', 'shop/backend', 'shop/frontend']);
    expect((await app.inject({ url: '/api/v1/graph?includeOpen=true' })).statusCode).toBe(200);
  });
});
