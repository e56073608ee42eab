/**
 * AuthorizationPolicy, MeshTLSAuthentication, NetworkAuthentication and ServerAuthorization
 * (SEMANTICS.md §5.3, issue 12 rules 5, 6, 8), ported from linkerd2
 * policy-controller/k8s/index/src/inbound/tests/{authorization_policy,server_authorization,
 * meshtls_authentication,network_authentication,server}.rs, with the rules those tests rest on
 * (inbound/index.rs policy_client_authz, inbound/authorization_policy.rs, runtime/src/admission.rs,
 * k8s/api/src/policy.rs targets_kind, grpc/src/inbound.rs to_authz).
 */
import { describe, it } from 'vitest';
import { deploy, linkerd, namespace } from '../manifests.ts';
import { allClients, id, mkPolicy, mkServer, pod0, ref, runCase, testConfig, type Case } from './upstream-l7-fixtures.ts';

const T = 'tests/authorization_policy.rs';
// Clients in 10.0.0.0/8 (the tests' NetworkAuthentication), outside the cluster network.
const fooIn10 = deploy('ns-0/foo-a', { meshed: true, sa: 'foo', ips: ['10.1.2.3'] });
const fooOut10 = deploy('ns-0/foo-b', { meshed: true, sa: 'foo', ips: ['192.0.2.20'] });
const barIn10 = deploy('ns-0/bar', { meshed: true, sa: 'bar', ips: ['10.1.2.4'] });
const plainIn10 = deploy('ns-0/plain', { sa: 'foo', ips: ['10.1.2.5'] });
const netFoo = linkerd('NetworkAuthentication', 'ns-0/net-foo', { networks: [{ cidr: '10.0.0.0/8' }] });
/** The tests' MeshTLSAuthentication mtls-bar in ns-1 names "foo.bar"; here the identity of ns-0's `foo` account. */
const mtlsBar = linkerd('MeshTLSAuthentication', 'ns-1/mtls-bar', { identities: [id('foo', 'ns-0')] });
const srv8080 = mkServer('ns-0/srv-8080', 8080);
const toSrv = ref('Server', 'srv-8080');
const base = [testConfig(), pod0(), fooIn10, fooOut10, barIn10, plainIn10];
/** The authorization of links_authorization_policy_with_*: identity foo and network 10.0.0.0/8, everyone else denied by the Server. */
const fooFrom10 = [
  { from: 'ns-0/foo-a', l7: 'allow' as const },
  { from: 'ns-0/foo-b', l7: 'deny' as const },
  { from: 'ns-0/bar', l7: 'deny' as const },
  { from: 'ns-0/plain', l7: 'deny' as const },
];
const nobody = fooFrom10.map((c) => ({ ...c, l7: 'deny' as const }));

