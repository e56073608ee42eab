/**
 * One workload's (or namespace's) flows with the ports open to all drawn (src/graph/workloadFlows.ts,
 * issues 16 and 19) are the edges of `graph({ includeOpen: true })` touching it, field for field and
 * in that graph's order, without building that graph: over random clusters (the property tests'
 * generator, plus second ports, UDP, egress to the outside, NodePort Services, another engine's
 * policy and an extra outside peer), over synthetic clusters, and per rule.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, buildInventory, filterGraph, parseUserCidr, type Analysis, type Graph, type GraphEdge } from '../../src/index.ts';
import { generateCluster } from '../../bench/synthetic.ts';
import { authz, cluster, deploy, linkerd, netpol, server } from '../manifests.ts';
import { APPS, NS, clusterArb, objectsOf, type Obj } from '../randomCluster.ts';

const K8S_NOT_ISOLATED = 'kubernetes pkg/apis/networking/v1/defaults.go + test/e2e/network/netpol/network_policy.go (a pod no policy selects is not isolated: every client reaches it)';
const K8S_EGRESS_IPBLOCK = 'kubernetes test/e2e/network/netpol/network_policy.go "should allow egress access to server in CIDR block"';
const LINKERD_NO_AUTHZ = 'linkerd2 policy-controller/k8s/index/src/inbound/tests/server.rs links_unnamed_server_port (a Server no policy authorizes admits no client)';
const LINKERD_MTLS = 'linkerd2 policy-controller/k8s/index/src/inbound/tests/authorization_policy.rs links_authorization_policy_with_mtls_name';

/** What the query must give: the includeOpen graph's edges into and out of `id`, in its order. */
function expected(full: Graph, id: string): { inbound: GraphEdge[]; outbound: GraphEdge[] } {
  return { inbound: full.edges.filter((e) => e.to === id), outbound: full.edges.filter((e) => e.from === id) };
}

/** Every node's and every namespace's flows equal the includeOpen graph's (queried before that graph exists). */
function expectSameAsFullGraph(a: Analysis, ids?: string[]): void {
  const nodes = a.graph().nodes.map((n) => n.id);
  const asked = ids ?? nodes;
  const flows = asked.map((id) => [id, a.workloadFlows(id)] as const);
  const namespaces = [...new Set(a.graph().nodes.filter((n) => n.namespace).map((n) => n.namespace))].sort();
  const nsFlows = namespaces.map((ns) => [ns, a.namespaceFlows([ns])] as const);
  const pairFlows = namespaces.length > 1 ? a.namespaceFlows(namespaces.slice(0, 2)) : undefined;
  const full = a.graph({ includeOpen: true });
  for (const [id, got] of flows) expect(got, id).toEqual(expected(full, id));
  for (const [ns, got] of nsFlows) expect(got, ns).toEqual(filterGraph(full, { namespaces: [ns] }).edges);
  if (pairFlows) expect(pairFlows).toEqual(filterGraph(full, { namespaces: namespaces.slice(0, 2) }).edges);
}

const extrasArb = fc.record({
  /** A second container port (TCP 9090 or UDP 53) on some workloads. */
  secondPort: fc.array(fc.record({ ns: fc.constantFrom(...NS), app: fc.constantFrom(...APPS), port: fc.constantFrom('9090', '53/UDP') }), { maxLength: 3 }),
  /** Egress to the outside (an ipBlock) from one app: egress ports towards the outside peers. */
  egressOut: fc.option(fc.record({ ns: fc.constantFrom(...NS), app: fc.constantFrom(...APPS) }), { nil: undefined }),
  /** A NodePort Service exposing one app to the outside. */
  nodePort: fc.option(fc.record({ ns: fc.constantFrom(...NS), app: fc.constantFrom(...APPS) }), { nil: undefined }),
  /** Another engine's policy in a namespace: L4 unknown there. */
  cilium: fc.option(fc.constantFrom(...NS), { nil: undefined }),
  /** A second outside peer (`--external`). */
  external: fc.boolean(),
});
type Extras = typeof extrasArb extends fc.Arbitrary<infer T> ? T : never;

function withExtras(objects: Obj[], x: Extras): Obj[] {
  const out = objects.map((o) => {
    const meta = o.metadata as { name: string; namespace: string };
    const extra = x.secondPort.filter((p) => p.ns === meta.namespace && p.app === meta.name);
    if (o.kind !== 'Deployment' || extra.length === 0) return o;
    const copy = structuredClone(o) as { spec: { template: { spec: { containers: { ports: Obj[] }[] } } } };
    for (const p of extra) {
      const [port, protocol] = p.port.split('/');
      copy.spec.template.spec.containers[0]!.ports.push({ containerPort: Number(port), ...(protocol ? { protocol } : {}) });
    }
    return copy as unknown as Obj;
  });
  if (x.egressOut) {
    const { ns, app } = x.egressOut;
    out.push(netpol(`${ns}/out`, { podSelector: { matchLabels: { app } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }] }));
  }
  if (x.nodePort) {
    const { ns, app } = x.nodePort;
    out.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `${app}-np`, namespace: ns }, spec: { type: 'NodePort', selector: { app }, ports: [{ port: 80, targetPort: 80, nodePort: 30080 }] } });
  }
  if (x.cilium) out.push({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'c', namespace: x.cilium }, spec: { endpointSelector: {} } });
  return out;
}

