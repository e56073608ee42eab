/**
 * Who arrives with a mesh identity, and the proxy's own ports (SEMANTICS.md §4–5, issue 12
 * rules 3–4). A client whose `config.linkerd.io/skip-outbound-ports` covers the port bypasses
 * its proxy (proxy-init skips it outbound), so the server proxy sees a plaintext connection: an
 * unauthenticated client for MeshTLS/ServiceAccount refs, authenticated defaults and legacy
 * meshTLS (linkerd2 inbound/index.rs: TlsAuthenticated needs a client identity). The admin port
 * gets inbound policy like any port (linkerd2-proxy linkerd/app/admin/src/stack.rs get_policy);
 * the control port serves tap to one identity only (linkerd2-proxy linkerd/app/src/tap.rs).
 */
import { describe, it } from 'vitest';
import { deploy, linkerd, namespace } from '../manifests.ts';
import { mkPolicy, mkServer, pod0, ref, runCase, testConfig, type Case } from './upstream-l7-fixtures.ts';

const SKIP_OUT = 'config.linkerd.io/skip-outbound-ports';
const skipper = (ports = '8080') => deploy('ns-0/skipper', { meshed: true, sa: 'foo', ips: ['192.0.2.30'], annotations: { [SKIP_OUT]: ports } });
const foo = deploy('ns-0/foo', { meshed: true, sa: 'foo', ips: ['192.0.2.20'] });
const srv = mkServer('ns-0/srv-8080', 8080);
const fooOnly = (refs = [ref('ServiceAccount', 'foo')]) => mkPolicy('ns-0/authz-foo', ref('Server', 'srv-8080'), refs);

