/**
 * The world outside (issue 17): the outside peer `external:<CIDR>`, judged at L4 by ipBlocks
 * and at L7 as an unmeshed client outside the cluster networks; SNAT through
 * externalTrafficPolicy Cluster; exposure paths. One case per rule, each citing the upstream
 * file whose behaviour it pins (facts only, written in our own words).
 */
import { describe, expect, it } from 'vitest';
import type { Cell, Protocol } from '../../src/index.ts';
import type { AnalyzeInput } from '../../src/analysis/analyze.ts';
import { parseUserCidr } from '../../src/index.ts';
import { authz, cluster, codes, deploy, flow, linkerd, netpol, server } from '../manifests.ts';

const K8S_IPBLOCK = 'kubernetes staging/src/k8s.io/api/networking/v1/types.go (IPBlock: cidr minus except; NetworkPolicyPeer)';
const K8S_E2E = 'kubernetes test/e2e/network/netpol/network_policy.go';
const K8S_DEFAULTS = 'kubernetes pkg/apis/networking/v1/defaults.go + NetworkPolicy concept page (a pod no policy selects is not isolated)';
const K8S_ETP = 'kubernetes staging/src/k8s.io/api/core/v1/types.go ServiceSpec.ExternalTrafficPolicy (Cluster masquerades the client source IP; Local keeps it)';
const LINKERD_NETS = 'linkerd2 charts/linkerd-control-plane/values.yaml clusterNetworks';
const LINKERD_DEFAULT_AUTHZ = 'linkerd2 policy-controller/k8s/index/src/inbound/tests.rs mk_default_policy (all-* on 0.0.0.0/0 and ::/0, cluster-* on the cluster networks, *-authenticated needs TLS, deny none)';
const LINKERD_NETAUTHN = 'linkerd2 policy-controller/k8s/index/src/inbound/index.rs policy_client_authz + tests/authorization_policy.rs (NetworkAuthentication networks, MeshTLS needs an identity)';
const GATEWAY = 'gateway-api apis/v1 HTTPRoute/GRPCRoute, apis/v1alpha2 TLSRoute/TCPRoute (parentRefs → Gateway, backendRefs → Service)';

type Obj = Record<string, unknown>;
interface Check {
  from: string;
  to: string;
  port: number;
  protocol?: Protocol;
  expect: Partial<Pick<Cell, 'l4' | 'l7' | 'allowed' | 'protection'>>;
  /** Some reason (either layer) matches. */
  reason?: RegExp;
}
interface Case {
  title: string;
  upstream: string;
  objects: (Obj | Obj[])[];
  options?: AnalyzeInput;
  checks: Check[];
}

const cidrs = (...list: string[]) => list.map((c) => parseUserCidr(c)!);
const OUT = 'external:0.0.0.0/0';
const web = (o: Parameters<typeof deploy>[1] = {}) => deploy('shop/web', { ports: ['http:8080'], ...o });
const client = deploy('shop/client', { ports: [9000] });
const ingressFrom = (from: Obj[] | undefined, ports: Obj[] = [{ port: 8080 }]) =>
  netpol('shop/web-in', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ ...(from ? { from } : {}), ports }] });
const egressTo = (to: Obj[] | undefined, ports: Obj[] = [{ port: 443 }]) =>
  netpol('shop/client-out', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ ...(to ? { to } : {}), ports }] });
const ipBlock = (cidr: string, except: string[] = []) => ({ ipBlock: { cidr, ...(except.length ? { except } : {}) } });
const service = (type: string, extra: Obj = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { type, selector: { app: 'web' }, ports: [{ name: 'https', port: 443, targetPort: 'http' }], ...extra },
});
const meshedWeb = (policy: string) => web({ meshed: true, annotations: { 'config.linkerd.io/default-inbound-policy': policy } });

