import { describe, expect, it } from 'vitest';
import { ByteLru } from '../../src/cache/byteLru.ts';
import { testApp, SilentSource } from '../helpers.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests } from '@accessgraph/model';
import { KNOWN_LAYERS } from '../../src/sources/source.ts';
import { FIXTURES } from '../helpers.ts';

const lru = (max: number) => new ByteLru<string>('t', max, (k, v) => k.length + v.length);

describe('the byte-bounded LRU every response cache uses', () => {
  it('evicts the least recently used entry, not the oldest inserted, once past its budget', () => {
    const c = lru(100);
    c.set('a', 'x'.repeat(39));
    c.set('b', 'y'.repeat(39));
    expect(c.get('a')).toBe('x'.repeat(39)); // a is now the most recent
    c.set('c', 'z'.repeat(39));
    expect([c.peek('a'), c.peek('b'), c.peek('c')]).toEqual(['x'.repeat(39), undefined, 'z'.repeat(39)]);
    expect([c.bytes, c.entries, c.evictions]).toEqual([80, 2, 1]);
  });

  it('keeps nothing bigger than its whole budget', () => {
    const c = lru(100);
    c.set('a', 'x'.repeat(39));
    expect(c.set('huge', 'h'.repeat(200))).toBe(false);
    expect([c.peek('huge'), c.peek('a'), c.entries]).toEqual([undefined, 'x'.repeat(39), 1]);
  });

  it('evicts in one pass down to 7/8 of the budget, least recent first', () => {
    const c = lru(800);
    for (let i = 0; i < 8; i++) c.set(`k${i}`, 'v'.repeat(98)); // 8 × 100 bytes: full
    c.get('k0');
    c.set('k8', 'v'.repeat(98));
    // 900 > 800: the least recent go until the new one fits under 700 — k1 and k2 (k0 was used).
    expect(['k1', 'k2'].map((k) => c.peek(k))).toEqual([undefined, undefined]);
    expect([c.has('k0'), c.has('k3'), c.has('k8'), c.entries, c.bytes]).toEqual([true, true, true, 7, 700]);
  });

  it('replacing a key counts its bytes once', () => {
    const c = lru(100);
    c.set('a', 'x'.repeat(9));
    c.set('a', 'y'.repeat(19));
    expect([c.bytes, c.entries]).toEqual([20, 1]);
  });

  it('an entry that grows (resize) is measured again and the budget enforced on the others', () => {
    const sizes = new Map<string, number>([['a', 40], ['b', 40]]);
    const c = new ByteLru<string>('t', 100, (k) => sizes.get(k)!);
    c.set('a', '');
    c.set('b', '');
    sizes.set('b', 70);
    c.resize('b');
    expect([c.has('a'), c.has('b'), c.bytes]).toEqual([false, true, 70]);
  });
});

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
    source.listener!.update(fixtureState());
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
    source.listener!.update(fixtureState());
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
