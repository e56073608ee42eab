/**
 * Discovery of other enforcement engines (issue 12): Cilium, Calico, Antrea, the Network Policy
 * API and Istio kinds are read when served (at the version served), with the layer they can
 * decide; a served group whose kinds cannot be discovered or listed makes that layer unknown.
 * API discovery documents as kube-apiserver serves them (/apis, /apis/<group>/<version>).
 */
import { describe, expect, it } from 'vitest';
import { KubeRequestError, type KubeHttp } from '../../src/sources/liveClient.ts';
import { discoverPolicyKinds } from '../../src/sources/liveDiscovery.ts';

type Docs = Record<string, unknown>;

function fakeHttp(docs: Docs): KubeHttp {
  return {
    getJson: async (path: string) => {
      const d = docs[path];
      if (d instanceof Error) throw d;
      if (d === undefined) throw new KubeRequestError(`GET ${path}: 404 not found`, 404);
      return d;
    },
  } as unknown as KubeHttp;
}

const group = (name: string, ...versions: string[]) => ({
  name,
  versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
  preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
});
const res = (name: string, kind: string, namespaced = true, verbs = ['get', 'list', 'watch']) => ({ name, kind, namespaced, verbs });

const CASES: { rule: string; docs: Docs; kinds: string[]; unknown?: RegExp }[] = [
  {
    rule: 'Cilium (cilium.io/v2): both policy kinds, L4',
    docs: {
      '/apis': { groups: [group('cilium.io', 'v2')] },
      '/apis/cilium.io/v2': { resources: [res('ciliumnetworkpolicies', 'CiliumNetworkPolicy'), res('ciliumnetworkpolicies/status', 'CiliumNetworkPolicy'), res('ciliumclusterwidenetworkpolicies', 'CiliumClusterwideNetworkPolicy', false), res('ciliumendpoints', 'CiliumEndpoint')] },
    },
    kinds: ['cilium.io/v2 CiliumNetworkPolicy l4', 'cilium.io/v2 CiliumClusterwideNetworkPolicy l4'],
  },
  {
    rule: 'Calico through its CRDs (crd.projectcalico.org/v1) and its API server (projectcalico.org/v3), staged kinds included',
    docs: {
      '/apis': { groups: [group('crd.projectcalico.org', 'v1'), group('projectcalico.org', 'v3')] },
      '/apis/crd.projectcalico.org/v1': { resources: [res('networkpolicies', 'NetworkPolicy'), res('globalnetworkpolicies', 'GlobalNetworkPolicy', false)] },
      '/apis/projectcalico.org/v3': { resources: [res('stagednetworkpolicies', 'StagedNetworkPolicy'), res('stagedglobalnetworkpolicies', 'StagedGlobalNetworkPolicy', false)] },
    },
    kinds: ['projectcalico.org/v3 StagedNetworkPolicy l4', 'projectcalico.org/v3 StagedGlobalNetworkPolicy l4', 'crd.projectcalico.org/v1 NetworkPolicy l4', 'crd.projectcalico.org/v1 GlobalNetworkPolicy l4'],
  },
  {
    rule: 'Antrea (crd.antrea.io) at its preferred version, the other version only for kinds still missing',
    docs: {
      '/apis': { groups: [group('crd.antrea.io', 'v1beta1', 'v1alpha1')] },
      '/apis/crd.antrea.io/v1beta1': { resources: [res('networkpolicies', 'NetworkPolicy')] },
      '/apis/crd.antrea.io/v1alpha1': { resources: [res('networkpolicies', 'NetworkPolicy'), res('clusternetworkpolicies', 'ClusterNetworkPolicy', false)] },
    },
    kinds: ['crd.antrea.io/v1beta1 NetworkPolicy l4', 'crd.antrea.io/v1alpha1 ClusterNetworkPolicy l4'],
  },
  {
    rule: 'The Network Policy API (policy.networking.k8s.io): AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy',
    docs: {
      '/apis': { groups: [group('policy.networking.k8s.io', 'v1alpha1')] },
      '/apis/policy.networking.k8s.io/v1alpha1': {
        resources: [res('adminnetworkpolicies', 'AdminNetworkPolicy', false), res('baselineadminnetworkpolicies', 'BaselineAdminNetworkPolicy', false), res('clusternetworkpolicies', 'ClusterNetworkPolicy', false)],
      },
    },
    kinds: ['policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy l4', 'policy.networking.k8s.io/v1alpha1 BaselineAdminNetworkPolicy l4', 'policy.networking.k8s.io/v1alpha1 ClusterNetworkPolicy l4'],
  },
  {
    rule: "Istio's AuthorizationPolicy (security.istio.io) is L7, apart from Linkerd's kind of the same name",
    docs: {
      '/apis': { groups: [group('security.istio.io', 'v1', 'v1beta1')] },
      '/apis/security.istio.io/v1': { resources: [res('authorizationpolicies', 'AuthorizationPolicy'), res('peerauthentications', 'PeerAuthentication')] },
    },
    kinds: ['security.istio.io/v1 AuthorizationPolicy l7'],
  },
  {
    rule: 'a served engine group whose version cannot be discovered (403) makes its layer unknown',
    docs: {
      '/apis': { groups: [group('cilium.io', 'v2')] },
      '/apis/cilium.io/v2': new KubeRequestError('GET /apis/cilium.io/v2: 403 forbidden', 403),
    },
    kinds: [],
    unknown: /^l4: the cluster serves cilium\.io \(another engine's policies\) but discovery failed: cilium\.io\/v2: GET \/apis\/cilium\.io\/v2: 403 forbidden/,
  },
  {
    rule: 'a served engine kind without list/watch makes its layer unknown',
    docs: {
      '/apis': { groups: [group('security.istio.io', 'v1')] },
      '/apis/security.istio.io/v1': { resources: [res('authorizationpolicies', 'AuthorizationPolicy', true, ['get'])] },
    },
    kinds: [],
    unknown: /^l7: .*AuthorizationPolicy \(security\.istio\.io\/v1\) cannot be listed and watched \(verbs: get\)/,
  },
  {
    rule: 'no engine group served: nothing to read, nothing unknown',
    docs: { '/apis': { groups: [] } },
    kinds: [],
  },
];

describe('API discovery of other enforcement engines', () => {
  for (const c of CASES) {
    it(c.rule, async () => {
      const found = await discoverPolicyKinds(fakeHttp(c.docs));
      expect(found.resources.map((r) => `${r.group}/${r.version} ${r.kind} ${r.layers.join(',')}`)).toEqual(c.kinds);
      const unknown = found.unknown.map((u) => `${u.layers.join(',')}: ${u.reason}`);
      if (c.unknown) {
        expect(unknown).toHaveLength(1);
        expect(unknown[0]).toMatch(c.unknown);
      } else expect(unknown).toEqual([]);
    });
  }
});
