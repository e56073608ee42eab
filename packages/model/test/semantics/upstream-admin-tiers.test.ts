/**
 * Admin tiers (issue 17): kubernetes-sigs/network-policy-api AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy (apis/v1alpha1) and ClusterNetworkPolicy (apis/v1alpha2), evaluated
 * with NetworkPolicy in between. One case per rule, named after it, citing the upstream file.
 * The conformance suite's scenarios (conformance/base/** objects, conformance/tests/*.go
 * connectivity expectations) are restated here as data in our own words and run through BOTH
 * parsers: every scenario is written once in a neutral form and rendered as v1alpha2
 * ClusterNetworkPolicy and (where v1alpha1 can say it) as AdminNetworkPolicy /
 * BaselineAdminNetworkPolicy.
 */
import { describe, expect, it } from 'vitest';
import { buildInventory, analyze, type Cell, type Protocol } from '../../src/index.ts';
import { adminNetworksMatch } from '../../src/l4/adminTiers.ts';
import { parseCidr } from '../../src/net/cidr.ts';
import { adminPolicy, authz, cluster, codes, deploy, flow, linkerd, netpol, nsPeer, server } from '../manifests.ts';
import { describeScenarios, HOUSE, HOUSES, ns, W, type Act, type Check, type Expect, type Obj, type Pol, type Rule, type Scenario } from './adminConformance.ts';

const TCP80 = (_house: string) => [{ protocol: 'TCP' as const, port: 80 }];

// Each scenario follows one upstream conformance test; steps are its mutations in order (the
// upstream test patches the same object step after step, so each step lists the full rules).
const INGRESS_TCP_RULES = (order: number[]): Rule[] => {
  const rules: Rule[] = [
    { act: 'allow', peers: [{ house: 'ravenclaw' }] },
    { act: 'deny', peers: [{ house: 'ravenclaw' }] },
    { act: 'pass', peers: [{ house: 'ravenclaw' }] },
    { act: 'deny', peers: [{ house: 'slytherin' }], ports: TCP80('slytherin') },
    { act: 'pass', peers: [{ house: 'slytherin' }], ports: TCP80('slytherin') },
    { act: 'allow', peers: [{ house: 'hufflepuff' }], ports: TCP80('hufflepuff') },
    { act: 'deny', peers: [{ house: 'hufflepuff' }] },
  ];
  return order.map((i) => rules[i]!);
};
const ingressTcp = (order: number[]): Pol => ({ name: 'ingress-tcp', tier: 'admin', priority: 3, subject: { house: 'gryffindor' }, ingress: INGRESS_TCP_RULES(order) });

const EGRESS_TCP_RULES = (order: number[]): Rule[] => {
  const rules: Rule[] = [
    { act: 'allow', peers: [{ house: 'ravenclaw' }] },
    { act: 'deny', peers: [{ house: 'ravenclaw' }] },
    { act: 'pass', peers: [{ house: 'ravenclaw' }] },
    { act: 'deny', peers: [{ house: 'slytherin' }], ports: [{ protocol: 'TCP', port: 80 }] },
    { act: 'pass', peers: [{ house: 'slytherin' }], ports: [{ protocol: 'TCP', port: 80 }] },
    { act: 'allow', peers: [{ house: 'hufflepuff' }], ports: [{ protocol: 'TCP', port: 8080 }] },
    { act: 'deny', peers: [{ house: 'hufflepuff' }] },
  ];
  return order.map((i) => rules[i]!);
};
const egressTcp = (order: number[]): Pol => ({ name: 'egress-tcp', tier: 'admin', priority: 6, subject: { house: 'gryffindor' }, egress: EGRESS_TCP_RULES(order) });

