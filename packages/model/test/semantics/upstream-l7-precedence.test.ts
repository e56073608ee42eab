/**
 * Server precedence and the Server's accessPolicy on routes (SEMANTICS.md §5.2, §5.4, §9),
 * from linkerd2 policy-controller/k8s/index/src/inbound/index.rs:
 * - reindex_servers sorts the Servers selecting a pod by `created_at` (an `Option<Time>`,
 *   inbound/server.rs) and then by name; the first one to claim a port keeps it. `None` orders
 *   before any `Some`, so a Server without creationTimestamp (manifests never applied) wins.
 * - client_authzs adds the accessPolicy's default authorizations to the Server's own
 *   authorizations, and a route's authorizations include the Server's (linkerd2-proxy
 *   server-policy http.rs try_route): a client the accessPolicy admits reaches every route, so
 *   a route-level grant does not make it `partial`.
 */
import { describe, it } from 'vitest';
import { deploy } from '../manifests.ts';
import { DEFAULT_INBOUND_POLICIES } from '../../src/index.ts';
import { allClients, CLIENT_IDS, DEFAULT_MEANING, mkPolicy, mkServer, pod0, ref, runCase, testConfig, type Case, type Obj } from './upstream-l7-fixtures.ts';

const INDEX = 'inbound/index.rs reindex_servers; inbound/server.rs created_at: Option<Time>';
const ROUTES = 'inbound/index.rs client_authzs (access_policy.default_authzs) and http_routes; linkerd2-proxy server-policy http.rs try_route';

const foo = deploy('ns-0/foo', { meshed: true, sa: 'foo', ips: ['192.0.2.20'] });
const bar = deploy('ns-0/bar', { meshed: true, sa: 'bar', ips: ['192.0.2.21'] });
const plain = deploy('ns-0/plain', { sa: 'plain', ips: ['192.0.2.22'] });
const base = [testConfig(), pod0(), foo, bar, plain];

/** A Server on 8080 with a creationTimestamp (or none) and an accessPolicy. */
const srv = (name: string, accessPolicy: string, creationTimestamp?: string): Obj => {
  const s = mkServer(`ns-0/${name}`, 8080, { accessPolicy });
  return { ...s, metadata: { ...(s.metadata as Obj), ...(creationTimestamp ? { creationTimestamp } : {}) } };
};
const route = (name: string): Obj => ({
  apiVersion: 'policy.linkerd.io/v1beta3',
  kind: 'HTTPRoute',
  metadata: { name, namespace: 'ns-0' },
  spec: { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'srv-8080' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: `/${name}` } }] }] },
});
const fooOnRouteA = mkPolicy('ns-0/foo-on-a', { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'route-a' }, [ref('ServiceAccount', 'foo', { group: null, namespace: 'ns-0' })]);
const everyone = (l7: 'open' | 'deny') => ['ns-0/foo', 'ns-0/bar', 'ns-0/plain'].map((from) => ({ from, l7 }));