const cases: Case[] = [
  // ---------------------------------------------------------------- L4, ingress from outside
  {
    title: 'a pod selected by no ingress policy admits the outside (open)',
    upstream: K8S_DEFAULTS,
    objects: [web()],
    checks: [{ from: OUT, to: 'shop/web', port: 8080, expect: { l4: 'open', l7: 'n/a', allowed: true, protection: 'none' }, reason: /outside the cluster: no NetworkPolicy applies/ }],
  },
  {
    title: 'ipBlock contains: an outside CIDR inside the block is admitted, one outside it is not',
    upstream: `${K8S_IPBLOCK}; ${K8S_E2E} "should allow egress access to server in CIDR block"`,
    objects: [web(), ingressFrom([ipBlock('203.0.113.0/24')])],
    checks: [
      { from: 'external:203.0.113.0/25', to: 'shop/web', port: 8080, expect: { l4: 'allow', allowed: true, protection: 'l4-only' }, reason: /ingress rule 0 of shop\/web-in admits external:203\.0\.113\.0\/25/ },
      { from: 'external:198.51.100.0/24', to: 'shop/web', port: 8080, expect: { l4: 'deny', allowed: false } },
      { from: 'external:203.0.113.7/32', to: 'shop/web', port: 9999, expect: { l4: 'deny' } },
    ],
  },
  {
    title: 'ipBlock except: addresses in an except are not admitted',
    upstream: `${K8S_IPBLOCK}; ${K8S_E2E} "should enforce except clause while egress access to server in CIDR block"`,
    objects: [web(), ingressFrom([ipBlock('203.0.113.0/24', ['203.0.113.128/25'])])],
    checks: [
      { from: 'external:203.0.113.5/32', to: 'shop/web', port: 8080, expect: { l4: 'allow' } },
      { from: 'external:203.0.113.200/32', to: 'shop/web', port: 8080, expect: { l4: 'deny' } },
    ],
  },
  {
    title: 'partial: a CIDR only partly admitted is allowed, and the reason names the admitted part (never denied)',
    upstream: K8S_IPBLOCK,
    objects: [web(), ingressFrom([ipBlock('203.0.113.0/24', ['203.0.113.0/26'])])],
    checks: [
      { from: 'external:203.0.112.0/23', to: 'shop/web', port: 8080, expect: { l4: 'allow', allowed: true }, reason: /only part of external:203\.0\.112\.0\/23 .*203\.0\.113\.64\/26, 203\.0\.113\.128\/25; the rest does not/ },
      { from: OUT, to: 'shop/web', port: 8080, expect: { l4: 'allow', allowed: true }, reason: /only part of external:0\.0\.0\.0\/0 .*203\.0\.113\.64\/26/ },
    ],
  },
  {
    title: 'external:0.0.0.0/0 is the IPv4 space minus the cluster networks: an ipBlock of cluster networks only does not admit it',
    upstream: LINKERD_NETS,
    objects: [web(), ingressFrom([ipBlock('10.0.0.0/8'), ipBlock('192.168.0.0/16')])],
    checks: [
      { from: OUT, to: 'shop/web', port: 8080, expect: { l4: 'deny', allowed: false } },
      // An explicit CIDR is taken as written, even inside the cluster networks (a VPN range, say).
      { from: 'external:10.8.0.0/24', to: 'shop/web', port: 8080, expect: { l4: 'allow' } },
    ],
  },
  {
    title: '--cluster-networks replaces the cluster networks: what they no longer cover is outside',
    upstream: LINKERD_NETS,
    objects: [web(), ingressFrom([ipBlock('10.0.0.0/8')])],
    options: { clusterNetworks: cidrs('192.168.0.0/16') },
    checks: [{ from: OUT, to: 'shop/web', port: 8080, expect: { l4: 'allow', allowed: true }, reason: /only part of external:0\.0\.0\.0\/0 .*: 10\.0\.0\.0\/8;/ }],
  },
  {
    title: 'IPv6: an IPv6 block admits IPv6 outside peers only; external:0.0.0.0/0 is IPv4, external:::/0 is IPv6 minus fd00::/8',
    upstream: `${K8S_IPBLOCK}; ${LINKERD_NETS} (fd00::/8)`,
    objects: [web(), ingressFrom([ipBlock('2001:db8::/32'), ipBlock('fd00::/8')])],
    checks: [
      { from: 'external:2001:db8::1/128', to: 'shop/web', port: 8080, expect: { l4: 'allow' } },
      { from: OUT, to: 'shop/web', port: 8080, expect: { l4: 'deny' } },
      { from: 'external:::/0', to: 'shop/web', port: 8080, expect: { l4: 'allow' }, reason: /only part of external:::\/0 .*2001:db8::\/32;/ },
      { from: 'external:2001:db9::/32', to: 'shop/web', port: 8080, expect: { l4: 'deny' } },
    ],
  },
  {
    title: 'a rule with no `from` admits everyone, the outside included',
    upstream: `${K8S_IPBLOCK} (NetworkPolicyIngressRule.from: empty or missing matches all sources)`,
    objects: [web(), ingressFrom(undefined)],
    checks: [
      { from: OUT, to: 'shop/web', port: 8080, expect: { l4: 'allow', allowed: true }, reason: /admits every peer \(external:0\.0\.0\.0\/0 included\)/ },
      { from: 'external:::/0', to: 'shop/web', port: 8080, expect: { l4: 'allow' } },
    ],
  },
  {
    title: 'namespaceSelector and podSelector peers never match an outside address',
    upstream: `${K8S_IPBLOCK} (podSelector/namespaceSelector select pods)`,
    objects: [web(), client, ingressFrom([{ namespaceSelector: {} }, { podSelector: {} }])],
    checks: [
      { from: OUT, to: 'shop/web', port: 8080, expect: { l4: 'deny', allowed: false } },
      { from: 'shop/client', to: 'shop/web', port: 8080, expect: { l4: 'allow' } },
    ],
  },
  {
    title: 'a policy isolating ingress with no rules admits nothing from outside',
    upstream: K8S_DEFAULTS,
    objects: [web(), netpol('shop/deny', { podSelector: {}, policyTypes: ['Ingress'] })],
    checks: [{ from: OUT, to: 'shop/web', port: 8080, expect: { l4: 'deny' } }],
  },
  // ---------------------------------------------------------------- L4, egress to outside
  {
    title: 'egress to outside: judged by the source\'s egress ipBlocks (cidr + except), L7 n/a',
    upstream: `${K8S_E2E} "should allow egress access to server in CIDR block", "should enforce except clause while egress access to server in CIDR block"`,
    objects: [client, egressTo([ipBlock('0.0.0.0/0', ['10.0.0.0/8'])])],
    checks: [
      { from: 'shop/client', to: 'external:203.0.113.10/32', port: 443, expect: { l4: 'allow', l7: 'n/a', allowed: true, protection: 'l4-only' } },
      { from: 'shop/client', to: 'external:203.0.113.10/32', port: 80, expect: { l4: 'deny' } },
      { from: 'shop/client', to: 'external:10.1.2.3/32', port: 443, expect: { l4: 'deny' } },
      { from: 'shop/client', to: OUT, port: 443, expect: { l4: 'allow' }, reason: /Linkerd's policy is enforced by the destination's inbound proxy only/ },
    ],
  },
  {
    title: 'egress to outside: a source not isolated for egress reaches it (open); a pod-selector egress rule does not',
    upstream: K8S_DEFAULTS,
    objects: [client, web(), netpol('shop/web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }] }] })],
    checks: [
      { from: 'shop/client', to: OUT, port: 443, expect: { l4: 'open', allowed: true, protection: 'none' } },
      { from: 'shop/web', to: OUT, port: 443, expect: { l4: 'deny' } },
    ],
  },
  {
    title: 'egress to outside: a named port matches nothing (an outside address declares no container ports)',
    upstream: 'SEMANTICS §3.8 (a name resolves against the destination pod\'s container ports)',
    objects: [client, egressTo([ipBlock('0.0.0.0/0')], [{ port: 'https' }])],
    checks: [{ from: 'shop/client', to: 'external:203.0.113.10/32', port: 443, expect: { l4: 'deny' } }],
  },
  // ---------------------------------------------------------------- L7
  ...(
    [
      ['all-unauthenticated', 'open', true],
      ['audit', 'open', true],
      ['cluster-unauthenticated', 'deny', false],
      ['all-authenticated', 'deny', false],
      ['cluster-authenticated', 'deny', false],
      ['deny', 'deny', false],
    ] as const
  ).map(
    ([policy, l7, allowed]): Case => ({
      title: `L7 default ${policy}: the unmeshed outside client is ${l7 === 'open' ? 'admitted' : 'denied'}`,
      upstream: LINKERD_DEFAULT_AUTHZ,
      objects: [meshedWeb(policy)],
      checks: [{ from: OUT, to: 'shop/web', port: 8080, expect: { l4: 'open', l7, allowed } }],
    }),
  ),
  {
    title: 'L7 cluster-unauthenticated: an explicit CIDR inside the cluster networks counts as the cluster',
    upstream: `${LINKERD_DEFAULT_AUTHZ}; ${LINKERD_NETS}`,
    objects: [meshedWeb('cluster-unauthenticated')],
    checks: [
      { from: 'external:10.8.0.0/24', to: 'shop/web', port: 8080, expect: { l7: 'open' } },
      { from: 'external:10.255.0.0/15', to: 'shop/web', port: 8080, expect: { l7: 'open' } },
    ],
  },
  {
    title: 'L7 NetworkAuthentication: its networks decide for outside clients; a partly covered CIDR reads as allowed with the part named',
    upstream: LINKERD_NETAUTHN,
    objects: [
      meshedWeb('deny'),
      server('shop/web-http', { app: 'web' }, 'http', { proxyProtocol: 'HTTP/1' }),
      linkerd('NetworkAuthentication', 'shop/office', { networks: [{ cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] }] }),
      authz('shop/office-in', { kind: 'Server', name: 'web-http' }, ['NetworkAuthentication:office']),
    ],
    checks: [
      { from: 'external:203.0.113.7/32', to: 'shop/web', port: 8080, expect: { l7: 'allow', allowed: true, protection: 'l7-only' } },
      { from: 'external:203.0.113.130/32', to: 'shop/web', port: 8080, expect: { l7: 'deny' } },
      { from: 'external:198.51.100.1/32', to: 'shop/web', port: 8080, expect: { l7: 'deny' } },
      { from: OUT, to: 'shop/web', port: 8080, expect: { l7: 'allow', allowed: true }, reason: /only part of external:0\.0\.0\.0\/0 .*203\.0\.113\.0\/25;/ },
    ],
  },
  {
    title: 'L7 MeshTLS identity required: the outside client has no identity, denied even from an authenticated network',
    upstream: LINKERD_NETAUTHN,
    objects: [
      meshedWeb('all-unauthenticated'),
      server('shop/web-http', { app: 'web' }, 'http', { proxyProtocol: 'HTTP/1' }),
      linkerd('MeshTLSAuthentication', 'shop/anyone-meshed', { identities: ['*'] }),
      linkerd('NetworkAuthentication', 'shop/all', { networks: [{ cidr: '0.0.0.0/0' }] }),
      authz('shop/meshed-in', { kind: 'Server', name: 'web-http' }, ['MeshTLSAuthentication:anyone-meshed', 'NetworkAuthentication:all']),
    ],
    checks: [{ from: OUT, to: 'shop/web', port: 8080, expect: { l7: 'deny', allowed: false } }],
  },
  // ---------------------------------------------------------------- SNAT through a Service
  {
    title: 'SNAT: through a LoadBalancer (externalTrafficPolicy Cluster) the pod sees a node IP; an isolating policy that decides by source address makes it unknown',
    upstream: K8S_ETP,
    objects: [web(), service('LoadBalancer'), ingressFrom([ipBlock('203.0.113.0/24')])],
    checks: [
      { from: 'external:198.51.100.7/32', to: 'shop/web', port: 8080, expect: { l4: 'unknown', allowed: null }, reason: /sees the connection from a node's IP.*decides by source address.*unknown/ },
      // Directly admitted: allowed stands (someone there gets in), the path is still said.
      { from: 'external:203.0.113.9/32', to: 'shop/web', port: 8080, expect: { l4: 'allow', allowed: true }, reason: /node's IP/ },
    ],
  },
  {
    title: 'SNAT through a NodePort Service: the same',
    upstream: K8S_ETP,
    objects: [web(), service('NodePort', { ports: [{ port: 8080, targetPort: 8080, nodePort: 30080 }] }), ingressFrom([ipBlock('203.0.113.0/24')])],
    checks: [{ from: 'external:198.51.100.7/32', to: 'shop/web', port: 8080, expect: { l4: 'unknown' }, reason: /node port 30080/ }],
  },
  {
    title: 'externalTrafficPolicy Local keeps the client IP: no SNAT path, the client address decides',
    upstream: K8S_ETP,
    objects: [web(), service('LoadBalancer', { externalTrafficPolicy: 'Local' }), ingressFrom([ipBlock('203.0.113.0/24')])],
    checks: [{ from: 'external:198.51.100.7/32', to: 'shop/web', port: 8080, expect: { l4: 'deny', allowed: false } }],
  },
  {
    title: 'SNAT where no address can matter: a policy admitting only pods denies, a rule without `from` admits, no policy is open',
    upstream: K8S_ETP,
    objects: [
      web(),
      service('LoadBalancer'),
      deploy('shop/api', { ports: ['http:8080'] }),
      { ...service('LoadBalancer'), metadata: { name: 'api', namespace: 'shop' }, spec: { type: 'LoadBalancer', selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080 }] } },
      ingressFrom([{ podSelector: {} }]),
      deploy('shop/docs', { ports: ['http:8080'] }),
      { ...service('NodePort'), metadata: { name: 'docs', namespace: 'shop' }, spec: { type: 'NodePort', selector: { app: 'docs' }, ports: [{ port: 80, targetPort: 8080 }] } },
      netpol('shop/docs-in', { podSelector: { matchLabels: { app: 'docs' } }, ingress: [{ ports: [{ port: 8080 }] }] }),
    ],
    checks: [
      { from: 'external:198.51.100.7/32', to: 'shop/web', port: 8080, expect: { l4: 'deny', allowed: false } },
      { from: 'external:198.51.100.7/32', to: 'shop/api', port: 8080, expect: { l4: 'open', allowed: true } },
      { from: 'external:198.51.100.7/32', to: 'shop/docs', port: 8080, expect: { l4: 'allow', allowed: true } },
    ],
  },
  {
    title: 'SNAT at L7: cluster-unauthenticated depends on whether the node IP is in the cluster networks, so unknown',
    upstream: `${K8S_ETP}; ${LINKERD_DEFAULT_AUTHZ}`,
    objects: [meshedWeb('cluster-unauthenticated'), service('LoadBalancer')],
    checks: [{ from: OUT, to: 'shop/web', port: 8080, expect: { l4: 'open', l7: 'unknown', allowed: null }, reason: /Linkerd policy decides by source address/ }],
  },
  // ---------------------------------------------------------------- fail closed
  {
    title: 'a cluster-scoped policy of another engine makes outside flows unknown at L4, like any flow',
    upstream: 'SEMANTICS §1 (other engines enforce: unknown until evaluated)',
    objects: [web(), { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'world' }, spec: { endpointSelector: {} } }],
    checks: [
      { from: OUT, to: 'shop/web', port: 8080, expect: { l4: 'unknown', allowed: null } },
      { from: 'shop/web', to: OUT, port: 443, expect: { l4: 'unknown' } },
    ],
  },
];