const SCENARIOS: Scenario[] = [
  {
    name: 'admin tier, ingress TCP: first matching rule wins, ports narrow a rule, Pass falls through to the default',
    source: 'conformance/tests/admin-network-policy-standard-ingress-tcp-rules.go (CNPAdminTierIngressTCP) with conformance/base/admin_tier/standard-ingress-tcp-rules.yaml',
    steps: [
      {
        title: 'as written',
        policies: [ingressTcp([0, 1, 2, 3, 4, 5, 6])],
        checks: [
          [W('ravenclaw'), W('gryffindor'), 80, 'TCP', 'allowed'],
          [W('ravenclaw'), W('gryffindor'), 8080, 'TCP', 'allowed'],
          [W('hufflepuff'), W('gryffindor'), 80, 'TCP', 'allowed'],
          [W('hufflepuff'), W('gryffindor'), 8080, 'TCP', 'denied'],
          [W('slytherin'), W('gryffindor'), 80, 'TCP', 'denied'],
          [W('slytherin'), W('gryffindor'), 8080, 'TCP', 'allowed'],
        ],
      },
      { title: 'deny moved above allow', policies: [ingressTcp([1, 0, 2, 3, 4, 5, 6])], checks: [[W('ravenclaw'), W('gryffindor'), 80, 'TCP', 'denied'], [W('ravenclaw'), W('gryffindor'), 8080, 'TCP', 'denied']] },
      { title: 'pass moved to the top', policies: [ingressTcp([2, 0, 1, 3, 4, 5, 6])], checks: [[W('ravenclaw'), W('gryffindor'), 80, 'TCP', 'allowed'], [W('ravenclaw'), W('gryffindor'), 8080, 'TCP', 'allowed']] },
      { title: 'pass-at-80 above deny-at-80', policies: [ingressTcp([2, 0, 1, 4, 3, 5, 6])], checks: [[W('slytherin'), W('gryffindor'), 80, 'TCP', 'allowed'], [W('slytherin'), W('gryffindor'), 8080, 'TCP', 'allowed']] },
    ],
  },
  {
    name: 'admin tier, egress TCP: the same rules at the source',
    source: 'conformance/tests/admin-network-policy-standard-egress-tcp-rules.go with conformance/base/admin_tier/standard-egress-tcp-rules.yaml',
    steps: [
      {
        title: 'as written',
        policies: [egressTcp([0, 1, 2, 3, 4, 5, 6])],
        checks: [
          [W('gryffindor'), W('ravenclaw'), 80, 'TCP', 'allowed'],
          [W('gryffindor'), W('ravenclaw'), 8080, 'TCP', 'allowed'],
          [W('gryffindor'), W('hufflepuff'), 8080, 'TCP', 'allowed'],
          [W('gryffindor'), W('hufflepuff'), 80, 'TCP', 'denied'],
          [W('gryffindor'), W('slytherin'), 80, 'TCP', 'denied'],
          [W('gryffindor'), W('slytherin'), 8080, 'TCP', 'allowed'],
        ],
      },
      { title: 'deny moved above allow', policies: [egressTcp([1, 0, 2, 3, 4, 5, 6])], checks: [[W('gryffindor'), W('ravenclaw'), 80, 'TCP', 'denied'], [W('gryffindor'), W('ravenclaw'), 8080, 'TCP', 'denied']] },
      { title: 'pass moved to the top', policies: [egressTcp([2, 0, 1, 3, 4, 5, 6])], checks: [[W('gryffindor'), W('ravenclaw'), 80, 'TCP', 'allowed'], [W('gryffindor'), W('ravenclaw'), 8080, 'TCP', 'allowed']] },
      { title: 'pass-at-80 above deny-at-80', policies: [egressTcp([2, 0, 1, 4, 3, 5, 6])], checks: [[W('gryffindor'), W('slytherin'), 80, 'TCP', 'allowed'], [W('gryffindor'), W('slytherin'), 8080, 'TCP', 'allowed']] },
    ],
  },
  {
    name: 'baseline tier, ingress TCP: first matching rule wins',
    source: 'conformance/tests/baseline-admin-network-policy-standard-ingress-tcp-rules.go with conformance/base/baseline_tier/standard-ingress-tcp-rules.yaml',
    steps: [
      {
        title: 'as written',
        policies: [
          {
            name: 'default',
            tier: 'baseline',
            priority: 0,
            subject: { house: 'gryffindor' },
            ingress: [
              { act: 'allow', peers: [{ house: 'ravenclaw' }] },
              { act: 'deny', peers: [{ house: 'ravenclaw' }] },
              { act: 'deny', peers: [{ house: 'slytherin' }], ports: TCP80('s') },
              { act: 'allow', peers: [{ house: 'hufflepuff' }], ports: TCP80('h') },
              { act: 'deny', peers: [{ house: 'hufflepuff' }] },
            ],
          },
        ],
        checks: [
          [W('ravenclaw'), W('gryffindor'), 80, 'TCP', 'allowed'],
          [W('ravenclaw'), W('gryffindor'), 8080, 'TCP', 'allowed'],
          [W('hufflepuff'), W('gryffindor'), 80, 'TCP', 'allowed'],
          [W('hufflepuff'), W('gryffindor'), 8080, 'TCP', 'denied'],
          [W('slytherin'), W('gryffindor'), 80, 'TCP', 'denied'],
          [W('slytherin'), W('gryffindor'), 8080, 'TCP', 'allowed'],
        ],
      },
      {
        title: 'deny moved above allow',
        policies: [{ name: 'default', tier: 'baseline', priority: 0, subject: { house: 'gryffindor' }, ingress: [{ act: 'deny', peers: [{ house: 'ravenclaw' }] }, { act: 'allow', peers: [{ house: 'ravenclaw' }] }] }],
        checks: [[W('ravenclaw'), W('gryffindor'), 80, 'TCP', 'denied'], [W('ravenclaw'), W('gryffindor'), 8080, 'TCP', 'denied']],
      },
    ],
  },
  (() => {
    const admin = (ingressAct: Act, egressAct: Act): Pol => ({ name: 'pass-example', tier: 'admin', priority: 10, subject: { house: 'gryffindor' }, ingress: [{ act: ingressAct, peers: [{ house: 'slytherin' }] }], egress: [{ act: egressAct, peers: [{ house: 'slytherin' }] }] });
    const baseline: Pol = { name: 'default', tier: 'baseline', priority: 10, subject: { house: 'gryffindor' }, ingress: [{ act: 'deny', peers: [{ house: 'slytherin' }] }], egress: [{ act: 'deny', peers: [{ house: 'slytherin' }] }] };
    // A NetworkPolicy in gryffindor admitting slytherin both ways (podSelector null = every pod).
    const np = netpol(`${ns('gryffindor')}/allow-gress-from-to-slytherin-to-gryffindor`, { podSelector: null, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ namespaceSelector: HOUSE('slytherin') }] }], egress: [{ to: [{ namespaceSelector: HOUSE('slytherin') }] }] });
    return {
      name: 'admin, NetworkPolicy and baseline together: Deny wins, Pass hands over to NetworkPolicy, and to the baseline once no NetworkPolicy isolates',
      source: 'conformance/tests/admin-network-policy-standard-integration.go with conformance/base/api_integration/standard-anp-np-banp.yaml',
      steps: [
        { title: 'admin denies both ways', policies: [admin('deny', 'deny'), baseline], extra: [np], checks: [[W('slytherin'), W('gryffindor'), 80, 'TCP', 'denied'], [W('slytherin'), W('gryffindor'), 8080, 'TCP', 'denied'], [W('gryffindor'), W('slytherin'), 80, 'TCP', 'denied'], [W('gryffindor'), W('slytherin'), 8080, 'TCP', 'denied']] },
        { title: 'ingress rule becomes Pass: the NetworkPolicy admits', policies: [admin('pass', 'deny'), baseline], extra: [np], checks: [[W('slytherin'), W('gryffindor'), 80, 'TCP', 'allowed'], [W('slytherin'), W('gryffindor'), 8080, 'TCP', 'allowed']] },
        { title: 'egress rule becomes Pass too', policies: [admin('pass', 'pass'), baseline], extra: [np], checks: [[W('gryffindor'), W('slytherin'), 80, 'TCP', 'allowed'], [W('gryffindor'), W('slytherin'), 8080, 'TCP', 'allowed']] },
        { title: 'NetworkPolicy deleted: the baseline denies', policies: [admin('pass', 'pass'), baseline], checks: [[W('slytherin'), W('gryffindor'), 80, 'TCP', 'denied'], [W('slytherin'), W('gryffindor'), 8080, 'TCP', 'denied'], [W('gryffindor'), W('slytherin'), 80, 'TCP', 'denied'], [W('gryffindor'), W('slytherin'), 8080, 'TCP', 'denied']] },
      ],
    } satisfies Scenario;
  })(),
  (() => {
    const deny50: Pol = { name: 'priority-50-example', tier: 'admin', priority: 50, subject: { podsOf: 'gryffindor' }, ingress: [{ act: 'deny', peers: [{ podsOf: 'slytherin' }] }], egress: [{ act: 'deny', peers: [{ podsOf: 'slytherin' }] }] };
    const pass = (priority: number): Pol => ({ name: 'old-priority-60-new-priority-40-example', tier: 'admin', priority, subject: { podsOf: 'gryffindor' }, ingress: [{ act: 'pass', peers: [{ podsOf: 'slytherin' }] }], egress: [{ act: 'pass', peers: [{ podsOf: 'slytherin' }] }] });
    const baseline: Pol = { name: 'default', tier: 'baseline', priority: 10, subject: { podsOf: 'gryffindor' }, ingress: [{ act: 'allow', peers: [{ podsOf: 'slytherin' }] }], egress: [{ act: 'allow', peers: [{ podsOf: 'slytherin' }] }] };
    const all: Check[] = [
      [W('slytherin'), W('gryffindor'), 80, 'TCP', 'denied'],
      [W('slytherin'), W('gryffindor'), 8080, 'TCP', 'denied'],
      [W('gryffindor'), W('slytherin'), 80, 'TCP', 'denied'],
      [W('gryffindor'), W('slytherin'), 8080, 'TCP', 'denied'],
    ];
    return {
      name: 'a lower priority number is evaluated first',
      source: 'conformance/tests/admin-network-policy-standard-priority.go with conformance/base/admin_tier/standard-priority-field.yaml',
      steps: [
        { title: 'Deny at 50 before Pass at 60', policies: [deny50, pass(60), baseline], checks: all },
        { title: 'Pass moved to 40: the baseline Accept decides', policies: [deny50, pass(40), baseline], checks: all.map(([a, b, p, pr]) => [a, b, p, pr, 'allowed'] as Check) },
      ],
    } satisfies Scenario;
  })(),
  (() => {
    const rules = (extra: Rule[] = []): Pol => ({
      name: 'inline-cidr-as-peers-example',
      tier: 'admin',
      priority: 85,
      subject: { podsOf: 'gryffindor' },
      egress: [...extra, { act: 'allow', peers: [{ podsOf: 'slytherin' }] }, { act: 'deny', peers: [{ cidrs: ['0.0.0.0/0', '::/0'] }] }],
    });
    const to = (house: string, e: Expect): Check[] => [
      [W('gryffindor'), W(house), 80, 'TCP', e],
      [W('gryffindor'), W(house), 53, 'UDP', e],
      [W('gryffindor'), W(house), 9003, 'SCTP', e],
    ];
    return {
      name: 'networks peers match pod traffic too: Deny 0.0.0.0/0 and ::/0 refuses every pod not admitted before',
      source: 'conformance/tests/admin-network-policy-standard-egress-inline-cidr-rules.go with conformance/base/admin_tier/standard-egress-inline-cidr-rules.yaml; apis/v1alpha2 ClusterNetworkPolicyEgressPeer.Networks',
      withIps: true,
      steps: [
        { title: 'as written', policies: [rules()], checks: [...to('ravenclaw', 'denied'), ...to('hufflepuff', 'denied'), ...to('slytherin', 'allowed')] },
        { title: 'slytherin relabelled: no longer admitted', policies: [rules()], relabel: { slytherin: 'denied-namespace-label' }, checks: to('slytherin', 'denied') },
        {
          // Upstream admits the first pod of each (its /32) and not the second: one workload, two
          // answers — accessgraph says unknown for the workload.
          title: 'Accept for one pod IP of ravenclaw and hufflepuff each',
          policies: [rules([{ act: 'allow', peers: [{ cidrs: [`${HOUSES.ravenclaw!.ips[0]}/32`, `${HOUSES.hufflepuff!.ips[0]}/32`] }] }])],
          checks: [...to('ravenclaw', 'unknown'), ...to('hufflepuff', 'unknown')],
        },
        {
          title: 'Accept for both pod IPs of ravenclaw',
          policies: [rules([{ act: 'allow', peers: [{ cidrs: HOUSES.ravenclaw!.ips.map((ip) => `${ip}/32`) }] }])],
          checks: [...to('ravenclaw', 'allowed'), ...to('hufflepuff', 'denied')],
        },
      ],
    } satisfies Scenario;
  })(),
];

