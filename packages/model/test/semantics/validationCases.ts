/**
 * The hostile-input table of issue 15 as data: each case is an object the API server rejects,
 * the rule it breaks (named after the upstream source), the JSON path and line of the offending
 * field, and the layer whose flows it makes unknown. validation.test.ts checks the model
 * against it; e2e/testcluster/src/validation.cluster.test.ts checks that the real
 * kube-apiserver (with Linkerd's real CRDs) rejects every case too, and accepts the valid ones.
 */
// Upstream sources cited by the cases.
const K8S_NETPOL_SCHEMA = 'kube-apiserver v1.34.4 /openapi/v3/apis/networking.k8s.io/v1 (io.k8s.api.networking.v1.NetworkPolicySpec)';
const K8S_CORE_SCHEMA = 'kube-apiserver v1.34.4 /openapi/v3/api/v1';
const K8S_APPS_SCHEMA = 'kube-apiserver v1.34.4 /openapi/v3/apis/apps/v1';
const STRICT_DECODING = 'kubernetes staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json (strict: sigs.k8s.io/json DisallowDuplicateFields)';
const OBJECTMETA = 'kubernetes staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go ValidateObjectMeta';
const CORE_VALIDATION = 'kubernetes pkg/apis/core/validation/validation.go';
const SERVED = 'kubernetes pkg/controlplane/apiserver (networking.k8s.io/v1 only; v1beta1 NetworkPolicy removed in 1.16 via extensions)';
const SERVER_CRD = 'linkerd2 charts/linkerd-crds/templates/policy/server.yaml';
const AUTHZ_CRD = 'linkerd2 charts/linkerd-crds/templates/policy/authorization-policy.yaml';
const MESHTLS_CRD = 'linkerd2 charts/linkerd-crds/templates/policy/meshtls-authentication.yaml';
const NETAUTHN_CRD = 'linkerd2 charts/linkerd-crds/templates/policy/network-authentication.yaml';
const SAZ_CRD = 'linkerd2 charts/linkerd-crds/templates/policy/server-authorization.yaml';
const ROUTE_CRD = 'linkerd2 charts/linkerd-crds/templates/policy/httproute.yaml';
const GW_ROUTE_CRD = 'linkerd2 charts/linkerd-crds/templates/gateway.networking.k8s.io_httproutes.yaml';

export const netpol = (spec: string, meta = '{name: p, namespace: app}', apiVersion = 'networking.k8s.io/v1') => `apiVersion: ${apiVersion}\nkind: NetworkPolicy\nmetadata: ${meta}\nspec:\n${spec}`;
export const linkerd = (kind: string, spec: string, version = 'v1alpha1', group = 'policy.linkerd.io') => `apiVersion: ${group}/${version}\nkind: ${kind}\nmetadata: {name: x, namespace: app}\nspec:\n${spec}`;

export interface HostileCase {
  rule: string;
  source: string;
  yaml: string;
  code?: 'invalid-object' | 'unsupported-version';
  /** JSON path of the offending field. */
  path: string;
  /** Line of the offending field in the YAML (1-based). */
  line?: number;
  /** The layer of the UnknownScope, or undefined when the kind is not policy (no scope). */
  layer?: 'l4' | 'l7';
  namespace?: string;
  /**
   * Who rejects it when the CRD schema accepts it: Linkerd's admission webhook (it decodes the
   * spec into typed structs and denies what does not decode), or the policy controller (it
   * skips the object as invalid: it grants nothing, and the model does not guess what it means).
   * Undefined: the API server itself.
   */
  rejectedBy?: 'linkerd-admission-webhook' | 'linkerd-policy-controller';
}

