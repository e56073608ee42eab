/**
 * The internal form of every Kubernetes object the model reads: small, parsed once, holding
 * only what the semantics need (SEMANTICS.md §1–2). Parsers in this folder produce an
 * `Inventory`; the L4 and L7 evaluators read nothing else.
 */
import type { ObjectRef } from '../diagnostics.ts';
import type { Labels, LabelSelector } from '../selectors/labelSelector.ts';
import type { IpAddress, Network, Cidr } from '../net/cidr.ts';
import type { TieredPolicy } from '../l4/adminTiers.ts';

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** A port given by number or by container-port name (NetworkPolicy ports, Server.port, Service targetPort). */
export type PortRef = { kind: 'number'; number: number } | { kind: 'name'; name: string };

export interface ContainerPort {
  name?: string;
  port: number;
  protocol: Protocol;
  container: string;
}

/**
 * The top controller's kind: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod,
 * `External` (an outside peer), or any other owner kind seen only through ownerReferences (a
 * ReplicationController, a CRD controller such as an Argo Rollout): an open set, so a string.
 */
export type WorkloadKind = string;

/** How the mesh status was decided, for reasons and the UI. */
export type MeshedBy = 'proxy-container' | 'workload-annotation' | 'namespace-annotation' | 'none';

export interface Workload {
  /**
   * `namespace/name` of the top controller, or of the bare Pod; `namespace/<kind lowercase>/name`
   * when two workloads of different kinds share namespace and name (issue 15).
   */
  id: string;
  namespace: string;
  name: string;
  kind: WorkloadKind;
  /** Pod labels: the pods' when pods are in the input (common to all of them), else the template's. */
  labels: Labels;
  /**
   * Pod template / pod annotations (linkerd.io/inject, config.linkerd.io/*). For a meshed
   * workload the injector has not injected yet, the namespace's proxy annotations it lacks are
   * merged in, as the injector copies them (linkerd2 pkg/inject AppendNamespaceAnnotations).
   */
  annotations: Labels;
  /** Keys of `annotations` that came from the namespace (see above); absent when none. */
  annotationsFromNamespace?: string[];
  serviceAccount: string;
  ports: ContainerPort[];
  /** Known pod IPs (status.podIP/podIPs of its pods). Empty when unknown. */
  ips: IpAddress[];
  /** Number of pods seen in the input (0: only the controller's template). */
  podCount: number;
  meshed: boolean;
  meshedBy: MeshedBy;
  /** The proxy's inbound port (4143 unless config.linkerd.io/inbound-port). */
  proxyInboundPort: number;
  /** The proxy's admin port (4191 unless config.linkerd.io/admin-port). */
  proxyAdminPort: number;
  /** The proxy's control port (4190 unless config.linkerd.io/control-port). */
  proxyControlPort: number;
  /**
   * The Linkerd proxy's own named container ports (`linkerd-proxy`, `linkerd-admin`): from the
   * `linkerd-proxy` container of a live pod, or what the injector will add to a template that
   * will be meshed (linkerd2 charts/partials/templates/_proxy.tpl). Empty when not meshed.
   * Kept apart from `ports` (application ports); NetworkPolicy named ports resolve against both.
   */
  proxyPorts: ContainerPort[];
  /** spec.hostNetwork of the pod or template: the pod uses the node's network (SEMANTICS §2). */
  hostNetwork: boolean;
  /** config.linkerd.io/skip-inbound-ports, expanded to inclusive ranges. */
  skipInboundPorts: PortRange[];
  /**
   * The HTTP GET probe paths per port (liveness, readiness and startup probes with `httpGet`, every
   * container), and on a meshed workload the proxy's own (`/live`, `/ready` on its admin port): the
   * policy controller authorizes them for the probe networks (l7/probes.ts).
   */
  httpProbes: readonly HttpProbe[];
  /** config.linkerd.io/opaque-ports (workload, else namespace annotation), expanded; names resolved against the container ports. */
  opaquePorts: PortRange[];
  /**
   * Only under a control plane in `transparent` outbound transport mode (linkerd-config
   * `proxy.outboundTransportMode`; k8s/linkerd/outboundTransport.ts): the ports on which meshed
   * clients' proxies still connect to this workload's inbound port — its opaque ports and the
   * ports of Servers with `proxyProtocol: opaque` selecting it. Its other ports are reached on the
   * application port. Undefined in the default `transport-header` mode: every proxied port.
   */
  opaqueTransportPorts?: readonly PortRange[];
  /** config.linkerd.io/default-inbound-policy on the workload, when set. */
  defaultInboundPolicy?: DefaultInboundPolicy;
  ref: ObjectRef;
}

