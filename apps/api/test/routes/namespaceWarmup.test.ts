/**
 * Issue 16 (expand a namespace < 300 ms): after each snapshot the server prepares the answer a
 * namespace's expansion asks for (`/api/v1/graph?namespace=NS&diagnostics=false`) in the
 * background (routes/graph.ts warmNamespaceGraphs, snapshot/namespaceWarmup.ts). What must
 * hold: a warmed answer is byte for byte the one a request computes; the expansion's fast
 * path equals the model's filterGraph without findings; a newer snapshot or a newer warm-up
 * stops the old one; the warm-up stays within its share of the answer cache and never evicts.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { filterGraph, type Graph } from '@accessgraph/model';
import { generateCluster } from '../../../../packages/model/bench/synthetic.ts';
import { fullUpdate, KNOWN_LAYERS } from '../../src/sources/source.ts';
import { SnapshotStore } from '../../src/snapshot/snapshotStore.ts';
import { CachedBody, responseCache } from '../../src/snapshot/responseCache.ts';
import { namespaceGraphWithoutFindings } from '../../src/snapshot/namespaceGraph.ts';
import { namespacesByEdges } from '../../src/snapshot/namespaceWarmup.ts';
import { NAMESPACE_WARMUP_SHARE, warmNamespaceGraphs } from '../../src/routes/graph.ts';
import { eventually, SilentSource, testApp } from '../helpers.ts';

const FIXED_NOW = () => new Date('2026-12-01T00:00:00Z');

/** A synthetic cluster of `workloads` in namespaces of 10 (packages/model/bench/synthetic.ts), as a full source update. */
function synthetic(workloads: number, seed = 1) {
  return fullUpdate({ objects: generateCluster({ workloads, seed, perNamespace: 10 }), diagnostics: [], layers: KNOWN_LAYERS });
}

async function storeWith(workloads: number): Promise<{ store: SnapshotStore; source: SilentSource }> {
  const source = new SilentSource();
  const store = new SnapshotStore({ source, now: FIXED_NOW });
  await store.start();
  source.listener!.update(synthetic(workloads));
  await store.ready();
  return { store, source };
}

/** Deferred callbacks run by hand: the test decides when the warm-up takes its next turn. */
function manualTurns() {
  const queue: (() => void)[] = [];
  return {
    defer: (fn: () => void) => void queue.push(fn),
    /** Runs queued turns (and what they queue) until `n` ran or none is left, letting gzip and promises settle between. */
    async run(n = Infinity): Promise<number> {
      let ran = 0;
      while (ran < n) {
        await eventually(() => queue.length > 0 || undefined, 2000, 'a queued turn').catch(() => undefined);
        const fn = queue.shift();
        if (!fn) break;
        fn();
        ran++;
        await new Promise((r) => setImmediate(r));
      }
      return ran;
    },
  };
}

function gauge(metrics: string, name: string, cache: string): number {
  const m = new RegExp(`^${name}\\{cache="${cache}"\\} (\\d+)$`, 'm').exec(metrics);
  if (!m) throw new Error(`no ${name}{cache="${cache}"} in /metrics`);
  return Number(m[1]);
}

/** Hand-made graphs for the warm-up order: [name, namespaces, edges as from→to, expected order]. */
const ORDER_CASES: { name: string; namespaces: string[]; edges: [string, string][]; order: string[] }[] = [
  { name: 'more edges touching it first', namespaces: ['a', 'b', 'c'], edges: [['a/x', 'b/y'], ['b/y', 'b/z'], ['c/x', 'b/y']], order: ['b', 'a', 'c'] },
  { name: 'an edge within a namespace counts once for it', namespaces: ['a', 'b'], edges: [['a/x', 'a/y'], ['b/x', 'a/y'], ['b/y', 'a/x']], order: ['a', 'b'] },
  { name: 'ties by name; a namespace without edges last', namespaces: ['z', 'm', 'e'], edges: [['z/x', 'm/y']], order: ['m', 'z', 'e'] },
  { name: 'the outside peer (no namespace of the list) is not warmed', namespaces: ['a'], edges: [['external:0.0.0.0/0', 'a/x']], order: ['a'] },
];

describe('namespacesByEdges: the order of the warm-up', () => {
  for (const c of ORDER_CASES) {
    it(c.name, () => {
      const graph = {
        namespaces: c.namespaces.map((name) => ({ name, labels: {}, meshed: false, workloadCount: 1, openWorkloads: 0, implicit: false })),
        nodes: [],
        edges: c.edges.map(([from, to]) => ({ from, to, ports: [], class: 'none', mixed: false })),
        diagnostics: [],
      } as unknown as Graph;
      expect(namespacesByEdges(graph)).toEqual(c.order);
    });
  }
});

describe("the expansion's fast path equals filterGraph without findings", () => {
  it('for every namespace of a synthetic cluster, and for two at once', async () => {
    const { store } = await storeWith(300);
    const graph = store.current()!.graph;
    const asks = [...graph.namespaces.map((n) => [n.name]), [graph.namespaces[0]!.name, graph.namespaces[3]!.name], ['no-such-namespace']];
    for (const namespaces of asks) {
      const expected = { ...filterGraph(graph, { namespaces: [...namespaces].sort() }), diagnostics: [] };
      expect(JSON.stringify(namespaceGraphWithoutFindings(graph, [...namespaces].sort())), namespaces.join(',')).toBe(JSON.stringify(expected));
    }
    await store.stop();
  });
});

