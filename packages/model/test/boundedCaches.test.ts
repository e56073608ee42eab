/**
 * The evaluators' per-(destination, port) answer caches are bounded in bytes (issue 15: each
 * distinct `check` question kept ~1.8 KB in the model until the snapshot changed). Past the
 * budget the least recently used answers are evicted and recomputed — never a wrong answer.
 */
import { describe, expect, it } from 'vitest';
import { setCache } from '../src/util/byteLru.ts';
import { cluster, deploy, flow, netpol } from './manifests.ts';

describe('bounded evaluator caches', () => {
  it('a cache of 2,000-workload answers holds at most its byte budget', () => {
    const c = setCache<number>('t', 2000, 5, 1 << 20);
    for (let port = 1; port <= 20_000; port++) c.set(`0|${port}|TCP`, port);
    expect(c.bytes).toBeLessThanOrEqual(1 << 20);
    expect(c.evictions).toBeGreaterThan(0);
    expect(c.peek('0|20000|TCP')).toBe(20_000);
    expect(c.peek('0|1|TCP')).toBeUndefined();
  });

  it('answers stay right after 30,000 distinct questions have evicted them', () => {
    const a = cluster([deploy('shop/web', { ports: [8080] }), deploy('shop/api', { ports: [8080, 9090] }), netpol('shop/api-ingress', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080 }] }] })]);
    const first = [flow(a, 'shop/web', 'shop/api', 8080), flow(a, 'shop/web', 'shop/api', 9090)].map((c) => [c.l4, c.l7, c.allowed]);
    for (let port = 1; port <= 30_000; port++) flow(a, 'shop/web', 'shop/api', port);
    const again = [flow(a, 'shop/web', 'shop/api', 8080), flow(a, 'shop/web', 'shop/api', 9090)].map((c) => [c.l4, c.l7, c.allowed]);
    expect(again).toEqual(first);
    expect(first).toEqual([['allow', 'n/a', true], ['deny', 'n/a', false]]);
  });
});
