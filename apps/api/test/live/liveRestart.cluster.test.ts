/**
 * The API server goes away and comes back: the last snapshot is kept and marked stale with
 * its age (no new version, nothing dropped, nothing invented), then the source reconnects
 * with backoff (re-listing what the new server answers 410 Gone for), staleness clears, and
 * changes made after the restart arrive again.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyObjects, installLinkerdCrds, type TestCluster } from '@accessgraph/testcluster';
import type { GraphEdge } from '@accessgraph/model';
import type { ChangeSummary } from '../../src/schemas/events.ts';
import { eventually } from '../helpers.ts';
import { connectSse } from '../sse.ts';
import { LINKERD_CONFIG, fixtureObjects, knownSnapshot, liveApp, startCluster } from './liveHelpers.ts';

const unavailable = inject('clusterUnavailable');

const edgeIds = (edges: GraphEdge[]) => edges.map((e) => `${e.id}:${e.class}`).sort();

describe.skipIf(!!unavailable)('live source: API server stopped and restarted', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
    await installLinkerdCrds(cluster.kubeconfigPath);
    await applyObjects(cluster.kubeconfigPath, [...LINKERD_CONFIG, ...fixtureObjects({ linkerd: true })]);
  });
  afterAll(async () => cluster?.stop());

  it('serves the last snapshot marked stale, then recovers with the right graph', async () => {
    const { app, store, url } = await liveApp(cluster.kubeconfigPath);
    const before = await knownSnapshot(store);
    const beforeGraph = (await app.inject({ method: 'GET', url: '/api/v1/graph' })).json();
    const sse = await connectSse(`${url}/api/v1/events`);
    try {
      await sse.next('status');

      await cluster.stopApiServer();
      const staleEvent = await sse.next('status', 15_000);
      expect(staleEvent.data).toMatchObject({ version: before.version, stale: true });
      await new Promise((r) => setTimeout(r, 1500));
      const stale = (await app.inject({ method: 'GET', url: '/api/v1/graph' })).json();
      expect(stale.snapshot).toMatchObject({ version: before.version, stale: true, layers: before.layers });
      expect(stale.snapshot.staleForSeconds).toBeGreaterThanOrEqual(1);
      expect(edgeIds(stale.edges)).toEqual(edgeIds(beforeGraph.edges));
      expect(stale.nodes).toEqual(beforeGraph.nodes);
      expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready', stale: true });
      const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/accessgraph_source_stale 1\n/);

      await cluster.startApiServer();
      const recovered = await sse.next('status', 20_000);
      expect(recovered.data).toMatchObject({ stale: false });
      const after = (await app.inject({ method: 'GET', url: '/api/v1/graph' })).json();
      expect(after.snapshot.stale).toBe(false);
      expect(after.snapshot.staleForSeconds).toBeUndefined();
      expect(edgeIds(after.edges)).toEqual(edgeIds(beforeGraph.edges));
      expect(store.resources().filter((r) => r.state !== 'synced')).toEqual([]);
      // Watches broke (error restarts, with backoff); the restarted server no longer knew the old
      // resourceVersions of the core kinds (410 Gone), so those were listed again.
      const restarts = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(restarts).toMatch(/accessgraph_watch_restarts_total\{resource="networkpolicies.networking.k8s.io",reason="error"\} \d+/);
      expect(restarts).toMatch(/accessgraph_watch_restarts_total\{resource="[a-z.]+",reason="relist"\} \d+/);

      // Watches work again: a change after the restart arrives.
      await cluster.raw('DELETE', '/apis/networking.k8s.io/v1/namespaces/data/networkpolicies/postgres-from-shop');
      await eventually(() => !store.current()!.analysis.inventory.networkPolicies.some((p) => p.name === 'postgres-from-shop'), 15_000, 'the change after the restart');
      expect(store.current()!.version).toBeGreaterThan(before.version);
    } finally {
      sse.close();
    }
  });

  it('past the stale limit every verdict is unknown, and known again once the server answers', async () => {
    const { app, store, url } = await liveApp(cluster.kubeconfigPath, { staleLimitMs: 3000 });
    const before = await knownSnapshot(store);
    const question = { from: 'shop/frontend', to: 'data/postgres', port: 5432 };
    const answer = async () => (await app.inject({ method: 'POST', url: '/api/v1/check', payload: question })).json();
    const known = await answer();
    // (The first test of this file deleted postgres-from-shop: L4 may be open or allow here.)
    expect(known.cells[0].allowed).toBe(true);
    expect(known.cells[0].l4).not.toBe('unknown');
    const sse = await connectSse(`${url}/api/v1/events`);
    try {
      await sse.next('status');
      await cluster.stopApiServer();
      // First the last snapshot, its layers still known, marked stale …
      const staleEvent = await sse.next('status', 15_000);
      expect(staleEvent.data).toMatchObject({ stale: true, layers: before.layers });
      // … then, past the limit, a new snapshot in which neither layer is trusted.
      const pastLimit = (await sse.next('snapshot', 15_000)).data as ChangeSummary;
      expect(pastLimit.snapshot).toMatchObject({ stale: true, layers: { l4: { state: 'unknown' }, l7: { state: 'unknown' } } });
      expect(pastLimit.snapshot.layers.l4.reason).toMatch(/has not answered since \d{4}-\d\d-\d\dT\S+ \(limit 3 s, --stale-limit\)/);
      expect(store.current()!.analysis.diagnostics.some((d) => d.code === 'source-stale' && d.severity === 'error')).toBe(true);
      const stale = await answer();
      expect(stale.cells[0]).toMatchObject({ l4: 'unknown', allowed: null, protection: null });

      await cluster.startApiServer();
      await eventually(() => !store.currentHealth.stale && store.current()!.layers.l4.state === 'known', 20_000, 'recovery');
      expect((await answer()).cells[0]).toEqual(known.cells[0]);
    } finally {
      sse.close();
    }
  });

  it('waits for the API server when it is down at start, then takes its first snapshot', async () => {
    await cluster.stopApiServer();
    const { app, store } = await liveApp(cluster.kubeconfigPath);
    await new Promise((r) => setTimeout(r, 1000));
    expect(store.current()).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/api/v1/graph' })).statusCode).toBe(503);
    await cluster.startApiServer();
    const s = await knownSnapshot(store, 20_000);
    expect(s.analysis.inventory.workloads.length).toBe(4);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready', stale: false });
  });
});