export interface HttpProbe {
  port: number;
  path: string;
}

export interface PortRange {
  from: number;
  to: number;
}

export interface Namespace {
  name: string;
  /** Always includes kubernetes.io/metadata.name=<name>. */
  labels: Labels;
  annotations: Labels;
  /** Referenced by some object but not present in the input. */
  implicit: boolean;
  /** config.linkerd.io/default-inbound-policy on the namespace, when set. */
  defaultInboundPolicy?: DefaultInboundPolicy;
  ref: ObjectRef;
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort: PortRef;
  protocol: Protocol;
  /** spec.ports[].nodePort, when written (NodePort / LoadBalancer). */
  nodePort?: number;
}

export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export interface Service {
  namespace: string;
  name: string;
  /** Undefined: a Service without selector (manually managed endpoints). */
  selector?: Labels;
  ports: ServicePort[];
  /** spec.type; `ClusterIP` when unset (the API server's default). */
  type?: ServiceType;
  /**
   * spec.externalTrafficPolicy of a NodePort/LoadBalancer Service; `Cluster` when unset (the API
   * server's default): kube-proxy masquerades the client's address, the pod sees a node IP
   * (kubernetes staging/src/k8s.io/api/core/v1/types.go ServiceSpec.ExternalTrafficPolicy).
   */
  externalTrafficPolicy?: 'Cluster' | 'Local';
  ref: ObjectRef;
}

/** A backend a route or an Ingress sends traffic to (a Service; other kinds are dropped with a diagnostic). */
export interface ServiceBackendRef {
  namespace: string;
  name: string;
  port?: PortRef;
}

/** networking.k8s.io/v1 Ingress: its Service backends, with the host/path that leads to each. */
export interface Ingress {
  namespace: string;
  name: string;
  backends: { service: ServiceBackendRef; via: string }[];
  ref: ObjectRef;
}

/** gateway.networking.k8s.io Gateway: its listeners, for the exposure sentence. */
export interface Gateway {
  namespace: string;
  name: string;
  listeners: { name: string; port: number; protocol: string }[];
  ref: ObjectRef;
}

/** gateway.networking.k8s.io TLSRoute / TCPRoute (HTTPRoute and GRPCRoute are `HTTPRoute`s with backendRefs). */
export interface GatewayRoute {
  kind: 'TLSRoute' | 'TCPRoute';
  namespace: string;
  name: string;
  parentRefs: HTTPRouteParentRef[];
  backendRefs: ServiceBackendRef[];
  ref: ObjectRef;
}

export interface ServiceAccount {
  namespace: string;
  name: string;
  ref: ObjectRef;
}

// ---------------------------------------------------------------- L4

export interface NetworkPolicyPort {
  protocol: Protocol;
  /** Undefined: every port of that protocol. */
  port?: PortRef;
  /** Only with a numeric port: the inclusive end of the range. */
  endPort?: number;
}

export type NetworkPolicyPeer =
  | {
      kind: 'pods';
      /** Undefined: the policy's own namespace. `MATCH_ALL`: every namespace. */
      namespaceSelector?: LabelSelector;
      /** Undefined: every pod of the selected namespaces. */
      podSelector?: LabelSelector;
    }
  | { kind: 'ipBlock'; block: Network };

export interface NetworkPolicyRule {
  /** Index in spec.ingress / spec.egress, for reasons. */
  index: number;
  /** `all`: `from`/`to` missing or empty — every peer, including outside the cluster. */
  peers: NetworkPolicyPeer[] | 'all';
  /** `all`: `ports` missing or empty. */
  ports: NetworkPolicyPort[] | 'all';
}

export interface NetworkPolicy {
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  /** After policyTypes defaulting (SEMANTICS §3.2). */
  ingressIsolation: boolean;
  egressIsolation: boolean;
  ingress: NetworkPolicyRule[];
  egress: NetworkPolicyRule[];
  ref: ObjectRef;
}

// ---------------------------------------------------------------- L7 (Linkerd)

export const DEFAULT_INBOUND_POLICIES = [
  'all-unauthenticated',
  'all-authenticated',
  'cluster-unauthenticated',
  'cluster-authenticated',
  'deny',
  'audit',
] as const;
export type DefaultInboundPolicy = (typeof DEFAULT_INBOUND_POLICIES)[number];

