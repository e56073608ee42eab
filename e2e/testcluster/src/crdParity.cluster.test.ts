/**
 * Parity of crds/linkerd-policy.yaml with Linkerd's chart, by behaviour: every object below is
 * created (fieldValidation=Strict) on a test API server holding the chart's CRDs and on one
 * holding ours, and the outcomes must agree — rejected on both, or stored on both with the same
 * spec after defaulting and pruning. The cases are ours: one per schema fact or validation rule
 * of linkerd2 charts/linkerd-crds (templates/policy/*.yaml, gateway.networking.k8s.io_*routes.yaml).
 * The chart is not in this repository (crds/README.md): the test runs only when
 * LINKERD_CRDS_CHART names a `helm template` rendering of it, and is skipped otherwise.
 * Known difference, on purpose: TCPRoute (a kind kept minimal) is not defaulted.
 */
import { describe, expect, inject, it } from 'vitest';
import { applyManifests, applyObjectStrict, applyObjects, TestCluster } from './index.ts';

const unavailable = inject('clusterUnavailable');
const CHART = process.env.LINKERD_CRDS_CHART;
const OURS = new URL('../crds/linkerd-policy.yaml', import.meta.url).pathname;
type O = Record<string, unknown>;
let n = 0;
const mk = (apiVersion: string, kind: string, spec: unknown): O => ({ apiVersion, kind, metadata: { name: `c${n++}`, namespace: 'd' }, spec });
const SRV = 'policy.linkerd.io/v1beta3', P = 'policy.linkerd.io/v1alpha1', GW = 'gateway.networking.k8s.io/v1';
const sel = { matchLabels: { app: 'web' } };
const parent = [{ name: 'web', kind: 'Server', group: 'policy.linkerd.io' }];
const svcParent = [{ name: 'web', kind: 'Service', group: 'core', port: 80 }];
const cases: [string, O][] = [
  ['server valid', mk(SRV, 'Server', { podSelector: sel, port: 8080 })],
  ['server ew selector', mk(SRV, 'Server', { externalWorkloadSelector: sel, port: 'http' })],
  ['server both selectors', mk(SRV, 'Server', { podSelector: sel, externalWorkloadSelector: sel, port: 1 })],
  ['server no port', mk(SRV, 'Server', { podSelector: sel })],
  ['server port 0', mk(SRV, 'Server', { podSelector: sel, port: 0 })],
  ['server port bool', mk(SRV, 'Server', { podSelector: sel, port: true })],
  ['server proto bogus', mk(SRV, 'Server', { podSelector: sel, port: 1, proxyProtocol: 'bogus' })],
  ['server access audit', mk(SRV, 'Server', { podSelector: sel, port: 1, accessPolicy: 'audit' })],
  ['server expr bad op', mk(SRV, 'Server', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Equals' }] }, port: 1 })],
  ['server expr no key', mk(SRV, 'Server', { podSelector: { matchExpressions: [{ operator: 'Exists' }] }, port: 1 })],
  ['server labels nested', mk(SRV, 'Server', { podSelector: { matchLabels: { a: { b: 1 } } }, port: 1 })],
  ['server extra field', mk(SRV, 'Server', { podSelector: sel, port: 1, foo: 1 })],
  ['server v1beta2 accessPolicy', mk('policy.linkerd.io/v1beta2', 'Server', { podSelector: sel, port: 1, accessPolicy: 'deny' })],
  ['server v1beta2 no selector', mk('policy.linkerd.io/v1beta2', 'Server', { port: 1 })],
  ['server v1beta1 ew', mk('policy.linkerd.io/v1beta1', 'Server', { podSelector: sel, externalWorkloadSelector: sel, port: 1 })],
  ['server v1beta1 empty selector', mk('policy.linkerd.io/v1beta1', 'Server', { podSelector: {}, port: 1 })],
  ['server v1alpha1 both', mk('policy.linkerd.io/v1alpha1', 'Server', { podSelector: { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'a', operator: 'Exists' }] }, port: 1 })],
  ['server v1alpha1 exprs', mk('policy.linkerd.io/v1alpha1', 'Server', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists' }] }, port: 1 })],
  ['saz valid', mk('policy.linkerd.io/v1beta1', 'ServerAuthorization', { server: { name: 'web' }, client: { meshTLS: { identities: ['*.ns.serviceaccount.identity.linkerd.cluster.local'], serviceAccounts: [{ name: 'a', namespace: 'b' }] } } })],
  ['saz bad name', mk('policy.linkerd.io/v1beta1', 'ServerAuthorization', { server: { name: 'Web' }, client: { unauthenticated: true } })],
  ['saz bad identity', mk('policy.linkerd.io/v1beta1', 'ServerAuthorization', { server: { name: 'web' }, client: { meshTLS: { identities: ['Bad_ID'] } } })],
  ['saz sa no name', mk('policy.linkerd.io/v1beta1', 'ServerAuthorization', { server: { name: 'web' }, client: { meshTLS: { serviceAccounts: [{ namespace: 'b' }] } } })],
  ['saz network no cidr', mk('policy.linkerd.io/v1beta1', 'ServerAuthorization', { server: { name: 'web' }, client: { networks: [{ except: [] }] } })],
  ['saz empty client', mk('policy.linkerd.io/v1beta1', 'ServerAuthorization', { server: { name: 'web' }, client: {} })],
  ['saz selector', mk('policy.linkerd.io/v1alpha1', 'ServerAuthorization', { server: { selector: sel }, client: { unauthenticated: true } })],
  ['saz unauth string', mk('policy.linkerd.io/v1beta1', 'ServerAuthorization', { server: { name: 'web' }, client: { unauthenticated: 'yes' } })],
  ['ap valid core', mk(P, 'AuthorizationPolicy', { targetRef: { group: '', kind: 'Namespace', name: 'd' }, requiredAuthenticationRefs: [{ kind: 'ServiceAccount', name: 'x', namespace: 'y' }] })],
  ['ap group upper', mk(P, 'AuthorizationPolicy', { targetRef: { group: 'Policy.linkerd.io', kind: 'Server', name: 'w' }, requiredAuthenticationRefs: [] })],
  ['ap kind digit', mk(P, 'AuthorizationPolicy', { targetRef: { kind: '1x', name: 'w' }, requiredAuthenticationRefs: [] })],
  ['ap name empty', mk(P, 'AuthorizationPolicy', { targetRef: { kind: 'Server', name: '' }, requiredAuthenticationRefs: [] })],
  ['ap ref ns long', mk(P, 'AuthorizationPolicy', { targetRef: { kind: 'Server', name: 'w' }, requiredAuthenticationRefs: [{ kind: 'X', name: 'y', namespace: 'n'.repeat(254) }] })],
  ['ap ref no name', mk(P, 'AuthorizationPolicy', { targetRef: { kind: 'Server', name: 'w' }, requiredAuthenticationRefs: [{ kind: 'X' }] })],
  ['mtls both', mk(P, 'MeshTLSAuthentication', { identities: ['*'], identityRefs: [{ kind: 'ServiceAccount', name: 'a' }] })],
  ['mtls refs no kind', mk(P, 'MeshTLSAuthentication', { identityRefs: [{ name: 'a' }] })],
  ['mtls refs empty', mk(P, 'MeshTLSAuthentication', { identityRefs: [] })],
  ['mtls refs no name', mk(P, 'MeshTLSAuthentication', { identityRefs: [{ kind: 'Namespace' }] })],
  ['mtls identity any', mk(P, 'MeshTLSAuthentication', { identities: ['Not A DNS name'] })],
  ['netauthn empty', mk(P, 'NetworkAuthentication', { networks: [] })],
  ['netauthn except string', mk(P, 'NetworkAuthentication', { networks: [{ cidr: '10.0.0.0/8', except: '10.1.0.0/16' }] })],
  ['lhr v1beta3 valid', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent, rules: [{ matches: [{ path: { value: '/api' } }], timeouts: { request: '10s' } }] })],
  ['lhr v1beta3 no rules', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent })],
  ['lhr v1beta3 timeout bad', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent, rules: [{ timeouts: { request: 'abc' } }] })],
  ['lhr v1beta2 timeouts', mk('policy.linkerd.io/v1beta2', 'HTTPRoute', { parentRefs: parent, rules: [{ timeouts: { request: '10s' } }] })],
  ['lhr v1beta2 port 0', mk('policy.linkerd.io/v1beta2', 'HTTPRoute', { parentRefs: [{ name: 'w', port: 0 }] })],
  ['lhr v1beta1 port 0', mk('policy.linkerd.io/v1beta1', 'HTTPRoute', { parentRefs: [{ name: 'w', port: 0 }] })],
  ['lhr v1beta1 backend', mk('policy.linkerd.io/v1beta1', 'HTTPRoute', { parentRefs: parent, rules: [{ backendRefs: [{ port: 80 }] }] })],
  ['lhr v1beta2 backend no name', mk('policy.linkerd.io/v1beta2', 'HTTPRoute', { parentRefs: parent, rules: [{ backendRefs: [{ port: 80 }] }] })],
  ['lhr path type bad', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent, rules: [{ matches: [{ path: { type: 'Foo', value: '/' } }] }] })],
  ['lhr path relative', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent, rules: [{ matches: [{ path: { type: 'PathPrefix', value: 'api' } }] }] })],
  ['lhr method lower', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent, rules: [{ matches: [{ method: 'get' }] }] })],
  ['lhr dup headers', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent, rules: [{ matches: [{ headers: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] }] }] })],
  ['lhr query name space', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent, rules: [{ matches: [{ queryParams: [{ name: 'a b', value: '1' }] }] }] })],
  ['lhr mirror filter', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent, rules: [{ filters: [{ type: 'RequestMirror' }] }] })],
  ['lhr resp hdr rule filter', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent, rules: [{ filters: [{ type: 'RequestHeaderModifier', responseHeaderModifier: {} }] }] })],
  ['lhr dup remove', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent, rules: [{ filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['a', 'a'] } }] }] })],
  ['lhr redirect', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { parentRefs: parent, rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', path: { type: 'ReplaceFullPath', replaceFullPath: '/x' } } }] }] })],
  ['lhr hostname wildcard', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { hostnames: ['*.example.com'], parentRefs: parent })],
  ['lhr hostname bad', mk('policy.linkerd.io/v1beta3', 'HTTPRoute', { hostnames: ['a_b'], parentRefs: parent })],
  ['ghr valid', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'web', port: 80 }] }] })],
  ['ghr defaults', mk(GW, 'HTTPRoute', { parentRefs: [{ name: 'web' }] })],
  ['ghr path relative', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ matches: [{ path: { type: 'PathPrefix', value: 'api' } }] }] })],
  ['ghr path regex relative', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ matches: [{ path: { type: 'RegularExpression', value: 'a.*' } }] }] })],
  ['ghr path double slash', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ matches: [{ path: { type: 'Exact', value: '/a//b' } }] }] })],
  ['ghr backend no port', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ backendRefs: [{ name: 'web' }] }] })],
  ['ghr backend other kind no port', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ backendRefs: [{ name: 'web', group: 'x.io', kind: 'Thing' }] }] })],
  ['ghr filter missing cfg', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ filters: [{ type: 'RequestHeaderModifier' }] }] })],
  ['ghr same parent twice', mk(GW, 'HTTPRoute', { parentRefs: [{ name: 'w' }, { name: 'w' }] })],
  ['ghr timeout bad', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ timeouts: { request: '1x' } }] })],
  ['ghr timeouts order', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ timeouts: { request: '1s', backendRequest: '2s' } }] })],
  ['ghr session', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ sessionPersistence: { sessionName: 'a', cookieConfig: {} } }] })],
  ['ghr query name space', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ matches: [{ queryParams: [{ name: 'a b', value: '1' }] }] }] })],
  ['ghr mirror no port', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'x' } } }] }] })],
  ['ghr rule name', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ name: 'r1' }] })],
  ['ghr v1beta1 valid', mk('gateway.networking.k8s.io/v1beta1', 'HTTPRoute', { parentRefs: svcParent, rules: [{ backendRefs: [{ name: 'web', port: 80, weight: 5 }] }] })],
  ['grpc valid', mk(GW, 'GRPCRoute', { parentRefs: svcParent, rules: [{ matches: [{ method: { service: 'pkg.Svc', method: 'Get' } }], backendRefs: [{ name: 'web', port: 80 }] }] })],
  ['grpc method empty', mk(GW, 'GRPCRoute', { parentRefs: svcParent, rules: [{ matches: [{ method: {} }] }] })],
  ['grpc service bad chars', mk(GW, 'GRPCRoute', { parentRefs: svcParent, rules: [{ matches: [{ method: { service: 'bad service' } }] }] })],
  ['grpc urlrewrite', mk(GW, 'GRPCRoute', { parentRefs: svcParent, rules: [{ filters: [{ type: 'URLRewrite' }] }] })],
  ['grpc no spec', { apiVersion: GW, kind: 'GRPCRoute', metadata: { name: 'nospec', namespace: 'd' } }],
  ['grpc v1alpha2', mk('gateway.networking.k8s.io/v1alpha2', 'GRPCRoute', { parentRefs: svcParent })],
  ['egress no policy', mk(P, 'EgressNetwork', { networks: [] })],
  ['egress valid', mk(P, 'EgressNetwork', { trafficPolicy: 'Allow' })],
  ['ratelimit', mk(P, 'HTTPLocalRateLimitPolicy', { targetRef: { kind: 'Server', name: 'w', group: 'policy.linkerd.io' }, total: { requestsPerSecond: 10 } })],
  ['ew v1beta1', mk('workload.linkerd.io/v1beta1', 'ExternalWorkload', { meshTLS: { identity: 'a', serverName: 'b' }, workloadIPs: [{ ip: '10.0.0.1' }] })],
  ['sp', mk('linkerd.io/v1alpha2', 'ServiceProfile', { routes: [{ name: 'r', condition: { method: 'GET' } }] })],
  ['tcproute', mk('gateway.networking.k8s.io/v1alpha2', 'TCPRoute', { parentRefs: svcParent, rules: [{ backendRefs: [{ name: 'w', port: 1 }] }] })],
  ...['/a/./b', '/a/../b', '/a%2fb', '/a%2Fb', '/a#b', '/a/.', '/a/..', '/a b', '/a%zz', '/a%20b', "/a'b(c)@:", '/'].map((v) => [`ghr path ${v}`, mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ matches: [{ path: { type: 'Exact', value: v } }] }] })] as [string, O]),
  ['ghr regex path odd', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ matches: [{ path: { type: 'RegularExpression', value: '/a//b#' } }] }] })],
  ['ghr parents sections differ', mk(GW, 'HTTPRoute', { parentRefs: [{ name: 'w', sectionName: 'a' }, { name: 'w', sectionName: 'b' }] })],
  ['ghr parents one section', mk(GW, 'HTTPRoute', { parentRefs: [{ name: 'w', sectionName: 'a' }, { name: 'w' }] })],
  ['ghr parents ports differ', mk(GW, 'HTTPRoute', { parentRefs: [{ name: 'w', port: 80 }, { name: 'w', port: 81 }] })],
  ['ghr parents same port', mk(GW, 'HTTPRoute', { parentRefs: [{ name: 'w', port: 80 }, { name: 'w', port: 80 }] })],
  ['ghr parents ns differ', mk(GW, 'HTTPRoute', { parentRefs: [{ name: 'w', namespace: 'a' }, { name: 'w' }] })],
  ['ghr parents ns same', mk(GW, 'HTTPRoute', { parentRefs: [{ name: 'w', namespace: 'a' }, { name: 'w', namespace: 'a' }] })],
  ['ghr parents kinds differ', mk(GW, 'HTTPRoute', { parentRefs: [{ name: 'w', kind: 'Service', group: 'core' }, { name: 'w' }] })],
  ['grpc parents dup', mk(GW, 'GRPCRoute', { parentRefs: [{ name: 'w' }, { name: 'w' }] })],
  ['grpc parents port mix', mk(GW, 'GRPCRoute', { parentRefs: [{ name: 'w', port: 1 }, { name: 'w', sectionName: 's', port: 2 }] })],
  ...['pkg.Svc', '.pkg.Svc', 'Pkg.SVC', 'pkg..Svc', '1pkg', 'a_b.c9'].map((v) => [`grpc service ${v}`, mk(GW, 'GRPCRoute', { parentRefs: svcParent, rules: [{ matches: [{ method: { service: v } }] }] })] as [string, O]),
  ...['Get', '_x', 'get-it', '9a'].map((v) => [`grpc method ${v}`, mk(GW, 'GRPCRoute', { parentRefs: svcParent, rules: [{ matches: [{ method: { method: v } }] }] })] as [string, O]),
  ...(() => {
    const f = (filters: unknown[], extra: O = {}) => mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ filters, ...extra }] });
    const hm = { set: [{ name: 'a', value: 'b' }] };
    const rd = (path?: O) => ({ type: 'RequestRedirect', requestRedirect: { scheme: 'https', ...(path ? { path } : {}) } });
    const rw = (path?: O) => ({ type: 'URLRewrite', urlRewrite: { hostname: 'x.example', ...(path ? { path } : {}) } });
    const pre = { type: 'ReplacePrefixMatch', replacePrefixMatch: '/x' };
    const one = { matches: [{ path: { type: 'PathPrefix', value: '/a' } }] };
    const two = { matches: [{ path: { type: 'PathPrefix', value: '/a' } }, { path: { type: 'PathPrefix', value: '/b' } }] };
    const exact = { matches: [{ path: { type: 'Exact', value: '/a' } }] };
    const be = (filters: unknown[]) => ({ backendRefs: [{ name: 'w', port: 1, filters }] });
    return ([
      ['flt ok hdr', f([{ type: 'RequestHeaderModifier', requestHeaderModifier: hm }])],
      ['flt wrong cfg', f([{ type: 'RequestHeaderModifier', responseHeaderModifier: hm }])],
      ['flt two cfg', f([{ type: 'RequestHeaderModifier', requestHeaderModifier: hm, responseHeaderModifier: hm }])],
      ['flt ext ok', f([{ type: 'ExtensionRef', extensionRef: { group: 'x.io', kind: 'K', name: 'n' } }])],
      ['flt hdr twice', f([{ type: 'RequestHeaderModifier', requestHeaderModifier: hm }, { type: 'RequestHeaderModifier', requestHeaderModifier: hm }])],
      ['flt mirror twice', f([{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'a', port: 1 } } }, { type: 'RequestMirror', requestMirror: { backendRef: { name: 'b', port: 1 } } }])],
      ['flt redirect+rewrite', f([rd(), rw()])],
      ['flt redirect twice', f([rd(), rd()])],
      ['flt redirect with backend', f([rd()], { backendRefs: [{ name: 'w', port: 1 }] })],
      ['flt redirect with empty backends', f([rd()], { backendRefs: [] })],
      ['flt redirect prefix one', f([rd(pre)], one)],
      ['flt redirect prefix two', f([rd(pre)], two)],
      ['flt redirect prefix exact', f([rd(pre)], exact)],
      ['flt redirect prefix default matches', f([rd(pre)])],
      ['flt rewrite prefix two', f([rw(pre)], two)],
      ['flt rewrite prefix one', f([rw(pre)], one)],
      ['flt rewrite full two', f([rw({ type: 'ReplaceFullPath', replaceFullPath: '/z' })], two)],
      ['flt path type mismatch', f([rw({ type: 'ReplaceFullPath', replacePrefixMatch: '/z' })])],
      ['flt path missing field', f([rw({ type: 'ReplacePrefixMatch' })])],
      ['flt backend rewrite prefix two', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ ...two, ...be([rw(pre)]) }] })],
      ['flt backend rewrite prefix one', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ ...one, ...be([rw(pre)]) }] })],
      ['flt backend redirect prefix two', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ ...two, ...be([rd(pre)]) }] })],
      ['flt two backends rewrite prefix two', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ ...two, backendRefs: [{ name: 'a', port: 1, filters: [rw(pre)] }, { name: 'b', port: 1, filters: [rw(pre)] }] }] })],
      ['flt backend hdr twice', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [be([{ type: 'ResponseHeaderModifier', responseHeaderModifier: hm }, { type: 'ResponseHeaderModifier', responseHeaderModifier: hm }])] })],
      ['flt backend wrong cfg', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [be([{ type: 'URLRewrite' }])] })],
      ['to zero request', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ timeouts: { request: '0s', backendRequest: '5s' } }] })],
      ['to equal', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ timeouts: { request: '5s', backendRequest: '5s' } }] })],
      ['to mixed units', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ timeouts: { request: '1m', backendRequest: '61s' } }] })],
      ['sess permanent no abs', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ sessionPersistence: { cookieConfig: { lifetimeType: 'Permanent' } } }] })],
      ['sess permanent abs', mk(GW, 'HTTPRoute', { parentRefs: svcParent, rules: [{ sessionPersistence: { absoluteTimeout: '1h', cookieConfig: { lifetimeType: 'Permanent' } } }] })],
      ['grpc flt wrong cfg', mk(GW, 'GRPCRoute', { parentRefs: svcParent, rules: [{ filters: [{ type: 'RequestMirror' }] }] })],
      ['grpc flt hdr twice', mk(GW, 'GRPCRoute', { parentRefs: svcParent, rules: [{ filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: hm }, { type: 'RequestHeaderModifier', requestHeaderModifier: hm }] }] })],
      ['grpc backend flt wrong cfg', mk(GW, 'GRPCRoute', { parentRefs: svcParent, rules: [{ backendRefs: [{ name: 'w', port: 1, filters: [{ type: 'ExtensionRef' }] }] }] })],
      ['grpc sess permanent', mk(GW, 'GRPCRoute', { parentRefs: svcParent, rules: [{ sessionPersistence: { cookieConfig: { lifetimeType: 'Permanent' } } }] })],
    ] as [string, O][]);
  })(),
];

