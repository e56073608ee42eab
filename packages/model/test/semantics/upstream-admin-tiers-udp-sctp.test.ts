/**
 * Admin tiers (issue 17), UDP and SCTP: the kubernetes-sigs/network-policy-api conformance tests
 * conformance/tests/{admin-network-policy,baseline-admin-network-policy}-standard-{ingress,egress}-{udp,sctp}-rules.go
 * with their objects conformance/base/{admin_tier,baseline_tier}/standard-{ingress,egress}-{udp,sctp}-rules.yaml,
 * restated as data in our own words and run through both parsers (v1alpha2 ClusterNetworkPolicy,
 * v1alpha1 AdminNetworkPolicy/BaselineAdminNetworkPolicy) on the same conformance cluster as
 * upstream-admin-tiers.test.ts (servers on 53/UDP named dns, 5353/UDP, 9003/SCTP, 9005/SCTP).
 *
 * Each upstream test runs its sub-tests in order against one object it patches as it goes (two
 * rules swapped at a time); each step below is one sub-test, listing the rule order in force then.
 * Upstream picks one server pod and one client pod per probe; both pods of a StatefulSet are the
 * same workload here, so a probe is a workload-to-workload check. Upstream selects namespaces by
 * kubernetes.io/metadata.name; the conformance-house label selects the same single namespace.
 */
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/index.ts';
import type { L4Verdict } from '../../src/verdict/types.ts';
import { adminPolicy, cluster, codes, deploy, flow, nsPeer } from '../manifests.ts';
import { describeScenarios, W, type Check, type Expect, type Pol, type Rule, type Scenario } from './adminConformance.ts';

/**
 * The shape every one of these upstream objects shares, as rule indices:
 *   0 Accept everything from/to `every`   1 Deny everything from/to `every`   2 Pass everything from/to `every`
 *   3 Deny `denied` at `deniedPort`        4 Pass `denied` at `deniedPort`     (admin tier only)
 *   5 Accept `limited` at `limitedPort`    6 Deny everything else from/to `limited`
 * The baseline objects have no Pass (rules 2 and 4 absent): indices 0 1 3 5 6 there.
 */
interface Shape {
  protocol: Protocol;
  every: string;
  denied: string;
  deniedPort: number;
  limited: string;
  limitedPort: number;
}

/** `limitedNamed`: rule 5 names its port instead (destinationNamedPort / namedPort), as the named-port tests patch it. */
function rulesOf(s: Shape, limitedNamed?: string): Rule[] {
  const at = (port: number) => [{ protocol: s.protocol, port }];
  return [
    { act: 'allow', peers: [{ house: s.every }] },
    { act: 'deny', peers: [{ house: s.every }] },
    { act: 'pass', peers: [{ house: s.every }] },
    { act: 'deny', peers: [{ house: s.denied }], ports: at(s.deniedPort) },
    { act: 'pass', peers: [{ house: s.denied }], ports: at(s.deniedPort) },
    { act: 'allow', peers: [{ house: s.limited }], ports: limitedNamed ? [{ name: limitedNamed }] : at(s.limitedPort) },
    { act: 'deny', peers: [{ house: s.limited }] },
  ];
}

function policy(tier: Pol['tier'], direction: 'ingress' | 'egress', name: string, priority: number, subject: string, shape: Shape, order: number[], limitedNamed?: string): Pol {
  const all = rulesOf(shape, limitedNamed);
  return { name, tier, priority, subject: { house: subject }, [direction]: order.map((i) => all[i]!) };
}

// Rule orders as the upstream tests patch them.
const AS_WRITTEN = [0, 1, 2, 3, 4, 5, 6];
const SWAP_0_1 = [1, 0, 2, 3, 4, 5, 6];
const THEN_SWAP_0_2 = [2, 0, 1, 3, 4, 5, 6];
const THEN_SWAP_3_4 = [2, 0, 1, 4, 3, 5, 6];
const BASELINE_AS_WRITTEN = [0, 1, 3, 5, 6];
const BASELINE_SWAP_0_1 = [1, 0, 3, 5, 6];

