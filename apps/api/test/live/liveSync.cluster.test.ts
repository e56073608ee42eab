/**
 * The live source against a real API server: the initial sync builds the same graph as the
 * manifests do, and a policy changed through the API reaches /api/v1/events.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyObjects, installLinkerdCrds, type TestCluster } from '@accessgraph/testcluster';
import type { GraphEdge } from '@accessgraph/model';
import { eventually } from '../helpers.ts';
import { connectSse } from '../sse.ts';
import { LINKERD_CONFIG, fixtureObjects, knownSnapshot, liveApp, startCluster } from './liveHelpers.ts';

const unavailable = inject('clusterUnavailable');

describe.skipIf(!!unavailable)('live source: sync and watch', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(true);
    await installLinkerdCrds(cluster.kubeconfigPath);
    await applyObjects(cluster.kubeconfigPath, [...LINKERD_CONFIG, ...fixtureObjects({ linkerd: true })]);
  });
  afterAll(async () => cluster?.stop());

  it('syncs every resource and builds the graph the manifests describe', async () => {
    const { app, store } = await liveApp(cluster.kubeconfigPath);
    const s = await knownSnapshot(store);
    expect(s.source).toBe('context: admin@testcluster');
    expect(s.layers).toEqual({ l4: { state: 'known' }, l7: { state: 'known' } });
    expect(s.analysis.inventory.workloads.map((w) => w.id).sort()).toEqual(['data/postgres', 'shop/backend', 'shop/frontend', 'tools/debug']);
    expect(s.analysis.inventory.linkerdConfig).toBeDefined();
    const graph = (await app.inject({ method: 'GET', url: '/api/v1/graph' })).json();
    expect(graph.snapshot.source).toBe('context: admin@testcluster');
    const edge = graph.edges.find((e: GraphEdge) => e.id === 'shop/frontend->shop/backend');
    expect(edge.ports[0]).toMatchObject({ port: 8080, l4Port: 4143, l4: 'allow', l7: 'allow', class: 'both' });
    const meta = (await app.inject({ method: 'GET', url: '/api/v1/snapshot' })).json();
    const resources = meta.resources.map((r: { resource: string }) => r.resource.split(' ')[0]);
    expect(resources).toEqual(
      expect.arrayContaining(['namespaces', 'pods', 'deployments.apps', 'networkpolicies.networking.k8s.io', 'configmaps', 'servers.policy.linkerd.io', 'authorizationpolicies.policy.linkerd.io', 'httproutes.gateway.networking.k8s.io']),
    );
    expect(resources.some((r: string) => r.startsWith('secrets'))).toBe(false);
    expect(meta.resources.every((r: { state: string }) => r.state === 'synced')).toBe(true);
    expect(meta.resources.find((r: { resource: string }) => r.resource.startsWith('servers.'))!.resource).toContain('policy.linkerd.io/v1beta3');
    expect(meta.resources.find((r: { resource: string }) => r.resource.startsWith('authorizationpolicies.'))!.resource).toContain('policy.linkerd.io/v1alpha1');
  });

  it('shows the YAML of live policies on the workload page', async () => {
    const { app, store } = await liveApp(cluster.kubeconfigPath);
    await knownSnapshot(store);
    const body = (await app.inject({ method: 'GET', url: '/api/v1/workloads/shop/backend' })).json();
    expect(body.policies.l4[0]).toMatchObject({ kind: 'NetworkPolicy', name: 'backend-ingress', file: 'live:admin@testcluster' });
    expect(body.policies.l4[0].yaml).toContain('resourceVersion');
    expect(body.policies.l4[0].yaml).not.toContain('managedFields');
    expect(body.policies.l7.map((p: { kind: string }) => p.kind)).toEqual(['Server', 'AuthorizationPolicy', 'MeshTLSAuthentication']);
  });

  it('delivers a NetworkPolicy changed through the API to /api/v1/events as a change summary', async () => {
    const { url, store } = await liveApp(cluster.kubeconfigPath);
    await knownSnapshot(store);
    const sse = await connectSse(`${url}/api/v1/events`);
    try {
      await sse.next('status');
      const path = '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies/backend-ingress';
      const np = (await cluster.raw('GET', path)).json as { spec: { ingress: unknown[] } };
      np.spec.ingress = [{ from: [{ namespaceSelector: {} }], ports: [{ port: 4143 }, { port: 8080 }] }];
      expect((await cluster.raw('PUT', path, np)).status).toBe(200);
      // The watch pushes the change (10 s is how long to wait for it, not a latency assertion).
      const event = await sse.next('snapshot', 10_000);
      const summary = event.data as { added: { from: string; to: string; port: number }[]; reclassified: { from: string; to: string; port: number }[] };
      expect([...summary.added, ...summary.reclassified]).toContainEqual(expect.objectContaining({ from: 'tools/debug', to: 'shop/backend', port: 8080 }));
      const cell = store.current()!.analysis.check({ from: 'tools/debug', to: 'shop/backend', port: 8080, protocol: 'TCP' });
      expect(cell.ok && cell.cell.l4).toBe('allow');
    } finally {
      sse.close();
    }
  });

  it('sees a deleted object disappear', async () => {
    const { store } = await liveApp(cluster.kubeconfigPath);
    await knownSnapshot(store);
    const del = await cluster.raw('DELETE', '/apis/networking.k8s.io/v1/namespaces/data/networkpolicies/postgres-from-shop');
    expect(del.status).toBe(200);
    await eventually(() => !store.current()!.analysis.inventory.networkPolicies.some((p) => p.name === 'postgres-from-shop'), 10_000, 'the deletion');
    const cell = store.current()!.analysis.check({ from: 'tools/debug', to: 'data/postgres', port: 5432, protocol: 'TCP' });
    expect(cell.ok && cell.cell.l4).toBe('open');
  });

  it('folds the Pods and ReplicaSets the controller manager creates into their Deployments', async () => {
    const { store } = await liveApp(cluster.kubeconfigPath);
    await eventually(() => store.current()?.objects.some((o) => o.object.kind === 'Pod'), 20_000, 'pods from the controller manager');
    const ids = store.current()!.analysis.inventory.workloads.map((w) => w.id).sort();
    expect(ids).toEqual(['data/postgres', 'shop/backend', 'shop/frontend', 'tools/debug']);
    const backend = store.current()!.analysis.inventory.workloads.find((w) => w.id === 'shop/backend')!;
    expect(backend.kind).toBe('Deployment');
  });
});
