/**
 * Policy kinds of other enforcement engines (SEMANTICS §1, issue 12): they are real and they
 * enforce, but accessgraph does not evaluate them (yet). (policy.networking.k8s.io —
 * AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy — is evaluated since
 * issue 17: k8s/parseAdminPolicies.ts, l4/adminTiers.ts.) Never "grants nothing": every flow
 * one could affect is `unknown` at the layer its engine enforces — a namespaced object the
 * flows touching its namespace, a cluster-scoped one every flow.
 */
import type { ObjectRef } from '../diagnostics.ts';
import type { UnknownScope } from './types.ts';

export interface EngineKind {
  engine: string;
  layer: 'l4' | 'l7';
  clusterScoped: boolean;
}

const CALICO: Record<string, boolean> = {
  NetworkPolicy: false,
  GlobalNetworkPolicy: true,
  StagedNetworkPolicy: false,
  StagedGlobalNetworkPolicy: true,
  StagedKubernetesNetworkPolicy: false,
};

/** Kind → whether it is cluster-scoped, per API group. */
const ENGINE_KINDS: Record<string, { engine: string; layer: 'l4' | 'l7'; kinds: Record<string, boolean> }> = {
  'cilium.io': { engine: 'Cilium', layer: 'l4', kinds: { CiliumNetworkPolicy: false, CiliumClusterwideNetworkPolicy: true } },
  'projectcalico.org': { engine: 'Calico', layer: 'l4', kinds: CALICO },
  'crd.projectcalico.org': { engine: 'Calico', layer: 'l4', kinds: CALICO },
  'crd.antrea.io': { engine: 'Antrea', layer: 'l4', kinds: { NetworkPolicy: false, ClusterNetworkPolicy: true } },
  'security.antrea.io': { engine: 'Antrea', layer: 'l4', kinds: { NetworkPolicy: false, ClusterNetworkPolicy: true } },
  'security.istio.io': { engine: 'Istio', layer: 'l7', kinds: { AuthorizationPolicy: false, PeerAuthentication: false, RequestAuthentication: false } },
};

/** Istio applies policies in its root namespace mesh-wide (meshConfig.rootNamespace, istio-system by default). */
const ISTIO_ROOT_NAMESPACE = 'istio-system';

export function engineKind(group: string, kind: string): EngineKind | undefined {
  const g = ENGINE_KINDS[group];
  if (!g || !(kind in g.kinds)) return undefined;
  return { engine: g.engine, layer: g.layer, clusterScoped: g.kinds[kind]! };
}

/** Every engine group and kind, for live discovery and documentation. */
export function engineKinds(): { group: string; kind: string; engine: string; layer: 'l4' | 'l7'; clusterScoped: boolean }[] {
  return Object.entries(ENGINE_KINDS).flatMap(([group, g]) =>
    Object.entries(g.kinds).map(([kind, clusterScoped]) => ({ group, kind, engine: g.engine, layer: g.layer, clusterScoped })),
  );
}

/** The scope an object of another engine makes unknown. */
export function engineScope(e: EngineKind, ref: ObjectRef): UnknownScope {
  const meshWide = e.engine === 'Istio' && ref.namespace === ISTIO_ROOT_NAMESPACE;
  const clusterWide = e.clusterScoped || meshWide || !ref.namespace;
  const layerName = e.layer === 'l4' ? 'L4' : 'L7';
  const scope = clusterWide ? 'every flow' : `every flow to or from namespace ${ref.namespace}`;
  const at = ref.file ? ` (${ref.file}${ref.line ? `:${ref.line}` : ''})` : '';
  return {
    layer: e.layer,
    ...(clusterWide ? {} : { namespace: ref.namespace }),
    affects: 'source-or-destination',
    object: ref,
    reason: `${ref.kind} ${ref.namespace && !e.clusterScoped ? `${ref.namespace}/` : ''}${ref.name}${at} is enforced by ${e.engine}, which accessgraph does not evaluate: ${layerName} is unknown for ${scope}${meshWide ? ` (${ISTIO_ROOT_NAMESPACE} is Istio's root namespace: its policies apply mesh-wide)` : ''}.`,
  };
}
