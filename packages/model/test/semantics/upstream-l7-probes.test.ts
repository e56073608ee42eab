/**
 * Probe routes (SEMANTICS §5 does not name them; upstream does): on a port whose Server has no
 * HTTPRoute, or that no Server guards, linkerd2's policy controller adds a route matching GET of
 * the pod's HTTP probe paths on that port, authorized for unauthenticated clients from the probe
 * networks (policy-controller/k8s/index/src/inbound/index.rs default_inbound_http_routes;
 * probes read by inbound/workload.rs pod_http_probes; linkerd-config
 * policyController.probeNetworks, chart default 0.0.0.0/0 and ::/0). A client the port's policy
 * refuses therefore still reaches those paths: `partial`.
 */
import { describe, expect, it } from 'vitest';
import { cluster, deploy, flow, linkerd, linkerdConfig } from '../manifests.ts';
import { clients, mkServer, runCase, TRUST, type Case, type Obj } from './upstream-l7-fixtures.ts';

const ROUTES_TEST = 'tests/http_routes.rs routes_created_for_probes';

/** tests.rs TestConfig::from_default_policy_with_probes as a linkerd-config. */
const withProbes = (policy: string, probeNetworks: string[] | undefined) =>
  linkerdConfig(
    `proxy:\n  defaultInboundPolicy: ${policy}\n${probeNetworks ? `policyController:\n  probeNetworks: [${probeNetworks.map((n) => `"${n}"`).join(', ')}]\n` : ''}clusterNetworks: "192.0.2.0/24"\nidentityTrustDomain: ${TRUST}\n`,
  );

/** pod-0 (app=app-0, meshed) with liveness and readiness HTTP probes on 5432, as in routes_created_for_probes. */
function probedPod(o: { port?: number | string; ports?: Obj[]; annotations?: Record<string, string>; proxy?: Obj } = {}): Obj {
  const probe = (p: string) => ({ httpGet: { path: p, port: o.port ?? 5432 } });
  const containers: Obj[] = [{ name: 'app', image: 'x', ports: o.ports ?? [{ containerPort: 5432 }, { containerPort: 8080 }], livenessProbe: probe('/liveness-container-1'), readinessProbe: probe('/ready-container-1?verbose=1') }];
  if (o.proxy) containers.push(o.proxy);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'pod-0', namespace: 'ns-0' },
    spec: {
      selector: { matchLabels: { app: 'app-0' } },
      template: { metadata: { labels: { app: 'app-0' }, annotations: { ...(o.proxy ? {} : { 'linkerd.io/inject': 'enabled' }), ...o.annotations } }, spec: { serviceAccountName: 'pod-0', containers } },
    },
  };
}

/** An unmeshed client outside the cluster networks (192.0.2.0/24) but inside the test's probe network. */
const prober = deploy('c/prober', { sa: 'kubelet', ips: ['10.0.0.5'] });
const route = (target: string) => linkerd('HTTPRoute', 'ns-0/route-foo', { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: target }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }] }, 'v1beta3');
const CLUSTER_UNAUTH_PROBES = withProbes('cluster-unauthenticated', ['10.0.0.1/24']);