/** Two probes between the same two workloads. */
const probes = (from: string, to: string, protocol: Protocol, ...ps: [port: number, expect: Expect][]): Check[] => ps.map(([port, e]) => [W(from), W(to), port, protocol, e]);

const UDP_SHAPE: Shape = { protocol: 'UDP', every: 'ravenclaw', denied: 'slytherin', deniedPort: 5353, limited: 'gryffindor', limitedPort: 53 };
const SCTP_SHAPE: Shape = { protocol: 'SCTP', every: 'gryffindor', denied: 'slytherin', deniedPort: 9003, limited: 'hufflepuff', limitedPort: 9003 };

const SCENARIOS: Scenario[] = [
  (() => {
    const p = (order: number[]) => [policy('admin', 'ingress', 'ingress-udp', 4, 'hufflepuff', UDP_SHAPE, order)];
    const to = (from: string, ...ps: [number, Expect][]) => probes(from, 'hufflepuff', 'UDP', ...ps);
    return {
      name: 'admin tier, ingress UDP: first matching rule wins, a UDP port narrows a rule, Pass falls through to the default',
      source: 'conformance/tests/admin-network-policy-standard-ingress-udp-rules.go (CNPAdminTierIngressUDP) with conformance/base/admin_tier/standard-ingress-udp-rules.yaml',
      steps: [
        { title: 'Accept-everything before Deny-everything: ravenclaw admitted', policies: p(AS_WRITTEN), checks: to('ravenclaw', [53, 'allowed'], [5353, 'allowed']) },
        { title: 'gryffindor admitted at 53/UDP only, the rest denied', policies: p(AS_WRITTEN), checks: to('gryffindor', [53, 'allowed'], [5353, 'denied']) },
        { title: 'rules 0 and 1 swapped: Deny-everything first, ravenclaw refused', policies: p(SWAP_0_1), checks: to('ravenclaw', [53, 'denied'], [5353, 'denied']) },
        { title: 'slytherin refused at 5353/UDP, no rule for 53/UDP: allowed', policies: p(SWAP_0_1), checks: to('slytherin', [5353, 'denied'], [53, 'allowed']) },
        { title: 'then rules 0 and 2 swapped: Pass-everything first, ravenclaw passed to the (empty) lower tiers', policies: p(THEN_SWAP_0_2), checks: to('ravenclaw', [5353, 'allowed'], [53, 'allowed']) },
        { title: 'then rules 3 and 4 swapped: Pass at 5353/UDP before Deny, slytherin allowed', policies: p(THEN_SWAP_3_4), checks: to('slytherin', [5353, 'allowed'], [53, 'allowed']) },
      ],
    } satisfies Scenario;
  })(),
  (() => {
    const p = (order: number[]) => [policy('admin', 'egress', 'egress-udp', 7, 'hufflepuff', UDP_SHAPE, order)];
    const from = (to: string, ...ps: [number, Expect][]) => probes('hufflepuff', to, 'UDP', ...ps);
    return {
      name: 'admin tier, egress UDP: the same rules at the source',
      source: 'conformance/tests/admin-network-policy-standard-egress-udp-rules.go (CNPAdminTierEgressUDP) with conformance/base/admin_tier/standard-egress-udp-rules.yaml',
      steps: [
        { title: 'Accept-everything before Deny-everything: to ravenclaw admitted', policies: p(AS_WRITTEN), checks: from('ravenclaw', [53, 'allowed'], [5353, 'allowed']) },
        { title: 'to gryffindor admitted at 53/UDP only, the rest denied', policies: p(AS_WRITTEN), checks: from('gryffindor', [53, 'allowed'], [5353, 'denied']) },
        { title: 'rules 0 and 1 swapped: to ravenclaw refused', policies: p(SWAP_0_1), checks: from('ravenclaw', [53, 'denied'], [5353, 'denied']) },
        { title: 'to slytherin refused at 5353/UDP, 53/UDP allowed', policies: p(SWAP_0_1), checks: from('slytherin', [5353, 'denied'], [53, 'allowed']) },
        { title: 'then rules 0 and 2 swapped: Pass-everything first, to ravenclaw allowed', policies: p(THEN_SWAP_0_2), checks: from('ravenclaw', [5353, 'allowed'], [53, 'allowed']) },
        { title: 'then rules 3 and 4 swapped: Pass at 5353/UDP before Deny, to slytherin allowed', policies: p(THEN_SWAP_3_4), checks: from('slytherin', [5353, 'allowed'], [53, 'allowed']) },
      ],
    } satisfies Scenario;
  })(),
  (() => {
    const p = (order: number[]) => [policy('admin', 'ingress', 'ingress-sctp', 5, 'ravenclaw', SCTP_SHAPE, order)];
    const to = (from: string, ...ps: [number, Expect][]) => probes(from, 'ravenclaw', 'SCTP', ...ps);
    return {
      name: 'admin tier, ingress SCTP: first matching rule wins, an SCTP port narrows a rule, Pass falls through to the default',
      source: 'conformance/tests/admin-network-policy-standard-ingress-sctp-rules.go (CNPAdminTierIngressSCTP) with conformance/base/admin_tier/standard-ingress-sctp-rules.yaml',
      steps: [
        { title: 'Accept-everything before Deny-everything: gryffindor admitted', policies: p(AS_WRITTEN), checks: to('gryffindor', [9003, 'allowed'], [9005, 'allowed']) },
        { title: 'hufflepuff admitted at 9003/SCTP only, the rest denied', policies: p(AS_WRITTEN), checks: to('hufflepuff', [9003, 'allowed'], [9005, 'denied']) },
        { title: 'rules 0 and 1 swapped: gryffindor refused', policies: p(SWAP_0_1), checks: to('gryffindor', [9003, 'denied'], [9005, 'denied']) },
        { title: 'slytherin refused at 9003/SCTP, 9005/SCTP allowed', policies: p(SWAP_0_1), checks: to('slytherin', [9003, 'denied'], [9005, 'allowed']) },
        { title: 'then rules 0 and 2 swapped: Pass-everything first, gryffindor allowed', policies: p(THEN_SWAP_0_2), checks: to('gryffindor', [9003, 'allowed'], [9005, 'allowed']) },
        { title: 'then rules 3 and 4 swapped: Pass at 9003/SCTP before Deny, slytherin allowed', policies: p(THEN_SWAP_3_4), checks: to('slytherin', [9003, 'allowed'], [9005, 'allowed']) },
      ],
    } satisfies Scenario;
  })(),
  (() => {
    const p = (order: number[]) => [policy('admin', 'egress', 'egress-sctp', 8, 'ravenclaw', SCTP_SHAPE, order)];
    const from = (to: string, ...ps: [number, Expect][]) => probes('ravenclaw', to, 'SCTP', ...ps);
    return {
      name: 'admin tier, egress SCTP: the same rules at the source',
      source: 'conformance/tests/admin-network-policy-standard-egress-sctp-rules.go (CNPAdminTierEgressSCTP) with conformance/base/admin_tier/standard-egress-sctp-rules.yaml',
      steps: [
        { title: 'Accept-everything before Deny-everything: to gryffindor admitted', policies: p(AS_WRITTEN), checks: from('gryffindor', [9003, 'allowed'], [9005, 'allowed']) },
        { title: 'to hufflepuff admitted at 9003/SCTP only, the rest denied', policies: p(AS_WRITTEN), checks: from('hufflepuff', [9003, 'allowed'], [9005, 'denied']) },
        { title: 'rules 0 and 1 swapped: to gryffindor refused', policies: p(SWAP_0_1), checks: from('gryffindor', [9003, 'denied'], [9005, 'denied']) },
        { title: 'to slytherin refused at 9003/SCTP, 9005/SCTP allowed', policies: p(SWAP_0_1), checks: from('slytherin', [9003, 'denied'], [9005, 'allowed']) },
        { title: 'then rules 0 and 2 swapped: Pass-everything first, to gryffindor allowed', policies: p(THEN_SWAP_0_2), checks: from('gryffindor', [9003, 'allowed'], [9005, 'allowed']) },
        { title: 'then rules 3 and 4 swapped: Pass at 9003/SCTP before Deny, to slytherin allowed', policies: p(THEN_SWAP_3_4), checks: from('slytherin', [9003, 'allowed'], [9005, 'allowed']) },
      ],
    } satisfies Scenario;
  })(),
  (() => {
    const p = (order: number[]) => [policy('baseline', 'ingress', 'default', 10, 'hufflepuff', UDP_SHAPE, order)];
    const to = (from: string, ...ps: [number, Expect][]) => probes(from, 'hufflepuff', 'UDP', ...ps);
    return {
      name: 'baseline tier, ingress UDP: first matching rule wins, a UDP port narrows a rule',
      source: 'conformance/tests/baseline-admin-network-policy-standard-ingress-udp-rules.go (CNPBaselineTierIngressUDP) with conformance/base/baseline_tier/standard-ingress-udp-rules.yaml',
      steps: [
        { title: 'Accept-everything before Deny-everything: ravenclaw admitted', policies: p(BASELINE_AS_WRITTEN), checks: to('ravenclaw', [53, 'allowed'], [5353, 'allowed']) },
        { title: 'gryffindor admitted at 53/UDP only, the rest denied', policies: p(BASELINE_AS_WRITTEN), checks: to('gryffindor', [53, 'allowed'], [5353, 'denied']) },
        { title: 'rules 0 and 1 swapped: ravenclaw refused', policies: p(BASELINE_SWAP_0_1), checks: to('ravenclaw', [53, 'denied'], [5353, 'denied']) },
        { title: 'slytherin refused at 5353/UDP, 53/UDP allowed', policies: p(BASELINE_SWAP_0_1), checks: to('slytherin', [5353, 'denied'], [53, 'allowed']) },
      ],
    } satisfies Scenario;
  })(),
  (() => {
    const p = (order: number[]) => [policy('baseline', 'egress', 'default', 10, 'hufflepuff', UDP_SHAPE, order)];
    const from = (to: string, ...ps: [number, Expect][]) => probes('hufflepuff', to, 'UDP', ...ps);
    return {
      name: 'baseline tier, egress UDP: the same rules at the source',
      source: 'conformance/tests/baseline-admin-network-policy-standard-egress-udp-rules.go (CNPBaselineTierEgressUDP) with conformance/base/baseline_tier/standard-egress-udp-rules.yaml',
      steps: [
        { title: 'Accept-everything before Deny-everything: to ravenclaw admitted', policies: p(BASELINE_AS_WRITTEN), checks: from('ravenclaw', [53, 'allowed'], [5353, 'allowed']) },
        { title: 'to gryffindor admitted at 53/UDP only, the rest denied', policies: p(BASELINE_AS_WRITTEN), checks: from('gryffindor', [53, 'allowed'], [5353, 'denied']) },
        { title: 'rules 0 and 1 swapped: to ravenclaw refused', policies: p(BASELINE_SWAP_0_1), checks: from('ravenclaw', [53, 'denied'], [5353, 'denied']) },
        { title: 'to slytherin refused at 5353/UDP, 53/UDP allowed', policies: p(BASELINE_SWAP_0_1), checks: from('slytherin', [5353, 'denied'], [53, 'allowed']) },
      ],
    } satisfies Scenario;
  })(),
  (() => {
    const p = (order: number[]) => [policy('baseline', 'ingress', 'default', 10, 'ravenclaw', SCTP_SHAPE, order)];
    const to = (from: string, ...ps: [number, Expect][]) => probes(from, 'ravenclaw', 'SCTP', ...ps);
    return {
      name: 'baseline tier, ingress SCTP: first matching rule wins, an SCTP port narrows a rule',
      source: 'conformance/tests/baseline-admin-network-policy-standard-ingress-sctp-rules.go (CNPBaselineTierIngressSCTP) with conformance/base/baseline_tier/standard-ingress-sctp-rules.yaml',
      steps: [
        { title: 'Accept-everything before Deny-everything: gryffindor admitted', policies: p(BASELINE_AS_WRITTEN), checks: to('gryffindor', [9003, 'allowed'], [9005, 'allowed']) },
        { title: 'hufflepuff admitted at 9003/SCTP only, the rest denied', policies: p(BASELINE_AS_WRITTEN), checks: to('hufflepuff', [9003, 'allowed'], [9005, 'denied']) },
        { title: 'rules 0 and 1 swapped: gryffindor refused', policies: p(BASELINE_SWAP_0_1), checks: to('gryffindor', [9003, 'denied'], [9005, 'denied']) },
        { title: 'slytherin refused at 9003/SCTP, 9005/SCTP allowed', policies: p(BASELINE_SWAP_0_1), checks: to('slytherin', [9003, 'denied'], [9005, 'allowed']) },
      ],
    } satisfies Scenario;
  })(),
  (() => {
    const p = (order: number[]) => [policy('baseline', 'egress', 'default', 10, 'ravenclaw', SCTP_SHAPE, order)];
    const from = (to: string, ...ps: [number, Expect][]) => probes('ravenclaw', to, 'SCTP', ...ps);
    return {
      name: 'baseline tier, egress SCTP: the same rules at the source',
      source: 'conformance/tests/baseline-admin-network-policy-standard-egress-sctp-rules.go (CNPBaselineTierEgressSCTP) with conformance/base/baseline_tier/standard-egress-sctp-rules.yaml',
      steps: [
        { title: 'Accept-everything before Deny-everything: to gryffindor admitted', policies: p(BASELINE_AS_WRITTEN), checks: from('gryffindor', [9003, 'allowed'], [9005, 'allowed']) },
        { title: 'to hufflepuff admitted at 9003/SCTP only, the rest denied', policies: p(BASELINE_AS_WRITTEN), checks: from('hufflepuff', [9003, 'allowed'], [9005, 'denied']) },
        { title: 'rules 0 and 1 swapped: to gryffindor refused', policies: p(BASELINE_SWAP_0_1), checks: from('gryffindor', [9003, 'denied'], [9005, 'denied']) },
        { title: 'to slytherin refused at 9003/SCTP, 9005/SCTP allowed', policies: p(BASELINE_SWAP_0_1), checks: from('slytherin', [9003, 'denied'], [9005, 'allowed']) },
      ],
    } satisfies Scenario;
  })(),
  // The two named-port tests built on these UDP objects (the others, on the TCP objects, are not ported here).
  {
    name: 'admin tier, ingress UDP, named port: a rule naming the port dns admits 53/UDP (the container port of that name) and nothing else',
    source: 'conformance/tests/admin-network-policy-experimental-ingress-rules.go (CNPAdminTierIngressNamedPort) with conformance/base/admin_tier/standard-ingress-udp-rules.yaml',
    steps: [
      {
        title: 'rule 5 rewritten to the named port dns: gryffindor admitted at 53/UDP, 5353/UDP falls to the Deny',
        policies: [policy('admin', 'ingress', 'ingress-udp', 4, 'hufflepuff', UDP_SHAPE, AS_WRITTEN, 'dns')],
        checks: probes('gryffindor', 'hufflepuff', 'UDP', [53, 'allowed'], [5353, 'denied']),
      },
    ],
  },
  {
    name: 'baseline tier, egress UDP, named port: a rule naming the destination port dns admits 53/UDP and nothing else',
    source: 'conformance/tests/baseline-admin-network-policy-experimental-egress-rules.go (CNPBaselineTierEgressNamedPort) with conformance/base/baseline_tier/standard-egress-udp-rules.yaml',
    steps: [
      {
        title: 'the Accept at 53/UDP rewritten to the named port dns: to gryffindor admitted at 53/UDP, 5353/UDP falls to the Deny',
        policies: [policy('baseline', 'egress', 'default', 10, 'hufflepuff', UDP_SHAPE, BASELINE_AS_WRITTEN, 'dns')],
        checks: probes('hufflepuff', 'gryffindor', 'UDP', [53, 'allowed'], [5353, 'denied']),
      },
    ],
  },
];

