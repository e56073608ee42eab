/**
 * The Linkerd and Gateway API kinds the model reads, with every version a cluster may serve
 * (Linkerd's CRD chart; see the README). A known kind at an unknown version is diagnosed.
 */
export const POLICY_GROUP = 'policy.linkerd.io';
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export const SERVED_VERSIONS: Record<string, Record<string, readonly string[]>> = {
  [POLICY_GROUP]: {
    Server: ['v1alpha1', 'v1beta1', 'v1beta2', 'v1beta3'],
    ServerAuthorization: ['v1alpha1', 'v1beta1'],
    AuthorizationPolicy: ['v1alpha1'],
    MeshTLSAuthentication: ['v1alpha1'],
    NetworkAuthentication: ['v1alpha1'],
    HTTPRoute: ['v1alpha1', 'v1beta1', 'v1beta2', 'v1beta3'],
  },
  [GATEWAY_GROUP]: {
    HTTPRoute: ['v1alpha2', 'v1beta1', 'v1'],
    // linkerd2 charts/linkerd-crds/templates/gateway.networking.k8s.io_grpcroutes.yaml
    GRPCRoute: ['v1alpha2', 'v1'],
  },
};
