/**
 * The Network Policy API's admin tiers and the live source (issue 17): a cluster serving
 * AdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) has its objects read and EVALUATED by
 * the model (no longer "another engine": an admin Deny decides the flow, with the object named);
 * a token that may not list them makes L4 unknown, naming the kind — a policy nobody can read
 * could decide any flow.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyManifests, applyObjects, readObjects, type TestCluster } from '@accessgraph/testcluster';
import type { KubernetesObject } from '@kubernetes/client-node';
import { eventually } from '../helpers.ts';
import { DEPLOY, fixtureObjects, liveApp, serviceAccountKubeconfig, startCluster } from './liveHelpers.ts';

const unavailable = inject('clusterUnavailable');

/** A minimal cluster-scoped CRD (schema open: the model validates the fields itself). */
function crd(kind: string, plural: string, version: string): KubernetesObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    // A *.k8s.io group needs the api-approved annotation (a value starting "unapproved" is accepted).
    metadata: { name: `${plural}.policy.networking.k8s.io`, annotations: { 'api-approved.kubernetes.io': 'unapproved, accessgraph test CRD' } },
    spec: {
      group: 'policy.networking.k8s.io',
      scope: 'Cluster',
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  } as KubernetesObject;
}

describe.skipIf(!!unavailable)('live source: admin-tier policies (policy.networking.k8s.io)', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
    await applyObjects(cluster.kubeconfigPath, [crd('AdminNetworkPolicy', 'adminnetworkpolicies', 'v1alpha1'), crd('ClusterNetworkPolicy', 'clusternetworkpolicies', 'v1alpha2'), ...fixtureObjects({ linkerd: false })]);
    await applyObjects(cluster.kubeconfigPath, [
      {
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: 'freeze-shop' },
        spec: { priority: 1, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }, ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }] }] },
      } as KubernetesObject,
    ]);
    await applyManifests(cluster.kubeconfigPath, [`${DEPLOY}namespace.yaml`, `${DEPLOY}serviceaccount.yaml`]);
  });
  afterAll(async () => cluster?.stop());

  it('reads AdminNetworkPolicy and the model evaluates it: an admin Deny decides, naming the object', async () => {
    const { store } = await liveApp(cluster.kubeconfigPath);
    await store.ready();
    const s = await eventually(() => {
      const cur = store.current();
      const ok = cur?.analysis.check({ from: 'shop/frontend', to: 'shop/backend', port: 8080, protocol: 'TCP' }).ok;
      return ok && cur?.objects.some((o) => (o.object as KubernetesObject).kind === 'AdminNetworkPolicy') ? cur : undefined;
    }, 15_000, 'the AdminNetworkPolicy and the workloads in a snapshot');
    expect(store.resources().map((r) => r.resource.split(' ')[0])).toEqual(expect.arrayContaining(['adminnetworkpolicies.policy.networking.k8s.io', 'clusternetworkpolicies.policy.networking.k8s.io']));
    expect(s.layers.l4.state).toBe('known');
    const r = s.analysis.check({ from: 'shop/frontend', to: 'shop/backend', port: 8080, protocol: 'TCP' });
    if (!r.ok) throw new Error(r.error);
    expect(r.cell.l4).toBe('deny');
    expect(r.cell.reasons.l4.some((x) => x.kind === 'AdminNetworkPolicy' && x.name === 'freeze-shop' && x.rule === 0)).toBe(true);
    // (L7 is unknown here: this cluster has no Linkerd CRDs.) Nothing makes L4 unknown.
    expect(s.analysis.diagnostics.filter((d) => d.code === 'layer-unknown' && /\(L4\)|policy\.networking|AdminNetworkPolicy/.test(d.message))).toEqual([]);
  });

  it('a token that may not list them: L4 unknown, the kind named', async () => {
    const full = readObjects([`${DEPLOY}clusterrole.yaml`])[0] as KubernetesObject & { rules: { apiGroups: string[] }[] };
    const role = { ...full, metadata: { name: 'accessgraph-no-admin-tiers' }, rules: full.rules.filter((r) => !r.apiGroups.includes('policy.networking.k8s.io')) };
    await applyObjects(cluster.kubeconfigPath, [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'no-admin-tiers', namespace: 'accessgraph' } },
      role as KubernetesObject,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'accessgraph-no-admin-tiers' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'accessgraph-no-admin-tiers' },
        subjects: [{ kind: 'ServiceAccount', name: 'no-admin-tiers', namespace: 'accessgraph' }],
      } as KubernetesObject,
    ]);
    const { store } = await liveApp(await serviceAccountKubeconfig(cluster, 'accessgraph', 'no-admin-tiers'));
    await store.ready();
    const s = await eventually(() => {
      const cur = store.current();
      const ok = cur?.analysis.check({ from: 'shop/frontend', to: 'shop/backend', port: 8080, protocol: 'TCP' }).ok;
      return ok && cur && /adminnetworkpolicies\.policy\.networking\.k8s\.io/.test(cur.layers.l4.reason ?? '') ? cur : undefined;
    }, 15_000, 'L4 unknown naming the forbidden kind');
    expect(s.layers.l4.state).toBe('unknown');
    const r = s.analysis.check({ from: 'shop/frontend', to: 'shop/backend', port: 8080, protocol: 'TCP' });
    if (!r.ok) throw new Error(r.error);
    expect(r.cell.l4).toBe('unknown');
  });
});
