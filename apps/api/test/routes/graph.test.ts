import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '@accessgraph/model';
import { fixtureApp } from '../helpers.ts';

describe('GET /api/v1/graph', () => {
  it('answers the graph with snapshot metadata', async () => {
    const { app } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/graph' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const g = res.json();
    expect(g.snapshot).toMatchObject({ version: 1, stale: false, layers: { l4: { state: 'known' }, l7: { state: 'known' } } });
    expect(g.snapshot.source).toMatch(/^manifests: /);
    expect(Date.parse(g.snapshot.takenAt)).not.toBeNaN();
    expect(g.nodes.map((n: GraphNode) => n.id).sort()).toEqual(['data/postgres', 'external:0.0.0.0/0', 'shop/backend', 'shop/frontend', 'tools/debug']);
    expect(g.namespaces.map((n: { name: string }) => n.name).sort()).toEqual(['data', 'shop', 'tools']);
    const edge = g.edges.find((e: GraphEdge) => e.id === 'shop/frontend->shop/backend');
    expect(edge.ports).toEqual([expect.objectContaining({ port: 8080, protocol: 'TCP', l4Port: 4143, l4: 'allow', l7: 'allow', allowed: true, protection: 'both', class: 'both' })]);
    expect(Array.isArray(g.diagnostics)).toBe(true);
  });

  it('summarises ports open to all on the node instead of drawing an edge per source', async () => {
    const { app } = await fixtureApp();
    const g = (await app.inject({ method: 'GET', url: '/api/v1/graph' })).json();
    const debug = g.nodes.find((n: GraphNode) => n.id === 'tools/debug');
    expect(debug.openToAll).toEqual(['8080/TCP']);
    expect(g.edges.filter((e: GraphEdge) => e.to === 'tools/debug')).toEqual([]);
    const all = (await app.inject({ method: 'GET', url: '/api/v1/graph?includeOpen=true' })).json();
    const toDebug = all.edges.filter((e: GraphEdge) => e.to === 'tools/debug');
    // With includeOpen the outside peer's unprotected edge is drawn too (issue 17).
    expect(toDebug.map((e: GraphEdge) => e.from).sort()).toEqual(['data/postgres', 'external:0.0.0.0/0', 'shop/backend', 'shop/frontend']);
    expect(toDebug.every((e: GraphEdge) => e.class === 'none')).toBe(true);
  });

  it('filters by namespace (repeatable): edges touching it and the workloads at both ends', async () => {
    const { app } = await fixtureApp();
    const g = (await app.inject({ method: 'GET', url: '/api/v1/graph?namespace=data' })).json();
    expect(g.edges.every((e: GraphEdge) => e.from.startsWith('data/') || e.to.startsWith('data/'))).toBe(true);
    expect(g.edges.map((e: GraphEdge) => e.id)).toContain('shop/frontend->data/postgres');
    expect(g.nodes.map((n: GraphNode) => n.id)).toContain('data/postgres');
    expect(g.nodes.map((n: GraphNode) => n.id)).not.toContain('tools/debug');
    const two = (await app.inject({ method: 'GET', url: '/api/v1/graph?namespace=data&namespace=tools' })).json();
    expect(two.nodes.map((n: GraphNode) => n.id)).toContain('tools/debug');
  });

  it('diagnostics=false leaves the diagnostics out and nothing else (the overview reads them from /api/v1/diagnostics)', async () => {
    const { app } = await fixtureApp();
    const withThem = (await app.inject({ method: 'GET', url: '/api/v1/graph?namespace=data' })).json();
    const without = await app.inject({ method: 'GET', url: '/api/v1/graph?namespace=data&diagnostics=false' });
    expect(without.statusCode).toBe(200);
    const g = without.json();
    expect(withThem.diagnostics.length).toBeGreaterThan(0);
    expect(g.diagnostics).toEqual([]);
    expect({ ...g, diagnostics: withThem.diagnostics }).toEqual(withThem);
    // A separate cache entry and ETag: asking with them again still gets them.
    expect(without.headers.etag).not.toBe((await app.inject({ method: 'GET', url: '/api/v1/graph?namespace=data' })).headers.etag);
    expect((await app.inject({ method: 'GET', url: '/api/v1/graph?namespace=data&diagnostics=true' })).json().diagnostics).toEqual(withThem.diagnostics);
  });

  it('filters by port, protection and layer', async () => {
    const { app } = await fixtureApp();
    const byPort = (await app.inject({ method: 'GET', url: '/api/v1/graph?port=5432/TCP' })).json();
    expect(byPort.edges.length).toBeGreaterThan(0);
    expect(byPort.edges.every((e: GraphEdge) => e.ports.every((p) => p.port === 5432))).toBe(true);
    const both = (await app.inject({ method: 'GET', url: '/api/v1/graph?protection=both' })).json();
    expect(both.edges.map((e: GraphEdge) => e.id)).toEqual(['shop/frontend->shop/backend']);
    const l7 = (await app.inject({ method: 'GET', url: '/api/v1/graph?layer=l7' })).json();
    expect(l7.edges.every((e: GraphEdge) => e.ports.every((p) => ['allow', 'partial', 'authenticated', 'deny'].includes(p.l7)))).toBe(true);
    expect(l7.edges.map((e: GraphEdge) => e.id)).not.toContain('shop/frontend->data/postgres');
  });

  it('answers 304 to a matching If-None-Match, and a new ETag per filter', async () => {
    const { app } = await fixtureApp();
    const first = await app.inject({ method: 'GET', url: '/api/v1/graph' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"1-/);
    const again = await app.inject({ method: 'GET', url: '/api/v1/graph', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await app.inject({ method: 'GET', url: '/api/v1/graph?namespace=shop' });
    expect(other.headers.etag).not.toBe(etag);
  });

  it('sends gzip to clients that accept it, the same document', async () => {
    const { app } = await fixtureApp();
    const plain = await app.inject({ method: 'GET', url: '/api/v1/graph' });
    const zipped = await app.inject({ method: 'GET', url: '/api/v1/graph', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const refused = await app.inject({ method: 'GET', url: '/api/v1/graph', headers: { 'accept-encoding': 'gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it.each([
    ['layer=l9', /layer/],
    ['protection=great', /protection/],
    ['port=99999', /port 99999 is not in 1-65535/],
    ['port=http', /port/],
    ['port=80/ICMP', /port/],
    ['includeOpen=maybe', /includeOpen/],
    ['namespace=a%2Fb', /namespace/],
  ])('rejects %s with 400 and a message', async (query, message) => {
    const { app } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: `/api/v1/graph?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message) });
  });
});
