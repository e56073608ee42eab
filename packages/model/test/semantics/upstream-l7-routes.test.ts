/**
 * Routes and route-level authorization (SEMANTICS.md §5.3–5.4, issue 12 rules 6–7), ported from
 * linkerd2 policy-controller/k8s/index/src/inbound/tests/{http_routes,grpc_routes,
 * authorization_policy}.rs and the rules behind them: inbound/routes.rs (which parentRefs bind
 * a Server), k8s/status/src/index.rs (Accepted unless a GRPCRoute conflicts), inbound/index.rs
 * http_routes / grpc_routes / route_client_authzs, grpc/src/inbound.rs to_server (routes per
 * proxyProtocol), linkerd2-proxy server-policy http.rs try_route (route authorizations are the
 * route's plus the Server's).
 */
import { describe, it } from 'vitest';
import { deploy } from '../manifests.ts';
import { mkPolicy, mkServer, pod0, ref, runCase, testConfig, type Case, type Obj } from './upstream-l7-fixtures.ts';

const POLICY = 'policy.linkerd.io';
const GATEWAY = 'gateway.networking.k8s.io';
const foo = deploy('ns-0/foo', { meshed: true, sa: 'foo', ips: ['192.0.2.20'] });
const bar = deploy('ns-0/bar', { meshed: true, sa: 'bar', ips: ['192.0.2.21'] });
const base = [testConfig(), pod0(), foo, bar];

const route = (id: string, parentRefs: Obj[], o: { group?: string; kind?: 'HTTPRoute' | 'GRPCRoute'; version?: string } = {}): Obj => {
  const [ns, name] = id.split('/') as [string, string];
  const group = o.group ?? POLICY;
  const kind = o.kind ?? 'HTTPRoute';
  const matches = kind === 'GRPCRoute' ? [{ method: { service: 'foo.Bar' } }] : [{ path: { type: 'PathPrefix', value: '/foo/bar' }, method: 'GET' }];
  return { apiVersion: `${group}/${o.version ?? (group === POLICY ? 'v1beta3' : 'v1')}`, kind, metadata: { name, namespace: ns }, spec: { parentRefs, rules: [{ matches }] } };
};
const toServer = (name: string, extra: Obj = {}): Obj => ({ group: POLICY, kind: 'Server', name, ...extra });
/** http_routes.rs route_attaches_to_server: authz-foo targets the route with ServiceAccount foo. */
const fooOnRoute = (name: string, kind = 'HTTPRoute', group = POLICY) => mkPolicy('ns-0/authz-foo', { group, kind, name }, [ref('ServiceAccount', 'foo', { group: null, namespace: 'ns-0' })]);
const attached = [
  { from: 'ns-0/foo', l7: 'allow' as const },
  { from: 'ns-0/bar', l7: 'deny' as const },
];
const notAttached = [
  { from: 'ns-0/foo', l7: 'deny' as const },
  { from: 'ns-0/bar', l7: 'deny' as const },
];

