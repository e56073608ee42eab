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