describeScenarios('network-policy-api conformance scenarios, restated (both parsers)', SCENARIOS);

// ---------------------------------------------------------------- one case per spec rule

const APP = (ns: string, app: string) => ({ pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } }, podSelector: { matchLabels: { app } } } });
const anp = (name: string, priority: number, subject: Obj, spec: Obj) => adminPolicy('AdminNetworkPolicy', name, { priority, subject, ...spec });
const cnp = (name: string, tier: 'Admin' | 'Baseline', priority: number, subject: Obj, spec: Obj) => adminPolicy('ClusterNetworkPolicy', name, { tier, priority, subject, ...spec });
const base = () => [...deploy('prod/api', { ports: [8080, 'web:80'] }), ...deploy('prod/db', { ports: [5432] }), ...deploy('dev/tool', { ports: [80] })];

interface RuleCase {
  rule: string;
  source: string;
  objects: Obj[];
  checks: [from: string, to: string, port: number, protocol: Protocol, l4: Cell['l4']][];
  /** Text expected in some L4 reason of the first check. */
  reason?: string;
  diagnostics?: string[];
}

const RULE_CASES: RuleCase[] = [
  {
    rule: 'an admin Allow admits what NetworkPolicy would refuse',
    source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicyRuleActionAllow',
    objects: [...base(), netpol('prod/deny-all', { podSelector: {}, policyTypes: ['Ingress'] }), anp('allow-dev', 10, nsPeer('prod'), { ingress: [{ action: 'Allow', from: [nsPeer('dev')] }] })],
    checks: [
      ['dev/tool', 'prod/db', 5432, 'TCP', 'allow'],
      ['prod/api', 'prod/db', 5432, 'TCP', 'deny'],
    ],
    reason: 'AdminNetworkPolicy allow-dev (priority 10, test.yaml:',
  },
  {
    rule: 'an admin Deny refuses what NetworkPolicy admits',
    source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicyRuleActionDeny',
    objects: [...base(), netpol('prod/allow-all', { podSelector: {}, ingress: [{}] }), anp('deny-dev', 10, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')] }] })],
    checks: [
      ['dev/tool', 'prod/db', 5432, 'TCP', 'deny'],
      ['prod/api', 'prod/db', 5432, 'TCP', 'allow'],
    ],
    reason: 'ingress rule 0: Deny',
  },
  {
    rule: 'Pass hands the decision to NetworkPolicy when one isolates the pod',
    source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicyRuleActionPass; apis/v1alpha2 ClusterNetworkPolicySpec.Tier',
    objects: [...base(), netpol('prod/deny-all', { podSelector: {}, policyTypes: ['Ingress'] }), anp('pass-dev', 10, nsPeer('prod'), { ingress: [{ action: 'Pass', from: [nsPeer('dev')] }] }), adminPolicy('BaselineAdminNetworkPolicy', 'default', { subject: nsPeer('prod'), ingress: [{ action: 'Allow', from: [nsPeer('dev')] }] })],
    checks: [['dev/tool', 'prod/db', 5432, 'TCP', 'deny']],
    reason: 'passes the decision down',
  },
  {
    rule: 'Pass with no NetworkPolicy isolating: the baseline tier decides',
    source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicyIngressRule.Action (Pass)',
    objects: [...base(), anp('pass-dev', 10, nsPeer('prod'), { ingress: [{ action: 'Pass', from: [nsPeer('dev')] }] }), adminPolicy('BaselineAdminNetworkPolicy', 'default', { subject: nsPeer('prod'), ingress: [{ action: 'Deny', from: [nsPeer('dev')] }] })],
    checks: [['dev/tool', 'prod/db', 5432, 'TCP', 'deny']],
    reason: 'BaselineAdminNetworkPolicy default',
  },
  {
    rule: 'the baseline applies only where no NetworkPolicy isolates the pod (NetworkPolicy always decides for the pods it selects)',
    source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicySpec.Tier (NetworkPolicy tier)',
    objects: [...base(), netpol('prod/db-from-api', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }] }), adminPolicy('BaselineAdminNetworkPolicy', 'default', { subject: nsPeer('prod'), ingress: [{ action: 'Allow', from: [nsPeer('dev')] }, { action: 'Deny', from: [nsPeer('prod')] }] })],
    checks: [
      ['dev/tool', 'prod/db', 5432, 'TCP', 'deny'],
      ['prod/api', 'prod/db', 5432, 'TCP', 'allow'],
      ['dev/tool', 'prod/api', 8080, 'TCP', 'allow'],
      ['prod/db', 'prod/api', 8080, 'TCP', 'deny'],
    ],
  },
  {
    rule: 'nothing matches in any tier: allowed by default (open)',
    source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicySpec.Tier ("the default kubernetes policy is applied")',
    objects: [...base(), cnp('only-dev', 'Admin', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('nowhere')] }] })],
    checks: [['dev/tool', 'prod/db', 5432, 'TCP', 'open']],
  },
  {
    rule: 'a lower priority number wins across policies',
    source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicySpec.Priority',
    objects: [...base(), anp('deny-late', 20, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')] }] }), anp('allow-early', 5, nsPeer('prod'), { ingress: [{ action: 'Allow', from: [nsPeer('dev')] }] })],
    checks: [['dev/tool', 'prod/db', 5432, 'TCP', 'allow']],
    reason: 'allow-early',
  },
  {
    rule: 'within a policy, rules apply in written order',
    source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicySpec.Ingress (order of rules)',
    objects: [...base(), anp('ordered', 5, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')], ports: [{ portNumber: { protocol: 'TCP', port: 5432 } }] }, { action: 'Allow', from: [nsPeer('dev')] }] }), netpol('prod/deny-all', { podSelector: {}, policyTypes: ['Ingress'] })],
    checks: [
      ['dev/tool', 'prod/db', 5432, 'TCP', 'deny'],
      ['dev/tool', 'prod/api', 8080, 'TCP', 'allow'],
    ],
  },
  {
    rule: 'an egress Accept at the source does not bypass ingress at the destination',
    source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicyEgressRule.Action (Accept: "any ingress rules at the destination do apply")',
    objects: [...base(), cnp('dev-out', 'Admin', 1, nsPeer('dev'), { egress: [{ action: 'Accept', to: [nsPeer('prod')] }] }), netpol('prod/deny-all', { podSelector: {}, policyTypes: ['Ingress'] })],
    checks: [['dev/tool', 'prod/db', 5432, 'TCP', 'deny']],
  },
  {
    rule: 'an egress Deny at the source refuses whatever the destination admits',
    source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicyEgressRule.Action (Deny)',
    objects: [...base(), cnp('dev-out', 'Admin', 1, nsPeer('dev'), { egress: [{ action: 'Deny', to: [APP('prod', 'db')] }] })],
    checks: [
      ['dev/tool', 'prod/db', 5432, 'TCP', 'deny'],
      ['dev/tool', 'prod/api', 8080, 'TCP', 'open'],
    ],
    reason: 'egress rule 0: Deny',
  },
  {
    rule: 'two policies with the same priority that disagree: unknown (undefined order), with a warning',
    source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicySpec.Priority ("the implementation can apply any of the matching policies")',
    objects: [...base(), anp('a', 7, nsPeer('prod'), { ingress: [{ action: 'Allow', from: [nsPeer('dev')] }] }), anp('b', 7, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')] }] })],
    checks: [
      ['dev/tool', 'prod/db', 5432, 'TCP', 'unknown'],
      ['prod/api', 'prod/db', 5432, 'TCP', 'open'],
    ],
    reason: 'share priority 7',
    diagnostics: ['admin-priority-tie'],
  },
  {
    rule: 'two policies with the same priority that agree: decided',
    source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicySpec.Priority',
    objects: [...base(), anp('a', 7, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')] }] }), anp('b', 7, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] })],
    checks: [['dev/tool', 'prod/db', 5432, 'TCP', 'deny']],
    diagnostics: ['admin-priority-tie'],
  },
  {
    rule: 'hostNetwork pods are not selected by subjects nor by pods/namespaces peers',
    source: 'apis/v1alpha1/shared_types.go AdminNetworkPolicyIngressPeer ("host-networked pods are not included"); AdminNetworkPolicySpec.Subject',
    objects: [...base(), ...deploy('prod/agent', { hostNetwork: true, ports: [9100] }), anp('deny-prod', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] })],
    checks: [
      ['dev/tool', 'prod/agent', 9100, 'TCP', 'open'],
      ['prod/agent', 'prod/db', 5432, 'TCP', 'open'],
      ['dev/tool', 'prod/db', 5432, 'TCP', 'deny'],
    ],
  },
  {
    rule: 'a nodes peer matching every node matches hostNetwork destinations',
    source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicyEgressPeer.Nodes',
    objects: [...base(), ...deploy('prod/agent', { hostNetwork: true, ports: [9100] }), anp('no-nodes', 1, nsPeer('dev'), { egress: [{ action: 'Deny', to: [{ nodes: {} }] }] })],
    checks: [
      ['dev/tool', 'prod/agent', 9100, 'TCP', 'deny'],
      ['dev/tool', 'prod/db', 5432, 'TCP', 'open'],
    ],
  },
  {
    rule: 'a nodes peer with a label selector may or may not match a hostNetwork pod (nodes are not in the input): unknown',
    source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicyEgressPeer.Nodes',
    objects: [...base(), ...deploy('prod/agent', { hostNetwork: true, ports: [9100] }), anp('no-workers', 1, nsPeer('dev'), { egress: [{ action: 'Deny', to: [{ nodes: { matchLabels: { role: 'worker' } } }] }] })],
    checks: [['dev/tool', 'prod/agent', 9100, 'TCP', 'unknown']],
    reason: 'not known from the input',
  },
  {
    rule: 'a networks peer on pods whose IPs are unknown: unknown where it could decide',
    source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicyEgressPeer.Networks ("cluster-internal traffic will be checked against the rule as well")',
    objects: [...base(), cnp('no-private', 'Admin', 1, nsPeer('dev'), { egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }] })],
    checks: [['dev/tool', 'prod/db', 5432, 'TCP', 'unknown']],
    reason: 'match by IP address',
  },
  {
    rule: 'a networks peer does not matter once an earlier rule decided (Pass all pod traffic first, as upstream advises)',
    source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicyEgressPeer.Networks ("add a rule that Passes all pod traffic before the Networks rule")',
    objects: [...base(), cnp('internet-only', 'Admin', 1, nsPeer('dev'), { egress: [{ action: 'Pass', to: [{ namespaces: {} }] }, { action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] })],
    checks: [['dev/tool', 'prod/db', 5432, 'TCP', 'open']],
  },
  {
    rule: 'a networks peer with known pod IPs matches them like an ipBlock',
    source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicyEgressPeer.Networks',
    objects: [...deploy('prod/db', { ports: [5432], ips: ['10.1.2.3'] }), ...deploy('prod/cache', { ports: [6379], ips: ['192.168.1.9'] }), ...deploy('dev/tool', { ports: [80] }), cnp('no-ten', 'Admin', 1, nsPeer('dev'), { egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }] })],
    checks: [
      ['dev/tool', 'prod/db', 5432, 'TCP', 'deny'],
      ['dev/tool', 'prod/cache', 6379, 'TCP', 'open'],
    ],
  },
  {
    rule: 'named ports match the destination container port of that name',
    source: 'apis/v1alpha1/shared_types.go AdminNetworkPolicyPort.NamedPort; apis/v1alpha2 ClusterNetworkPolicyProtocol.DestinationNamedPort',
    objects: [...base(), cnp('web-only', 'Admin', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')], protocols: [{ destinationNamedPort: 'web' }] }] })],
    checks: [
      ['dev/tool', 'prod/api', 80, 'TCP', 'deny'],
      ['dev/tool', 'prod/api', 8080, 'TCP', 'open'],
      ['dev/tool', 'prod/db', 5432, 'TCP', 'open'],
    ],
  },
  {
    rule: 'port ranges are inclusive and protocol-specific',
    source: 'apis/v1alpha1/shared_types.go PortRange; apis/v1alpha2 ClusterNetworkPolicyProtocol',
    objects: [...base(), anp('range', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')], ports: [{ portRange: { protocol: 'TCP', start: 5000, end: 5432 } }] }] })],
    checks: [
      ['dev/tool', 'prod/db', 5432, 'TCP', 'deny'],
      ['dev/tool', 'prod/db', 5432, 'UDP', 'open'],
      ['dev/tool', 'prod/api', 8080, 'TCP', 'open'],
    ],
  },
  {
    rule: 'a Baseline-tier ClusterNetworkPolicy Pass leaves the flow to the default (allowed)',
    source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicyRuleActionPass',
    objects: [...base(), cnp('b1', 'Baseline', 1, nsPeer('prod'), { ingress: [{ action: 'Pass', from: [nsPeer('dev')] }] }), cnp('b2', 'Baseline', 2, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')] }] })],
    checks: [['dev/tool', 'prod/db', 5432, 'TCP', 'open']],
  },
  {
    rule: 'admin rules are matched on the proxy inbound port for meshed-to-meshed flows',
    source: 'SEMANTICS §4 (linkerd2 proxy inbound port 4143) with apis/v1alpha1 AdminNetworkPolicyIngressRule.Ports',
    objects: [...deploy('prod/api', { ports: [8080], meshed: true }), ...deploy('dev/tool', { ports: [80], meshed: true }), ...deploy('dev/plain', { ports: [80] }), anp('api-8080-only', 1, nsPeer('prod'), { ingress: [{ action: 'Allow', from: [nsPeer('dev')], ports: [{ portNumber: { protocol: 'TCP', port: 8080 } }] }, { action: 'Deny', from: [nsPeer('dev')] }] })],
    checks: [
      ['dev/tool', 'prod/api', 8080, 'TCP', 'deny'],
      ['dev/plain', 'prod/api', 8080, 'TCP', 'allow'],
    ],
    reason: 'on 4143/TCP',
    diagnostics: ['meshed-port-rule-ineffective'],
  },
  {
    rule: 'an admin Deny on the application port does not stop meshed clients (they arrive on 4143)',
    source: 'SEMANTICS §4 with apis/v1alpha2 ClusterNetworkPolicyProtocol',
    objects: [...deploy('prod/api', { ports: [8080], meshed: true }), ...deploy('dev/tool', { ports: [80], meshed: true }), cnp('no-8080', 'Admin', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')], protocols: [{ tcp: { destinationPort: { number: 8080 } } }] }] })],
    checks: [['dev/tool', 'prod/api', 8080, 'TCP', 'open']],
  },
  {
    rule: 'an admin Deny on the proxy admin port of a meshed pod is reported',
    source: 'SEMANTICS §7 proxy-admin-port-blocked with apis/v1alpha1 AdminNetworkPolicyRuleActionDeny',
    objects: [...deploy('prod/api', { ports: [8080], meshed: true }), ...deploy('dev/tool', { ports: [80] }), anp('no-admin', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 4191 } }] }] })],
    checks: [['dev/tool', 'prod/api', 4191, 'TCP', 'deny']],
    diagnostics: ['proxy-admin-port-blocked'],
  },
  {
    rule: 'an admin Deny that blocks a client Linkerd explicitly authorizes is reported (dead L7 authorization)',
    source: 'issue 17 admin-deny-makes-l7-dead; linkerd2 policy-controller AuthorizationPolicy with apis/v1alpha1 AdminNetworkPolicyRuleActionDeny',
    objects: [
      ...deploy('prod/api', { ports: [8080], meshed: true, sa: 'api' }),
      ...deploy('dev/tool', { ports: [80], meshed: true, sa: 'tool' }),
      server('prod/api-http', { app: 'api' }, 8080),
      linkerd('MeshTLSAuthentication', 'prod/tool', { identityRefs: [{ kind: 'ServiceAccount', name: 'tool', namespace: 'dev' }] }),
      authz('prod/api-from-tool', { kind: 'Server', name: 'api-http' }, ['MeshTLSAuthentication:tool']),
      anp('no-dev', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')] }] }),
    ],
    checks: [['dev/tool', 'prod/api', 8080, 'TCP', 'deny']],
    diagnostics: ['admin-deny-makes-l7-dead'],
  },
];

describe('admin tiers: one case per rule (kubernetes-sigs/network-policy-api)', () => {
  for (const c of RULE_CASES) {
    it(`${c.rule} (${c.source})`, () => {
      const a = cluster(c.objects);
      expect(codes(a).filter((x) => x === 'invalid-object' && a.diagnostics.find((d) => d.code === x)?.severity === 'error')).toEqual([]);
      for (const [from, to, port, protocol, l4] of c.checks) {
        const cell = flow(a, from, to, port, protocol);
        expect({ from, to, port, protocol, l4: cell.l4 }).toEqual({ from, to, port, protocol, l4 });
      }
      if (c.reason) {
        const [from, to, port, protocol] = c.checks[0]!;
        const texts = flow(a, from, to, port, protocol).reasons.l4.map((r) => r.text).join('\n');
        expect(texts).toContain(c.reason);
      }
      for (const d of c.diagnostics ?? []) expect(codes(a)).toContain(d);
      // The all-sources answer (graph) agrees with the per-flow one (check).
      const g = a.graph({ includeOpen: true });
      for (const [from, to, port] of c.checks) {
        const edge = g.edges.find((e) => e.from === from && e.to === to)?.ports.find((p) => p.port === port);
        const cell = flow(a, from, to, port, c.checks.find((x) => x[0] === from && x[1] === to && x[2] === port)![3]);
        if (edge && cell.protocol === 'TCP') expect(edge.l4).toBe(cell.l4);
      }
    });
  }
});

// ---------------------------------------------------------------- parser diagnostics

interface BadCase {
  rule: string;
  source: string;
  object: Obj;
  code: 'invalid-object' | 'unsupported-version';
  path?: string;
  /** Warnings (unknown fields) still make every flow unknown; errors do. */
  severity?: 'error' | 'warning';
}

const okRule = { action: 'Deny', from: [nsPeer('dev')] };
const many = (n: number, x: Obj) => Array.from({ length: n }, () => x);

const BAD_CASES: BadCase[] = [
  { rule: 'priority must be an integer (a string is a type error)', source: 'apis/v1alpha1/adminnetworkpolicy_types.go Priority int32', object: anp('p', '10' as unknown as number, nsPeer('prod'), { ingress: [okRule] }), code: 'invalid-object', path: 'spec.priority' },
  { rule: 'priority above 1000 is rejected', source: 'apis/v1alpha1/adminnetworkpolicy_types.go Priority Maximum=1000', object: anp('p', 1001, nsPeer('prod'), { ingress: [okRule] }), code: 'invalid-object', path: 'spec.priority' },
  { rule: 'negative priority is rejected', source: 'apis/v1alpha2/clusternetworkpolicy_types.go Priority Minimum=0', object: cnp('p', 'Admin', -1, nsPeer('prod'), { ingress: [okRule] }), code: 'invalid-object', path: 'spec.priority' },
  { rule: 'v1alpha1 action words are not v1alpha2 ones (Allow is not Accept)', source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicyRuleAction Enum', object: cnp('p', 'Admin', 1, nsPeer('prod'), { ingress: [{ action: 'Allow', from: [nsPeer('dev')] }] }), code: 'invalid-object', path: 'spec.ingress[0].action' },
  { rule: 'an unknown action is rejected', source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicyRuleAction Enum', object: anp('p', 1, nsPeer('prod'), { ingress: [{ action: 'Drop', from: [nsPeer('dev')] }] }), code: 'invalid-object', path: 'spec.ingress[0].action' },
  { rule: 'a BaselineAdminNetworkPolicy has no Pass', source: 'apis/v1alpha1/baselineadminnetworkpolicy_types.go BaselineAdminNetworkPolicyRuleAction Enum', object: adminPolicy('BaselineAdminNetworkPolicy', 'default', { subject: nsPeer('prod'), ingress: [{ action: 'Pass', from: [nsPeer('dev')] }] }), code: 'invalid-object', path: 'spec.ingress[0].action' },
  { rule: 'a BaselineAdminNetworkPolicy must be named default', source: 'apis/v1alpha1/baselineadminnetworkpolicy_types.go XValidation metadata.name == default', object: adminPolicy('BaselineAdminNetworkPolicy', 'mine', { subject: nsPeer('prod'), ingress: [okRule] }), code: 'invalid-object', path: 'metadata.name' },
  { rule: 'a ClusterNetworkPolicy needs tier Admin or Baseline', source: 'apis/v1alpha2/clusternetworkpolicy_types.go Tier Enum', object: cnp('p', 'Middle' as 'Admin', 1, nsPeer('prod'), { ingress: [okRule] }), code: 'invalid-object', path: 'spec.tier' },
  { rule: 'more than 25 ingress rules in a ClusterNetworkPolicy is rejected', source: 'apis/v1alpha2/clusternetworkpolicy_types.go Ingress MaxItems=25', object: cnp('p', 'Admin', 1, nsPeer('prod'), { ingress: many(26, okRule) }), code: 'invalid-object', path: 'spec.ingress' },
  { rule: 'more than 100 egress rules in an AdminNetworkPolicy is rejected', source: 'apis/v1alpha1/adminnetworkpolicy_types.go Egress MaxItems=100', object: anp('p', 1, nsPeer('prod'), { egress: many(101, { action: 'Deny', to: [nsPeer('dev')] }) }), code: 'invalid-object', path: 'spec.egress' },
  { rule: 'more than 25 networks in one peer is rejected', source: 'apis/v1alpha1/adminnetworkpolicy_types.go Networks MaxItems=25', object: anp('p', 1, nsPeer('prod'), { egress: [{ action: 'Deny', to: [{ networks: Array.from({ length: 26 }, (_, i) => `10.${i}.0.0/16`) }] }] }), code: 'invalid-object', path: 'spec.egress[0].to[0].networks' },
  { rule: 'more than 25 peers in a v1alpha2 rule is rejected', source: 'apis/v1alpha2/clusternetworkpolicy_types.go From MaxItems=25', object: cnp('p', 'Admin', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: many(26, nsPeer('dev')) }] }), code: 'invalid-object', path: 'spec.ingress[0].from' },
  { rule: 'a rule needs at least one peer', source: 'apis/v1alpha1/adminnetworkpolicy_types.go From MinItems=1', object: anp('p', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [] }] }), code: 'invalid-object', path: 'spec.ingress[0].from' },
  { rule: 'a subject sets exactly one of namespaces and pods', source: 'apis/v1alpha1/shared_types.go AdminNetworkPolicySubject MaxProperties=1', object: anp('p', 1, { namespaces: {}, pods: { namespaceSelector: {}, podSelector: {} } }, { ingress: [okRule] }), code: 'invalid-object', path: 'spec.subject' },
  { rule: 'the subject is required', source: 'apis/v1alpha1/adminnetworkpolicy_types.go Subject (required)', object: adminPolicy('AdminNetworkPolicy', 'p', { priority: 1, ingress: [okRule] }), code: 'invalid-object', path: 'spec.subject' },
  { rule: 'ingress peers cannot be networks', source: 'apis/v1alpha1/shared_types.go AdminNetworkPolicyIngressPeer (namespaces, pods)', object: anp('p', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [{ networks: ['10.0.0.0/8'] }] }] }), code: 'invalid-object', path: 'spec.ingress[0].from[0].networks' },
  { rule: 'a CIDR needs a prefix', source: 'apis/v1alpha1/shared_types.go CIDR isCIDR', object: anp('p', 1, nsPeer('prod'), { egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.1'] }] }] }), code: 'invalid-object', path: 'spec.egress[0].to[0].networks[0]' },
  { rule: 'a named port cannot go with a networks peer', source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicyEgressRule XValidation', object: anp('p', 1, nsPeer('prod'), { egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }], ports: [{ namedPort: 'web' }] }] }), code: 'invalid-object', path: 'spec.egress[0].ports' },
  { rule: 'a port range needs start < end', source: 'apis/v1alpha2/clusternetworkpolicy_types.go PortRange XValidation start < end', object: cnp('p', 'Admin', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')], protocols: [{ tcp: { destinationPort: { range: { start: 90, end: 80 } } } }] }] }), code: 'invalid-object', path: 'spec.ingress[0].protocols[0].tcp.destinationPort.range' },
  { rule: 'a v1alpha2 protocol entry needs a destination port', source: 'apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicyProtocolTCP MinProperties=1', object: cnp('p', 'Admin', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [nsPeer('dev')], protocols: [{ tcp: {} }] }] }), code: 'invalid-object', path: 'spec.ingress[0].protocols[0].tcp' },
  { rule: 'a v1alpha1 pods peer needs a namespaceSelector', source: 'apis/v1alpha1/shared_types.go NamespacedPod (both required)', object: anp('p', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [{ pods: { podSelector: {} } }] }] }), code: 'invalid-object', path: 'spec.ingress[0].from[0].pods.namespaceSelector' },
  { rule: 'domainNames only in Allow/Accept rules', source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicyEgressPeer.DomainNames ("only supported for ALLOW rules")', object: anp('p', 1, nsPeer('prod'), { egress: [{ action: 'Deny', to: [{ domainNames: ['example.com'] }] }] }), code: 'invalid-object', path: 'spec.egress[0].to' },
  { rule: 'AdminNetworkPolicy is not served at v1alpha2', source: 'apis/v1alpha2/zz_generated.register.go (ClusterNetworkPolicy only)', object: { ...anp('p', 1, nsPeer('prod'), { ingress: [okRule] }), apiVersion: 'policy.networking.k8s.io/v1alpha2' }, code: 'unsupported-version', path: 'apiVersion' },
  { rule: 'an unknown field is dropped by the API server (or refused by strict apply): unknown', source: 'apis/v1alpha1/adminnetworkpolicy_types.go AdminNetworkPolicySpec', object: anp('p', 1, nsPeer('prod'), { ingress: [okRule], egres: [] }), code: 'invalid-object', path: 'spec.egres', severity: 'warning' },
];

