import { describe, expect, it } from 'vitest';
import { testApp, SilentSource } from '../helpers.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests } from '@accessgraph/model';
import { fullUpdate, KNOWN_LAYERS } from '../../src/sources/source.ts';
import { FIXTURES } from '../helpers.ts';


function fixtureState() {
  const files = ['data.yaml', 'shop.yaml'].map((f) => ({ path: f, text: readFileSync(join(FIXTURES, f), 'utf8') }));
  const parsed = parseManifests(files);
  return { objects: parsed.objects, diagnostics: parsed.diagnostics, layers: KNOWN_LAYERS };
}

function gauge(metrics: string, name: string, cache: string): number {
  const m = new RegExp(`^${name}\\{cache="${cache}"\\} (\\d+)$`, 'm').exec(metrics);
  if (!m) throw new Error(`no ${name}{cache="${cache}"} in /metrics`);
  return Number(m[1]);
}

describe('POST /api/v1/check under a flood of distinct questions', () => {
  it('keeps the answer cache within its byte budget, evicting, and says so in /metrics', async () => {
    const source = new SilentSource();
    const budget = 16 * 1024;
    const { app, store } = await testApp(source, { waitForSnapshot: false, checkCacheBytes: budget });
    source.listener!.update(fullUpdate(fixtureState()));
    await store.ready();
    for (let port = 1; port <= 400; port++) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/check', payload: { from: 'shop/frontend', to: 'shop/backend', port } });
      expect(res.statusCode).toBe(200);
    }
    const metrics = (await app.inject({ url: '/metrics' })).body;
    const bytes = gauge(metrics, 'accessgraph_cache_bytes', 'check');
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(budget);
    expect(gauge(metrics, 'accessgraph_cache_max_bytes', 'check')).toBe(budget);
    expect(gauge(metrics, 'accessgraph_cache_evictions_total', 'check')).toBeGreaterThan(0);
    expect(gauge(metrics, 'accessgraph_cache_entries', 'check')).toBeLessThan(400);
  });

  it('distinct graph filters stay within the graph cache budget', async () => {
    const source = new SilentSource();
    const budget = 64 * 1024;
    const { app, store } = await testApp(source, { waitForSnapshot: false, graphCacheBytes: budget });
    source.listener!.update(fullUpdate(fixtureState()));
    await store.ready();
    for (let port = 1; port <= 200; port++) {
      const res = await app.inject({ url: `/api/v1/graph?port=${port}`, headers: { 'accept-encoding': 'gzip' } });
      expect(res.statusCode).toBe(200);
    }
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(gauge(metrics, 'accessgraph_cache_bytes', 'graph')).toBeLessThanOrEqual(budget);
    expect(gauge(metrics, 'accessgraph_cache_evictions_total', 'graph')).toBeGreaterThan(0);
  });
});

describe('the default overview is kept for the whole snapshot (cache "dashboard"), apart from the LRU', () => {
  it('is kept even when the LRU of filtered answers is too small for it; filtered overviews go to the LRU', async () => {
    const source = new SilentSource();
    const { app, store } = await testApp(source, { waitForSnapshot: false, graphCacheBytes: 512 });
    source.listener!.update(fullUpdate(fixtureState()));
    await store.ready();
    const first = await app.inject({ url: '/api/v1/overview' });
    expect(first.statusCode).toBe(200);
    expect(first.body.length).toBeGreaterThan(512);
    let metrics = (await app.inject({ url: '/metrics' })).body;
    expect(gauge(metrics, 'accessgraph_cache_entries', 'dashboard')).toBe(1);
    expect(gauge(metrics, 'accessgraph_cache_bytes', 'dashboard')).toBeGreaterThan(first.body.length);
    expect(gauge(metrics, 'accessgraph_cache_bytes', 'graph')).toBeLessThanOrEqual(512);
    const again = await app.inject({ url: '/api/v1/overview', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await app.inject({ url: '/api/v1/overview?namespace=shop' })).statusCode).toBe(200);
    metrics = (await app.inject({ url: '/metrics' })).body;
    expect(gauge(metrics, 'accessgraph_cache_entries', 'dashboard')).toBe(1);
  });

  it('holds at most the largest graph answer (--max-graph-size): an overview bigger than that is answered, not kept', async () => {
    const source = new SilentSource();
    const { app, store } = await testApp(source, { waitForSnapshot: false, maxGraphBytes: 256 });
    source.listener!.update(fullUpdate(fixtureState()));
    await store.ready();
    expect((await app.inject({ url: '/api/v1/overview' })).statusCode).toBe(200);
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(gauge(metrics, 'accessgraph_cache_max_bytes', 'dashboard')).toBe(256);
    expect(gauge(metrics, 'accessgraph_cache_entries', 'dashboard')).toBe(0);
  });
});

describe('answers too big for the LRU are kept in their own budget (cache "large", --max-graph-size)', () => {
  it('a graph past the LRU budget is kept once, not computed again per request; the budget holds', async () => {
    const source = new SilentSource();
    const { app, store } = await testApp(source, { waitForSnapshot: false, graphCacheBytes: 512, maxGraphBytes: 64 * 1024 });
    source.listener!.update(fullUpdate(fixtureState()));
    await store.ready();
    const first = await app.inject({ url: '/api/v1/graph?namespace=data' });
    expect(first.statusCode).toBe(200);
    expect(first.body.length).toBeGreaterThan(512);
    let metrics = (await app.inject({ url: '/metrics' })).body;
    const entries = gauge(metrics, 'accessgraph_cache_entries', 'large');
    expect(entries).toBeGreaterThanOrEqual(1);
    const again = await app.inject({ url: '/api/v1/graph?namespace=data' });
    expect(again.body).toBe(first.body);
    metrics = (await app.inject({ url: '/metrics' })).body;
    expect(gauge(metrics, 'accessgraph_cache_entries', 'large')).toBe(entries);
    for (const ns of ['shop', 'tools', 'data&namespace=shop', 'shop&namespace=tools']) expect((await app.inject({ url: `/api/v1/graph?namespace=${ns}`, headers: { 'accept-encoding': 'gzip' } })).statusCode).toBe(200);
    metrics = (await app.inject({ url: '/metrics' })).body;
    expect(gauge(metrics, 'accessgraph_cache_bytes', 'large')).toBeLessThanOrEqual(64 * 1024);
    expect(gauge(metrics, 'accessgraph_cache_max_bytes', 'large')).toBe(64 * 1024);
    expect(gauge(metrics, 'accessgraph_cache_bytes', 'graph')).toBeLessThanOrEqual(512);
  });
});