const cases: Case[] = [
  {
    title: 'a Server without creationTimestamp takes precedence over an older one that has one',
    upstream: INDEX,
    objects: [...base, srv('srv-dated', 'all-unauthenticated', '2020-01-01T00:00:00Z'), srv('srv-undated', 'deny')],
    checks: everyone('deny'),
    diagnostics: [{ code: 'server-conflict', name: 'srv-dated' }],
  },
  {
    title: 'the same with the names swapped: the undated Server still wins (not the name order)',
    upstream: INDEX,
    objects: [...base, srv('a-dated', 'deny', '2020-01-01T00:00:00Z'), srv('z-undated', 'all-unauthenticated')],
    checks: everyone('open'),
    diagnostics: [{ code: 'server-conflict', name: 'a-dated' }],
  },
  {
    title: 'two Servers without creationTimestamp: the name decides',
    upstream: INDEX,
    objects: [...base, srv('srv-b', 'deny'), srv('srv-a', 'all-unauthenticated')],
    checks: everyone('open'),
    diagnostics: [{ code: 'server-conflict', name: 'srv-b' }],
  },
  {
    title: 'both dated: the older wins whatever the names',
    upstream: INDEX,
    objects: [...base, srv('srv-a', 'deny', '2024-02-01T00:00:00Z'), srv('srv-b', 'all-unauthenticated', '2024-01-01T00:00:00Z')],
    checks: everyone('open'),
  },
  {
    title: 'timestamps are instants: 00:00:00Z and 00:00:00.000Z are the same time, so the name decides',
    upstream: `${INDEX} (k8s Time compares as a time, not as text)`,
    objects: [...base, srv('srv-b', 'deny', '2024-01-01T00:00:00Z'), srv('srv-a', 'all-unauthenticated', '2024-01-01T00:00:00.000Z')],
    checks: everyone('open'),
  },
  {
    title: 'accessPolicy all-unauthenticated: a client granted one route still reaches every route through the accessPolicy — open, not partial',
    upstream: ROUTES,
    objects: [...base, srv('srv-8080', 'all-unauthenticated'), route('route-a'), route('route-b'), fooOnRouteA],
    checks: everyone('open'),
  },
  {
    title: 'accessPolicy all-authenticated: a meshed client granted one route is admitted on the others by mTLS — authenticated, not partial',
    upstream: ROUTES,
    objects: [...base, srv('srv-8080', 'all-authenticated'), route('route-a'), route('route-b'), fooOnRouteA],
    checks: [
      { from: 'ns-0/foo', l7: 'authenticated' },
      { from: 'ns-0/bar', l7: 'authenticated' },
      { from: 'ns-0/plain', l7: 'deny' },
    ],
  },
  {
    title: 'accessPolicy all-authenticated: an unauthenticated client granted one route (by network) is partial — the accessPolicy refuses it elsewhere',
    upstream: ROUTES,
    objects: [
      ...base,
      srv('srv-8080', 'all-authenticated'),
      route('route-a'),
      route('route-b'),
      { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'NetworkAuthentication', metadata: { name: 'lan', namespace: 'ns-0' }, spec: { networks: [{ cidr: '192.0.2.22/32' }] } },
      mkPolicy('ns-0/lan-on-a', { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'route-a' }, [ref('NetworkAuthentication', 'lan')]),
    ],
    checks: [
      { from: 'ns-0/plain', l7: 'partial' },
      { from: 'ns-0/foo', l7: 'authenticated' },
    ],
  },
  {
    title: 'accessPolicy deny (the default): a client granted one route of two is partial',
    upstream: ROUTES,
    objects: [...base, srv('srv-8080', 'deny'), route('route-a'), route('route-b'), fooOnRouteA],
    checks: [
      { from: 'ns-0/foo', l7: 'partial' },
      { from: 'ns-0/bar', l7: 'deny' },
    ],
  },
  {
    title: 'a Server port by number governs that port even when no container declares it (nothing authorizes: deny)',
    upstream: 'tests/server.rs links_unnamed_server_port; inbound/index.rs select_ports (Port::Number)',
    objects: [testConfig('all-unauthenticated'), deploy('ns-0/pod-0', { meshed: true, labels: { app: 'app-0' } }), foo, plain, mkServer('ns-0/srv-8080', 8080)],
    checks: [
      { from: 'ns-0/foo', l7: 'deny' },
      { from: 'ns-0/plain', l7: 'deny' },
      { from: 'ns-0/foo', port: 9090, l7: 'open' },
    ],
  },
  ...DEFAULT_INBOUND_POLICIES.map(
    (p): Case => ({
      title: `config.linkerd.io/opaque-ports makes the default server opaque but keeps its authorizations: ${p} still decides`,
      upstream: 'tests/annotation.rs opaque_annotated; inbound/index.rs default_inbound_server (protocol only)',
      objects: [testConfig(p), pod0({ annotations: { 'config.linkerd.io/opaque-ports': '2222' } }), ...allClients],
      checks: CLIENT_IDS.map((from, i) => ({ from, port: 2222, l7: DEFAULT_MEANING[p][i]! })),
    }),
  ),
];

describe('upstream L7: Server precedence and accessPolicy on routes (inbound/index.rs)', () => {
  it.each(cases)('$title', (c) => runCase(c));
});