const cases: Case[] = [
  {
    title: 'no Server on the port: a client in the probe networks that the default refuses reaches the probe paths only (partial)',
    upstream: `${ROUTES_TEST} (first part: the default server carries the probe route)`,
    objects: [CLUSTER_UNAUTH_PROBES, probedPod(), prober, clients.plainOut],
    checks: [
      { from: 'c/prober', port: 5432, l7: 'partial' },
      { from: 'c/plain-out', port: 5432, l7: 'deny' },
      { from: 'c/prober', port: 8080, l7: 'deny' },
    ],
  },
  {
    title: 'a Server without HTTPRoutes keeps the probe route: probe-network clients partial, others per the Server',
    upstream: `${ROUTES_TEST} (second part: "No routes are configured for the Server")`,
    objects: [CLUSTER_UNAUTH_PROBES, probedPod(), prober, clients.meshIn, mkServer('ns-0/srv-5432', 5432)],
    checks: [
      { from: 'c/prober', port: 5432, l7: 'partial' },
      { from: 'c/mesh-in', port: 5432, l7: 'deny' },
    ],
  },
  {
    title: 'an HTTPRoute on the Server replaces the default routes: no probe route any more',
    upstream: `${ROUTES_TEST} (third part: "A route is now configured for the Server")`,
    objects: [CLUSTER_UNAUTH_PROBES, probedPod(), prober, mkServer('ns-0/srv-5432', 5432), route('srv-5432')],
    checks: [{ from: 'c/prober', port: 5432, l7: 'deny' }],
  },
  {
    title: 'the chart default probe networks (every network) make the probe paths reachable from every client under a deny default',
    upstream: 'charts/linkerd-control-plane/values.yaml policyController.probeNetworks; index.rs default_inbound_http_routes',
    objects: [withProbes('deny', undefined), probedPod(), prober, clients.meshIn, clients.plainOut],
    checks: [
      { from: 'c/prober', port: 5432, l7: 'partial' },
      { from: 'c/mesh-in', port: 5432, l7: 'partial' },
      { from: 'c/plain-out', port: 5432, l7: 'partial' },
      { from: 'c/mesh-in', port: 8080, l7: 'deny' },
    ],
  },
  {
    title: 'no probe networks: no probe route',
    upstream: 'index.rs default_inbound_http_routes ("If there are no probe networks, there are no probe routes"); runtime/src/args.rs (no --probe-networks: none)',
    objects: [withProbes('deny', []), probedPod(), prober],
    checks: [{ from: 'c/prober', port: 5432, l7: 'deny' }],
  },
  {
    title: 'an opaque Server has no HTTP routes: no probe route',
    upstream: 'index.rs inbound_server (protocol Opaque: the proxy applies no HTTP routes)',
    objects: [withProbes('deny', undefined), probedPod(), prober, mkServer('ns-0/srv-5432', 5432, { proxyProtocol: 'opaque' })],
    checks: [{ from: 'c/prober', port: 5432, l7: 'deny' }],
  },
  {
    title: 'a gRPC Server serves gRPC routes only: no probe route',
    upstream: 'index.rs inbound_server (grpc_routes for gRPC servers)',
    objects: [withProbes('deny', undefined), probedPod(), prober, mkServer('ns-0/srv-5432', 5432, { proxyProtocol: 'gRPC' })],
    checks: [{ from: 'c/prober', port: 5432, l7: 'deny' }],
  },
  {
    title: 'a default server on an opaque-annotated port is opaque: no probe route',
    upstream: 'index.rs default_inbound_server (settings.opaque_ports → ProxyProtocol::Opaque)',
    objects: [withProbes('deny', undefined), probedPod({ annotations: { 'config.linkerd.io/opaque-ports': '5432' } }), prober],
    checks: [{ from: 'c/prober', port: 5432, l7: 'deny' }],
  },
  {
    title: 'a probe naming a container port by name (case-insensitive) is on that port',
    upstream: 'inbound/workload.rs container_http_probe_paths find_by_name',
    objects: [withProbes('deny', undefined), probedPod({ port: 'PG', ports: [{ containerPort: 5432, name: 'pg' }] }), prober],
    checks: [{ from: 'c/prober', port: 5432, l7: 'partial' }],
  },
  {
    title: 'the injected proxy’s own probes (/live, /ready on the admin port) get the probe route too',
    upstream: 'charts/partials/templates/_proxy.tpl (livenessProbe /live, readinessProbe /ready on proxy.ports.admin); inbound/workload.rs pod_http_probes (every container)',
    objects: [withProbes('deny', undefined), probedPod(), prober],
    checks: [{ from: 'c/prober', port: 4191, l7: 'partial' }],
  },
  {
    title: 'a live pod’s linkerd-proxy container declares the admin probes itself',
    upstream: 'inbound/workload.rs pod_http_probes (containers and init containers)',
    objects: [
      withProbes('deny', undefined),
      probedPod({ proxy: { name: 'linkerd-proxy', image: 'proxy', ports: [{ containerPort: 4143, name: 'linkerd-proxy' }, { containerPort: 4191, name: 'linkerd-admin' }], livenessProbe: { httpGet: { path: '/live', port: 4191 } } } }),
      prober,
    ],
    checks: [{ from: 'c/prober', port: 4191, l7: 'partial' }],
  },
];

describe('probe routes (linkerd2 policy-controller index.rs default_inbound_http_routes)', () => {
  it.each(cases)('$title', (c) => runCase(c));

  it('the reasons name the probe paths, without their query, and the probe networks', () => {
    const cell = flow(cluster([CLUSTER_UNAUTH_PROBES, probedPod(), prober]), 'c/prober', 'ns-0/pod-0', 5432);
    const text = cell.reasons.l7.map((r) => r.text).join('\n');
    expect(text).toContain('GET /liveness-container-1, /ready-container-1 on port 5432');
    expect(text).toContain('10.0.0.1/24');
    expect(text).not.toContain('verbose');
  });
});
