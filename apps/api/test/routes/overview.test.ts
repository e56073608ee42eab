/**
 * GET /api/v1/overview: the graph folded to namespaces. Its pairs must be exactly the edges
 * /api/v1/graph answers for the same query, folded by namespace (same filters, same classes).
 */
import { describe, expect, it } from 'vitest';
import { EDGE_CLASSES, type EdgeClass, type GraphEdge } from '@accessgraph/model';
import { parseSelectorString } from '@accessgraph/model';
import { FIXTURES, fixtureApp, testApp } from '../helpers.ts';

interface Pair {
  from: string;
  to: string;
  counts: Record<EdgeClass, number>;
  flows: number;
  ports: number;
}

function fold(edges: GraphEdge[]): Pair[] {
  const out = new Map<string, Pair>();
  for (const e of edges) {
    // Flows with an end outside the cluster (issue 17) are no namespace pair.
    if (e.from.startsWith('external:') || e.to.startsWith('external:')) continue;
    const from = e.from.split('/')[0]!;
    const to = e.to.split('/')[0]!;
    const key = `${from}>${to}`;
    let p = out.get(key);
    if (!p) out.set(key, (p = { from, to, counts: Object.fromEntries(EDGE_CLASSES.map((c) => [c, 0])) as Record<EdgeClass, number>, flows: 0, ports: 0 }));
    p.counts[e.class]++;
    p.flows++;
    p.ports += e.ports.length;
  }
  return [...out.values()].sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1));
}

describe('GET /api/v1/overview', () => {
  it('answers namespaces with posture and pairs, with the snapshot metadata of /api/v1/graph', async () => {
    const { app } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/overview' });
    expect(res.statusCode).toBe(200);
    const o = res.json();
    expect(Object.keys(o)).toEqual(['snapshot', 'namespaces', 'pairs']);
    const g = (await app.inject({ method: 'GET', url: '/api/v1/graph' })).json();
    expect(o.snapshot).toEqual(g.snapshot);
    expect(o.namespaces.map((n: { name: string }) => n.name)).toEqual(['data', 'shop', 'tools']);
    const data = o.namespaces.find((n: { name: string }) => n.name === 'data');
    // postgres-from-shop selects the only workload of data for ingress; nothing selects it for egress.
    expect(data).toMatchObject({ workloads: 1, meshedWorkloads: 0, posture: { ingressDefaultDeny: 'all', egressDefaultDeny: 'none', l7DefaultPolicy: 'n/a', openPorts: 0 } });
    const shop = o.namespaces.find((n: { name: string }) => n.name === 'shop');
    expect(shop).toMatchObject({ workloads: 2, meshedWorkloads: 2, posture: { l7DefaultPolicy: 'all-unauthenticated' } });
    const tools = o.namespaces.find((n: { name: string }) => n.name === 'tools');
    expect(tools.posture).toMatchObject({ ingressDefaultDeny: 'none', openPorts: 1 });
    expect(Object.keys(tools.posture.findings)).toEqual(['error', 'warning', 'info']);
  });

  const queries = ['', '?namespace=data', '?namespace=data&namespace=tools', '?port=5432/TCP', '?port=8080', '?protection=both', '?protection=l4-only&protection=none', '?layer=l4', '?layer=l7', '?includeOpen=true', '?includeOpen=true&namespace=tools'];
  for (const q of queries) {
    it(`its pairs are /api/v1/graph${q || ' (no filter)'} folded by namespace`, async () => {
      const { app } = await fixtureApp();
      const o = (await app.inject({ method: 'GET', url: `/api/v1/overview${q}` })).json();
      const g = (await app.inject({ method: 'GET', url: `/api/v1/graph${q}` })).json();
      expect(o.pairs).toEqual(fold(g.edges));
      expect(o.namespaces.map((n: { name: string }) => n.name)).toEqual(g.namespaces.map((n: { name: string }) => n.name).sort());
    });
  }

  it('counts open flows only with includeOpen (otherwise they are the openPorts badge)', async () => {
    const { app } = await fixtureApp();
    const plain = (await app.inject({ method: 'GET', url: '/api/v1/overview' })).json();
    const open = (await app.inject({ method: 'GET', url: '/api/v1/overview?includeOpen=true' })).json();
    expect(plain.pairs.filter((p: Pair) => p.to === 'tools')).toEqual([]);
    expect(open.pairs.filter((p: Pair) => p.to === 'tools').reduce((s: number, p: Pair) => s + p.counts.none, 0)).toBe(3);
  });

  it('is cached with a weak ETag per filter and refuses a bad filter with a 400', async () => {
    const { app } = await fixtureApp();
    const first = await app.inject({ method: 'GET', url: '/api/v1/overview' });
    expect(first.headers.etag).toMatch(/^W\//);
    const again = await app.inject({ method: 'GET', url: '/api/v1/overview', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const other = await app.inject({ method: 'GET', url: '/api/v1/overview?port=5432' });
    expect(other.headers.etag).not.toBe(first.headers.etag);
    expect((await app.inject({ method: 'GET', url: '/api/v1/overview?protection=bogus' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/overview?port=99999' })).statusCode).toBe(400);
  });

  it('the server\'s --sensitive selector reaches the graph it serves (the store analyses with it)', async () => {
    const { ManifestWatchSource } = await import('../../src/sources/manifestWatch.ts');
    const parsed = parseSelectorString('app in (debug)');
    if (!parsed.ok) throw new Error(parsed.message);
    const { app } = await testApp(new ManifestWatchSource({ paths: [FIXTURES], pollMs: 0 }), { store: { sensitive: parsed.selector } });
    const g = (await app.inject({ method: 'GET', url: '/api/v1/graph' })).json();
    expect(g.nodes.filter((n: { sensitive: boolean }) => n.sensitive).map((n: { id: string }) => n.id)).toEqual(['tools/debug']);
    const { app: plain } = await fixtureApp();
    const d = (await plain.inject({ method: 'GET', url: '/api/v1/graph' })).json();
    expect(d.nodes.filter((n: { sensitive: boolean }) => n.sensitive).map((n: { id: string }) => n.id)).toEqual(['data/postgres']);
  });
});
