/**
 * A deterministic synthetic cluster for benchmarks (seeded PRNG, no clock): namespaces of ~25
 * workloads, a third of them meshed, Deployments and StatefulSets with realistic labels, 1–3
 * container ports (most named) and their ServiceAccounts; ~1 NetworkPolicy per workload of many
 * shapes; Linkerd policy in the meshed namespaces (syntheticLinkerd.ts); a linkerd-config.
 *
 * Each protected workload has one intended set of clients (`Clients`, resolved to workloads)
 * that both its NetworkPolicy and its Linkerd authorization are written from, as one team would,
 * with some deliberate disagreement so that every finding and edge class shows up.
 * Returns raw objects as YAML would decode them, so parsing is measured too; writeSynthetic.ts
 * writes the same input to disk (one file per namespace) to time other tools on it.
 */
import type { SourcedObject } from '../src/index.ts';
import { mulberry32, pickOf, type Rnd } from './mulberry32.ts';
import { linkerdConfig, linkerdPolicies } from './syntheticLinkerd.ts';

export { mulberry32 };
export type Obj = Record<string, unknown>;

const TIERS = ['frontend', 'backend', 'data', 'worker', 'cache'] as const;
type Tier = (typeof TIERS)[number];
const TEAMS = ['payments', 'search', 'identity', 'catalog', 'platform', 'growth'];
/** Ports by tier: the first is the main port; the others are added at random (1–3 in all). */
const TIER_PORTS: Record<Tier, [string, number][]> = {
  frontend: [['http', 8080], ['metrics', 9102], ['admin', 8081]],
  backend: [['grpc', 9090], ['http', 8080], ['metrics', 9102]],
  data: [['pg', 5432], ['metrics', 9187], ['replication', 5433]],
  worker: [['metrics', 9102], ['http', 8080], ['debug', 6060]],
  cache: [['redis', 6379], ['metrics', 9121], ['sentinel', 26379]],
};

export interface SyntheticNamespace {
  name: string;
  team: string;
  env: 'prod' | 'staging';
  meshed: boolean;
  apps: SyntheticApp[];
}

/** Who a workload means to accept on its main port; `members` are the workloads that are. */
export type Clients = { members: SyntheticMember[] } & (
  | { kind: 'apps'; apps: SyntheticApp[] }
  | { kind: 'tiers'; tiers: Tier[] }
  | { kind: 'namespaces'; namespaces: string[] }
  | { kind: 'team-frontends'; team: string }
  | { kind: 'labelled-namespaces'; teams: string[] }
  | { kind: 'cidr'; cidr: string; except: string[] }
  | { kind: 'environment'; env: 'prod' | 'staging' }
);
export interface SyntheticMember {
  ns: SyntheticNamespace;
  app: SyntheticApp;
}

export interface SyntheticApp {
  name: string;
  tier: Tier;
  ports: { name: string | undefined; port: number }[];
  serviceAccount: string;
  kind: 'Deployment' | 'StatefulSet';
  /** Its main port is marked opaque (config.linkerd.io/opaque-ports). */
  opaque: boolean;
  /** Undefined: no allow policy (the namespace default deny isolates it). */
  clients?: Clients;
}

export interface SyntheticOptions {
  workloads: number;
  seed: number;
  /** Workloads per namespace (default 25). */
  perNamespace?: number;
  /** Spread the workloads over exactly this many namespaces instead (sizes differ by at most one). */
  namespaces?: number;
  /** Every n-th namespace is meshed (default 3; 0: none). */
  meshedEvery?: number;
  /**
   * Share of workloads whose NetworkPolicy admits a whole environment — every pod of
   * every namespace labelled `env: prod` (or `staging`) — as platform-wide policies do (default 0).
   * When set, every workload (the first of a namespace too) gets its own allow policy, and
   * namespaces get no default deny (it would change nothing).
   */
  wide?: number;
}

