/**
 * The network-policy-api conformance scenarios not yet restated elsewhere (issue 17): the
 * baseline tier's egress TCP rules, the admin tier's TCP named port on egress, and egress to
 * node peers. Facts from kubernetes-sigs/network-policy-api conformance/tests/*.go and
 * conformance/base/** (restated as data in our own words), run through both parsers where
 * v1alpha1 can say it (adminConformance.ts).
 *
 * Node peers: the input carries no Node objects, so a `nodes` selector other than `{}` may or
 * may not match the node a hostNetwork pod runs on. Where upstream's answer depends on that
 * match, accessgraph says `unknown` (never a guess); where a later certain rule decides either
 * way, or the selector matches every node, it gives upstream's answer.
 */
import { describe, expect, it } from 'vitest';
import { adminPolicy, cluster, flow, namespace } from '../manifests.ts';
import { describeScenarios, HOUSE, ns, W, type Pol, type Rule, type Scenario } from './adminConformance.ts';
import type { Protocol } from '../../src/index.ts';

// ---------------------------------------------------------------- baseline egress TCP

/** conformance/base/baseline_tier/standard-egress-tcp-rules.yaml, rule by rule. */
const BASELINE_EGRESS: Rule[] = [
  { act: 'allow', peers: [{ house: 'ravenclaw' }] },
  { act: 'deny', peers: [{ house: 'ravenclaw' }] },
  { act: 'deny', peers: [{ house: 'slytherin' }], ports: [{ protocol: 'TCP', port: 80 }] },
  { act: 'allow', peers: [{ house: 'hufflepuff' }], ports: [{ protocol: 'TCP', port: 8080 }] },
  { act: 'deny', peers: [{ house: 'hufflepuff' }] },
];
const baselineEgress = (order: number[]): Pol => ({ name: 'default', tier: 'baseline', priority: 10, subject: { house: 'gryffindor' }, egress: order.map((i) => BASELINE_EGRESS[i]!) });

// ---------------------------------------------------------------- admin egress TCP, rule 5 on a named port

/** conformance/base/admin_tier/standard-egress-tcp-rules.yaml with egress rule 5 naming the destination port `web` (80) instead of 8080. */
const ADMIN_EGRESS_NAMED: Rule[] = [
  { act: 'allow', peers: [{ house: 'ravenclaw' }] },
  { act: 'deny', peers: [{ house: 'ravenclaw' }] },
  { act: 'pass', peers: [{ house: 'ravenclaw' }] },
  { act: 'deny', peers: [{ house: 'slytherin' }], ports: [{ protocol: 'TCP', port: 80 }] },
  { act: 'pass', peers: [{ house: 'slytherin' }], ports: [{ protocol: 'TCP', port: 80 }] },
  { act: 'allow', peers: [{ house: 'hufflepuff' }], ports: [{ name: 'web' }] },
  { act: 'deny', peers: [{ house: 'hufflepuff' }] },
];

const SCENARIOS: Scenario[] = [
  {
    name: 'baseline tier, egress TCP: first matching rule wins, ports narrow a rule',
    source: 'conformance/tests/baseline-admin-network-policy-standard-egress-tcp-rules.go (CNPBaselineTierEgressTCP) with conformance/base/baseline_tier/standard-egress-tcp-rules.yaml',
    steps: [
      {
        title: 'as written',
        policies: [baselineEgress([0, 1, 2, 3, 4])],
        checks: [
          [W('gryffindor'), W('ravenclaw'), 80, 'TCP', 'allowed'],
          [W('gryffindor'), W('ravenclaw'), 8080, 'TCP', 'allowed'],
          [W('gryffindor'), W('hufflepuff'), 8080, 'TCP', 'allowed'],
          [W('gryffindor'), W('hufflepuff'), 80, 'TCP', 'denied'],
          [W('gryffindor'), W('slytherin'), 80, 'TCP', 'denied'],
          [W('gryffindor'), W('slytherin'), 8080, 'TCP', 'allowed'],
          // Not a subject: the baseline says nothing for ravenclaw's own egress.
          [W('ravenclaw'), W('hufflepuff'), 80, 'TCP', 'allowed'],
        ],
      },
      {
        title: 'deny moved above allow',
        policies: [baselineEgress([1, 0, 2, 3, 4])],
        checks: [
          [W('gryffindor'), W('ravenclaw'), 80, 'TCP', 'denied'],
          [W('gryffindor'), W('ravenclaw'), 8080, 'TCP', 'denied'],
        ],
      },
    ],
  },
  {
    name: 'admin tier, egress TCP, named port: the rule naming the destination port web admits 80 and nothing else',
    source: 'conformance/tests/admin-network-policy-experimental-egress-rules.go (CNPAdminTierEgressNamedPort) with conformance/base/admin_tier/standard-egress-tcp-rules.yaml',
    steps: [
      {
        title: 'egress rule 5 names port web',
        policies: [{ name: 'egress-tcp', tier: 'admin', priority: 6, subject: { house: 'gryffindor' }, egress: ADMIN_EGRESS_NAMED }],
        checks: [
          [W('gryffindor'), W('hufflepuff'), 80, 'TCP', 'allowed'],
          [W('gryffindor'), W('hufflepuff'), 8080, 'TCP', 'denied'],
          // The name is resolved on the destination: web is 80/TCP, never 80 of another protocol.
          [W('gryffindor'), W('hufflepuff'), 53, 'UDP', 'denied'],
        ],
      },
    ],
  },
];