describeScenarios('network-policy-api UDP and SCTP conformance scenarios, restated (both parsers)', SCENARIOS);

// ---------------------------------------------------------------- one case per rule, UDP and SCTP

type Obj = Record<string, unknown>;
interface ProtoCase {
  rule: string;
  source: string;
  objects: Obj[];
  checks: [from: string, to: string, port: number, protocol: Protocol, l4: L4Verdict, l4Port: number][];
}

const denyDev = (kind: 'v1' | 'v2', protocols: Obj[]) =>
  kind === 'v2'
    ? adminPolicy('ClusterNetworkPolicy', 'no-dev', { tier: 'Admin', priority: 1, subject: nsPeer('prod'), ingress: [{ action: 'Deny', from: [nsPeer('dev')], protocols }] })
    : adminPolicy('AdminNetworkPolicy', 'no-dev', { priority: 1, subject: nsPeer('prod'), ingress: [{ action: 'Deny', from: [nsPeer('dev')], ports: protocols }] });
const meshedDns = () => [...deploy('prod/dns', { ports: ['53/UDP', '9003/SCTP', 8080], meshed: true }), ...deploy('dev/tool', { ports: [80], meshed: true })];

const PROTO_CASES: ProtoCase[] = [
  {
    rule: 'a UDP rule between meshed pods is matched on the application port (UDP is never proxied), not on 4143',
    source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicyProtocol.UDP; SEMANTICS §4 (only TCP goes through the linkerd2 proxy)',
    objects: [...meshedDns(), denyDev('v2', [{ udp: { destinationPort: { number: 53 } } }])],
    checks: [
      ['dev/tool', 'prod/dns', 53, 'UDP', 'deny', 53],
      ['dev/tool', 'prod/dns', 8080, 'TCP', 'open', 4143],
    ],
  },
  {
    rule: 'an SCTP rule between meshed pods is matched on the application port (SCTP is never proxied)',
    source: 'apis/v1alpha1/shared_types.go AdminNetworkPolicyPort.PortNumber (protocol SCTP); SEMANTICS §4',
    objects: [...meshedDns(), denyDev('v1', [{ portNumber: { protocol: 'SCTP', port: 9003 } }])],
    checks: [['dev/tool', 'prod/dns', 9003, 'SCTP', 'deny', 9003]],
  },
  {
    rule: 'a UDP port rule does not match SCTP or TCP on the same number',
    source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicyProtocol (one of tcp, udp, sctp)',
    objects: [...deploy('prod/dns', { ports: ['9003/UDP', '9003/SCTP', 9003] }), ...deploy('dev/tool', { ports: [80] }), denyDev('v2', [{ udp: { destinationPort: { number: 9003 } } }])],
    checks: [
      ['dev/tool', 'prod/dns', 9003, 'UDP', 'deny', 9003],
      ['dev/tool', 'prod/dns', 9003, 'SCTP', 'open', 9003],
      ['dev/tool', 'prod/dns', 9003, 'TCP', 'open', 9003],
    ],
  },
  {
    rule: 'an SCTP port range covers SCTP only, both ends included',
    source: 'apis/v1alpha1/shared_types.go PortRange (protocol SCTP, start and end inclusive)',
    objects: [...deploy('prod/dns', { ports: ['9003/SCTP', '9005/SCTP', '9006/SCTP', '9005/UDP'] }), ...deploy('dev/tool', { ports: [80] }), denyDev('v1', [{ portRange: { protocol: 'SCTP', start: 9003, end: 9005 } }])],
    checks: [
      ['dev/tool', 'prod/dns', 9003, 'SCTP', 'deny', 9003],
      ['dev/tool', 'prod/dns', 9005, 'SCTP', 'deny', 9005],
      ['dev/tool', 'prod/dns', 9006, 'SCTP', 'open', 9006],
      ['dev/tool', 'prod/dns', 9005, 'UDP', 'open', 9005],
    ],
  },
];

describe('admin tiers, UDP and SCTP: one case per rule', () => {
  for (const c of PROTO_CASES) {
    it(`${c.rule} (${c.source})`, () => {
      const a = cluster(c.objects);
      expect(codes(a).filter((x) => x === 'invalid-object' || x === 'unsupported-version')).toEqual([]);
      for (const [from, to, port, protocol, l4, l4Port] of c.checks) {
        const cell = flow(a, from, to, port, protocol);
        expect({ from, to, port, protocol, l4: cell.l4, l4Port: cell.l4Port }).toEqual({ from, to, port, protocol, l4, l4Port });
      }
    });
  }
});