export const nsName = (n: number) => `ns-${String(n).padStart(4, '0')}`;

/** The cluster: objects grouped by file `synthetic/<namespace>.yaml` (linkerd-config in `synthetic/linkerd.yaml`). */
export function generateCluster({ workloads, seed, perNamespace = 25, namespaces: namespaceCount, meshedEvery = 3, wide = 0 }: SyntheticOptions): SourcedObject[] {
  const rnd = mulberry32(seed);
  const pick = pickOf(rnd);
  const sizeOf = (n: number) => (namespaceCount ? Math.floor((workloads * (n + 1)) / namespaceCount) - Math.floor((workloads * n) / namespaceCount) : perNamespace);
  // First every namespace and workload, so that clients can be resolved across namespaces.
  const namespaces: SyntheticNamespace[] = [];
  for (let n = 0, made = 0; made < workloads; n++) {
    const meshed = meshedEvery > 0 && n % meshedEvery === 0;
    const apps: SyntheticApp[] = [];
    for (let i = 0, size = sizeOf(n); i < size && made < workloads; i++, made++) apps.push(makeApp(rnd, i, meshed));
    namespaces.push({ name: nsName(n), team: TEAMS[n % TEAMS.length]!, env: rnd() < 0.6 ? 'prod' : 'staging', meshed, apps });
  }
  const meshedNamespaces = namespaces.filter((ns) => ns.meshed);
  if (meshedNamespaces.length === 0) meshedNamespaces.push(...namespaces);
  const memberCache: MemberCache = new Map();
  const out: SourcedObject[] = linkerdConfig().map((object) => ({ object, file: 'synthetic/linkerd.yaml' }));
  for (const [n, ns] of namespaces.entries()) {
    const push = (object: Obj) => out.push({ object, file: `synthetic/${ns.name}.yaml` });
    const annotations: Record<string, string> = ns.meshed ? { 'linkerd.io/inject': 'enabled' } : {};
    if (ns.meshed && n % 4 === 0) annotations['config.linkerd.io/default-inbound-policy'] = pick(['all-authenticated', 'cluster-authenticated', 'deny']);
    push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: { team: ns.team, env: ns.env, ...(ns.meshed ? { mesh: 'linkerd' } : {}) }, annotations } });
    // Peers of a meshed namespace are mostly meshed namespaces, as in a cluster meshed per domain.
    const someNamespace = () => pick(ns.meshed && rnd() < 0.8 ? meshedNamespaces : namespaces);
    for (const [i, app] of ns.apps.entries()) {
      if (i > 0 || wide > 0) app.clients = wide > 0 && rnd() < wide ? environmentClients(rnd, namespaces, memberCache) : chooseClients(rnd, ns, namespaces, someNamespace, memberCache);
      for (const o of workloadObjects(app, ns)) push(o);
    }
    // With every workload under its own allow policy a namespace default deny changes nothing (`wide`: left out).
    for (const o of networkPolicies(rnd, ns, wide === 0)) push(o);
    if (ns.meshed) for (const o of linkerdPolicies(rnd, { ns, wholeNamespace: n % 8 === 3, trusted: pick(meshedNamespaces).name })) push(o);
  }
  return out;
}

function makeApp(rnd: Rnd, i: number, meshed: boolean): SyntheticApp {
  const tier = pickOf(rnd)(TIERS);
  const name = `${tier}-${i}`;
  const count = 1 + (rnd() < 0.5 ? 1 : 0) + (rnd() < 0.2 ? 1 : 0);
  // Most ports are named; an unnamed port can only be matched by number.
  const ports = TIER_PORTS[tier].slice(0, count).map(([portName, port], k) => ({ name: k > 0 && rnd() < 0.15 ? undefined : portName, port }));
  return { name, tier, ports, serviceAccount: rnd() < 0.95 ? name : 'default', kind: tier === 'data' || rnd() < 0.1 ? 'StatefulSet' : 'Deployment', opaque: meshed && tier === 'data' };
}

