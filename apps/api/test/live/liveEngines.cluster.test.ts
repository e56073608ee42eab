/**
 * Other enforcement engines and the live source (issue 12): a cluster serving Cilium's or
 * Istio's policy kinds has them read and handed to the model as raw objects; a token that may
 * not list them makes the layer they could decide unknown (L4 for a CNI's kinds, L7 for
 * Istio's), with the kind named — a kind nobody can read could enforce anything.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyManifests, applyObjects, readObjects, type TestCluster } from '@accessgraph/testcluster';
import type { KubernetesObject } from '@kubernetes/client-node';
import { eventually } from '../helpers.ts';
import { DEPLOY, fixtureObjects, liveApp, serviceAccountKubeconfig, startCluster } from './liveHelpers.ts';

const unavailable = inject('clusterUnavailable');

/** A minimal CRD as the engine's chart installs it (schema open: we only read). */
function crd(group: string, kind: string, plural: string, scope: 'Namespaced' | 'Cluster', version: string): KubernetesObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  } as KubernetesObject;
}

describe.skipIf(!!unavailable)('live source: other enforcement engines', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
    await applyObjects(cluster.kubeconfigPath, [
      crd('cilium.io', 'CiliumNetworkPolicy', 'ciliumnetworkpolicies', 'Namespaced', 'v2'),
      crd('security.istio.io', 'AuthorizationPolicy', 'authorizationpolicies', 'Namespaced', 'v1'),
      ...fixtureObjects({ linkerd: false }),
    ]);
    await applyObjects(cluster.kubeconfigPath, [
      { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'lock-backend', namespace: 'shop' }, spec: { endpointSelector: { matchLabels: { app: 'backend' } }, ingress: [] } } as KubernetesObject,
      { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny-all', namespace: 'shop' }, spec: {} } as KubernetesObject,
    ]);
    await applyManifests(cluster.kubeconfigPath, [`${DEPLOY}namespace.yaml`, `${DEPLOY}serviceaccount.yaml`]);
  });
  afterAll(async () => cluster?.stop());

  it("reads a served engine's policies and hands them to the model as raw objects", async () => {
    const { store } = await liveApp(cluster.kubeconfigPath);
    await store.ready();
    const s = await eventually(() => {
      const cur = store.current();
      const kinds = new Set(cur?.objects.map((o) => `${(o.object as KubernetesObject).apiVersion} ${(o.object as KubernetesObject).kind}`));
      return cur && kinds.has('cilium.io/v2 CiliumNetworkPolicy') && kinds.has('security.istio.io/v1 AuthorizationPolicy') ? cur : undefined;
    }, 15_000, "the engines' objects in a snapshot");
    const cnp = s.objects.find((o) => (o.object as KubernetesObject).kind === 'CiliumNetworkPolicy')!.object as KubernetesObject & { spec?: unknown };
    expect(cnp.metadata).toMatchObject({ name: 'lock-backend', namespace: 'shop' });
    expect(cnp.spec).toEqual({ endpointSelector: { matchLabels: { app: 'backend' } }, ingress: [] });
    expect(store.resources().map((r) => r.resource.split(' ')[0])).toEqual(expect.arrayContaining(['ciliumnetworkpolicies.cilium.io', 'authorizationpolicies.security.istio.io']));
  });

  it('a token that may not list them: L4 unknown for Cilium, L7 unknown for Istio, each kind named', async () => {
    const full = readObjects([`${DEPLOY}clusterrole.yaml`])[0] as KubernetesObject & { rules: { apiGroups: string[] }[] };
    const role = { ...full, metadata: { name: 'accessgraph-no-engines' }, rules: full.rules.filter((r) => !r.apiGroups.includes('cilium.io') && !r.apiGroups.includes('security.istio.io')) };
    await applyObjects(cluster.kubeconfigPath, [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'no-engines', namespace: 'accessgraph' } },
      role as KubernetesObject,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'accessgraph-no-engines' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'accessgraph-no-engines' },
        subjects: [{ kind: 'ServiceAccount', name: 'no-engines', namespace: 'accessgraph' }],
      } as KubernetesObject,
    ]);
    const { store } = await liveApp(await serviceAccountKubeconfig(cluster, 'accessgraph', 'no-engines'));
    await store.ready();
    const s = await eventually(() => {
      const cur = store.current();
      return cur && /ciliumnetworkpolicies\.cilium\.io/.test(cur.layers.l4.reason ?? '') && /authorizationpolicies\.security\.istio\.io/.test(cur.layers.l7.reason ?? '') ? cur : undefined;
    }, 15_000, 'both layers unknown naming the forbidden kinds');
    expect(s.layers.l4.state).toBe('unknown');
    expect(s.layers.l4.reason).toMatch(/cannot read ciliumnetworkpolicies\.cilium\.io \(cilium\.io\/v2\): forbidden \(403\)/);
    expect(s.layers.l7.reason).toMatch(/cannot read authorizationpolicies\.security\.istio\.io \(security\.istio\.io\/v1\): forbidden \(403\)/);
    expect(s.analysis.diagnostics.some((d) => d.code === 'layer-unknown' && /ciliumnetworkpolicies\.cilium\.io/.test(d.message))).toBe(true);
  });
});