describe('CachedBody.gzipOnly', () => {
  it('keeps the gzip only and gives the same JSON bytes back', async () => {
    const json = Buffer.from(JSON.stringify({ edges: Array.from({ length: 500 }, (_, i) => ({ from: `ns/a${i}`, to: `ns/b${i}` })) }));
    const body = new CachedBody(json, 'W/"x"');
    await body.gzipOnly();
    expect(body.heldBytes).toBe(body.gzippedBytes);
    expect(body.heldBytes).toBeLessThan(json.length / 4);
    expect(body.json.equals(json)).toBe(true);
    expect(gunzipSync(await body.gzip()).equals(json)).toBe(true);
  });
});

describe('the namespace warm-up', () => {
  it("serves every namespace's expansion answer, byte-identical to a server that computes it at the request", async () => {
    const objects = synthetic(300);
    const warmSource = new SilentSource();
    const coldSource = new SilentSource();
    const warm = await testApp(warmSource, { waitForSnapshot: false, store: { now: FIXED_NOW } });
    // One byte of answer cache: nothing is kept, every answer is computed at the request.
    const cold = await testApp(coldSource, { waitForSnapshot: false, store: { now: FIXED_NOW }, graphCacheBytes: 1 });
    warmSource.listener!.update(objects);
    coldSource.listener!.update(objects);
    await Promise.all([warm.store.ready(), cold.store.ready()]);
    const namespaces = warm.store.current()!.graph.namespaces.map((n) => n.name);
    // Warmed: the default graph and one answer per namespace.
    await eventually(async () => gauge((await warm.app.inject({ url: '/metrics' })).body, 'accessgraph_cache_entries', 'graph') === namespaces.length + 1 || undefined, 20_000, 'every namespace warmed');
    for (const ns of namespaces) {
      const url = `/api/v1/graph?namespace=${ns}&diagnostics=false`;
      const expected = (await cold.app.inject({ url })).rawPayload;
      const gz = await warm.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).equals(expected), ns).toBe(true);
      // A client without gzip gets the same bytes, inflated from the kept gzip.
      expect((await warm.app.inject({ url })).rawPayload.equals(expected), ns).toBe(true);
    }
    // Served from what the warm-up made: asking added no entry.
    expect(gauge((await warm.app.inject({ url: '/metrics' })).body, 'accessgraph_cache_entries', 'graph')).toBe(namespaces.length + 1);
  }, 60_000);

  it('a newer snapshot stops the old warm-up before its next namespace', async () => {
    const { store, source } = await storeWith(300);
    const first = store.current()!;
    const cache = responseCache(32 * 2 ** 20);
    const turns = manualTurns();
    const warmup = warmNamespaceGraphs(cache, store, undefined, turns.defer)!;
    await turns.run(3); // the order, then two namespaces
    const changed = new Promise((r) => store.subscribe((e) => e.type === 'snapshot' && r(undefined)));
    source.listener!.update(synthetic(300, 2));
    await changed;
    expect(store.current()).not.toBe(first);
    await turns.run();
    const report = await warmup.done;
    expect(report.end).toBe('stopped');
    // The first namespace was kept; the second's answer was under way when the snapshot changed
    // (kept only if finished before); none after it was made.
    expect(report.warmed.length).toBeGreaterThanOrEqual(1);
    expect(report.warmed.length).toBeLessThanOrEqual(2);
    for (const key of cache.keys()) expect(key.startsWith(`${first.version}\u0000`)).toBe(true);
    expect(cache.entries).toBe(report.warmed.length);
    await store.stop();
  });

  it('a newer warm-up (the next snapshot) cancels the old one', async () => {
    const { store } = await storeWith(300);
    const cache = responseCache(32 * 2 ** 20);
    const turns = manualTurns();
    const old = warmNamespaceGraphs(cache, store, undefined, turns.defer)!;
    await turns.run(2);
    const next = warmNamespaceGraphs(cache, store, undefined, turns.defer)!;
    await turns.run();
    expect((await old.done).end).toBe('cancelled');
    expect((await old.done).warmed.length).toBe(1);
    expect((await next.done).end).toBe('done');
    await store.stop();
  });

  it('stays within its share of a small answer cache, most connected namespaces first, evicting nothing', async () => {
    const { store } = await storeWith(300);
    const budget = 40 * 1024;
    const cache = responseCache(budget);
    const warmup = warmNamespaceGraphs(cache, store)!;
    const report = await warmup.done;
    const order = namespacesByEdges(store.current()!.graph);
    expect(report.end).toBe('stopped');
    expect(report.warmed.length).toBeGreaterThan(0);
    expect(report.warmed.length).toBeLessThan(order.length);
    expect(report.warmed).toEqual(order.slice(0, report.warmed.length));
    expect(cache.bytes).toBeLessThanOrEqual(budget * NAMESPACE_WARMUP_SHARE);
    expect(cache.evictions).toBe(0);
    await store.stop();
  });

  it('leaves room for what the cache already holds: stops before the next answer could evict it', async () => {
    const { store } = await storeWith(300);
    const budget = 400 * 1024;
    const cache = responseCache(budget);
    // Another answer (the default graph, say) holding most of the budget.
    const held = new CachedBody(Buffer.alloc(Math.floor(budget * 0.9)), 'W/"held"');
    expect(cache.set('held', held)).toBe(true);
    const report = await warmNamespaceGraphs(cache, store)!.done;
    expect(report.end).toBe('stopped');
    expect(report.warmed.length).toBeLessThan(store.current()!.graph.namespaces.length);
    expect(cache.peek('held')).toBe(held);
    expect(cache.evictions).toBe(0);
    expect(cache.bytes).toBeLessThanOrEqual(budget);
    await store.stop();
  });
});