/** Cross-namespace client sets, computed once per key (team-frontends, labelled namespaces). */
type MemberCache = Map<string, SyntheticMember[]>;

function chooseClients(rnd: Rnd, ns: SyntheticNamespace, all: SyntheticNamespace[], someNamespace: () => SyntheticNamespace, cache: MemberCache): Clients {
  const pick = pickOf(rnd);
  const cached = (key: string, make: () => SyntheticMember[]) => cache.get(key) ?? (cache.set(key, make()), cache.get(key)!);
  const within = (namespaces: SyntheticNamespace[], keep: (a: SyntheticApp) => boolean) => namespaces.flatMap((n) => n.apps.filter(keep).map((app) => ({ ns: n, app })));
  const shape = rnd();
  if (shape < 0.35) {
    const apps = [...new Set(rnd() < 0.5 ? [pick(ns.apps)] : [pick(ns.apps), pick(ns.apps)])];
    return { kind: 'apps', apps, members: within([ns], (a) => apps.includes(a)) };
  }
  if (shape < 0.6) {
    const tiers = [...new Set([pick(TIERS), pick(TIERS)])];
    return { kind: 'tiers', tiers, members: within([ns], (a) => tiers.includes(a.tier)) };
  }
  if (shape < 0.82) {
    const chosen = [...new Set([someNamespace(), someNamespace()])];
    return { kind: 'namespaces', namespaces: chosen.map((n) => n.name), members: within(chosen, () => true) };
  }
  if (shape < 0.94) {
    const team = pick(TEAMS);
    return { kind: 'team-frontends', team, members: cached(`frontends/${team}`, () => within(all.filter((n) => n.team === team && n.env === 'prod'), (a) => a.tier === 'frontend')) };
  }
  if (shape < 0.96) {
    const teams = [pick(TEAMS)];
    return { kind: 'labelled-namespaces', teams, members: cached(`labelled/${teams.join()}`, () => within(all.filter((n) => teams.includes(n.team) && n.env !== 'staging' && n.meshed), () => true)) };
  }
  return { kind: 'cidr', cidr: '10.0.0.0/8', except: [`10.${1 + Math.floor(rnd() * 200)}.0.0/16`], members: [] };
}

/** Every workload of one environment (mostly prod): the `wide` option's platform-wide policies. */
function environmentClients(rnd: Rnd, all: SyntheticNamespace[], cache: MemberCache): Clients {
  const env = rnd() < 0.8 ? 'prod' : 'staging';
  const key = `env/${env}`;
  if (!cache.has(key)) cache.set(key, all.filter((n) => n.env === env).flatMap((n) => n.apps.map((app) => ({ ns: n, app }))));
  return { kind: 'environment', env, members: cache.get(key)! };
}

function workloadObjects(app: SyntheticApp, ns: SyntheticNamespace): Obj[] {
  const labels = { app: app.name, tier: app.tier, team: ns.team, 'app.kubernetes.io/name': app.name, 'app.kubernetes.io/part-of': `${ns.team}-${app.tier}`, version: 'v1' };
  const annotations = app.opaque ? { 'config.linkerd.io/opaque-ports': String(app.ports[0]!.port) } : {};
  const container = { name: app.name, image: `registry.example/${ns.team}/${app.tier}:1.0`, ports: app.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), containerPort: p.port, protocol: 'TCP' })) };
  const spec: Obj = {
    replicas: 2,
    selector: { matchLabels: { app: app.name } },
    template: { metadata: { labels, annotations }, spec: { ...(app.serviceAccount === 'default' ? {} : { serviceAccountName: app.serviceAccount }), containers: [container] } },
  };
  if (app.kind === 'StatefulSet') spec.serviceName = app.name;
  const objects: Obj[] = [{ apiVersion: 'apps/v1', kind: app.kind, metadata: { name: app.name, namespace: ns.name, labels }, spec }];
  if (app.serviceAccount !== 'default') objects.unshift({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: app.serviceAccount, namespace: ns.name } });
  return objects;
}