export const HOSTILE: HostileCase[] = [
  // ---- NetworkPolicy: wrong types used to read as "admit everything"
  { rule: 'spec.ingress is a list of rules: a map is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  ingress:\n    from: []\n'), path: 'spec.ingress', line: 6, layer: 'l4' },
  { rule: 'spec.ingress is a list of rules: a string is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  ingress: everything\n'), path: 'spec.ingress', line: 6, layer: 'l4' },
  { rule: 'an ingress rule is an object: a number is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  ingress:\n  - 7\n'), path: 'spec.ingress[0]', line: 7, layer: 'l4' },
  { rule: 'an ingress rule is an object: a string is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  ingress: [allow]\n'), path: 'spec.ingress[0]', layer: 'l4' },
  { rule: 'from is a list of peers: a map is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  ingress:\n  - from:\n      podSelector: {matchLabels: {app: a}}\n'), path: 'spec.ingress[0].from', line: 7, layer: 'l4' },
  { rule: 'from is a list of peers: a string is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  ingress:\n  - from: frontend\n'), path: 'spec.ingress[0].from', line: 7, layer: 'l4' },
  { rule: 'to is a list of peers: a map is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  egress:\n  - to: {ipBlock: {cidr: 10.0.0.0/8}}\n'), path: 'spec.egress[0].to', layer: 'l4' },
  { rule: 'ports is a list: a map is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  ingress:\n  - ports:\n      port: 80\n'), path: 'spec.ingress[0].ports', line: 7, layer: 'l4' },
  { rule: 'ports is a list: a string is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  ingress:\n  - ports: "80"\n'), path: 'spec.ingress[0].ports', layer: 'l4' },
  { rule: 'a port is an integer or a name: a list is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  ingress:\n  - ports: [{port: [80, 443]}]\n'), path: 'spec.ingress[0].ports[0].port', layer: 'l4' },
  { rule: 'endPort is an integer: a string is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  ingress:\n  - ports: [{port: 80, endPort: "90"}]\n'), path: 'spec.ingress[0].ports[0].endPort', layer: 'l4' },
  { rule: 'podSelector is a label selector: a string is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: app=db\n'), path: 'spec.podSelector', line: 5, layer: 'l4' },
  { rule: 'policyTypes is a list: a string is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {}\n  policyTypes: Ingress\n'), path: 'spec.policyTypes', layer: 'l4' },
  { rule: 'matchLabels values are strings: a list is rejected', source: K8S_NETPOL_SCHEMA, yaml: netpol('  podSelector: {matchLabels: {app: [a, b]}}\n'), path: 'spec.podSelector.matchLabels.app', layer: 'l4' },
  // ---- strict decoding, versions, identity
  { rule: 'a duplicate key is a strict decoding error (the last one is not silently kept)', source: STRICT_DECODING, yaml: netpol('  podSelector: {}\n  ingress: []\n  ingress:\n  - {}\n'), path: 'spec.ingress', line: 7, layer: 'l4' },
  { rule: 'a duplicate key in metadata is a strict decoding error', source: STRICT_DECODING, yaml: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: app\n  namespace: other\nspec: {podSelector: {}}\n', path: 'metadata.namespace', line: 6, layer: 'l4', namespace: 'other' },
  { rule: 'networking.k8s.io/v1beta1 NetworkPolicy is served by no API server', source: SERVED, yaml: netpol('  podSelector: {}\n  ingress: [{}]\n', undefined, 'networking.k8s.io/v1beta1'), code: 'unsupported-version', path: 'apiVersion', layer: 'l4' },
  { rule: 'extensions/v1beta1 NetworkPolicy is served by no API server', source: SERVED, yaml: netpol('  podSelector: {}\n  ingress: [{}]\n', undefined, 'extensions/v1beta1'), code: 'unsupported-version', path: 'apiVersion', layer: 'l4' },
  { rule: 'metadata.namespace is a string: a number is rejected (not read as "default")', source: K8S_CORE_SCHEMA + ' ObjectMeta', yaml: netpol('  podSelector: {}\n', '{name: p, namespace: 7}'), path: 'metadata.namespace', layer: 'l4', namespace: '7' },
  { rule: 'metadata.namespace is a DNS-1123 label', source: OBJECTMETA, yaml: netpol('  podSelector: {}\n', '{name: p, namespace: My_Team}'), path: 'metadata.namespace', layer: 'l4', namespace: 'My_Team' },
  { rule: 'a NetworkPolicy name is a DNS-1123 subdomain: "_" is rejected', source: 'kubernetes pkg/apis/networking/validation/validation.go ValidateNetworkPolicyName', yaml: netpol('  podSelector: {}\n', '{name: allow_all, namespace: app}'), path: 'metadata.name', layer: 'l4' },
  { rule: 'a NetworkPolicy name that is not a string is rejected', source: K8S_CORE_SCHEMA + ' ObjectMeta', yaml: netpol('  podSelector: {}\n', '{name: 42, namespace: app}'), path: 'metadata.name', layer: 'l4' },
  { rule: 'a label key is a qualified name', source: OBJECTMETA, yaml: netpol('  podSelector: {}\n', '{name: p, namespace: app, labels: {"a/b/c": x}}'), path: 'metadata.labels["a/b/c"]', layer: 'l4' },
  { rule: 'the ipBlock CIDR is validated (parser: invalid CIDR) and the policy fails closed', source: 'kubernetes pkg/apis/networking/validation/validation.go ValidateIPBlock', yaml: netpol('  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/33}\n'), path: 'spec.ingress[0].from[0].ipBlock.cidr', line: 8, layer: 'l4' },
  // ---- built-in kinds that are not policy: rejected, not evaluated, no scope
  { rule: 'a Namespace name is a DNS-1123 label: "." is rejected', source: CORE_VALIDATION + ' ValidateNamespaceName', yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team.a}\n', path: 'metadata.name' },
  { rule: 'a Service name is a DNS-1035 label: a leading digit is rejected', source: CORE_VALIDATION + ' ValidateServiceName', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: 1web, namespace: app}\nspec: {ports: [{port: 80}]}\n', path: 'metadata.name' },
  { rule: 'Deployment replicas is an integer', source: K8S_APPS_SCHEMA, yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: app}\nspec:\n  replicas: "3"\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec: {containers: [{name: c, image: x}]}\n', path: 'spec.replicas', line: 5 },
  { rule: 'Pod containers is a list', source: K8S_CORE_SCHEMA, yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: app}\nspec:\n  containers: {name: c, image: x}\n', path: 'spec.containers', line: 5 },
  { rule: 'a container port is an integer', source: K8S_CORE_SCHEMA, yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: app}\nspec:\n  containers:\n  - name: c\n    image: x\n    ports: [{containerPort: http}]\n', path: 'spec.containers[0].ports[0].containerPort', line: 8 },
  { rule: 'apps/v1beta2 Deployment is served by no API server', source: K8S_APPS_SCHEMA, yaml: 'apiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: d, namespace: app}\nspec: {}\n', code: 'unsupported-version', path: 'apiVersion' },
  // ---- Linkerd policy kinds: CRD schemas
  { rule: 'Server port is an integer or a name: a list is rejected', source: SERVER_CRD, yaml: linkerd('Server', '  podSelector: {}\n  port: [8080]\n', 'v1beta3'), path: 'spec.port', line: 6, layer: 'l7' },
  { rule: 'Server podSelector is a label selector: a string is rejected', source: SERVER_CRD, yaml: linkerd('Server', '  podSelector: app=web\n  port: 8080\n', 'v1beta3'), path: 'spec.podSelector', layer: 'l7' },
  { rule: 'Server proxyProtocol is one of unknown, HTTP/1, HTTP/2, gRPC, opaque, TLS (the CRD has no enum; the webhook denies)', source: 'linkerd2 policy-controller/runtime/src/admission.rs parse_spec + k8s/api/src/policy/server.rs ProxyProtocol', rejectedBy: 'linkerd-admission-webhook', yaml: linkerd('Server', '  podSelector: {}\n  port: 8080\n  proxyProtocol: HTTP/3\n', 'v1beta3'), path: 'spec.proxyProtocol', layer: 'l7' },
  { rule: 'a v1alpha1 Server podSelector needs exactly one of matchLabels and matchExpressions: {} is rejected', source: SERVER_CRD + ' (v1alpha1 oneOf)', yaml: linkerd('Server', '  podSelector: {}\n  port: 8080\n', 'v1alpha1'), path: 'spec.podSelector', line: 5, layer: 'l7' },
  { rule: 'Server at a version Linkerd does not serve', source: SERVER_CRD, yaml: linkerd('Server', '  podSelector: {}\n  port: 8080\n', 'v1beta4'), code: 'unsupported-version', path: 'apiVersion', layer: 'l7' },
  { rule: 'AuthorizationPolicy targetRef is an object: a string is rejected', source: AUTHZ_CRD, yaml: linkerd('AuthorizationPolicy', '  targetRef: web\n  requiredAuthenticationRefs: []\n'), path: 'spec.targetRef', line: 5, layer: 'l7' },
  { rule: 'requiredAuthenticationRefs is a list: a map is rejected (it used to authorize every client)', source: AUTHZ_CRD, yaml: linkerd('AuthorizationPolicy', '  targetRef: {group: policy.linkerd.io, kind: Server, name: web}\n  requiredAuthenticationRefs:\n    kind: MeshTLSAuthentication\n    name: m\n'), path: 'spec.requiredAuthenticationRefs', line: 6, layer: 'l7' },
  { rule: 'requiredAuthenticationRefs is a list: a string is rejected', source: AUTHZ_CRD, yaml: linkerd('AuthorizationPolicy', '  targetRef: {group: policy.linkerd.io, kind: Server, name: web}\n  requiredAuthenticationRefs: frontend\n'), path: 'spec.requiredAuthenticationRefs', layer: 'l7' },
  { rule: 'requiredAuthenticationRefs is a list: {} is rejected', source: AUTHZ_CRD, yaml: linkerd('AuthorizationPolicy', '  targetRef: {group: policy.linkerd.io, kind: Server, name: web}\n  requiredAuthenticationRefs: {}\n'), path: 'spec.requiredAuthenticationRefs', layer: 'l7' },
  { rule: 'an authentication ref needs kind and name', source: AUTHZ_CRD, yaml: linkerd('AuthorizationPolicy', '  targetRef: {group: policy.linkerd.io, kind: Server, name: web}\n  requiredAuthenticationRefs: [{name: m}]\n'), path: 'spec.requiredAuthenticationRefs[0].kind', layer: 'l7' },
  { rule: 'AuthorizationPolicy targets only Server, Namespace, HTTPRoute, GRPCRoute: another kind is skipped by the controller (it grants nothing)', source: 'linkerd2 policy-controller/k8s/index/src/inbound/authorization_policy.rs target()', rejectedBy: 'linkerd-policy-controller', yaml: linkerd('AuthorizationPolicy', '  targetRef: {kind: Pod, name: web}\n  requiredAuthenticationRefs: []\n'), path: 'spec.targetRef', layer: 'l7' },
  { rule: 'MeshTLSAuthentication identities is a list: a string is rejected', source: MESHTLS_CRD, yaml: linkerd('MeshTLSAuthentication', '  identities: "*"\n'), path: 'spec.identities', line: 5, layer: 'l7' },
  { rule: 'MeshTLSAuthentication identityRefs is a list of objects', source: MESHTLS_CRD, yaml: linkerd('MeshTLSAuthentication', '  identityRefs: [frontend]\n'), path: 'spec.identityRefs[0]', layer: 'l7' },
  { rule: 'NetworkAuthentication networks is a list: a map is rejected', source: NETAUTHN_CRD, yaml: linkerd('NetworkAuthentication', '  networks: {cidr: 0.0.0.0/0}\n'), path: 'spec.networks', layer: 'l7' },
  { rule: 'a NetworkAuthentication needs at least one network', source: 'linkerd2 policy-controller/runtime/src/admission.rs' + ' Validate<NetworkAuthenticationSpec>', yaml: linkerd('NetworkAuthentication', '  networks: []\n'), path: 'spec.networks', layer: 'l7', rejectedBy: 'linkerd-admission-webhook' },
  { rule: 'a NetworkAuthentication cidr is a CIDR', source: 'linkerd2 policy-controller/runtime/src/admission.rs' + ' parse_spec (Network cidr)', yaml: linkerd('NetworkAuthentication', '  networks: [{cidr: everywhere}]\n'), path: 'spec.networks[0].cidr', layer: 'l7', rejectedBy: 'linkerd-admission-webhook' },
  { rule: 'a Server accessPolicy is a default policy name', source: 'linkerd2 policy-controller/runtime/src/admission.rs' + ' Validate<ServerSpec>', yaml: linkerd('Server', '  podSelector: {}\n  port: 8080\n  accessPolicy: allow\n', 'v1beta3'), path: 'spec.accessPolicy', layer: 'l7', rejectedBy: 'linkerd-admission-webhook' },
  { rule: 'ServerAuthorization client is an object: a list is rejected', source: SAZ_CRD, yaml: linkerd('ServerAuthorization', '  server: {name: web}\n  client: [unauthenticated]\n', 'v1beta1'), path: 'spec.client', layer: 'l7' },
  { rule: 'policy.linkerd.io HTTPRoute parentRefs is a list', source: ROUTE_CRD, yaml: linkerd('HTTPRoute', '  parentRefs: {name: web, kind: Server, group: policy.linkerd.io}\n', 'v1beta3'), path: 'spec.parentRefs', layer: 'l7' },
  { rule: 'gateway.networking.k8s.io/v1alpha2 HTTPRoute is not served by the CRDs Linkerd ships', source: GW_ROUTE_CRD, yaml: linkerd('HTTPRoute', '  parentRefs: [{name: web, kind: Server, group: policy.linkerd.io}]\n', 'v1alpha2', 'gateway.networking.k8s.io'), code: 'unsupported-version', path: 'apiVersion', layer: 'l7' },
  { rule: 'a Linkerd object name is a DNS-1123 subdomain', source: 'kubernetes staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/validator.go (NameIsDNSSubdomain)', yaml: 'apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata: {name: Web_Server, namespace: app}\nspec: {podSelector: {}, port: 8080}\n', path: 'metadata.name', layer: 'l7' },
];


