/**
 * What the live source reads, and nothing else: the kinds the model uses (SEMANTICS §1) at
 * fixed core versions, the `linkerd-config` ConfigMap by name, and the Linkerd policy kinds
 * (plus Gateway API HTTPRoute and GRPCRoute) and other engines' policy kinds (Cilium, Calico, Antrea,
 * AdminNetworkPolicy, Istio) at whatever version discovery finds. Never Secrets. Each
 * resource names the layers that become `unknown` when it cannot be read. deploy/clusterrole.yaml
 * grants get/list/watch on exactly these.
 */
import type { Layer } from '@accessgraph/model';

export interface LiveResource {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Layers whose verdicts depend on this resource. */
  layers: Layer[];
  /** Only this namespace (the linkerd-config ConfigMap). */
  namespace?: string;
  fieldSelector?: string;
}

/** `pods`, `deployments.apps`, `servers.policy.linkerd.io`: kubectl's resource.group. */
export function resourceName(r: Pick<LiveResource, 'plural' | 'group'>): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

export function apiVersionOf(r: Pick<LiveResource, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Collection path for list and watch. */
export function collectionPath(r: LiveResource): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespace ? `${base}/namespaces/${r.namespace}/${r.plural}` : `${base}/${r.plural}`;
}

const BOTH: Layer[] = ['l4', 'l7'];

export const CORE_RESOURCES: readonly LiveResource[] = [
  { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false, layers: BOTH },
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, layers: BOTH },
  { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true, layers: BOTH },
  { group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true, layers: BOTH },
  { group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true, layers: BOTH },
  { group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true, layers: BOTH },
  { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true, layers: BOTH },
  { group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob', namespaced: true, layers: BOTH },
  // Services only map a Service destination to workloads in /check; no verdict depends on them.
  { group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true, layers: [] },
  { group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, layers: ['l7'] },
  { group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, layers: ['l4'] },
  {
    group: '',
    version: 'v1',
    plural: 'configmaps',
    kind: 'ConfigMap',
    namespaced: true,
    layers: ['l7'],
    namespace: 'linkerd',
    fieldSelector: 'metadata.name=linkerd-config',
  },
];

export const LINKERD_POLICY_GROUP = 'policy.linkerd.io';
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export interface DiscoveredGroup {
  kinds: readonly string[];
  /** Layers whose verdicts these kinds can decide. */
  layers: Layer[];
  /** Of `kinds`, the cluster-scoped ones (tenant mode reads them through the ClusterRole; the rest per namespace). */
  clusterScoped?: readonly string[];
  /**
   * Kinds that enforce outside NetworkPolicy and Linkerd: another engine's (a CNI's own
   * policies, Istio's — the model does not evaluate them, and their presence makes the flows they
   * could touch `unknown`) or the Network Policy API's admin tiers (evaluated by the model since
   * issue 17). When they cannot be read or even discovered, the whole layer is unknown: a kind
   * nobody can read could enforce anything.
   */
  foreign?: true;
}

const CALICO_KINDS = ['NetworkPolicy', 'GlobalNetworkPolicy', 'StagedNetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedKubernetesNetworkPolicy'] as const;
const CALICO_GLOBAL_KINDS = ['GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy'] as const;

/**
 * Kinds looked up by discovery, per API group, read at whatever version the cluster serves.
 * Server is the one L7 cannot do without. The others enforce traffic outside NetworkPolicy and
 * Linkerd: Cilium, Calico (its API server's group and its CRDs' group), Antrea, the Network
 * Policy API at L4 (AdminNetworkPolicy and BaselineAdminNetworkPolicy at v1alpha1,
 * ClusterNetworkPolicy at v1alpha2: each kind at the first version serving it, and the model
 * evaluates them); Istio's AuthorizationPolicy at L7.
 */
export const POLICY_KINDS: Readonly<Record<string, DiscoveredGroup>> = {
  [LINKERD_POLICY_GROUP]: { kinds: ['Server', 'ServerAuthorization', 'AuthorizationPolicy', 'MeshTLSAuthentication', 'NetworkAuthentication', 'HTTPRoute'], layers: ['l7'] },
  [GATEWAY_GROUP]: { kinds: ['HTTPRoute', 'GRPCRoute'], layers: ['l7'] },
  'cilium.io': { kinds: ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'], clusterScoped: ['CiliumClusterwideNetworkPolicy'], layers: ['l4'], foreign: true },
  'projectcalico.org': { kinds: CALICO_KINDS, clusterScoped: CALICO_GLOBAL_KINDS, layers: ['l4'], foreign: true },
  'crd.projectcalico.org': { kinds: CALICO_KINDS, clusterScoped: CALICO_GLOBAL_KINDS, layers: ['l4'], foreign: true },
  'crd.antrea.io': { kinds: ['NetworkPolicy', 'ClusterNetworkPolicy'], clusterScoped: ['ClusterNetworkPolicy'], layers: ['l4'], foreign: true },
  'policy.networking.k8s.io': { kinds: ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'], clusterScoped: ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'], layers: ['l4'], foreign: true },
  'security.istio.io': { kinds: ['AuthorizationPolicy'], layers: ['l7'], foreign: true },
};

/**
 * Tenant mode (`serve --namespaces a,b`): each namespaced resource read in each listed namespace
 * (one informer per namespace, as namespace-scoped Roles allow), cluster-scoped ones and those
 * already pinned to a namespace (linkerd-config) as they are.
 */
export function perNamespace(r: LiveResource, namespaces: readonly string[] | undefined): LiveResource[] {
  if (!namespaces || !r.namespaced || r.namespace !== undefined) return [r];
  return namespaces.map((namespace) => ({ ...r, namespace }));
}

/** The lowercase plural of a discovered kind, as its CRD names it (…Policy → …policies). */
export function pluralOf(kind: string): string {
  const k = kind.toLowerCase();
  return k.endsWith('y') ? `${k.slice(0, -1)}ies` : `${k}s`;
}