describe('the outside peer (issue 17)', () => {
  for (const c of cases) {
    describe(`${c.title} [${c.upstream}]`, () => {
      const a = cluster(c.objects, c.options);
      it.each(c.checks.map((k) => [`${k.from} → ${k.to}:${k.port}`, k] as const))('%s', (_t, k) => {
        const cell = flow(a, k.from, k.to, k.port, k.protocol);
        expect(cell).toMatchObject(k.expect);
        if (k.reason) expect([...cell.reasons.l4, ...cell.reasons.l7].map((r) => r.text).join('\n')).toMatch(k.reason);
      });
    });
  }

  it('an id that is not external:<CIDR>, or two outside ends, is an error, not a verdict', () => {
    const a = cluster([web()]);
    expect(a.check({ from: 'external:300.0.0.0/8', to: 'shop/web', port: 8080, protocol: 'TCP' })).toMatchObject({ ok: false });
    expect(a.check({ from: OUT, to: 'external:::/0', port: 443, protocol: 'TCP' })).toMatchObject({ ok: false });
    expect(a.check({ from: OUT, to: 'shop/nope', port: 443, protocol: 'TCP' })).toEqual({ ok: false, error: 'no workload shop/nope' });
  });

  it('matrix and graph carry the External peers: external:0.0.0.0/0 plus one per --external', () => {
    const a = cluster([web(), client, egressTo([ipBlock('0.0.0.0/0')])], { externals: cidrs('2001:db8::/32') });
    expect(a.matrix().workloads.filter((w) => w.kind === 'External').map((w) => [w.id, w.namespace, w.name])).toEqual([
      [OUT, '', 'outside the cluster'],
      ['external:2001:db8::/32', '', '2001:db8::/32'],
    ]);
    const cells = a.matrix().cells;
    expect(cells.find((x) => x.from === 'shop/client' && x.to === OUT && x.port === 443)).toMatchObject({ l4: 'allow' });
    expect(cells.find((x) => x.from === 'external:2001:db8::/32' && x.to === 'shop/web' && x.port === 8080)).toMatchObject({ l4: 'open' });
    const g = a.graph();
    expect(g.nodes.filter((n) => n.kind === 'External').map((n) => n.id)).toEqual([OUT, 'external:2001:db8::/32']);
    expect(g.edges.find((e) => e.id === `shop/client->${OUT}`)).toMatchObject({ class: 'l4-only' });
  });
});

