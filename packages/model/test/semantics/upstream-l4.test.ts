/**
 * L4 verdicts that upstream would give (issue 12): policyTypes defaulting, hostNetwork pods,
 * and the proxy ports the CNI sees directly. Each row cites the upstream source of its rule.
 * Every row is also checked against the graph (classify) so the two paths cannot disagree.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Analysis, Protocol } from '../../src/index.ts';
import type { L4Verdict } from '../../src/verdict/types.ts';
import { cluster, codes, deploy, flow, namespace, netpol } from '../manifests.ts';

type Obj = Record<string, unknown>;
interface Row {
  title: string;
  /** Upstream file or page the rule comes from. */
  upstream: string;
  objects: (Obj | Obj[])[];
  from: string;
  to: string;
  port: number;
  protocol?: Protocol;
  l4: L4Verdict;
  l4Port?: number;
  diagnostic?: string;
  /** A reason role the verdict must carry. */
  role?: string;
}

/** The graph (classify) and check (explain) agree on this flow (the graph shows declared ports only). */
function expectAgreement(a: Analysis, from: string, to: string, port: number, protocol: Protocol): void {
  const cell = flow(a, from, to, port, protocol);
  if (!a.inventory.workloads.find((w) => w.id === to)?.ports.some((p) => p.port === port && p.protocol === protocol)) return;
  const edge = a.graph({ includeOpen: true }).edges.find((e) => e.from === from && e.to === to);
  const p = edge?.ports.find((x) => x.port === port && x.protocol === protocol);
  if (p) expect({ l4: p.l4, l4Port: p.l4Port }).toEqual({ l4: cell.l4, l4Port: cell.l4Port });
  else expect(cell.allowed).toBe(false);
}

const DEFAULTS = 'kubernetes pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy';
const HOSTNET = 'kubernetes NetworkPolicy concept page ("hostNetwork pods are ignored by podSelectors in the most common case"); test/e2e/network/netpol';
const META = 'linkerd2 controller/api/destination/endpoint_translator.go (getPodMetaPorts, skipped inbound ports get no opaque-transport hint)';
const INJECT = 'linkerd2 pkg/inject/inject.go ProxyAnnotations, AppendNamespaceAnnotations';

const web = deploy('shop/web', { ports: [8080] });
const db = deploy('shop/db', { ports: [5432] });
/** A hostNetwork node agent (node-exporter style) and a hostNetwork pod annotated for injection. */
const agent = deploy('mon/agent', { ports: [9100], hostNetwork: true });
const webIngress = (rule: Obj) => netpol('shop/web-in', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [rule] });
const webEgress = (rules: Obj[]) => netpol('shop/web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: rules });
const agentPolicy = (spec: Obj) => netpol('mon/agent-pol', { podSelector: { matchLabels: { app: 'agent' } }, ...spec });

const policyTypeRows: Row[] = [
  { title: 'policyTypes [] is defaulted like an absent field: Ingress always', upstream: DEFAULTS, objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: [] })], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: 'policyTypes [] with egress rules makes Egress a type too', upstream: DEFAULTS, objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: [], ingress: [{}], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })], from: 'shop/web', to: 'shop/db', port: 5432, l4: 'deny' },
  { title: 'policyTypes [] without egress rules leaves egress unisolated', upstream: DEFAULTS, objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: [], ingress: [{}] })], from: 'shop/web', to: 'shop/db', port: 5432, l4: 'open' },
  { title: 'policyTypes [] with ingress: [{}] admits every source', upstream: DEFAULTS, objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: [], ingress: [{}] })], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'allow' },
];