describe('admin-tier parser diagnostics: what the CRD validation rejects is never evaluated', () => {
  for (const c of BAD_CASES) {
    it(`${c.rule} (${c.source})`, () => {
      const a = cluster([...base(), c.object]);
      const d = a.diagnostics.find((x) => x.code === c.code && (c.path === undefined || x.path === c.path));
      expect(d, JSON.stringify(a.diagnostics.filter((x) => x.code === c.code))).toBeDefined();
      expect(d!.severity).toBe(c.severity ?? 'error');
      expect(d!.object?.kind).toBe((c.object as { kind: string }).kind);
      // Cluster-scoped: every flow is unknown at L4, never allow/deny/open by accident.
      for (const [from, to, port] of [['dev/tool', 'prod/db', 5432], ['prod/api', 'dev/tool', 80]] as const) {
        const cell = flow(a, from, to, port);
        expect(cell.l4).toBe('unknown');
        expect(cell.reasons.l4.some((r) => r.role === 'layer-unknown')).toBe(true);
      }
    });
  }

  it('25 rules (the v1alpha2 maximum) and 100 (the v1alpha1 maximum) are accepted (apis/v1alpha2 Ingress MaxItems=25; apis/v1alpha1 MaxItems=100)', () => {
    const a = cluster([...base(), cnp('p25', 'Admin', 1, nsPeer('prod'), { ingress: many(25, okRule) }), anp('p100', 2, nsPeer('prod'), { ingress: many(100, okRule) })]);
    expect(codes(a)).not.toContain('invalid-object');
    expect(flow(a, 'dev/tool', 'prod/db', 5432).l4).toBe('deny');
  });

  it('a v1alpha2 pods peer may omit namespaceSelector (every namespace) (apis/v1alpha2 NamespacedPod.NamespaceSelector optional)', () => {
    const a = cluster([...base(), cnp('p', 'Admin', 1, nsPeer('prod'), { ingress: [{ action: 'Deny', from: [{ pods: { podSelector: { matchLabels: { app: 'tool' } } } }] }] })]);
    expect(codes(a)).not.toContain('invalid-object');
    expect(flow(a, 'dev/tool', 'prod/db', 5432).l4).toBe('deny');
  });
});

