/**
 * Linkerd's CRDs and the live source: without them L7 is `unknown` with the reason — never
 * open, never deny — and CRDs installed while the server runs are picked up by re-discovery.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyObjects, installLinkerdCrds, type TestCluster } from '@accessgraph/testcluster';
import type { GraphEdge } from '@accessgraph/model';
import { eventually } from '../helpers.ts';
import { connectSse } from '../sse.ts';
import { fixtureObjects, liveApp, linkerdObjects, startCluster } from './liveHelpers.ts';

const unavailable = inject('clusterUnavailable');

describe.skipIf(!!unavailable)('live source: Linkerd CRDs', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
    await applyObjects(cluster.kubeconfigPath, fixtureObjects({ linkerd: false }));
  });
  afterAll(async () => cluster?.stop());

  it('without the CRDs, L7 is unknown with the reason, and meshed destinations are never open', async () => {
    const { app, store } = await liveApp(cluster.kubeconfigPath);
    const s = await store.ready();
    expect(s.layers.l4).toEqual({ state: 'known' });
    expect(s.layers.l7.state).toBe('unknown');
    expect(s.layers.l7.reason).toMatch(/policy\.linkerd\.io/);
    const check = (await app.inject({ method: 'POST', url: '/api/v1/check', payload: { from: 'tools/debug', to: 'shop/frontend', port: 8000 } })).json();
    expect(check.cells[0]).toMatchObject({ l4: 'open', l7: 'unknown', allowed: null, protection: null });
    expect(check.allowed).toBeNull();
    // An unmeshed destination: no proxy enforces anything, so L7 is n/a whatever the CRDs say
    // (meshed-ness comes from the pods, which were read), and L4 alone decides.
    const pg = (await app.inject({ method: 'POST', url: '/api/v1/check', payload: { from: 'shop/frontend', to: 'data/postgres', port: 5432 } })).json();
    expect(pg.cells[0]).toMatchObject({ l4: 'allow', l7: 'n/a', allowed: true, protection: 'l4-only' });
    const graph = (await app.inject({ method: 'GET', url: '/api/v1/graph' })).json();
    expect(graph.snapshot.layers.l7.state).toBe('unknown');
    const toFrontend = graph.edges.filter((e: GraphEdge) => e.to === 'shop/frontend');
    expect(toFrontend.length).toBeGreaterThan(0);
    expect(toFrontend.every((e: GraphEdge) => e.class === 'unknown')).toBe(true);
    const frontend = graph.nodes.find((n: { id: string }) => n.id === 'shop/frontend');
    expect(frontend.openToAll).toEqual([]);
  });

  it('picks up CRDs installed after start, then the policies created with them', async () => {
    const { store, url } = await liveApp(cluster.kubeconfigPath);
    await store.ready();
    expect(store.current()!.layers.l7.state).toBe('unknown');
    const sse = await connectSse(`${url}/api/v1/events`);
    try {
      await installLinkerdCrds(cluster.kubeconfigPath);
      await eventually(() => store.current()!.layers.l7.state === 'known', 15_000, 'L7 known after the CRDs appear');
      await applyObjects(cluster.kubeconfigPath, linkerdObjects());
      await eventually(() => store.current()!.analysis.inventory.servers.some((s) => s.name === 'backend-http'), 15_000, 'the Server');
      await eventually(() => store.current()!.analysis.inventory.authorizationPolicies.length === 1 && store.current()!.analysis.inventory.meshTLSAuthentications.length === 1, 15_000, 'the authorization');
      const cell = store.current()!.analysis.check({ from: 'shop/frontend', to: 'shop/backend', port: 8080, protocol: 'TCP' });
      expect(cell.ok && cell.cell).toMatchObject({ l4: 'allow', l7: 'allow', protection: 'both' });
      const denied = store.current()!.analysis.check({ from: 'tools/debug', to: 'shop/backend', port: 8080, protocol: 'TCP' });
      expect(denied.ok && denied.cell.l7).toBe('deny');
      const events = sse.events.filter((e) => e.event === 'snapshot');
      expect(events.length).toBeGreaterThan(0);
      expect(events.some((e) => (e.data as { counts: { reclassified: number } }).counts.reclassified > 0)).toBe(true);
      const meta = (await (await fetch(`${url}/api/v1/snapshot`)).json()) as { resources: { resource: string }[] };
      expect(meta.resources.map((r: { resource: string }) => r.resource)).toContain('servers.policy.linkerd.io policy.linkerd.io/v1beta3');
    } finally {
      sse.close();
    }
  });
});