async function run(crds: string): Promise<string[]> {
  const c = await TestCluster.start({ controllerManager: false });
  try {
    await applyManifests(c.kubeconfigPath, [crds]);
    await applyObjects(c.kubeconfigPath, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'd' } }]);
    const out: string[] = [];
    for (const [name, o] of cases) {
      const r = await applyObjectStrict(c.kubeconfigPath, o as never);
      out.push(`${name}: ${r.accepted ? `stored ${JSON.stringify((r.stored as { spec?: unknown }).spec)}` : `rejected ${r.status}`}`);
    }
    return out;
  } finally {
    await c.stop();
  }
}

describe.skipIf(!!unavailable || !CHART)('our CRDs against the chart (LINKERD_CRDS_CHART)', () => {
  it('every case is rejected by both, or stored by both with the same spec', async () => {
    expect(new Set(cases.map(([name]) => name)).size).toBe(cases.length);
    const theirs = await run(CHART!);
    const ours = await run(OURS);
    const diffs = theirs.map((t, i) => (t === ours[i] ? null : `chart: ${t}\nours:  ${ours[i]}`)).filter((d): d is string => !!d);
    expect(diffs.filter((d) => !d.startsWith('chart: tcproute:'))).toEqual([]);
    // The one known difference shows the comparison sees defaulting.
    expect(diffs).toHaveLength(1);
  }, 240_000);
});
