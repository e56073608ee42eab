/**
 * A deterministic synthetic cluster (seeded PRNG): namespaces of ~25 workloads, a third of
 * them meshed, realistic labels and ports, ~1 NetworkPolicy and ~0.5 Linkerd policy object per
 * workload. Returns raw objects as YAML would decode them, so parsing is measured too; the
 * same input can be written to disk (writeSynthetic.ts) to time other tools on it.
 */
import type { SourcedObject } from '../src/index.ts';

type Obj = Record<string, unknown>;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ['frontend', 'backend', 'data', 'worker', 'cache'];
const TEAMS = ['payments', 'search', 'identity', 'catalog', 'platform', 'growth'];
const PORTS: [string, number][] = [['http', 8080], ['grpc', 9090], ['metrics', 9102], ['pg', 5432], ['redis', 6379], ['admin', 8081]];

export interface SyntheticOptions {
  workloads: number;
  seed: number;
  perNamespace?: number;
}

export function generateCluster({ workloads, seed, perNamespace = 25 }: SyntheticOptions): SourcedObject[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: SourcedObject[] = [];
  const push = (object: Obj, ns: string) => out.push({ object, file: `synthetic/${ns}.yaml` });
  const nsCount = Math.ceil(workloads / perNamespace);
  out.push({
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'linkerd-config', namespace: 'linkerd' }, data: { values: 'proxy:\n  defaultInboundPolicy: all-unauthenticated\nclusterNetworks: "10.0.0.0/8"\n' } },
    file: 'synthetic/linkerd.yaml',
  });
  let made = 0;
  for (let n = 0; n < nsCount; n++) {
    const ns = `ns-${String(n).padStart(4, '0')}`;
    const meshed = n % 3 === 0;
    const team = TEAMS[n % TEAMS.length]!;
    push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team, env: pick(['prod', 'staging']) }, annotations: meshed ? { 'linkerd.io/inject': 'enabled' } : {} } }, ns);
    const apps: { name: string; tier: string; ports: [string, number][] }[] = [];
    for (let i = 0; i < perNamespace && made < workloads; i++, made++) {
      const tier = pick(TIERS);
      const name = `${tier}-${i}`;
      const ports = [PORTS[i % PORTS.length]!, ...(rnd() < 0.5 ? [PORTS[(i + 2) % PORTS.length]!] : [])];
      apps.push({ name, tier, ports });
      push(
        {
          apiVersion: 'apps/v1',
          kind: rnd() < 0.8 ? 'Deployment' : 'StatefulSet',
          metadata: { name, namespace: ns },
          spec: {
            selector: { matchLabels: { app: name } },
            template: {
              metadata: { labels: { app: name, tier, team, 'app.kubernetes.io/name': name } },
              spec: { serviceAccountName: name, containers: [{ name, image: `example/${tier}`, ports: ports.map(([pn, p]) => ({ name: pn, containerPort: p })) }] },
            },
          },
        },
        ns,
      );
    }
    // ~1 NetworkPolicy per workload: a default deny, then allows of several shapes.
    push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress'] } }, ns);
    for (const [i, app] of apps.entries()) {
      if (i === 0) continue;
      const shape = rnd();
      const port = app.ports[0]!;
      // Realistic peers: mostly the same namespace's tiers or a couple of named namespaces.
      const someNamespaces = [0, 1].map(() => `ns-${String(Math.floor(rnd() * nsCount)).padStart(4, '0')}`);
      const peer =
        shape < 0.45
          ? [{ podSelector: { matchLabels: { tier: pick(TIERS) } } }]
          : shape < 0.8
            ? [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: someNamespaces }] } }]
            : shape < 0.9
              ? [{ namespaceSelector: { matchLabels: { team: pick(TEAMS), env: 'prod' } }, podSelector: { matchLabels: { tier: 'frontend' } } }]
              : [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }];
      const ports = rnd() < 0.3 ? [{ port: port[0] }] : rnd() < 0.1 ? [{ port: 8000, endPort: 9000 }] : [{ port: port[1] }, ...(meshed ? [{ port: 4143 }] : [])];
      push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `allow-${app.name}`, namespace: ns }, spec: { podSelector: { matchLabels: { app: app.name } }, ingress: [{ from: peer, ports }] } }, ns);
    }
    if (rnd() < 0.2) {
      push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'egress-dns', namespace: ns }, spec: { podSelector: { matchLabels: { tier: 'worker' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }, { to: [{ namespaceSelector: { matchLabels: { team } } }] }] } }, ns);
    }
    if (!meshed) continue;
    // ~1.5 Linkerd objects per workload in meshed namespaces (a third): ~0.5 per workload overall.
    push({ apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: { name: 'same-team', namespace: ns }, spec: { identityRefs: [{ kind: 'Namespace', name: ns }] } }, ns);
    push({ apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'NetworkAuthentication', metadata: { name: 'cluster', namespace: ns }, spec: { networks: [{ cidr: '10.0.0.0/8' }] } }, ns);
    for (const app of apps) {
      const [pname, port] = app.ports[0]!;
      const server = `${app.name}-${pname}`;
      push({ apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: server, namespace: ns }, spec: { podSelector: { matchLabels: { app: app.name } }, port: rnd() < 0.5 ? pname : port, proxyProtocol: 'HTTP/1' } }, ns);
      const clients = rnd() < 0.5 ? 'same-team' : `${app.name}-clients`;
      if (clients !== 'same-team') {
        const other = apps[Math.floor(rnd() * apps.length)]!;
        push(
          { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: { name: clients, namespace: ns }, spec: rnd() < 0.5 ? { identityRefs: [{ kind: 'ServiceAccount', name: other.name }] } : { identities: [`*.${ns}.serviceaccount.identity.linkerd.cluster.local`] } },
          ns,
        );
      }
      if (rnd() < 0.15) {
        push({ apiVersion: 'policy.linkerd.io/v1beta3', kind: 'HTTPRoute', metadata: { name: `${server}-health`, namespace: ns }, spec: { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: server }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/healthz' } }] }] } }, ns);
        push({ apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'AuthorizationPolicy', metadata: { name: `${server}-health`, namespace: ns }, spec: { targetRef: { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: `${server}-health` }, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'cluster' }] } }, ns);
      }
      push({ apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'AuthorizationPolicy', metadata: { name: server, namespace: ns }, spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: server }, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: clients }] } }, ns);
    }
  }
  return out;
}
