/**
 * What each finding code means, for reports that describe their rules (SARIF's
 * `tool.driver.rules`): a short description, a full one, and help in Markdown saying what to
 * do. Keyed by DiagnosticCode, so a new code without a description does not compile.
 */
import type { DiagnosticCode } from '@accessgraph/model';

export interface RuleText {
  /** One line, no final period. */
  short: string;
  /** What was found and why it matters. */
  full: string;
  /** What to do, in Markdown. */
  help: string;
}

export const FINDING_RULES: Record<DiagnosticCode, RuleText> = {
  'parse-error': {
    short: 'A manifest cannot be read as YAML or JSON',
    full: 'A document of a manifest file does not parse. The other documents are still read; the flows the unreadable one could decide are unknown at the layer its text suggests.',
    help: 'Fix the syntax at the line given (`kubectl apply --dry-run=server -f FILE` shows the same error). Until then accessgraph reports the flows it could decide as **unknown**, never as allowed.',
  },
  'invalid-object': {
    short: 'An object the API server would reject or store differently',
    full: 'A required field is missing, a value has the wrong type, a selector operator, CIDR or port is invalid, or a field is unknown. accessgraph never evaluates an object as if it said something other than what the API server would store.',
    help: 'Correct the field at the JSON path given. Every flow the object could decide is **unknown** at its layer until it validates.',
  },
  'unknown-policy-kind': {
    short: 'A policy-looking kind that no controller serves',
    full: 'The object looks like a policy, but no Kubernetes or Linkerd controller serves its kind, so it restricts nothing.',
    help: 'Use a served kind (for example Linkerd `AuthorizationPolicy` with a `MeshTLSAuthentication` or `NetworkAuthentication`), or delete the object.',
  },
  'unsupported-kind': {
    short: 'A real kind that accessgraph does not evaluate',
    full: 'The kind exists, but accessgraph does not evaluate it (yet); when it is a policy kind of another engine, the flows it could decide are unknown.',
    help: 'Nothing to fix in the manifest. Read the verdicts of the flows it concerns as **unknown**.',
  },
  'unsupported-version': {
    short: 'An apiVersion the controller never served',
    full: 'The kind is known, but not at this apiVersion; the API server would not store it as written.',
    help: 'Use a served version (e.g. `policy.linkerd.io/v1beta3` for Server, `networking.k8s.io/v1` for NetworkPolicy).',
  },
  'namespace-defaulted': {
    short: 'No metadata.namespace: taken as default',
    full: 'The object has no `metadata.namespace`; `kubectl apply` without `-n` would create it in `default`, and so does accessgraph.',
    help: 'Set `metadata.namespace` explicitly if the object belongs elsewhere.',
  },
  'duplicate-object': {
    short: 'The same object appears twice',
    full: 'Two documents describe the same kind, namespace and name; the later one is used, as a second `kubectl apply` would replace the first.',
    help: 'Remove one of the two copies, or rename one of them.',
  },
  'server-selects-nothing': {
    short: "A Server's selector matches no workload or port",
    full: "A Linkerd Server's podSelector matches no workload, or its port matches no container port, so it guards nothing.",
    help: "Check the Server's `podSelector` labels and `port` against the workload's pod template.",
  },
  'server-name-mismatch': {
    short: 'A Server named after a workload it does not select',
    full: 'The Server is named after a workload but its selector picks other pods: the policy probably guards the wrong workload.',
    help: "Make the Server's `podSelector` select the workload it is named after, or rename it.",
  },
  'server-conflict': {
    short: 'Two Servers select the same pod and port',
    full: 'Linkerd accepts only one Server per pod and port; which one applies is not defined by the manifests.',
    help: 'Merge the two Servers, or make their selectors or ports disjoint.',
  },
  'dangling-reference': {
    short: 'An authorization names a missing object',
    full: 'An AuthorizationPolicy or ServerAuthorization refers to a Server, route or authentication that does not exist, so it grants nothing.',
    help: 'Create the referenced object or fix the reference (kind, name and namespace).',
  },
  'policy-selects-nothing': {
    short: "A NetworkPolicy's podSelector matches no workload",
    full: 'The NetworkPolicy selects no pod in its namespace, so it neither isolates nor admits anything.',
    help: "Check the `podSelector` labels against the workloads' pod templates.",
  },
  'named-port-unresolved': {
    short: 'A named port that no selected destination declares',
    full: 'A rule names a port that none of the pods it applies to declares, so the rule admits nothing on it.',
    help: "Use a port name the container declares, or the port number.",
  },
  'ipblock-covers-pods': {
    short: 'An ipBlock covers pod IPs',
    full: 'An ipBlock contains the IPs of pods; whether ipBlock applies to pod traffic depends on the CNI.',
    help: 'Select pods with `podSelector` / `namespaceSelector` instead of their IPs.',
  },
  'ipblock-partial-match': {
    short: 'An ipBlock covers some pod IPs',
    full: 'An ipBlock contains the IPs of some of the pods; whether ipBlock applies to pod traffic depends on the CNI.',
    help: 'Select pods with `podSelector` / `namespaceSelector` instead of their IPs.',
  },
  'meshed-port-rule-ineffective': {
    short: 'A NetworkPolicy rule for an application port of a meshed pod',
    full: "Meshed clients reach a meshed pod through its proxy's inbound port (4143), so the CNI never sees the application port: the rule blocks the meshed clients it names.",
    help: "Admit the proxy inbound port (`4143`, or the pod's `config.linkerd.io/inbound-port`) for the meshed clients, and leave per-port authorization to Linkerd.",
  },
  'proxy-port-opens-all': {
    short: 'Admitting the proxy inbound port opens every proxied port',
    full: 'A NetworkPolicy rule that admits 4143 lets those sources reach every port the proxy serves on the pod.',
    help: 'Restrict the ports with a Linkerd Server and AuthorizationPolicy.',
  },
  'proxy-admin-port-blocked': {
    short: 'A meshed pod isolated for ingress without the proxy admin port',
    full: 'The pod is isolated for ingress and no rule admits 4191, so probes and metrics scraping of its proxy fail.',
    help: 'Admit port `4191` from the kubelet and the metrics scraper.',
  },
  'dead-l4-rule': {
    short: 'An L4 rule admits sources that Linkerd denies on every port',
    full: 'The NetworkPolicy rule admits sources that the Linkerd policy denies everywhere on the destination, so the rule has no effect.',
    help: 'Remove the rule, or authorize the sources in Linkerd if they should get in.',
  },
  'admin-priority-tie': {
    short: 'Two admin-tier policies share a priority and select the same pods',
    full: 'The network-policy-api leaves the order of policies with equal priority in one tier undefined, so where their first matching rules disagree the verdict depends on the implementation.',
    help: 'Give each AdminNetworkPolicy / ClusterNetworkPolicy in the tier its own `priority`. Until then the flows where they disagree are **unknown**.',
  },
  'admin-deny-makes-l7-dead': {
    short: 'An admin-tier Deny blocks a client Linkerd authorizes',
    full: 'An AdminNetworkPolicy or ClusterNetworkPolicy Deny (which no NetworkPolicy can reopen) blocks a client that a Linkerd authorization explicitly grants, so the grant has no effect (the layers disagree).',
    help: 'Narrow the admin-tier Deny (or add a higher-priority Allow/Pass for the client), or remove the client from the authorization.',
  },
  'dead-l7-rule': {
    short: 'An authorization names clients that NetworkPolicy blocks',
    full: 'The Linkerd authorization grants clients that NetworkPolicy blocks on every port, so the grant has no effect (the layers disagree).',
    help: 'Admit the clients in the NetworkPolicy, or remove them from the authorization.',
  },
  'skip-port-bypasses-l7': {
    short: 'A skipped inbound port bypasses Linkerd policy',
    full: '`config.linkerd.io/skip-inbound-ports` makes the proxy ignore the port: no Linkerd policy applies to it.',
    help: 'Protect the port with a NetworkPolicy, or stop skipping it.',
  },
  'opaque-port-no-routes': {
    short: 'Route-level authorization on an opaque port',
    full: 'The proxy treats the port as opaque TCP, so HTTP routes never match and route-level authorizations do not apply.',
    help: 'Authorize the Server as a whole, or make the port non-opaque.',
  },
  'route-not-attached': {
    short: 'A route that attaches to no Server',
    full: 'An HTTPRoute names a parent that does not exist, has the wrong proxy protocol, or is not a Server, so it limits nothing.',
    help: "Fix the route's `parentRefs` to name an existing Server with an HTTP proxy protocol.",
  },
  'transparent-transport': {
    short: 'A control plane in transparent outbound transport mode',
    full: 'Meshed clients reach the proxy inbound port of a meshed pod only on its opaque ports; NetworkPolicy decides its other ports on the application port.',
    help: 'Nothing to fix; write NetworkPolicy rules for the application port of non-opaque ports, and for the proxy inbound port of opaque ones.',
  },
  'host-network-pod': {
    short: 'A hostNetwork pod',
    full: 'A pod on the host network is never meshed, and NetworkPolicy is undefined for it on isolated sides.',
    help: 'Nothing to fix if intended; its flows on isolated sides are **unknown**.',
  },
  'terminal-pod': {
    short: 'A pod that has finished',
    full: 'A pod in phase Succeeded or Failed takes no part in any flow.',
    help: 'Nothing to fix; delete the pod to tidy up.',
  },
  'invalid-annotation': {
    short: 'A Linkerd annotation value the injector or proxy refuses',
    full: 'The value of a Linkerd annotation is not one the injector or proxy accepts, so it does not take effect as written.',
    help: 'Correct the annotation value (see the Linkerd annotation reference).',
  },
  'layer-unknown': {
    short: "A layer's inputs could not be read",
    full: "A layer's objects could not be read (forbidden, not served), or another engine's policy could decide the flows: those flows are unknown at that layer, never allowed by accident.",
    help: 'Grant read access to the kinds named, or review the other engine\'s policy by hand.',
  },
  'source-stale': {
    short: 'A live source stopped answering',
    full: 'The live source has not answered for a while; past the stale limit its objects are no longer trusted and both layers are unknown.',
    help: 'Check the connection to the API server.',
  },
};