function peersOf(c: Clients): Obj[] {
  switch (c.kind) {
    case 'apps':
      return c.apps.map((a) => ({ podSelector: { matchLabels: { app: a.name } } }));
    case 'tiers':
      return [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: c.tiers }] } }];
    case 'namespaces':
      return [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: c.namespaces }] } }];
    case 'team-frontends':
      return [{ namespaceSelector: { matchLabels: { team: c.team, env: 'prod' } }, podSelector: { matchLabels: { tier: 'frontend' } } }];
    case 'labelled-namespaces':
      return [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: c.teams }, { key: 'env', operator: 'NotIn', values: ['staging'] }, { key: 'mesh', operator: 'Exists' }] } }];
    case 'cidr':
      return [{ ipBlock: { cidr: c.cidr, except: c.except } }];
    case 'environment':
      return [{ namespaceSelector: { matchLabels: { env: c.env } } }];
  }
}

/** ~1 NetworkPolicy per workload: a namespace default deny, then allows of many shapes. */
function networkPolicies(rnd: Rnd, ns: SyntheticNamespace, defaultDeny: boolean): Obj[] {
  const np = (name: string, spec: Obj): Obj => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns.name }, spec });
  const out: Obj[] = defaultDeny ? [np('default-deny', { podSelector: {}, policyTypes: ['Ingress'] })] : [];
  for (const app of ns.apps) {
    if (!app.clients) continue;
    const main = app.ports[0]!;
    const portShape = rnd();
    const ports =
      portShape < 0.3 && main.name
        ? [{ protocol: 'TCP', port: main.name }]
        : portShape < 0.4
          ? [{ protocol: 'TCP', port: 8000, endPort: 9999 }]
          : [{ protocol: 'TCP', port: main.port }, ...app.ports.slice(1, rnd() < 0.3 ? 3 : 1).map((p) => ({ protocol: 'TCP', port: p.name ?? p.port }))];
    // Meshed namespaces mostly admit the proxy's inbound port (4143) too — forgetting it is the
    // classic mistake — and often the admin port 4191 for probes and scraping.
    const meshPorts = ns.meshed && rnd() < 0.9 ? [{ protocol: 'TCP', port: 4143 }] : [];
    const rules: Obj[] = [{ from: peersOf(app.clients), ports: [...ports, ...meshPorts] }];
    if (ns.meshed && rnd() < 0.5) rules.push({ ports: [{ protocol: 'TCP', port: 4191 }] });
    out.push(np(`allow-${app.name}`, { podSelector: { matchLabels: { app: app.name } }, policyTypes: ['Ingress'], ingress: rules }));
  }
  if (rnd() < 0.5) out.push(np('allow-monitoring', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': nsName(0) } }, podSelector: { matchLabels: { tier: 'worker' } } }], ports: [{ port: 'metrics' }] }] }));
  if (rnd() < 0.2) {
    out.push(
      np('egress-restricted', {
        podSelector: { matchLabels: { tier: 'worker' } },
        policyTypes: ['Egress'],
        egress: [
          { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
          { to: [{ namespaceSelector: { matchLabels: { team: ns.team } } }] },
          { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 443 }] },
        ],
      }),
    );
  }
  return out;
}

/**
 * The shape of issue 13's cluster: 2,003 workloads over 803 namespaces (2–3 each), one namespace
 * in twenty meshed, ~1 NetworkPolicy per workload, most of them admitting a whole environment.
 */
export const ISSUE_13_SHAPE = { workloads: 2003, namespaces: 803, meshedEvery: 20, wide: 0.685 } as const satisfies Omit<SyntheticOptions, 'seed'>;
