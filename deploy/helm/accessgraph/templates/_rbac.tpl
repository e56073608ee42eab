{{- /*
The rules of what accessgraph reads (apps/api/src/sources/liveResources.ts: CORE_RESOURCES and
POLICY_KINDS), split by scope: the namespaced resources go into one ClusterRole (default) or into
a Role per namespace of rbac.namespaces (tenant mode); the cluster-scoped ones always need a
ClusterRole. apps/api/test/live/helmRbac.cluster.test.ts checks both against that catalog.
*/ -}}
{{- define "accessgraph.namespacedRules" -}}
- apiGroups: [""]
  resources: [pods, services, serviceaccounts]
  verbs: [get, list, watch]
- apiGroups: [apps]
  resources: [deployments, statefulsets, daemonsets, replicasets]
  verbs: [get, list, watch]
- apiGroups: [batch]
  resources: [jobs, cronjobs]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [get, list, watch]
- apiGroups: [policy.linkerd.io]
  resources: [servers, serverauthorizations, authorizationpolicies, meshtlsauthentications, networkauthentications, httproutes]
  verbs: [get, list, watch]
- apiGroups: [gateway.networking.k8s.io]
  resources: [httproutes, grpcroutes]
  verbs: [get, list, watch]
# Other enforcement engines: not evaluated, but their objects make the flows they could
# decide unknown — a forbidden list would make the whole layer unknown.
- apiGroups: [cilium.io]
  resources: [ciliumnetworkpolicies]
  verbs: [get, list, watch]
- apiGroups: [projectcalico.org, crd.projectcalico.org]
  resources: [networkpolicies, stagednetworkpolicies, stagedkubernetesnetworkpolicies]
  verbs: [get, list, watch]
- apiGroups: [crd.antrea.io]
  resources: [networkpolicies]
  verbs: [get, list, watch]
- apiGroups: [security.istio.io]
  resources: [authorizationpolicies]
  verbs: [get, list, watch]
{{- end }}
{{- define "accessgraph.clusterRules" -}}
- apiGroups: [""]
  resources: [namespaces]
  verbs: [get, list, watch]
- apiGroups: [cilium.io]
  resources: [ciliumclusterwidenetworkpolicies]
  verbs: [get, list, watch]
- apiGroups: [projectcalico.org, crd.projectcalico.org]
  resources: [globalnetworkpolicies, stagedglobalnetworkpolicies]
  verbs: [get, list, watch]
- apiGroups: [crd.antrea.io]
  resources: [clusternetworkpolicies]
  verbs: [get, list, watch]
- apiGroups: [policy.networking.k8s.io]
  resources: [adminnetworkpolicies, baselineadminnetworkpolicies, clusternetworkpolicies]
  verbs: [get, list, watch]
{{- end }}
{{- define "accessgraph.linkerdConfigRule" -}}
# Only the ConfigMap holding Linkerd's cluster defaults, read by name.
- apiGroups: [""]
  resources: [configmaps]
  resourceNames: [linkerd-config]
  verbs: [get, list, watch]
{{- end }}