export const PROXY_PROTOCOLS = ['unknown', 'HTTP/1', 'HTTP/2', 'gRPC', 'opaque', 'TLS'] as const;
export type ProxyProtocol = (typeof PROXY_PROTOCOLS)[number];

export interface Server {
  namespace: string;
  name: string;
  labels: Labels;
  /** Exactly one of podSelector / externalWorkloadSelector (the latter is out of scope: diagnosed). */
  podSelector?: LabelSelector;
  externalWorkloadSelector?: LabelSelector;
  port: PortRef;
  proxyProtocol: ProxyProtocol;
  /** v1beta3 accessPolicy; `deny` when unset. */
  accessPolicy: DefaultInboundPolicy;
  /** ISO timestamp; precedence between conflicting Servers is (createdAt, name). */
  createdAt?: string;
  ref: ObjectRef;
}

export interface TargetRef {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
}

export type AuthenticationKind = 'MeshTLSAuthentication' | 'NetworkAuthentication' | 'ServiceAccount';

export interface AuthenticationRef {
  group: string;
  kind: AuthenticationKind | (string & {});
  name: string;
  /** Defaulted to the policy's namespace. */
  namespace: string;
}

export interface AuthorizationPolicy {
  namespace: string;
  name: string;
  targetRef: TargetRef;
  requiredAuthenticationRefs: AuthenticationRef[];
  createdAt?: string;
  ref: ObjectRef;
}

export interface IdentityRef {
  kind: 'ServiceAccount' | 'Namespace' | (string & {});
  name: string;
  /** For ServiceAccount refs: defaulted to the authentication's namespace. */
  namespace?: string;
}

export interface MeshTLSAuthentication {
  namespace: string;
  name: string;
  identities: string[];
  identityRefs: IdentityRef[];
  ref: ObjectRef;
}

export interface NetworkAuthentication {
  namespace: string;
  name: string;
  networks: Network[];
  ref: ObjectRef;
}

export interface HTTPRouteParentRef {
  /** As written, or the CRD's default when absent (the route's own group). */
  group: string;
  /** As written, or the CRD's default when absent (`Gateway`). */
  kind: string;
  name: string;
  /** Defaulted to the route's namespace. */
  namespace: string;
  port?: number;
  sectionName?: string;
}

export interface HTTPRoute {
  /** `policy.linkerd.io` or `gateway.networking.k8s.io`. */
  group: string;
  /** `HTTPRoute` when absent; `GRPCRoute` (gateway.networking.k8s.io) applies only to gRPC Servers. */
  kind?: 'HTTPRoute' | 'GRPCRoute';
  namespace: string;
  name: string;
  parentRefs: HTTPRouteParentRef[];
  /** Number of rules, and a printable summary of their matches, for reasons. */
  ruleCount: number;
  matches: string[];
  /** Service backendRefs of its rules (gateway.networking.k8s.io routes; exposure paths, issue 17). */
  backendRefs?: ServiceBackendRef[];
  createdAt?: string;
  ref: ObjectRef;
}

export interface ServerAuthorization {
  namespace: string;
  name: string;
  server: { name: string } | { selector: LabelSelector };
  client: {
    unauthenticated: boolean;
    meshTLS?: {
      unauthenticatedTLS: boolean;
      identities: string[];
      serviceAccounts: { name: string; namespace: string }[];
    };
    /** Undefined or empty: the cluster networks (linkerd2 grpc/src/inbound.rs to_authz). */
    networks?: Network[];
  };
  ref: ObjectRef;
}

export const OUTBOUND_TRANSPORT_MODES = ['transport-header', 'transparent'] as const;
export type OutboundTransportMode = (typeof OUTBOUND_TRANSPORT_MODES)[number];

export interface LinkerdConfig {
  defaultInboundPolicy?: DefaultInboundPolicy;
  /**
   * `proxy.outboundTransportMode`: how meshed clients reach meshed pods (linkerd2
   * controller/cmd/destination/main.go). `transport-header` (the chart's default since edge-25.3.2):
   * every TCP port through the destination's inbound port; `transparent`: only opaque ports.
   */
  outboundTransportMode: OutboundTransportMode;
  /** `policyController.probeNetworks`: where probes come from; the policy controller authorizes probe paths for them (default all networks). */
  probeNetworks: Cidr[];
  /** `proxy.opaquePorts`: the ports the destination controller treats as opaque on pods without an opaque-ports annotation. */
  defaultOpaquePorts: PortRange[];
  clusterNetworks: Cidr[];
  trustDomain: string;
  ref: ObjectRef;
}