const hostNetworkRows: Row[] = [
  { title: 'hostNetwork: neither side isolated is open', upstream: HOSTNET, objects: [web, agent], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'open', diagnostic: 'host-network-pod' },
  { title: 'hostNetwork source, destination admits by namespaceSelector: unknown (the node IP is not matched by selectors)', upstream: HOSTNET, objects: [web, agent, webIngress({ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] })], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'unknown', role: 'layer-unknown' },
  { title: 'hostNetwork source, destination admits by a podSelector naming it: unknown, never allow', upstream: HOSTNET, objects: [web, agent, webIngress({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mon' } }, podSelector: { matchLabels: { app: 'agent' } } }] })], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'unknown', role: 'layer-unknown' },
  { title: 'hostNetwork source, a rule without from admits every peer: allow', upstream: HOSTNET, objects: [web, agent, webIngress({ ports: [{ port: 8080 }] })], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'allow' },
  { title: 'hostNetwork source, ipBlock 0.0.0.0/0 admits every peer: allow', upstream: HOSTNET, objects: [web, agent, webIngress({ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] })], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'allow' },
  { title: 'hostNetwork source, ipBlock ::/0 admits every peer: allow', upstream: HOSTNET, objects: [web, agent, webIngress({ from: [{ ipBlock: { cidr: '::/0' } }] })], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'allow' },
  { title: 'hostNetwork source, ipBlock 0.0.0.0/0 with an except is not every peer: unknown', upstream: HOSTNET, objects: [web, agent, webIngress({ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] })], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'unknown' },
  { title: 'hostNetwork source, no rule of the isolated destination admits the port: deny (whoever the peer is)', upstream: HOSTNET, objects: [web, agent, webIngress({ ports: [{ port: 5432 }] })], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: 'hostNetwork source, destination isolated with no rules: deny', upstream: HOSTNET, objects: [web, agent, netpol('shop/deny', { podSelector: {}, policyTypes: ['Ingress'] })], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: 'hostNetwork destination selected for ingress by a deny-all: unknown (whether it applies is undefined)', upstream: HOSTNET, objects: [web, agent, agentPolicy({ policyTypes: ['Ingress'] })], from: 'shop/web', to: 'mon/agent', port: 9100, l4: 'unknown', role: 'layer-unknown' },
  { title: 'hostNetwork destination, its rule admits every peer on the port: allow', upstream: HOSTNET, objects: [web, agent, agentPolicy({ policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 9100 }] }] })], from: 'shop/web', to: 'mon/agent', port: 9100, l4: 'allow' },
  { title: 'hostNetwork destination, its rule for another port: unknown, not deny', upstream: HOSTNET, objects: [web, agent, agentPolicy({ policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 22 }] }] })], from: 'shop/web', to: 'mon/agent', port: 9100, l4: 'unknown' },
  { title: 'hostNetwork source selected for egress with no rules: unknown', upstream: HOSTNET, objects: [web, agent, agentPolicy({ policyTypes: ['Egress'] })], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'unknown' },
  { title: 'hostNetwork source, its egress rule admits every peer: allow', upstream: HOSTNET, objects: [web, agent, agentPolicy({ policyTypes: ['Egress'], egress: [{}] })], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'allow' },
  { title: 'hostNetwork destination, source egress names it by selector: unknown', upstream: HOSTNET, objects: [web, agent, webEgress([{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mon' } } }] }])], from: 'shop/web', to: 'mon/agent', port: 9100, l4: 'unknown' },
  { title: 'hostNetwork destination, source egress admits no rule for the port: deny', upstream: HOSTNET, objects: [web, agent, webEgress([{ ports: [{ port: 53, protocol: 'UDP' }] }])], from: 'shop/web', to: 'mon/agent', port: 9100, l4: 'deny' },
  { title: 'hostNetwork: a definite deny on one side wins over an undefined other side', upstream: HOSTNET, objects: [web, agent, webEgress([]), agentPolicy({ policyTypes: ['Ingress'] })], from: 'shop/web', to: 'mon/agent', port: 9100, l4: 'deny' },
  { title: 'hostNetwork: one side admits every peer, the other is undefined: unknown', upstream: HOSTNET, objects: [web, agent, webEgress([{ ports: [{ port: 9100 }] }]), agentPolicy({ policyTypes: ['Ingress'] })], from: 'shop/web', to: 'mon/agent', port: 9100, l4: 'unknown' },
  { title: 'hostNetwork pods are never meshed: decided on the application port even towards a meshed pod', upstream: 'linkerd2 pkg/inject/report.go Injectable (hostNetworkEnabled)', objects: [deploy('shop/web', { ports: [8080], meshed: true }), deploy('mon/agent', { ports: [9100], hostNetwork: true, meshed: true }), webIngress({ ports: [{ port: 8080 }] })], from: 'mon/agent', to: 'shop/web', port: 8080, l4: 'allow', l4Port: 8080 },
];

const app = deploy('web/app', { meshed: true });
const meshedDb = (annotations: Record<string, string> = {}) => deploy('data/db', { meshed: true, ports: [5432], annotations });
const dbOnly = (port: number) => netpol('data/db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port }] }] });

const cniPortRows: Row[] = [
  { title: 'the proxy admin port 4191 is reached directly, not through 4143', upstream: META, objects: [app, meshedDb(), dbOnly(4191)], from: 'web/app', to: 'data/db', port: 4191, l4: 'allow', l4Port: 4191 },
  { title: 'the proxy control port 4190 is reached directly', upstream: META, objects: [app, meshedDb(), dbOnly(4190)], from: 'web/app', to: 'data/db', port: 4190, l4: 'allow', l4Port: 4190 },
  { title: 'config.linkerd.io/admin-port moves the admin port reached directly', upstream: META, objects: [app, meshedDb({ 'config.linkerd.io/admin-port': '9991' }), dbOnly(9991)], from: 'web/app', to: 'data/db', port: 9991, l4: 'allow', l4Port: 9991 },
  { title: 'config.linkerd.io/control-port moves the control port reached directly', upstream: META, objects: [app, meshedDb({ 'config.linkerd.io/control-port': '9990' }), dbOnly(9990)], from: 'web/app', to: 'data/db', port: 9990, l4: 'allow', l4Port: 9990 },
  { title: 'the application port still goes to 4143', upstream: META, objects: [app, meshedDb(), dbOnly(4191)], from: 'web/app', to: 'data/db', port: 5432, l4: 'deny', l4Port: 4143 },
  { title: "the destination namespace's skip-inbound-ports is reached directly", upstream: `${META}; ${INJECT}`, objects: [app, meshedDb(), namespace('data', {}, { 'config.linkerd.io/skip-inbound-ports': '5432' }), dbOnly(5432)], from: 'web/app', to: 'data/db', port: 5432, l4: 'allow', l4Port: 5432 },
  { title: "the client namespace's skip-outbound-ports takes the port out of its proxy", upstream: INJECT, objects: [app, meshedDb(), namespace('web', {}, { 'config.linkerd.io/skip-outbound-ports': '5432' }), dbOnly(5432)], from: 'web/app', to: 'data/db', port: 5432, l4: 'allow', l4Port: 5432 },
  { title: "the client's own skip-outbound-ports wins over its namespace's", upstream: INJECT, objects: [deploy('web/app', { meshed: true, annotations: { 'config.linkerd.io/skip-outbound-ports': '6379' } }), meshedDb(), namespace('web', {}, { 'config.linkerd.io/skip-outbound-ports': '5432' }), dbOnly(5432)], from: 'web/app', to: 'data/db', port: 5432, l4: 'deny', l4Port: 4143 },
  { title: "the destination namespace's inbound-port is the port the CNI sees", upstream: INJECT, objects: [app, meshedDb(), namespace('data', {}, { 'config.linkerd.io/inbound-port': '4000' }), dbOnly(4000)], from: 'web/app', to: 'data/db', port: 5432, l4: 'allow', l4Port: 4000 },
  { title: 'a namespace annotation is not applied to an unmeshed client (the injector never runs for it)', upstream: INJECT, objects: [deploy('web/app'), meshedDb(), namespace('web', {}, { 'config.linkerd.io/skip-outbound-ports': '5432' }), dbOnly(5432)], from: 'web/app', to: 'data/db', port: 5432, l4: 'allow', l4Port: 5432 },
];

describe.each([
  ['policyTypes defaulting', policyTypeRows],
  ['hostNetwork pods', hostNetworkRows],
  ['the port the CNI sees', cniPortRows],
])('upstream L4: %s', (_name, rows) => {
  it.each(rows)('$title ($upstream)', (row) => {
    const a = cluster(row.objects);
    const protocol = row.protocol ?? 'TCP';
    const cell = flow(a, row.from, row.to, row.port, protocol);
    expect(cell.l4).toBe(row.l4);
    expect(cell.l4Port).toBe(row.l4Port ?? row.port);
    if (row.diagnostic) expect(codes(a)).toContain(row.diagnostic);
    if (row.role) expect(cell.reasons.l4.map((r) => r.role)).toContain(row.role);
    if (cell.l4 === 'unknown') expect(cell.allowed).toBeNull();
    expectAgreement(a, row.from, row.to, row.port, protocol);
  });
});

describe('upstream L4: hostNetwork reasons and diagnostics', () => {
  it('the unknown reason names the hostNetwork pod and why', () => {
    const a = cluster([web, agent, webIngress({ from: [{ namespaceSelector: {} }] })]);
    const r = flow(a, 'mon/agent', 'shop/web', 8080).reasons.l4.find((x) => x.role === 'layer-unknown');
    expect(r?.text).toContain('mon/agent');
    expect(r?.text).toContain('hostNetwork');
    expect(r).toMatchObject({ kind: 'NetworkPolicy', namespace: 'shop', name: 'web-in', direction: 'ingress' });
  });
  it('every hostNetwork workload is diagnosed once (info), and its node IP raises no ipblock-covers-pods', () => {
    const a = cluster([web, deploy('mon/agent', { ports: [9100], hostNetwork: true, ips: ['192.168.1.10'] }), webIngress({ from: [{ ipBlock: { cidr: '192.168.0.0/16' } }] })]);
    const host = a.diagnostics.filter((d) => d.code === 'host-network-pod');
    expect(host).toEqual([expect.objectContaining({ severity: 'info', workloads: ['mon/agent'] })]);
    expect(codes(a)).not.toContain('ipblock-covers-pods');
    expect(flow(a, 'mon/agent', 'shop/web', 8080).l4).toBe('unknown');
  });
});

// The graph (classify) and check (explain) agree for random clusters with hostNetwork pods.
describe('upstream L4: classify and explain agree with hostNetwork pods', () => {
  const APPS = ['a', 'b', 'c'];
  const NS = ['x', 'y'];
  const workloadArb = fc.record({ ns: fc.constantFrom(...NS), app: fc.constantFrom(...APPS), meshed: fc.boolean(), host: fc.boolean(), port: fc.constantFrom(80, 4191) });
  const peerArb = fc.oneof(
    fc.record({ podSelector: fc.record({ matchLabels: fc.record({ app: fc.constantFrom(...APPS) }) }) }),
    fc.record({ namespaceSelector: fc.constant({}) }),
    fc.constantFrom({ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '10.0.0.0/8' } }),
  );
  const ruleArb = fc.record({ peers: fc.array(peerArb, { maxLength: 2 }), ports: fc.array(fc.constantFrom(80, 4143, 4191), { maxLength: 2 }) });
  const policyArb = fc.record({ ns: fc.constantFrom(...NS), app: fc.option(fc.constantFrom(...APPS), { nil: undefined }), egress: fc.boolean(), rules: fc.array(ruleArb, { maxLength: 2 }) });
  const clusterArb = fc.record({ workloads: fc.uniqueArray(workloadArb, { minLength: 2, maxLength: 5, selector: (w) => `${w.ns}/${w.app}` }), policies: fc.array(policyArb, { maxLength: 3 }) });
  it('for every flow', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const objects: Obj[] = [];
        for (const w of c.workloads) objects.push(...deploy(`${w.ns}/${w.app}`, { meshed: w.meshed, hostNetwork: w.host, ports: [w.port], ips: ['10.0.0.1'] }));
        c.policies.forEach((p, i) => {
          const key = p.egress ? 'to' : 'from';
          const rules = p.rules.map((r) => ({ ...(r.peers.length ? { [key]: r.peers } : {}), ...(r.ports.length ? { ports: r.ports.map((port) => ({ port })) } : {}) }));
          objects.push(netpol(`${p.ns}/p${i}`, { podSelector: p.app ? { matchLabels: { app: p.app } } : {}, policyTypes: [p.egress ? 'Egress' : 'Ingress'], [p.egress ? 'egress' : 'ingress']: rules }));
        });
        const a = cluster(objects);
        for (const to of a.inventory.workloads) {
          for (const from of a.inventory.workloads) {
            if (from.id === to.id) continue;
            for (const p of to.ports) expectAgreement(a, from.id, to.id, p.port, p.protocol);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('upstream L4: proxy-port findings follow the port the CNI sees', () => {
  it.each([
    ['a rule for the application port blocks meshed clients on 4143: reported', [app, meshedDb(), dbOnly(5432)], true],
    ["a client whose namespace skips the port outbound meets the application-port rule: not reported", [app, meshedDb(), namespace('web', {}, { 'config.linkerd.io/skip-outbound-ports': '5432' }), dbOnly(5432)], false],
    ["the destination namespace's skip-inbound-ports: the rule is met directly, not reported", [app, meshedDb(), namespace('data', {}, { 'config.linkerd.io/skip-inbound-ports': '5432' }), dbOnly(5432)], false],
  ] as const)(`%s (${INJECT}; ${META})`, (_title, objects, reported) => {
    expect(codes(cluster([...objects])).includes('meshed-port-rule-ineffective')).toBe(reported);
  });
});