describe('adminNetworksMatch (the pure CIDR test for peers outside the cluster)', () => {
  const c = (x: string) => parseCidr(x)!;
  const CASES: [rule: string, cidrs: string[], cidr: string, expected: 'all' | 'some' | 'none'][] = [
    ['a block inside a rule CIDR is matched entirely', ['10.0.0.0/8'], '10.1.0.0/16', 'all'],
    ['a host inside is matched', ['10.0.0.0/8'], '10.1.2.3/32', 'all'],
    ['a block containing a rule CIDR is matched in part', ['10.1.0.0/16'], '10.0.0.0/8', 'some'],
    ['disjoint blocks do not match', ['10.0.0.0/8'], '192.168.0.0/16', 'none'],
    ['families never match each other', ['0.0.0.0/0'], 'fd00::/8', 'none'],
    ['::/0 covers every IPv6 block', ['::/0'], 'fd00::/8', 'all'],
  ];
  it.each(CASES)('%s (apis/v1alpha2 ClusterNetworkPolicyEgressPeer.Networks)', (_rule, cidrs, cidr, expected) => {
    expect(adminNetworksMatch(cidrs.map(c), c(cidr))).toBe(expected);
  });
});

describe('an admin-tier document that does not parse', () => {
  it('makes L4 unknown for every flow: it is cluster-scoped and could decide any (SEMANTICS §1)', () => {
    const parsed = { objects: [{ object: { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'broken' } }, file: 'x.yaml', line: 1, unreadable: { message: 'YAML syntax error' } }] };
    const objs = [...base().map((object, i) => ({ object, file: 'w.yaml', line: i + 1 })), ...parsed.objects];
    const { inventory, diagnostics } = buildInventory(objs);
    const a = analyze(inventory, { inputDiagnostics: diagnostics });
    const r = a.check({ from: 'dev/tool', to: 'prod/db', port: 5432, protocol: 'TCP' });
    if (!r.ok) throw new Error(r.error);
    expect(r.cell.l4).toBe('unknown');
  });
});