function analysisWith(objects: Obj[], external: boolean): Analysis {
  const { inventory } = buildInventory(objects.map((object) => ({ object })));
  return analyze(inventory, external ? { externals: [parseUserCidr('203.0.113.0/24')!] } : {});
}

describe('a workload\'s flows with open ports equal the includeOpen graph\'s edges touching it', () => {
  it('over random clusters: every workload, every outside peer, every namespace and a pair of namespaces', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(clusterArb, extrasArb, (c, x) => {
        expectSameAsFullGraph(analysisWith(withExtras(objectsOf(c), x), x.external));
      }),
      { numRuns: 200 },
    );
  });

  /** The synthetic cluster isolates every workload: a namespace no policy selects is added, its ports open to all. */
  const unisolated = [deploy('open/u0', { ports: [8080] }), deploy('open/u1', { ports: [8080, 9090], meshed: true }), deploy('open/u2', { ports: ['53/UDP'] })].flat();
  // Its egress-restricted workers keep every port from being open to all; without them the added ones are.
  const synthetic = (options: Parameters<typeof generateCluster>[0], egress: boolean) =>
    analyze(buildInventory([...generateCluster(options).filter((o) => egress || (o.object.metadata as { name?: string }).name !== 'egress-restricted'), ...unisolated.map((object) => ({ object }))]).inventory);
  it.each([
    ['default synthetic shape, 300 workloads (a third meshed)', { workloads: 300, seed: 3 }, false],
    ['default synthetic shape with its egress policies (no port open to all)', { workloads: 300, seed: 3 }, true],
    ['mostly unmeshed, whole-environment policies, 400 workloads', { workloads: 400, seed: 1, namespaces: 160, meshedEvery: 20, wide: 0.685 }, false],
  ] as const)('%s: every tenth workload, the unisolated ones, the outside peer', { timeout: 120_000 }, (_name, options, egress) => {
    const a = synthetic(options, egress);
    const g = a.graph();
    const ids = g.nodes.filter((n, i) => i % 10 === 0 || n.namespace === 'open' || n.kind === 'External').map((n) => n.id);
    expect(g.nodes.some((n) => n.openToAll.length > 0)).toBe(!egress);
    expectSameAsFullGraph(a, ids);
  });

  it('an unknown id has no flows', () => {
    const a = cluster([deploy('x/a', { ports: [80] })]);
    expect(a.workloadFlows('x/nope')).toBeUndefined();
    expect(a.namespaceFlows(['nowhere'])).toEqual(filterGraph(a.graph({ includeOpen: true }), { namespaces: ['nowhere'] }).edges);
  });
});

interface RuleCase {
  rule: string;
  upstream: string;
  objects: (Obj | Obj[])[];
  /** The workload (or outside peer) asked about. */
  id: string;
  /** Sources of its inbound edges, with the class of the port asked. */
  inbound?: Record<string, string>;
  /** Destinations of its outbound edges, with the class of the port asked. */
  outbound?: Record<string, string>;
  port: number;
  /** Sources that must have no inbound edge (denied on every port). */
  absentFrom?: string[];
}

const classesOn = (edges: GraphEdge[], side: 'from' | 'to', port: number) =>
  Object.fromEntries(edges.flatMap((e) => e.ports.filter((p) => p.port === port).map((p) => [e[side], p.class] as const)));