/** Objects the API server accepts (some with a warning), which the model evaluates. */
export const ACCEPTED: { rule: string; yaml: string }[] = [
  { rule: 'an unknown field is dropped with a warning', yaml: netpol('  podSelector: {}\n  ingress:\n  - form: [{podSelector: {}}]\n') },
  { rule: 'null is the zero value for built-in kinds', yaml: netpol('  podSelector: {}\n  ingress: null\n', '{name: p, namespace: app, creationTimestamp: null}') },
  { rule: 'IntOrString: a number', yaml: netpol('  podSelector: {}\n  ingress:\n  - ports: [{port: 80}]\n') },
  { rule: 'IntOrString: a name', yaml: netpol('  podSelector: {}\n  ingress:\n  - ports: [{port: http}]\n') },
  { rule: 'a Server port by name', yaml: linkerd('Server', '  podSelector: {}\n  port: http\n', 'v1beta3') },
  { rule: 'a Quantity as a number', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: app}\nspec:\n  containers: [{name: c, image: x, resources: {limits: {cpu: 1, memory: 128Mi}}}]\n' },
  { rule: 'a custom resource null field is pruned', yaml: linkerd('Server', '  podSelector: {}\n  port: 8080\n  proxyProtocol: null\n', 'v1beta3') },
  { rule: 'every served Server version with a matchLabels selector', yaml: linkerd('Server', '  podSelector: {matchLabels: {app: x}}\n  port: 80\n', 'v1alpha1') },
];