const cases: Case[] = [
  {
    title: 'a Server-targeted policy needs every required authentication: MeshTLS in another namespace and a NetworkAuthentication in its own',
    upstream: `${T} links_authorization_policy_with_mtls_name`,
    objects: [...base, srv8080, netFoo, mtlsBar, mkPolicy('ns-0/authz-foo', toSrv, [ref('NetworkAuthentication', 'net-foo'), ref('MeshTLSAuthentication', 'mtls-bar', { namespace: 'ns-1' })])],
    checks: fooFrom10,
  },
  {
    title: 'a Namespace-targeted policy (group "core") authorizes on every Server of its namespace',
    upstream: `${T} authorization_targets_namespace`,
    objects: [...base, srv8080, netFoo, mtlsBar, mkPolicy('ns-0/authz-foo', ref('Namespace', 'ns-0', { group: 'core' }), [ref('NetworkAuthentication', 'net-foo'), ref('MeshTLSAuthentication', 'mtls-bar', { namespace: 'ns-1' })])],
    checks: fooFrom10,
  },
  {
    title: 'a ServiceAccount ref (no group: core) names that account’s identity',
    upstream: `${T} links_authorization_policy_with_service_account`,
    objects: [...base, srv8080, netFoo, mkPolicy('ns-0/authz-foo', toSrv, [ref('NetworkAuthentication', 'net-foo'), ref('ServiceAccount', 'foo', { group: null, namespace: 'ns-0' })])],
    checks: fooFrom10,
  },
  {
    title: 'rule 5: kinds and groups compare case-insensitively (targets_kind eq_ignore_ascii_case)',
    upstream: 'k8s/api/src/policy.rs targets_kind; tests/http_routes.rs (kind "HttpRoute")',
    objects: [...base, srv8080, linkerd('NetworkAuthentication', 'ns-0/net-foo', { networks: [{ cidr: '10.0.0.0/8' }] }), mkPolicy('ns-0/authz-foo', { group: 'policy.linkerd.io', kind: 'server', name: 'srv-8080' }, [ref('networkauthentication', 'net-foo'), { group: 'core', kind: 'serviceaccount', name: 'foo' }])],
    checks: fooFrom10,
  },
  {
    title: 'rule 5: a targetRef without group names the core group: kind Server there is not a Linkerd Server, so the policy is rejected',
    upstream: 'k8s/api/src/policy.rs targets_kind (missing group = core); inbound/authorization_policy.rs target (unsupported target)',
    objects: [...base, srv8080, mkPolicy('ns-0/authz-foo', ref('Server', 'srv-8080', { group: null }), [ref('ServiceAccount', 'foo')])],
    checks: nobody,
    diagnostics: [{ code: 'invalid-object', severity: 'error', path: 'spec.targetRef', name: 'authz-foo' }],
  },
  {
    title: 'rule 6: targetRef.namespace is pruned by the API server: the target is the Server of the policy’s own namespace (warned)',
    upstream: 'k8s/api/src/policy/target_ref.rs LocalTargetRef (no namespace); charts/linkerd-crds/templates/policy/authorization-policy.yaml',
    objects: [...base, srv8080, mkServer('ns-9/srv-8080', 8080), mkPolicy('ns-9/authz-foo', { ...toSrv, namespace: 'ns-0' }, [ref('ServiceAccount', 'foo', { namespace: 'ns-0' })])],
    checks: nobody,
    diagnostics: [{ code: 'invalid-object', severity: 'warning', path: 'spec.targetRef.namespace', name: 'authz-foo' }],
  },
  {
    title: 'rule 6 regression: a policy in ns-9 targeting Namespace ns-0 never grants in ns-0 (was a false allow); the webhook rejects it',
    upstream: 'runtime/src/admission.rs ("cannot target another namespace"); inbound/index.rs client_authzs (Target::Namespace = own namespace)',
    objects: [...base, srv8080, namespace('ns-9'), mkPolicy('ns-9/authz-foo', ref('Namespace', 'ns-0'), [ref('ServiceAccount', 'foo', { namespace: 'ns-0' })])],
    checks: nobody,
    diagnostics: [{ code: 'invalid-object', severity: 'error', path: 'spec.targetRef.name', name: 'authz-foo' }],
  },
  {
    title: 'rule 6: two MeshTLSAuthentications make the whole policy rejected',
    upstream: 'runtime/src/admission.rs; inbound/index.rs policy_client_authz ("multiple MeshTLSAuthentications")',
    objects: [...base, srv8080, mtlsBar, linkerd('MeshTLSAuthentication', 'ns-0/any', { identities: ['*'] }), mkPolicy('ns-0/authz-foo', toSrv, [ref('MeshTLSAuthentication', 'mtls-bar', { namespace: 'ns-1' }), ref('MeshTLSAuthentication', 'any')])],
    checks: nobody,
    diagnostics: [{ code: 'invalid-object', severity: 'error', path: 'spec.requiredAuthenticationRefs', name: 'authz-foo' }],
  },
  {
    title: 'rule 6: a MeshTLSAuthentication and a ServiceAccount together make the whole policy rejected',
    upstream: 'runtime/src/admission.rs ("may not be set together")',
    objects: [...base, srv8080, mtlsBar, mkPolicy('ns-0/authz-foo', toSrv, [ref('MeshTLSAuthentication', 'mtls-bar', { namespace: 'ns-1' }), ref('ServiceAccount', 'foo')])],
    checks: nobody,
    diagnostics: [{ code: 'invalid-object', severity: 'error', path: 'spec.requiredAuthenticationRefs' }],
  },
  {
    title: 'rule 6: two NetworkAuthentications make the whole policy rejected',
    upstream: 'runtime/src/admission.rs; inbound/index.rs policy_client_authz ("multiple NetworkAuthentications")',
    objects: [...base, srv8080, netFoo, linkerd('NetworkAuthentication', 'ns-0/all', { networks: [{ cidr: '0.0.0.0/0' }] }), mkPolicy('ns-0/authz-foo', toSrv, [ref('NetworkAuthentication', 'net-foo'), ref('NetworkAuthentication', 'all')])],
    checks: nobody,
    diagnostics: [{ code: 'invalid-object', severity: 'error', path: 'spec.requiredAuthenticationRefs' }],
  },
  {
    title: 'rule 6: requiredAuthenticationRefs: [] authorizes every client from any network, meshed or not (warned)',
    upstream: 'inbound/index.rs policy_client_authz (Unauthenticated, 0.0.0.0/0 and ::/0)',
    objects: [...base, ...allClients, srv8080, mkPolicy('ns-0/authz-foo', toSrv, [])],
    checks: [...fooFrom10.map((c) => ({ ...c, l7: 'allow' as const })), { from: 'c/plain-out', l7: 'allow' }, { from: 'c/mesh-out', l7: 'allow' }],
    diagnostics: [{ code: 'invalid-object', severity: 'warning', path: 'spec.requiredAuthenticationRefs' }],
  },
  {
    title: 'rule 6: a MeshTLS ref without a NetworkAuthentication applies to all networks (not only the cluster networks)',
    upstream: 'inbound/index.rs policy_client_authz',
    objects: [...base, ...allClients, srv8080, linkerd('MeshTLSAuthentication', 'ns-0/any', { identities: ['*'] }), mkPolicy('ns-0/authz-foo', toSrv, [ref('MeshTLSAuthentication', 'any')])],
    checks: [{ from: 'c/mesh-out', l7: 'allow' }, { from: 'c/plain-out', l7: 'deny' }, { from: 'ns-0/foo-a', l7: 'allow' }],
  },
  {
    title: 'a policy requiring a missing MeshTLSAuthentication is ignored whole (dangling)',
    upstream: 'inbound/index.rs policy_client_authz ("could not find MeshTLSAuthentication"); tests/meshtls_authentication.rs delete_meshtls_authn_removes_authorization',
    objects: [...base, srv8080, netFoo, mkPolicy('ns-0/authz-foo', toSrv, [ref('NetworkAuthentication', 'net-foo'), ref('MeshTLSAuthentication', 'mtls-bar')])],
    checks: nobody,
    diagnostics: [{ code: 'dangling-reference', path: 'spec.requiredAuthenticationRefs[1]' }],
  },
  {
    title: 'a policy requiring a missing NetworkAuthentication is ignored whole (dangling)',
    upstream: 'inbound/index.rs policy_client_authz ("could not find NetworkAuthentication"); tests/network_authentication.rs reset_network_authn_with_deleted_entries',
    objects: [...base, srv8080, mkPolicy('ns-0/authz-foo', toSrv, [ref('NetworkAuthentication', 'network-authn-0')])],
    checks: nobody,
    diagnostics: [{ code: 'dangling-reference', path: 'spec.requiredAuthenticationRefs[0]' }],
  },
  {
    title: 'MeshTLSAuthentication identityRefs: a Namespace ref is every identity of it; a ServiceAccount ref defaults to the authentication’s namespace',
    upstream: 'inbound/meshtls_authentication.rs; k8s/index/src/cluster_info.rs namespace_identity',
    objects: [...base, srv8080, linkerd('MeshTLSAuthentication', 'ns-0/refs', { identityRefs: [{ kind: 'ServiceAccount', name: 'bar' }] }), mkPolicy('ns-0/authz-foo', toSrv, [ref('MeshTLSAuthentication', 'refs')])],
    checks: [{ from: 'ns-0/bar', l7: 'allow' }, { from: 'ns-0/foo-a', l7: 'deny' }, { from: 'ns-0/plain', l7: 'deny' }],
  },
  {
    title: 'the control-plane namespace in identities is the one holding linkerd-config',
    upstream: 'k8s/index/src/cluster_info.rs service_account_identity (control_plane_ns)',
    objects: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'linkerd-config', namespace: 'mesh' }, data: { values: 'identityTrustDomain: cluster.example.com\n' } },
      pod0(),
      fooIn10,
      srv8080,
      linkerd('MeshTLSAuthentication', 'ns-0/exact', { identities: [`foo.ns-0.serviceaccount.identity.mesh.cluster.example.com`] }),
      mkPolicy('ns-0/authz-foo', toSrv, [ref('MeshTLSAuthentication', 'exact')]),
    ],
    checks: [{ from: 'ns-0/foo-a', l7: 'allow' }],
  },
  // ServerAuthorization (tests/server_authorization.rs): by name and by Server labels.
  ...(['by name', 'by label'] as const).map(
    (how): Case => ({
      title: `ServerAuthorization links ${how}: meshTLS identity within its networks`,
      upstream: `tests/server_authorization.rs links_server_authz_${how === 'by name' ? 'by_name' : 'by_label'}`,
      objects: [
        ...base,
        mkServer('ns-0/srv-8080', 8080, {}, { app: 'app-0' }, 'v1beta1'),
        linkerd('ServerAuthorization', 'ns-0/authz-foo', { server: how === 'by name' ? { name: 'srv-8080' } : { selector: { matchLabels: { app: 'app-0' } } }, client: { networks: [{ cidr: '10.0.0.0/8' }], meshTLS: { identities: [id('foo', 'ns-0')] } } }, 'v1beta1'),
      ],
      checks: fooFrom10,
    }),
  ),
  {
    title: 'rule 8: a ServerAuthorization with networks: [] is limited to the cluster networks (like no networks)',
    upstream: 'inbound/server_authorization.rs client_authz (empty networks); grpc/src/inbound.rs to_authz (empty → cluster networks)',
    objects: [...base, ...allClients, mkServer('ns-0/srv-8080', 8080, {}, {}, 'v1beta1'), linkerd('ServerAuthorization', 'ns-0/saz', { server: { name: 'srv-8080' }, client: { unauthenticated: true, networks: [] } }, 'v1beta1')],
    checks: [{ from: 'c/plain-in', l7: 'allow' }, { from: 'c/plain-out', l7: 'deny' }, { from: 'ns-0/plain', l7: 'deny' }],
  },
  {
    title: 'rule 8: a ServerAuthorization without networks is limited to the cluster networks',
    upstream: 'grpc/src/inbound.rs to_authz',
    objects: [...base, ...allClients, mkServer('ns-0/srv-8080', 8080, {}, {}, 'v1beta1'), linkerd('ServerAuthorization', 'ns-0/saz', { server: { name: 'srv-8080' }, client: { unauthenticated: true } }, 'v1beta1')],
    checks: [{ from: 'c/plain-in', l7: 'allow' }, { from: 'c/mesh-out', l7: 'deny' }],
  },
  {
    title: 'a ServerAuthorization with unauthenticated and meshTLS is rejected by the webhook',
    upstream: 'runtime/src/admission.rs (ServerAuthorizationSpec)',
    objects: [...base, ...allClients, mkServer('ns-0/srv-8080', 8080, {}, {}, 'v1beta1'), linkerd('ServerAuthorization', 'ns-0/saz', { server: { name: 'srv-8080' }, client: { unauthenticated: true, meshTLS: { unauthenticatedTLS: true } } }, 'v1beta1')],
    checks: [{ from: 'c/plain-in', l7: 'deny' }, { from: 'c/mesh-in', l7: 'deny' }],
    diagnostics: [{ code: 'invalid-object', severity: 'error', path: 'spec.client' }],
  },
  {
    title: 'rule 5: a quoted port is a port name: "8080" names no container port, so the Server guards nothing',
    upstream: 'k8s/api/src/policy/server.rs Port (untagged Number | Name); inbound/index.rs select_ports',
    objects: [...base, mkServer('ns-0/srv-8080', '8080')],
    checks: [{ from: 'ns-0/plain', l7: 'deny' }, { from: 'ns-0/foo-b', l7: 'open' }],
    diagnostics: [{ code: 'invalid-object', severity: 'warning', path: 'spec.port' }],
  },
  {
    title: 'a Server names its port by container port name',
    upstream: 'tests/server.rs links_named_server_port; inbound/workload.rs pod_tcp_ports_by_name',
    objects: [testConfig(), deploy('ns-0/pod-0', { meshed: true, labels: { app: 'app-0' }, ports: ['admin:8080'] }), fooOut10, mkServer('ns-0/srv-admin', 'admin')],
    checks: [{ from: 'ns-0/foo-b', l7: 'deny' }],
  },
  {
    title: 'a Server names the injected proxy’s admin port as linkerd-admin (a meshed pod has it)',
    upstream: 'inbound/workload.rs tcp_ports_by_name (linkerd-admin 4191); viz chart Server port: linkerd-admin',
    objects: [testConfig(), pod0(), fooOut10, mkServer('ns-0/proxy-admin', 'linkerd-admin')],
    checks: [{ from: 'ns-0/foo-b', port: 4191, l7: 'deny' }, { from: 'ns-0/foo-b', port: 8080, l7: 'open' }],
  },
  {
    title: 'a Server with an empty podSelector selects every pod of its namespace',
    upstream: 'tests/server.rs server_update_deselects_pod',
    objects: [testConfig(), pod0(), fooOut10, { ...mkServer('ns-0/srv-0', 2222), spec: { podSelector: {}, port: 2222, proxyProtocol: 'HTTP/2' } }],
    checks: [{ from: 'ns-0/foo-b', port: 2222, l7: 'deny' }],
  },
  {
    title: 'a Server whose podSelector no longer matches leaves the port to the default policy',
    upstream: 'tests/server.rs server_update_deselects_pod',
    objects: [testConfig(), pod0(), fooOut10, { ...mkServer('ns-0/srv-0', 2222), spec: { podSelector: { matchLabels: { label: 'value' } }, port: 2222, proxyProtocol: 'HTTP/2' } }],
    checks: [{ from: 'ns-0/foo-b', port: 2222, l7: 'open' }],
  },
];

describe('upstream L7: authorizations (authorization_policy.rs, server_authorization.rs, …)', () => {
  it.each(cases)('$title', (c) => runCase(c));
});