describeScenarios('upstream admin tiers: baseline egress TCP, TCP named port', SCENARIOS);

// ---------------------------------------------------------------- node peers

/** conformance/base/manifests.yaml: centaur in forbidden-forrest is host-networked; HostNetworkPorts start at 34345 (conformance/utils/suite/suite.go). */
const HP = [34345, 34346, 34347, 34348, 34349, 34350, 34351, 34352];
const centaur = (): Record<string, unknown>[] => {
  const labels = { 'conformance-house': 'forbidden-forrest' };
  const ports = [
    { containerPort: HP[0], protocol: 'TCP', name: `web-${HP[0]}` },
    { containerPort: HP[1], protocol: 'TCP', name: `web-${HP[1]}` },
    { containerPort: HP[2], protocol: 'UDP', name: `dns-${HP[2]}` },
    { containerPort: HP[4], protocol: 'UDP', name: `dns-${HP[4]}` },
    { containerPort: HP[6], protocol: 'SCTP' },
  ];
  return [
    namespace(ns('forbidden-forrest'), labels),
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'centaur', namespace: ns('forbidden-forrest') }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'x', ports }] } } } },
  ];
};
const harry = (): Record<string, unknown>[] => {
  const labels = { 'conformance-house': 'gryffindor' };
  return [
    namespace(ns('gryffindor'), labels),
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'harry-potter', namespace: ns('gryffindor') }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x' }] } } } },
  ];
};
const tcp = (port: number) => [{ tcp: { destinationPort: { number: port } } }];
const udp = (port: number) => [{ udp: { destinationPort: { number: port } } }];
/** conformance/base/admin_tier/experimental-egress-selector-rules.yaml (node-and-cidr-as-peers-example), with the node selector given. */
const nodePeers = (nodes: Record<string, unknown>) =>
  adminPolicy('ClusterNetworkPolicy', 'node-and-cidr-as-peers-example', {
    tier: 'Admin',
    priority: 75,
    subject: { pods: { namespaceSelector: HOUSE('gryffindor'), podSelector: HOUSE('gryffindor') } },
    egress: [
      { name: 'allow-to-nodes-tcp', action: 'Accept', to: [{ nodes }], protocols: tcp(HP[0]!) },
      { name: 'pass-to-nodes-udp', action: 'Pass', to: [{ nodes }], protocols: udp(HP[2]!) },
      { name: 'deny-to-slytherin-nodes-internet', action: 'Deny', to: [{ pods: { namespaceSelector: HOUSE('slytherin'), podSelector: HOUSE('slytherin') } }, { nodes }, { networks: ['0.0.0.0/0', '::/0'] }] },
    ],
  });

const SOURCE = 'conformance/tests/admin-network-policy-experimental-egress-rules.go (CNPAdminTierEgressNodePeers) with conformance/base/admin_tier/experimental-egress-selector-rules.yaml';
type NodeCheck = [port: number, protocol: Protocol, allowed: boolean | null];
const NODE_CASES: { title: string; nodes: Record<string, unknown>; checks: NodeCheck[] }[] = [
  {
    title: 'nodes {} matches every node: Accept on the TCP port, Pass on the UDP port (nothing else decides: allowed), Deny for the rest',
    nodes: {},
    checks: [
      [HP[0]!, 'TCP', true],
      [HP[2]!, 'UDP', true],
      [HP[1]!, 'TCP', false],
      [HP[4]!, 'UDP', false],
      [HP[6]!, 'SCTP', false],
    ],
  },
  {
    title: 'nodes kubernetes.io/os=linux, as upstream writes it: Deny (networks 0.0.0.0/0 and ::/0) is certain; Accept and Pass depend on node labels not in the input — unknown',
    nodes: { matchLabels: { 'kubernetes.io/os': 'linux' } },
    checks: [
      [HP[0]!, 'TCP', null],
      [HP[2]!, 'UDP', null],
      [HP[1]!, 'TCP', false],
      [HP[4]!, 'UDP', false],
      [HP[6]!, 'SCTP', false],
    ],
  },
];

describe(`upstream admin tiers: egress to node peers (${SOURCE})`, () => {
  it.each(NODE_CASES)('$title', (c) => {
    const a = cluster([...harry(), ...centaur(), nodePeers(c.nodes)]);
    for (const [port, protocol, allowed] of c.checks) {
      const cell = flow(a, `${ns('gryffindor')}/harry-potter`, `${ns('forbidden-forrest')}/centaur`, port, protocol);
      expect({ port, protocol, allowed: cell.allowed }).toEqual({ port, protocol, allowed });
      if (allowed === null) expect(cell.reasons.l4.some((r) => r.role === 'layer-unknown')).toBe(true);
    }
  });
});