/**
 * A part of one layer whose policy accessgraph cannot know (issue 12, issue 15, SEMANTICS §1):
 * an object the API server would reject (so the cluster holds something else, or nothing), or
 * an object of another enforcement engine (Cilium, Calico, Antrea, network-policy-api, Istio)
 * that is not evaluated. Every flow in its scope is `unknown` at `layer`, never allow/deny/open.
 */
export interface UnknownScope {
  layer: 'l4' | 'l7';
  /** Undefined: cluster-scoped, every workload. */
  namespace?: string;
  /** Within `namespace`: only the workloads it selects (the object's podSelector, when that part is valid). */
  podSelector?: LabelSelector;
  /**
   * `source-or-destination`: flows whose source or destination is in scope (L4 policy and
   * other engines: they can isolate either direction); `destination`: flows into the scope
   * only (Linkerd policy is inbound only).
   */
  affects: 'source-or-destination' | 'destination';
  /** The object that makes it unknown (file and line when from files). */
  object: ObjectRef;
  /** JSON path of the offending field, when the object is invalid. */
  path?: string;
  /** One sentence: why the layer is unknown there. */
  reason: string;
}

/** Whether a layer's inputs could be read (live sources: CRDs missing, 403, stale). */
export type LayerStatus = { state: 'known' } | { state: 'unknown'; reason: string };

export interface Inventory {
  namespaces: Namespace[];
  workloads: Workload[];
  services: Service[];
  serviceAccounts: ServiceAccount[];
  networkPolicies: NetworkPolicy[];
  servers: Server[];
  authorizationPolicies: AuthorizationPolicy[];
  meshTLSAuthentications: MeshTLSAuthentication[];
  networkAuthentications: NetworkAuthentication[];
  httpRoutes: HTTPRoute[];
  serverAuthorizations: ServerAuthorization[];
  /**
   * policy.networking.k8s.io AdminNetworkPolicy / BaselineAdminNetworkPolicy /
   * ClusterNetworkPolicy, normalised (l4/adminTiers.ts). Absent: none.
   */
  adminPolicies?: TieredPolicy[];
  /** Exposure objects (issue 17); absent in inventories built before them. */
  ingresses?: Ingress[];
  gateways?: Gateway[];
  gatewayRoutes?: GatewayRoute[];
  /** Undefined when no linkerd-config ConfigMap was in the input. */
  linkerdConfig?: LinkerdConfig;
  layers: { l4: LayerStatus; l7: LayerStatus };
  /** Parts of a layer that are unknown (invalid objects, other engines' policy); see UnknownScope. */
  unknownScopes: UnknownScope[];
}

/** An inventory with nothing in it; both layers known unless said otherwise. */
export function emptyInventory(layers: Inventory['layers'] = { l4: { state: 'known' }, l7: { state: 'known' } }): Inventory {
  return {
    namespaces: [],
    workloads: [],
    services: [],
    serviceAccounts: [],
    networkPolicies: [],
    servers: [],
    authorizationPolicies: [],
    meshTLSAuthentications: [],
    networkAuthentications: [],
    httpRoutes: [],
    serverAuthorizations: [],
    adminPolicies: [],
    ingresses: [],
    gateways: [],
    gatewayRoutes: [],
    layers,
    unknownScopes: [],
  };
}

/** Defaults applied when linkerd-config is absent (SEMANTICS §5.1, Linkerd's chart defaults). */
export const LINKERD_DEFAULTS = {
  defaultInboundPolicy: 'all-unauthenticated' as DefaultInboundPolicy,
  trustDomain: 'cluster.local',
  clusterNetworks: ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16', 'fd00::/8'],
  proxyInboundPort: 4143,
  proxyAdminPort: 4191,
  proxyControlPort: 4190,
  /** charts/linkerd-control-plane/values.yaml policyController.probeNetworks. */
  probeNetworks: ['0.0.0.0/0', '::/0'],
  /** charts/linkerd-control-plane/values.yaml proxy.opaquePorts. */
  opaquePorts: '25,587,3306,4444,5432,6379,9300,11211',
} as const;
