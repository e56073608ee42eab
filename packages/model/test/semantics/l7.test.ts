/**
 * SEMANTICS.md §5 — L7, Linkerd inbound policy, and §2's identities. One row per rule; §5.1
 * loops over every default policy × client kind.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_INBOUND_POLICIES, type DefaultInboundPolicy, type Protocol } from '../../src/index.ts';
import type { L7Verdict } from '../../src/verdict/types.ts';
import { authz, cluster, codes, deploy, flow, linkerd, linkerdConfig, namespace, server } from '../manifests.ts';

type Obj = Record<string, unknown>;
const api = (o: { annotations?: Record<string, string>; meshed?: boolean } = {}) => deploy('prod/api', { meshed: o.meshed ?? true, ports: ['http:8080', 9000, '53/UDP'], sa: 'api', annotations: o.annotations });
const meshedClient = deploy('prod/web', { meshed: true, sa: 'web' });
const plainClient = deploy('prod/batch', { sa: 'batch' });
const outsideClient = deploy('edge/ext', { ips: ['203.0.113.7'], sa: 'ext' });
const srv = (extra: Obj = {}, version = 'v1beta3') => server('prod/api-http', { app: 'api' }, 8080, extra, version);
const mtls = (id: string, spec: Obj) => linkerd('MeshTLSAuthentication', id, spec);
const allowWeb = [mtls('prod/web-only', { identityRefs: [{ kind: 'ServiceAccount', name: 'web' }] }), authz('prod/web-to-api', { kind: 'Server', name: 'api-http' }, ['MeshTLSAuthentication:web-only'])];

interface Row {
  title: string;
  objects: (Obj | Obj[])[];
  from: string;
  port?: number;
  protocol?: Protocol;
  l7: L7Verdict;
  diagnostic?: string;
}

const rows: Row[] = [
  { title: '§5 a destination that is not meshed is n/a', objects: [api({ meshed: false }), meshedClient], from: 'prod/web', l7: 'n/a' },
  { title: '§5 the proxy only handles TCP: UDP is n/a', objects: [api(), meshedClient], from: 'prod/web', port: 53, protocol: 'UDP', l7: 'n/a' },
  { title: '§2 meshed by the namespace annotation when the workload has none', objects: [namespace('prod', {}, { 'linkerd.io/inject': 'enabled' }), deploy('prod/api', { ports: [8080] }), meshedClient, namespace('x'), srv()], from: 'prod/web', l7: 'deny' },
  { title: '§2 the workload annotation wins over the namespace’s (disabled)', objects: [namespace('prod', {}, { 'linkerd.io/inject': 'enabled' }), deploy('prod/api', { ports: [8080], annotations: { 'linkerd.io/inject': 'disabled' } }), meshedClient], from: 'prod/web', l7: 'n/a' },
  { title: '§2 linkerd.io/inject: ingress means meshed', objects: [deploy('prod/api', { ports: [8080], annotations: { 'linkerd.io/inject': 'ingress' } }), meshedClient, srv()], from: 'prod/web', l7: 'deny' },
  { title: '§5.1 no Server: the default policy decides (workload annotation first)', objects: [api({ annotations: { 'config.linkerd.io/default-inbound-policy': 'deny' } }), namespace('prod', {}, { 'config.linkerd.io/default-inbound-policy': 'all-unauthenticated' }), meshedClient], from: 'prod/web', l7: 'deny' },
  { title: '§5.1 namespace default applies when the workload has none', objects: [api(), namespace('prod', {}, { 'config.linkerd.io/default-inbound-policy': 'all-authenticated' }), meshedClient], from: 'prod/web', l7: 'authenticated' },
  { title: '§5.1 cluster default from linkerd-config applies last', objects: [api(), meshedClient, linkerdConfig('proxy:\n  defaultInboundPolicy: deny\n')], from: 'prod/web', l7: 'deny' },
  { title: '§5.1 all-unauthenticated when nothing says otherwise', objects: [api(), plainClient], from: 'prod/batch', l7: 'open' },
  { title: '§5.2 a Server selects the port by number', objects: [api(), meshedClient, srv()], from: 'prod/web', l7: 'deny' },
  { title: '§5.2 a Server selects the port by container port name', objects: [api(), meshedClient, server('prod/api-http', { app: 'api' }, 'http')], from: 'prod/web', l7: 'deny' },
  { title: '§5.2 a Server on another port leaves this port to the default policy', objects: [api(), meshedClient, srv()], from: 'prod/web', port: 9000, l7: 'open' },
  { title: '§5.2 two Servers on one port: the oldest wins and server-conflict is reported', objects: [api(), meshedClient, server('prod/b-new', { app: 'api' }, 8080, { accessPolicy: 'all-unauthenticated' }, 'v1beta3', { creationTimestamp: '2024-02-01T00:00:00Z' }), server('prod/a-old', { app: 'api' }, 8080, {}, 'v1beta3', { creationTimestamp: '2024-01-01T00:00:00Z' })], from: 'prod/web', l7: 'deny', diagnostic: 'server-conflict' },
  { title: '§5.3 an AuthorizationPolicy targeting the Server authorizes a MeshTLS identityRef', objects: [api(), meshedClient, srv(), ...allowWeb], from: 'prod/web', l7: 'allow' },
  { title: '§5.3 a meshed client the authentication does not name is denied', objects: [api(), meshedClient, deploy('prod/other', { meshed: true, sa: 'other' }), srv(), ...allowWeb], from: 'prod/other', l7: 'deny' },
  { title: '§5.3 an unmeshed client never satisfies MeshTLSAuthentication', objects: [api(), deploy('prod/batch', { sa: 'web' }), srv(), ...allowWeb], from: 'prod/batch', l7: 'deny' },
  { title: '§5.3 identities "*" matches every meshed client', objects: [api(), meshedClient, srv(), mtls('prod/any', { identities: ['*'] }), authz('prod/p', { kind: 'Server', name: 'api-http' }, ['MeshTLSAuthentication:any'])], from: 'prod/web', l7: 'allow' },
  { title: '§5.3 identities "*.suffix" matches by suffix', objects: [api(), meshedClient, srv(), mtls('prod/ns', { identities: ['*.prod.serviceaccount.identity.linkerd.cluster.local'] }), authz('prod/p', { kind: 'Server', name: 'api-http' }, ['MeshTLSAuthentication:ns'])], from: 'prod/web', l7: 'allow' },
  { title: '§5.3 an exact identity matches only that account', objects: [api(), meshedClient, srv(), mtls('prod/x', { identities: ['batch.prod.serviceaccount.identity.linkerd.cluster.local'] }), authz('prod/p', { kind: 'Server', name: 'api-http' }, ['MeshTLSAuthentication:x'])], from: 'prod/web', l7: 'deny' },
  { title: '§5.3 an identityRef to a Namespace admits every account of it', objects: [api(), meshedClient, srv(), mtls('prod/nsref', { identityRefs: [{ kind: 'Namespace', name: 'prod' }] }), authz('prod/p', { kind: 'Server', name: 'api-http' }, ['MeshTLSAuthentication:nsref'])], from: 'prod/web', l7: 'allow' },
  { title: '§2 the identity uses the trust domain from linkerd-config', objects: [api(), meshedClient, srv(), linkerdConfig('identityTrustDomain: example.org\n'), mtls('prod/x', { identities: ['web.prod.serviceaccount.identity.linkerd.example.org'] }), authz('prod/p', { kind: 'Server', name: 'api-http' }, ['MeshTLSAuthentication:x'])], from: 'prod/web', l7: 'allow' },
  { title: '§5.3 NetworkAuthentication admits a client whose IP is in the network', objects: [api(), outsideClient, srv(), linkerd('NetworkAuthentication', 'prod/edge', { networks: [{ cidr: '203.0.113.0/24' }] }), authz('prod/p', { kind: 'Server', name: 'api-http' }, ['NetworkAuthentication:edge'])], from: 'edge/ext', l7: 'allow' },
  { title: '§5.3 NetworkAuthentication is not satisfied by an unknown IP', objects: [api(), meshedClient, srv(), linkerd('NetworkAuthentication', 'prod/edge', { networks: [{ cidr: '0.0.0.0/0' }] }), authz('prod/p', { kind: 'Server', name: 'api-http' }, ['NetworkAuthentication:edge'])], from: 'prod/web', l7: 'deny' },
  { title: '§5.3 NetworkAuthentication except excludes', objects: [api(), outsideClient, srv(), linkerd('NetworkAuthentication', 'prod/edge', { networks: [{ cidr: '203.0.113.0/24', except: ['203.0.113.0/28'] }] }), authz('prod/p', { kind: 'Server', name: 'api-http' }, ['NetworkAuthentication:edge'])], from: 'edge/ext', l7: 'deny' },
  { title: '§5.3 all required authentications must hold', objects: [api(), meshedClient, srv(), mtls('prod/any', { identities: ['*'] }), linkerd('NetworkAuthentication', 'prod/edge', { networks: [{ cidr: '203.0.113.0/24' }] }), authz('prod/p', { kind: 'Server', name: 'api-http' }, ['MeshTLSAuthentication:any', 'NetworkAuthentication:edge'])], from: 'prod/web', l7: 'deny' },
  { title: '§5.3 a ServiceAccount ref authorizes that meshed account', objects: [api(), meshedClient, srv(), authz('prod/p', { kind: 'Server', name: 'api-http' }, ['ServiceAccount:web'])], from: 'prod/web', l7: 'allow' },
  { title: '§5.3 a policy targeting the Namespace applies to every Server in it', objects: [api(), meshedClient, srv(), mtls('prod/web-only', { identityRefs: [{ kind: 'ServiceAccount', name: 'web' }] }), authz('prod/ns-wide', { kind: 'Namespace', name: 'prod' }, ['MeshTLSAuthentication:web-only'])], from: 'prod/web', l7: 'allow' },
  { title: '§5.3 a reference to a missing authentication is not satisfied (dangling-reference)', objects: [api(), meshedClient, srv(), authz('prod/p', { kind: 'Server', name: 'api-http' }, ['MeshTLSAuthentication:ghost'])], from: 'prod/web', l7: 'deny', diagnostic: 'dangling-reference' },
  { title: '§5.3 a policy targeting a missing Server is dangling', objects: [api(), meshedClient, srv(), authz('prod/p', { kind: 'Server', name: 'ghost' }, ['ServiceAccount:web'])], from: 'prod/web', l7: 'deny', diagnostic: 'dangling-reference' },
  { title: '§5.3 requiredAuthenticationRefs: [] authorizes every client, unauthenticated (linkerd2 inbound/index.rs policy_client_authz)', objects: [api(), plainClient, srv(), authz('prod/p', { kind: 'Server', name: 'api-http' }, [])], from: 'prod/batch', l7: 'allow' },
  // Was `deny` (cluster networks only); upstream index.rs policy_client_authz: "If networks are configured, use them. Otherwise, this applies to all networks" (0.0.0.0/0, ::/0).
  { title: '§5.3 requiredAuthenticationRefs: [] authorizes a client outside the cluster networks too (no NetworkAuthentication: all networks; index.rs policy_client_authz)', objects: [api(), outsideClient, srv(), authz('prod/p', { kind: 'Server', name: 'api-http' }, [])], from: 'edge/ext', l7: 'allow', diagnostic: 'invalid-object' },
  { title: '§5.3 legacy ServerAuthorization without networks is limited to the cluster networks (linkerd2)', objects: [api(), outsideClient, srv({}, 'v1beta1'), linkerd('ServerAuthorization', 'prod/saz', { server: { name: 'api-http' }, client: { unauthenticated: true } }, 'v1beta1')], from: 'edge/ext', l7: 'deny' },
  { title: '§5.3 legacy ServerAuthorization by Server name with meshTLS serviceAccounts', objects: [api(), meshedClient, srv({}, 'v1beta1'), linkerd('ServerAuthorization', 'prod/saz', { server: { name: 'api-http' }, client: { meshTLS: { serviceAccounts: [{ name: 'web' }] } } }, 'v1beta1')], from: 'prod/web', l7: 'allow' },
  { title: '§5.3 legacy ServerAuthorization unauthenticatedTLS admits any meshed client', objects: [api(), meshedClient, srv({}, 'v1beta1'), linkerd('ServerAuthorization', 'prod/saz', { server: { selector: { matchLabels: {} } }, client: { meshTLS: { unauthenticatedTLS: true } } }, 'v1beta1')], from: 'prod/web', l7: 'allow' },
  { title: '§5.3 legacy ServerAuthorization unauthenticated limited to networks', objects: [api(), outsideClient, srv({}, 'v1beta1'), linkerd('ServerAuthorization', 'prod/saz', { server: { name: 'api-http' }, client: { unauthenticated: true, networks: [{ cidr: '10.0.0.0/8' }] } }, 'v1beta1')], from: 'edge/ext', l7: 'deny' },
  { title: '§5.4 partial when only an HTTPRoute of the Server is authorized', objects: [api(), meshedClient, srv(), linkerd('HTTPRoute', 'prod/health', { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' }], rules: [{ matches: [{ path: { value: '/healthz' } }] }] }, 'v1beta3'), linkerd('HTTPRoute', 'prod/rest', { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' }], rules: [{ matches: [{ path: { value: '/' } }] }] }, 'v1beta3'), authz('prod/p', { kind: 'HTTPRoute', name: 'health' }, ['ServiceAccount:web'])], from: 'prod/web', l7: 'partial' },
  { title: '§5.4 authorized on every route of the Server is allow', objects: [api(), meshedClient, srv(), linkerd('HTTPRoute', 'prod/all', { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' }], rules: [{}] }, 'v1beta3'), authz('prod/p', { kind: 'HTTPRoute', name: 'all' }, ['ServiceAccount:web'])], from: 'prod/web', l7: 'allow' },
  { title: '§5.4 Server accessPolicy relaxes the default for unauthorized clients (all-authenticated)', objects: [api(), meshedClient, srv({ accessPolicy: 'all-authenticated' })], from: 'prod/web', l7: 'authenticated' },
  { title: '§5.4 accessPolicy audit lets everyone in (it only logs)', objects: [api(), plainClient, srv({ accessPolicy: 'audit' })], from: 'prod/batch', l7: 'open' },
  { title: '§5.4 accessPolicy defaults to deny', objects: [api(), plainClient, srv()], from: 'prod/batch', l7: 'deny' },
  { title: '§7 a port listed in skip-inbound-ports is not seen by the proxy (n/a)', objects: [api({ annotations: { 'config.linkerd.io/skip-inbound-ports': '8080' } }), meshedClient, srv()], from: 'prod/web', l7: 'n/a', diagnostic: 'skip-port-bypasses-l7' },
];

describe('§5 L7 — Linkerd inbound policy', () => {
  it.each(rows)('$title', (row) => {
    const a = cluster(row.objects);
    const cell = flow(a, row.from, 'prod/api', row.port ?? 8080, row.protocol ?? 'TCP');
    expect(cell.l7).toBe(row.l7);
    if (row.diagnostic) expect(codes(a)).toContain(row.diagnostic);
  });
});

describe('§5.1 every default policy × client', () => {
  const expected: Record<DefaultInboundPolicy, [meshedInside: L7Verdict, unmeshedInside: L7Verdict, unmeshedOutside: L7Verdict, meshedUnknownIp: L7Verdict]> = {
    'all-unauthenticated': ['open', 'open', 'open', 'open'],
    audit: ['open', 'open', 'open', 'open'],
    'cluster-unauthenticated': ['open', 'open', 'deny', 'open'],
    'all-authenticated': ['authenticated', 'deny', 'deny', 'authenticated'],
    'cluster-authenticated': ['authenticated', 'deny', 'deny', 'authenticated'],
    deny: ['deny', 'deny', 'deny', 'deny'],
  };
  const clients = [deploy('c/mesh-in', { meshed: true, ips: ['10.1.0.1'] }), deploy('c/plain-in', { ips: ['10.1.0.2'] }), deploy('c/plain-out', { ips: ['203.0.113.9'] }), deploy('c/mesh-unknown', { meshed: true })];
  it.each(DEFAULT_INBOUND_POLICIES.map((p) => [p]))('%s', (policy) => {
    for (const how of ['workload', '--linkerd-default-policy'] as const) {
      const dst = how === 'workload' ? api({ annotations: { 'config.linkerd.io/default-inbound-policy': policy } }) : api();
      const a = cluster([dst, ...clients], how === 'workload' ? {} : { linkerdDefaultPolicy: policy });
      const got = ['c/mesh-in', 'c/plain-in', 'c/plain-out', 'c/mesh-unknown'].map((c) => flow(a, c, 'prod/api', 8080).l7);
      expect(got, how).toEqual(expected[policy]);
    }
  });
});

describe('§5.5 unknown', () => {
  it('an unreadable L7 layer is unknown and never falls back to the default policy', () => {
    const a = cluster([api(), meshedClient], { layers: { l7: { state: 'unknown', reason: 'servers.policy.linkerd.io is not served' } } });
    const cell = flow(a, 'prod/web', 'prod/api', 8080);
    expect(cell.l7).toBe('unknown');
    expect(cell.allowed).toBeNull();
    expect(cell.protection).toBeNull();
  });
  const unreadable = { layers: { l7: { state: 'unknown' as const, reason: 'servers.policy.linkerd.io is not served' } } };
  it.each([
    ['an unmeshed destination is n/a even when L7 is unreadable (§5: only meshed TCP)', () => cluster([api({ meshed: false }), meshedClient], unreadable), 8080, 'TCP', true],
    ['a UDP flow to a meshed destination is n/a even when L7 is unreadable', () => cluster([api(), meshedClient], unreadable), 53, 'UDP', true],
    ['a port the proxy skips is n/a even when L7 is unreadable', () => cluster([api({ annotations: { 'config.linkerd.io/skip-inbound-ports': '9000' } }), meshedClient], unreadable), 9000, 'TCP', true],
  ] as const)('%s', (_title, make, port, protocol, allowed) => {
    const cell = make().check({ from: 'prod/web', to: 'prod/api', port, protocol });
    if (!cell.ok) throw new Error(cell.error);
    expect(cell.cell.l7).toBe('n/a');
    expect(cell.cell.allowed).toBe(allowed);
  });
});