describe('peers outside the cluster (the External workload hook)', () => {
  it('a networks peer judges an outside peer by its block; pod selections never match it; a range partly admitted is allowed, naming the part (apis/v1alpha2 ClusterNetworkPolicyEgressPeer.Networks)', () => {
    const objects = [...base(), cnp('egress', 'Admin', 1, nsPeer('dev'), { egress: [{ action: 'Pass', to: [{ namespaces: {} }] }, { action: 'Accept', to: [{ networks: ['203.0.113.0/24'] }] }, { action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }] })];
    const { inventory } = buildInventory(objects.map((object, i) => ({ object, file: 't.yaml', line: i + 1 })));
    const a = analyze(inventory);
    const cell = (to: string) => {
      const r = a.check({ from: 'dev/tool', to, port: 443, protocol: 'TCP' });
      if (!r.ok) throw new Error(r.error);
      return r.cell;
    };
    // Inside the Accept block: admitted; elsewhere: the Deny of everything; partly inside: the
    // admitted part decides (the outside peer's rule: never "denied" while some address gets in).
    expect([cell('external:203.0.113.8/29').l4, cell('external:198.51.100.0/24').l4, cell('external:203.0.0.0/16').l4]).toEqual(['allow', 'deny', 'allow']);
    expect(JSON.stringify(cell('external:203.0.0.0/16').reasons)).toMatch(/203\.0\.113\.0\/24/);
    // The Pass for every pod does not reach it (no pod selection matches an External peer).
    expect(cell('prod/db').l4).toBe('open');
  });
});