// ---------------------------------------------------------------- exposure paths

const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'infra' }, spec: { gatewayClassName: 'x', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS' }] } };
const route = (kind: string, version: string, extra: Obj = {}) => ({
  apiVersion: `gateway.networking.k8s.io/${version}`,
  kind,
  metadata: { name: 'web', namespace: 'shop' },
  spec: { parentRefs: [{ name: 'public', namespace: 'infra' }], rules: [{ backendRefs: [{ name: 'web', port: 443 }] }], ...extra },
});
const clusterIp = service('ClusterIP');

const exposureCases: { title: string; upstream: string; objects: (Obj | Obj[])[]; paths: string[] }[] = [
  { title: 'a LoadBalancer Service selecting the workload', upstream: K8S_ETP, objects: [web(), service('LoadBalancer')], paths: ['Service shop/web type LoadBalancer port 443 → 8080; externalTrafficPolicy Cluster: the pod sees a node IP, not the client'] },
  {
    title: 'a NodePort Service with externalTrafficPolicy Local',
    upstream: K8S_ETP,
    objects: [web(), service('NodePort', { externalTrafficPolicy: 'Local', ports: [{ port: 443, targetPort: 'http', nodePort: 30443 }] })],
    paths: ['Service shop/web type NodePort port 443 (node port 30443) → 8080; externalTrafficPolicy Local: the client IP is kept'],
  },
  { title: 'a ClusterIP Service alone exposes nothing', upstream: 'kubernetes core/v1 ServiceSpec.Type', objects: [web(), clusterIp], paths: [] },
  {
    title: 'an Ingress routing to a Service selecting it',
    upstream: 'kubernetes staging/src/k8s.io/api/networking/v1/types.go IngressBackend',
    objects: [web(), clusterIp, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' }, spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 443 } } } }] } }] } }],
    paths: ["Ingress shop/web host shop.example.com path / → Service shop/web port 443 → 8080 (through the ingress controller: the pod sees the controller's IP)"],
  },
  ...(
    [
      ['HTTPRoute', 'v1'],
      ['GRPCRoute', 'v1'],
      ['TLSRoute', 'v1alpha2'],
      ['TCPRoute', 'v1alpha2'],
    ] as const
  ).map(([kind, version]) => ({
    title: `a Gateway + ${kind} to a Service selecting it`,
    upstream: GATEWAY,
    objects: [web(), clusterIp, gateway, route(kind, version)],
    paths: [`Gateway infra/public (443/HTTPS) → ${kind} shop/web → Service shop/web port 443 → 8080`],
  })),
  { title: 'a route whose Gateway is not in the input exposes nothing', upstream: GATEWAY, objects: [web(), clusterIp, route('HTTPRoute', 'v1')], paths: [] },
];

describe('exposure paths (issue 17)', () => {
  it.each(exposureCases.map((c) => [`${c.title} [${c.upstream}]`, c] as const))('%s', (_t, c) => {
    const g = cluster(c.objects).graph();
    expect(g.nodes.find((n) => n.id === 'shop/web')?.exposures?.map((e) => e.path) ?? []).toEqual(c.paths);
  });

  it('an Ingress backend naming no Service is a diagnostic, and exposes nothing', () => {
    const a = cluster([web(), clusterIp, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'bad', namespace: 'shop' }, spec: { defaultBackend: { service: { port: { number: 443 } } } } }]);
    expect(codes(a)).toContain('invalid-object');
    expect(a.diagnostics.find((d) => d.object?.kind === 'Ingress')?.path).toBe('spec.defaultBackend.service.name');
    expect(a.graph().nodes.find((n) => n.id === 'shop/web')?.exposures).toBeUndefined();
  });

  it('a Service type the API server rejects is a diagnostic and exposes nothing', () => {
    const a = cluster([web(), service('Public')]);
    expect(a.diagnostics.find((d) => d.object?.kind === 'Service')).toMatchObject({ code: 'invalid-object', path: 'spec.type' });
    expect(a.graph().nodes.find((n) => n.id === 'shop/web')?.exposures).toBeUndefined();
  });
});