const rules: RuleCase[] = [
  {
    rule: 'a port open to all: every other workload is a client of it, class none (and the outside peer too)',
    upstream: K8S_NOT_ISOLATED,
    objects: [deploy('x/db', { ports: [5432] }), deploy('x/a', { ports: [80] }), deploy('y/b', { ports: [80] })],
    id: 'x/db',
    port: 5432,
    inbound: { 'x/a': 'none', 'y/b': 'none', 'external:0.0.0.0/0': 'none' },
  },
  {
    rule: 'a port open to all: every other workload has it among its destinations',
    upstream: K8S_NOT_ISOLATED,
    objects: [deploy('x/db', { ports: [5432] }), deploy('x/a', { ports: [80] }), deploy('y/b', { ports: [80] })],
    id: 'y/b',
    port: 5432,
    outbound: { 'x/db': 'none' },
  },
  {
    rule: 'an L7 deny on an L4-open port: the denied clients have no edge, the authorized one l7-only; the port open to all beside it still reaches everyone',
    upstream: `${LINKERD_NO_AUTHZ}; ${LINKERD_MTLS}`,
    objects: [
      deploy('x/api', { ports: [80, 8080], meshed: true, sa: 'api' }),
      deploy('x/a', { ports: [9000], meshed: true, sa: 'a' }),
      deploy('x/b', { ports: [9000], meshed: true, sa: 'b' }),
      server('x/api-admin', { app: 'api' }, 8080),
      linkerd('MeshTLSAuthentication', 'x/only-a', { identityRefs: [{ kind: 'ServiceAccount', name: 'a' }] }),
      authz('x/admin-a', { kind: 'Server', name: 'api-admin' }, ['MeshTLSAuthentication:only-a']),
    ],
    id: 'x/api',
    port: 8080,
    inbound: { 'x/a': 'l7-only' },
  },
  {
    rule: 'a denied flow draws no edge: a client the destination\'s ingress policy does not admit is absent, the admitted one l4-only',
    upstream: 'kubernetes test/e2e/network/netpol/network_policy.go "should support a \'default-deny-ingress\' policy" / "should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector"',
    objects: [
      deploy('x/web', { ports: [8080] }),
      deploy('x/other', { ports: [8080] }),
      deploy('x/db', { ports: [5432] }),
      netpol('x/db-in', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }),
    ],
    id: 'x/db',
    port: 5432,
    inbound: { 'x/web': 'l4-only' },
    absentFrom: ['x/other', 'external:0.0.0.0/0'],
  },
  {
    rule: 'the outside peer counts as a workload: its flows go into every workload it reaches, open ports included',
    upstream: `${K8S_NOT_ISOLATED}; ${K8S_EGRESS_IPBLOCK}`,
    objects: [
      deploy('x/web', { ports: [8080] }),
      deploy('x/db', { ports: [5432] }),
      netpol('x/db-in', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }),
    ],
    id: 'external:0.0.0.0/0',
    port: 8080,
    outbound: { 'x/web': 'none' },
  },
];

describe('workload flows, per rule', () => {
  it.each(rules)('$rule', (c) => {
    const a = cluster(c.objects);
    const flows = a.workloadFlows(c.id)!;
    expect(flows).toEqual(expected(a.graph({ includeOpen: true }), c.id));
    if (c.inbound) expect(classesOn(flows.inbound, 'from', c.port)).toEqual(c.inbound);
    if (c.outbound) expect(classesOn(flows.outbound, 'to', c.port)).toEqual(c.outbound);
    for (const s of c.absentFrom ?? []) expect(flows.inbound.some((e) => e.from === s)).toBe(false);
  });

  it('the L7 case: on the port open to all (80) both meshed clients are drawn, on the one port an edge merges both in declared order', () => {
    const a = cluster(rules[2]!.objects);
    const g = a.graph();
    expect(g.nodes.find((n) => n.id === 'x/api')!.openToAll).toEqual(['80/TCP']);
    const flows = a.workloadFlows('x/api')!;
    const fromA = flows.inbound.find((e) => e.from === 'x/a')!;
    expect(fromA.ports.map((p) => [p.port, p.class])).toEqual([
      [80, 'none'],
      [8080, 'l7-only'],
    ]);
    expect(fromA.mixed).toBe(true);
    const fromB = flows.inbound.find((e) => e.from === 'x/b')!;
    expect(fromB.ports.map((p) => [p.port, p.l7])).toEqual([[80, 'open']]);
    // Outbound of a client: the same edge, the open port read from the evaluator, the other from the graph without open ports.
    expect(a.workloadFlows('x/a')!.outbound.find((e) => e.to === 'x/api')).toEqual(fromA);
    // The graph without open ports has only the 8080 entry.
    expect(g.edges.find((e) => e.id === 'x/a->x/api')!.ports.map((p) => p.port)).toEqual([8080]);
  });

  it('the outside peer: inbound = the edges of workloads out to it (egress ports), outbound = into workloads', () => {
    const a = cluster([
      deploy('x/client', { ports: [9000] }),
      netpol('x/client-out', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }] }),
    ]);
    const flows = a.workloadFlows('external:0.0.0.0/0')!;
    expect(flows).toEqual(expected(a.graph({ includeOpen: true }), 'external:0.0.0.0/0'));
    expect(flows.inbound.map((e) => [e.from, e.ports.map((p) => [p.port, p.l4])])).toEqual([['x/client', [[443, 'allow']]]]);
    expect(flows.outbound.map((e) => e.to)).toEqual(['x/client']);
  });
});