const cases: Case[] = [
  {
    title: 'rule 7: a route attaches to its Server; a policy targeting the route (kind "HttpRoute") authorizes on it',
    upstream: 'tests/http_routes.rs route_attaches_to_server',
    objects: [...base, mkServer('ns-0/srv-8080', 8080), route('ns-0/route-foo', [toServer('srv-8080')]), fooOnRoute('route-foo', 'HttpRoute')],
    checks: attached,
  },
  {
    title: 'rule 7: a route-targeted policy grants only on that route: partial when the Server has other routes',
    upstream: 'inbound/index.rs http_routes (per-route authorizations); tests/authorization_policy.rs authorization_policy_prevents_index_deletion',
    objects: [...base, mkServer('ns-0/srv-8080', 8080), route('ns-0/route-foo', [toServer('srv-8080')]), route('ns-0/route-other', [toServer('srv-8080')]), fooOnRoute('route-foo')],
    checks: [
      { from: 'ns-0/foo', l7: 'partial' },
      { from: 'ns-0/bar', l7: 'deny' },
    ],
  },
  {
    title: 'rule 7: a Server-wide authorization applies on every route (route authorizations include the Server’s)',
    upstream: 'linkerd2-proxy linkerd/proxy/server-policy/src/http.rs try_route (mk_authorizations(route, server))',
    objects: [...base, mkServer('ns-0/srv-8080', 8080), route('ns-0/route-foo', [toServer('srv-8080')]), route('ns-0/route-other', [toServer('srv-8080')]), mkPolicy('ns-0/wide', ref('Server', 'srv-8080'), [ref('ServiceAccount', 'bar')])],
    checks: [
      { from: 'ns-0/bar', l7: 'allow' },
      { from: 'ns-0/foo', l7: 'deny' },
    ],
  },
  {
    title: 'rule 7: a parentRef with the route’s default group (policy.linkerd.io) binds the Server',
    upstream: 'charts/linkerd-crds/templates/policy/httproute.yaml (parentRefs group default policy.linkerd.io); tests/http_routes.rs mk_route (namespace: None)',
    objects: [...base, mkServer('ns-0/srv-8080', 8080), route('ns-0/route-foo', [{ kind: 'Server', name: 'srv-8080' }]), fooOnRoute('route-foo')],
    checks: attached,
  },
  {
    title: 'rule 7: a gateway.networking.k8s.io route’s parentRef without group means the Gateway API group: not a Server (diagnosed)',
    upstream: 'charts/linkerd-crds/templates/gateway.networking.k8s.io_httproutes.yaml (group default); inbound/routes.rs from_http_parent_ref',
    objects: [...base, mkServer('ns-0/srv-8080', 8080), route('ns-0/route-foo', [{ kind: 'Server', name: 'srv-8080' }], { group: GATEWAY }), fooOnRoute('route-foo', 'HTTPRoute', GATEWAY)],
    checks: notAttached,
    diagnostics: [{ code: 'route-not-attached', severity: 'info', name: 'route-foo' }],
  },
  {
    title: 'rule 7: a gateway.networking.k8s.io HTTPRoute with an explicit policy.linkerd.io Server parent attaches',
    upstream: 'inbound/index.rs (gateway::HTTPRoute indexed like policy HTTPRoute); inbound/authorization_policy.rs target',
    objects: [...base, mkServer('ns-0/srv-8080', 8080), route('ns-0/route-foo', [toServer('srv-8080')], { group: GATEWAY }), fooOnRoute('route-foo', 'HTTPRoute', GATEWAY)],
    checks: attached,
  },
  {
    title: 'rule 7: a route-targeted policy names the route’s group: a gateway route is not the policy.linkerd.io one',
    upstream: 'inbound/index.rs route_client_authzs (GroupKindName eq_ignore_ascii_case)',
    objects: [...base, mkServer('ns-0/srv-8080', 8080), route('ns-0/route-foo', [toServer('srv-8080')], { group: GATEWAY }), fooOnRoute('route-foo', 'HTTPRoute', POLICY)],
    checks: notAttached,
    diagnostics: [{ code: 'dangling-reference', path: 'spec.targetRef', name: 'authz-foo' }],
  },
  ...(
    [
      ['a Server in another namespace', { namespace: 'ns-1' }],
      ['a port', { port: 8080 }],
      ['a sectionName', { sectionName: 'http' }],
    ] as const
  ).map(
    ([what, extra]): Case => ({
      title: `rule 7: a Server parentRef with ${what} makes the index ignore the whole route (diagnosed)`,
      upstream: 'inbound/routes.rs InvalidParentRef; inbound/index.rs apply_http_route ("Ignoring HTTPRoute")',
      objects: [...base, mkServer('ns-0/srv-8080', 8080), mkServer('ns-1/srv-8080', 8080), route('ns-0/route-foo', [toServer('srv-8080'), toServer('srv-8080', extra)]), fooOnRoute('route-foo')],
      checks: notAttached,
      diagnostics: [{ code: 'route-not-attached', severity: 'error', path: 'spec.parentRefs[1]', name: 'route-foo' }],
    }),
  ),
  {
    title: 'rule 7: a route naming a missing Server is not accepted (dangling)',
    upstream: 'k8s/status/src/index.rs parent_condition_server (NoMatchingParent)',
    objects: [...base, mkServer('ns-0/srv-8080', 8080), route('ns-0/route-foo', [toServer('srv-ghost')]), fooOnRoute('route-foo')],
    checks: notAttached,
    diagnostics: [{ code: 'dangling-reference', path: 'spec.parentRefs[0]', name: 'route-foo' }],
  },
  {
    title: 'rule 6/7: GRPCRoute targets are supported; a gRPC Server serves GRPCRoutes',
    upstream: 'inbound/authorization_policy.rs Target::GrpcRoute; inbound/index.rs grpc_routes; tests/grpc_routes.rs',
    objects: [...base, mkServer('ns-0/srv-8080', 8080, { proxyProtocol: 'gRPC' }), route('ns-0/grpc-foo', [toServer('srv-8080')], { group: GATEWAY, kind: 'GRPCRoute' }), fooOnRoute('grpc-foo', 'GRPCRoute', GATEWAY)],
    checks: attached,
  },
  {
    title: 'rule 7: a gRPC Server without GRPCRoutes has a default route: Server-wide authorizations apply',
    upstream: 'tests/grpc_routes.rs server_with_default_route; inbound/index.rs grpc_routes (default)',
    objects: [...base, mkServer('ns-0/srv-8080', 8080, { proxyProtocol: 'gRPC' }), mkPolicy('ns-0/wide', ref('Server', 'srv-8080'), [ref('ServiceAccount', 'foo')])],
    checks: attached,
  },
  {
    title: 'rule 7: a gRPC Server ignores HTTPRoutes: a policy on one grants nothing (diagnosed)',
    upstream: 'grpc/src/inbound.rs to_server (Grpc carries grpc_routes only)',
    objects: [...base, mkServer('ns-0/srv-8080', 8080, { proxyProtocol: 'gRPC' }), route('ns-0/route-foo', [toServer('srv-8080')]), fooOnRoute('route-foo')],
    checks: notAttached,
    diagnostics: [{ code: 'route-not-attached', severity: 'warning', path: 'spec.proxyProtocol', name: 'srv-8080' }],
  },
  ...(['HTTP/1', 'HTTP/2', 'unknown'] as const).map(
    (p): Case => ({
      title: `rule 7: a ${p} Server serves HTTPRoutes and ignores GRPCRoutes`,
      upstream: 'grpc/src/inbound.rs to_server (Detect/Http1/Http2 carry http_routes)',
      objects: [
        ...base,
        mkServer('ns-0/srv-8080', 8080, { proxyProtocol: p }),
        route('ns-0/route-foo', [toServer('srv-8080')]),
        fooOnRoute('route-foo'),
        mkServer('ns-0/srv-2222', 2222, { proxyProtocol: p }),
        route('ns-0/grpc-bar', [toServer('srv-2222')], { group: GATEWAY, kind: 'GRPCRoute' }),
        mkPolicy('ns-0/authz-bar', { group: GATEWAY, kind: 'GRPCRoute', name: 'grpc-bar' }, [ref('ServiceAccount', 'bar')]),
      ],
      checks: [...attached, { from: 'ns-0/bar', port: 2222, l7: 'deny' }],
      diagnostics: [{ code: 'route-not-attached', name: 'srv-2222' }],
    }),
  ),
  ...(['opaque', 'TLS'] as const).map(
    (p): Case => ({
      title: `rule 7: an ${p} Server has no routes: route-level authorization has no effect there`,
      upstream: 'grpc/src/inbound.rs to_server (Opaque/Tls carry no routes)',
      objects: [...base, mkServer('ns-0/srv-8080', 8080, { proxyProtocol: p }), route('ns-0/route-foo', [toServer('srv-8080')]), fooOnRoute('route-foo')],
      checks: notAttached,
      diagnostics: [{ code: 'route-not-attached', name: 'srv-8080' }, { code: 'opaque-port-no-routes', name: 'authz-foo' }],
    }),
  ),
  {
    title: 'rule 7: an HTTPRoute on a Server that also has a GRPCRoute is RouteConflicted, not attached',
    upstream: 'k8s/status/src/index.rs parent_has_conflicting_routes',
    objects: [...base, mkServer('ns-0/srv-8080', 8080, { proxyProtocol: 'gRPC' }), route('ns-0/route-foo', [toServer('srv-8080')]), route('ns-0/grpc-foo', [toServer('srv-8080')], { group: GATEWAY, kind: 'GRPCRoute' }), fooOnRoute('route-foo')],
    checks: notAttached,
    diagnostics: [{ code: 'route-not-attached', severity: 'warning', name: 'route-foo' }],
  },
  {
    title: 'rule 6: GRPCRoute exists only in gateway.networking.k8s.io: a policy.linkerd.io GRPCRoute target is rejected',
    upstream: 'inbound/authorization_policy.rs target (gateway::GRPCRoute only)',
    objects: [...base, mkServer('ns-0/srv-8080', 8080, { proxyProtocol: 'gRPC' }), route('ns-0/grpc-foo', [toServer('srv-8080')], { group: GATEWAY, kind: 'GRPCRoute' }), fooOnRoute('grpc-foo', 'GRPCRoute', POLICY)],
    checks: notAttached,
    diagnostics: [{ code: 'invalid-object', severity: 'error', path: 'spec.targetRef', name: 'authz-foo' }],
  },
  {
    title: 'GRPCRoute v1alpha2 is served',
    upstream: 'charts/linkerd-crds/templates/gateway.networking.k8s.io_grpcroutes.yaml (v1, v1alpha2)',
    objects: [...base, mkServer('ns-0/srv-8080', 8080, { proxyProtocol: 'gRPC' }), route('ns-0/grpc-foo', [toServer('srv-8080')], { group: GATEWAY, kind: 'GRPCRoute', version: 'v1alpha2' }), fooOnRoute('grpc-foo', 'GRPCRoute', GATEWAY)],
    checks: attached,
  },
  {
    title: 'GRPCRoute v1beta1 is not served: the API server rejects it, so L7 of its namespace is unknown (fail closed)',
    upstream: 'charts/linkerd-crds/templates/gateway.networking.k8s.io_grpcroutes.yaml (v1, v1alpha2); accessgraph issue 15',
    objects: [...base, mkServer('ns-0/srv-8080', 8080, { proxyProtocol: 'gRPC' }), route('ns-0/grpc-foo', [toServer('srv-8080')], { group: GATEWAY, kind: 'GRPCRoute', version: 'v1alpha2' }), route('ns-0/grpc-old', [toServer('srv-8080')], { group: GATEWAY, kind: 'GRPCRoute', version: 'v1beta1' }), fooOnRoute('grpc-foo', 'GRPCRoute', GATEWAY)],
    checks: [{ from: 'ns-0/foo', l7: 'unknown' }, { from: 'ns-0/bar', l7: 'unknown' }],
    diagnostics: [{ code: 'unsupported-version', name: 'grpc-old' }],
  },
];

describe('upstream L7: routes (http_routes.rs, grpc_routes.rs, routes.rs)', () => {
  it.each(cases)('$title', (c) => runCase(c));
});