const cases: Case[] = [
  {
    title: 'rule 3: a client skipping the port outbound is not its ServiceAccount at L7 (plaintext)',
    upstream: 'inbound/index.rs policy_client_authz (ServiceAccount → TlsAuthenticated identity); proxy-init skip-outbound-ports',
    objects: [testConfig(), pod0(), foo, skipper(), srv, fooOnly()],
    checks: [
      { from: 'ns-0/foo', l7: 'allow' },
      { from: 'ns-0/skipper', l7: 'deny' },
    ],
  },
  {
    title: 'rule 3: only the skipped port is plaintext; other ports keep the identity',
    upstream: 'proxy-init skip-outbound-ports (per destination port)',
    objects: [testConfig(), pod0(), foo, skipper('2222'), srv, fooOnly()],
    checks: [{ from: 'ns-0/skipper', l7: 'allow' }],
  },
  {
    title: 'rule 3: port ranges in skip-outbound-ports count',
    upstream: 'proxy-init skip-outbound-ports (ranges)',
    objects: [testConfig(), pod0(), foo, skipper('8000-8100'), srv, fooOnly()],
    checks: [{ from: 'ns-0/skipper', l7: 'deny' }],
  },
  {
    title: 'rule 3: a MeshTLSAuthentication identity does not match a plaintext client',
    upstream: 'inbound/meshtls_authentication.rs (identities are TlsAuthenticated)',
    objects: [testConfig(), pod0(), foo, skipper(), srv, linkerd('MeshTLSAuthentication', 'ns-0/any', { identities: ['*'] }), fooOnly([ref('MeshTLSAuthentication', 'any')])],
    checks: [
      { from: 'ns-0/foo', l7: 'allow' },
      { from: 'ns-0/skipper', l7: 'deny' },
    ],
  },
  {
    title: 'rule 3: an all-authenticated default denies a plaintext client',
    upstream: 'defaults.rs default_client_authz (TlsAuthenticated Suffix([]))',
    objects: [testConfig('all-authenticated'), pod0(), foo, skipper()],
    checks: [
      { from: 'ns-0/foo', l7: 'authenticated' },
      { from: 'ns-0/skipper', l7: 'deny' },
    ],
  },
  {
    title: 'rule 3: a legacy meshTLS unauthenticatedTLS ServerAuthorization does not admit a plaintext client',
    upstream: 'inbound/server_authorization.rs client_mtls_authn (TlsUnauthenticated)',
    objects: [testConfig(), pod0(), foo, skipper(), mkServer('ns-0/srv-8080', 8080, {}, {}, 'v1beta1'), linkerd('ServerAuthorization', 'ns-0/saz', { server: { name: 'srv-8080' }, client: { meshTLS: { unauthenticatedTLS: true } } }, 'v1beta1')],
    checks: [
      { from: 'ns-0/foo', l7: 'allow' },
      { from: 'ns-0/skipper', l7: 'deny' },
    ],
  },
  {
    title: 'rule 3: an unauthenticated authorization still admits a plaintext client',
    upstream: 'inbound/index.rs policy_client_authz (no identity ref: Unauthenticated)',
    objects: [testConfig(), pod0(), foo, skipper(), srv, linkerd('NetworkAuthentication', 'ns-0/cluster', { networks: [{ cidr: '192.0.2.0/24' }] }), fooOnly([ref('NetworkAuthentication', 'cluster')])],
    checks: [{ from: 'ns-0/skipper', l7: 'allow' }],
  },
  {
    title: "rule 3: the namespace's skip-outbound-ports apply to a client without its own (injector copy)",
    upstream: 'pkg/inject AppendNamespaceAnnotations',
    objects: [testConfig(), pod0(), namespace('ns-2', {}, { [SKIP_OUT]: '8080' }), deploy('ns-2/client', { meshed: true, sa: 'foo', ips: ['192.0.2.40'] }), srv, mkPolicy('ns-0/authz-foo', ref('Server', 'srv-8080'), [ref('ServiceAccount', 'foo', { namespace: 'ns-2' })])],
    checks: [{ from: 'ns-2/client', l7: 'deny' }],
  },
  {
    title: 'rule 4: the proxy admin port gets the default inbound policy like any other port',
    upstream: 'linkerd2-proxy linkerd/app/admin/src/stack.rs (policy.get_policy(listen_addr)); inbound/index.rs pod_server_rx',
    objects: [testConfig('all-authenticated'), pod0(), foo, deploy('ns-0/plain', { sa: 'foo', ips: ['192.0.2.50'] })],
    checks: [
      { from: 'ns-0/foo', port: 4191, l7: 'authenticated' },
      { from: 'ns-0/plain', port: 4191, l7: 'deny' },
    ],
  },
  {
    title: 'rule 4: a Server on the admin port (by number) governs it, even when skip-inbound-ports lists it',
    upstream: 'linkerd2-proxy linkerd/app/admin/src/stack.rs; proxy-init always skips 4190,4191 inbound (the proxy listens itself)',
    objects: [testConfig(), pod0({ annotations: { 'config.linkerd.io/skip-inbound-ports': '4191' } }), foo, mkServer('ns-0/admin', 4191), mkPolicy('ns-0/authz-admin', ref('Server', 'admin'), [ref('ServiceAccount', 'foo')])],
    checks: [{ from: 'ns-0/foo', port: 4191, l7: 'allow' }],
  },
  {
    title: 'rule 4: the control (tap) port admits only the linkerd-viz tap identity; no inbound policy applies there',
    upstream: 'linkerd2-proxy linkerd/app/src/tap.rs (AcceptPermittedClients); the injector sets LINKERD2_PROXY_TAP_SVC_NAME',
    objects: [testConfig('all-unauthenticated'), pod0(), foo, deploy('linkerd-viz/tap', { meshed: true, sa: 'tap', ips: ['192.0.2.60'] }), mkServer('ns-0/ctl', 4190, { accessPolicy: 'all-unauthenticated' })],
    checks: [
      { from: 'ns-0/foo', port: 4190, l7: 'deny' },
      { from: 'linkerd-viz/tap', port: 4190, l7: 'authenticated' },
    ],
  },
];

describe('upstream L7: clients without identity and the proxy’s own ports', () => {
  it.each(cases)('$title', (c) => runCase(c));
});
