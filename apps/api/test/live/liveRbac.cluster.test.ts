/**
 * RBAC and the live source: the deploy/ ClusterRole is enough to read everything (and grants
 * no Secrets), and a token that may not read Linkerd's kinds makes L7 `unknown` — not open.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyManifests, applyObjects, installLinkerdCrds, readObjects, type TestCluster } from '@accessgraph/testcluster';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { GraphEdge } from '@accessgraph/model';
import { DEPLOY, LINKERD_CONFIG, fixtureObjects, knownSnapshot, liveApp, serviceAccountKubeconfig, startCluster } from './liveHelpers.ts';

const unavailable = inject('clusterUnavailable');

function edgeSummary(edges: GraphEdge[]): string[] {
  return edges.map((e) => `${e.id} ${e.class} ${e.ports.map((p) => `${p.port}:${p.l4}/${p.l7}`).join(',')}`).sort();
}

describe.skipIf(!!unavailable)('live source: RBAC', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
    await installLinkerdCrds(cluster.kubeconfigPath);
    await applyObjects(cluster.kubeconfigPath, [...LINKERD_CONFIG, ...fixtureObjects({ linkerd: true })]);
    await applyManifests(cluster.kubeconfigPath, [`${DEPLOY}namespace.yaml`, `${DEPLOY}serviceaccount.yaml`, `${DEPLOY}clusterrole.yaml`, `${DEPLOY}clusterrolebinding.yaml`]);
  });
  afterAll(async () => cluster?.stop());

  it("the deploy/ ClusterRole's token reads everything: the same graph as an admin", async () => {
    const admin = await liveApp(cluster.kubeconfigPath);
    const adminSnapshot = await knownSnapshot(admin.store);
    const kubeconfig = await serviceAccountKubeconfig(cluster, 'accessgraph', 'accessgraph');
    const { store, app } = await liveApp(kubeconfig);
    const s = await knownSnapshot(store);
    expect(s.layers).toEqual({ l4: { state: 'known' }, l7: { state: 'known' } });
    expect(store.resources().filter((r) => r.state !== 'synced')).toEqual([]);
    expect(s.analysis.inventory.linkerdConfig).toBeDefined();
    expect(edgeSummary(s.graph.edges)).toEqual(edgeSummary(adminSnapshot.graph.edges));
    expect(s.analysis.diagnostics.filter((d) => d.code === 'layer-unknown')).toEqual([]);
    const graph = (await app.inject({ method: 'GET', url: '/api/v1/graph' })).json();
    expect(graph.edges.find((e: GraphEdge) => e.id === 'shop/frontend->shop/backend').class).toBe('both');
  });

  it('the deploy/ ClusterRole grants no Secrets and no writes', async () => {
    const token = await cluster.tokenFor('accessgraph', 'accessgraph');
    expect((await cluster.raw('GET', '/api/v1/secrets', undefined, token)).status).toBe(403);
    expect((await cluster.raw('GET', '/api/v1/namespaces/linkerd/configmaps/other', undefined, token)).status).toBe(403);
    const write = await cluster.raw('POST', '/api/v1/namespaces/tools/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, token);
    expect(write.status).toBe(403);
    const role = readObjects([`${DEPLOY}clusterrole.yaml`])[0] as KubernetesObject & { rules: { resources: string[]; verbs: string[] }[] };
    expect(new Set(role.rules.flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    expect(role.rules.flatMap((r) => r.resources)).not.toContain('secrets');
  });

  it('a token that may not read Linkerd policy makes L7 unknown with the reason, never open', async () => {
    const full = readObjects([`${DEPLOY}clusterrole.yaml`])[0] as KubernetesObject & { rules: { apiGroups: string[] }[] };
    const limitedRole = {
      ...full,
      metadata: { name: 'accessgraph-no-linkerd' },
      rules: full.rules.filter((r) => !r.apiGroups.some((g) => g.endsWith('linkerd.io') || g === 'gateway.networking.k8s.io')),
    };
    await applyObjects(cluster.kubeconfigPath, [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'limited', namespace: 'accessgraph' } },
      limitedRole as KubernetesObject,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'accessgraph-no-linkerd' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'accessgraph-no-linkerd' },
        subjects: [{ kind: 'ServiceAccount', name: 'limited', namespace: 'accessgraph' }],
      } as KubernetesObject,
    ]);
    const { store, app } = await liveApp(await serviceAccountKubeconfig(cluster, 'accessgraph', 'limited'));
    const s = await store.ready();
    expect(s.layers.l4).toEqual({ state: 'known' });
    expect(s.layers.l7.state).toBe('unknown');
    expect(s.layers.l7.reason).toMatch(/cannot read servers\.policy\.linkerd\.io .*forbidden \(403\)/);
    const forbidden = store.resources().filter((r) => r.state === 'forbidden').map((r) => r.resource.split(' ')[0]);
    expect(forbidden).toEqual(expect.arrayContaining(['servers.policy.linkerd.io', 'authorizationpolicies.policy.linkerd.io', 'httproutes.gateway.networking.k8s.io']));
    expect(s.analysis.diagnostics.some((d) => d.code === 'layer-unknown' && /forbidden/.test(d.message))).toBe(true);
    const check = (await app.inject({ method: 'POST', url: '/api/v1/check', payload: { from: 'tools/debug', to: 'shop/backend', port: 8080 } })).json();
    // L4 still denies this flow; L7 is unknown, not the default policy's open.
    expect(check.cells[0]).toMatchObject({ l4: 'deny', l7: 'unknown', allowed: false });
    const meshedOpen = (await app.inject({ method: 'POST', url: '/api/v1/check', payload: { from: 'tools/debug', to: 'shop/frontend', port: 8000 } })).json();
    expect(meshedOpen.cells[0]).toMatchObject({ l4: 'open', l7: 'unknown', allowed: null, protection: null });
  });
});
