/**
 * The NetworkPolicy truth tables of the upstream conformance e2e tests, ported as data:
 * kubernetes/kubernetes test/e2e/network/netpol/network_policy.go (each `f.It`), with the
 * topology of model.go (namespaces x, y, z labelled `kubernetes.io/metadata.name`; pods a, b, c
 * labelled `pod=<name>`; one container port per probed port × protocol, named
 * `serve-<port>-<protocol>`), the policy builders of policies.go (SetSpecIngressRules /
 * SetSpecEgressRules add the policy type with the rules) and the expectation operations of
 * reachability.go (everything reachable by default; ExpectPeer / ExpectAllIngress /
 * ExpectAllEgress / Expect override, in order; loopback is never judged — `ignoreLoopback`).
 *
 * A multi-step upstream test (update a policy, relabel a namespace or pod, delete policies) is
 * one row per state, named `… (step n)`: the inputs are the cluster as it stands at that probe.
 * Each row is judged through analyze().check(): connected ⇔ `allowed === true` (nothing here is
 * meshed, so only L4 decides).
 */
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/index.ts';
import { cluster } from '../manifests.ts';

type Obj = Record<string, unknown>;
type Ns = 'x' | 'y' | 'z';
interface Peer {
  ns?: Ns;
  pod?: string;
}
/** reachability.go operations, applied in order over a default-true table. */
type Op =
  | { peer: [Peer, Peer, boolean] }
  | { allIngress: [string, boolean] }
  | { allEgress: [string, boolean] }
  | { one: [string, string, boolean] };

interface Probe {
  port: number;
  protocol: Protocol;
  expect: Op[];
}
interface Case {
  /** The upstream `f.It` title (plus the step for multi-step tests). */
  it: string;
  context: 'TCP' | 'UDP' | 'SCTP';
  pods: string[];
  /** Container ports of every pod (initializeResources `ports`); protocols default to the context's. */
  ports: number[];
  protocols?: Protocol[];
  policies: { ns: Ns; name: string; spec: Obj }[];
  nsLabels?: Partial<Record<Ns, Record<string, string>>>;
  podLabels?: Record<string, Record<string, string>>;
  probes: Probe[];
}

const UPSTREAM = 'kubernetes/kubernetes test/e2e/network/netpol/network_policy.go';
const NS_KEY = 'kubernetes.io/metadata.name';
const podIs = (name: string) => ({ matchLabels: { pod: name } });
const nsIs = (name: Ns) => ({ matchLabels: { [NS_KEY]: name } });
const ingress = (rules: Obj[], podSelector: Obj = {}) => ({ podSelector, policyTypes: ['Ingress'], ingress: rules });
const egress = (rules: Obj[], podSelector: Obj = {}) => ({ podSelector, policyTypes: ['Egress'], egress: rules });
const denyIngressAndEgress = { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] };
const allTrue: Op[] = [];

/** Pod IPs: 10.0.<x=1,y=2,z=3>.<a=1,b=2,c=3>. */
const ipOf = (pod: string) => `10.0.${'xyz'.indexOf(pod[0]!) + 1}.${'abc'.indexOf(pod[2]!) + 1}`;
/** makeLargeCIDRForIP: the /4 that contains the IP. */
const largeCidr = (ip: string) => `${Number(ip.split('.')[0]) & 0xf0}.0.0.0/4`;

const cases: Case[] = [
  {
    it: "should support a 'default-deny-ingress' policy",
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'y/b'], ports: [80],
    policies: [{ ns: 'x', name: 'deny-ingress', spec: ingress([]) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ peer: [{}, { ns: 'x' }, false] }] }],
  },
  {
    it: "should support a 'default-deny-all' policy",
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'deny-all', spec: denyIngressAndEgress }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ peer: [{}, { ns: 'x' }, false] }, { peer: [{ ns: 'x' }, {}, false] }] }],
  },
  {
    it: 'should enforce policy to allow traffic from pods within server namespace based on PodSelector',
    context: 'TCP', pods: ['x/a', 'x/b', 'x/c', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'x-a-allows-x-b', spec: ingress([{ from: [{ podSelector: podIs('b') }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }, { one: ['x/b', 'x/a', true] }] }],
  },
  {
    it: 'should enforce policy to allow ingress traffic for a target',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a'], ports: [80],
    policies: [
      { ns: 'x', name: 'deny-all', spec: ingress([]) },
      { ns: 'x', name: 'allow-all-to-a', spec: ingress([{ from: [{ podSelector: {}, namespaceSelector: {} }] }], podIs('a')) },
    ],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', true] }, { allIngress: ['x/b', false] }] }],
  },
  {
    it: 'should enforce policy to allow ingress traffic from pods in all namespaces',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'z/a'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-from-another-ns', spec: ingress([{ from: [{ namespaceSelector: { matchLabels: {} } }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: allTrue }],
  },
  {
    it: 'should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'z/a'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-client-a-via-ns-selector', spec: ingress([{ from: [{ namespaceSelector: nsIs('y') }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, { ns: 'x', pod: 'a' }, false] }, { peer: [{ ns: 'z' }, { ns: 'x', pod: 'a' }, false] }] }],
  },
  {
    it: 'should enforce policy based on PodSelector with MatchExpressions',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'x-a-allows-x-b', spec: ingress([{ from: [{ podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b'] }] } }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }, { one: ['x/b', 'x/a', true] }] }],
  },
  {
    it: 'should enforce policy based on NamespaceSelector with MatchExpressions',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'z/a'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-ns-y-match-selector', spec: ingress([{ from: [{ namespaceSelector: { matchExpressions: [{ key: NS_KEY, operator: 'In', values: ['y'] }] } }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, { ns: 'x', pod: 'a' }, false] }, { peer: [{ ns: 'z' }, { ns: 'x', pod: 'a' }, false] }] }],
  },
  {
    it: 'should enforce policy based on PodSelector or NamespaceSelector',
    context: 'TCP', pods: ['x/a', 'x/b', 'x/c', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-ns-y-match-selector', spec: ingress([{ from: [{ namespaceSelector: { matchExpressions: [{ key: NS_KEY, operator: 'NotIn', values: ['x'] }] } }, { podSelector: podIs('b') }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ one: ['x/a', 'x/a', false] }, { one: ['x/c', 'x/a', false] }] }],
  },
  {
    it: 'should enforce policy based on PodSelector and NamespaceSelector',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/b'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-ns-y-podselector-and-nsselector', spec: ingress([{ from: [{ namespaceSelector: { matchExpressions: [{ key: NS_KEY, operator: 'NotIn', values: ['x'] }] }, podSelector: podIs('b') }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }, { one: ['y/b', 'x/a', true] }, { one: ['z/b', 'x/a', true] }] }],
  },
  {
    it: 'should enforce policy based on Multiple PodSelectors and NamespaceSelectors',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'y/b', 'y/c'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-ns-y-z-pod-b-c', spec: ingress([{ from: [{ namespaceSelector: { matchExpressions: [{ key: NS_KEY, operator: 'NotIn', values: ['x'] }] }, podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] } }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, { ns: 'x', pod: 'a' }, false] }, { one: ['y/a', 'x/a', false] }] }],
  },
  {
    it: 'should enforce policy based on any PodSelectors',
    context: 'TCP', pods: ['x/a', 'x/b', 'x/c'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-ns-x-pod-b-c', spec: ingress([{ from: [{ podSelector: podIs('b') }, { podSelector: podIs('c') }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }, { one: ['x/b', 'x/a', true] }, { one: ['x/c', 'x/a', true] }] }],
  },
  {
    it: 'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-ns-y-pod-a-via-namespace-pod-selector', spec: ingress([{ from: [{ namespaceSelector: nsIs('y'), podSelector: podIs('a') }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }, { one: ['y/a', 'x/a', true] }] }],
  },
  {
    it: 'should enforce policy based on Ports',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], ports: [81],
    policies: [{ ns: 'x', name: 'allow-client-a-via-ns-selector', spec: ingress([{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 81, protocol: 'TCP' }] }], podIs('a')) }],
    probes: [{ port: 81, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, { ns: 'x', pod: 'a' }, false] }, { peer: [{ ns: 'y' }, { ns: 'x', pod: 'a' }, true] }, { peer: [{ ns: 'z' }, { ns: 'x', pod: 'a' }, false] }] }],
  },
  {
    it: 'should enforce multiple, stacked policies with overlapping podSelectors (step 1)',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], ports: [80, 81],
    policies: [{ ns: 'x', name: 'allow-client-a-via-ns-selector', spec: ingress([{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 81, protocol: 'TCP' }] }], podIs('a')) }],
    probes: [
      { port: 81, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, { ns: 'x', pod: 'a' }, false] }, { peer: [{ ns: 'y' }, { ns: 'x', pod: 'a' }, true] }, { peer: [{ ns: 'z' }, { ns: 'x', pod: 'a' }, false] }] },
      { port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }] },
    ],
  },
  {
    it: 'should enforce multiple, stacked policies with overlapping podSelectors (step 2)',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], ports: [80, 81],
    policies: [
      { ns: 'x', name: 'allow-client-a-via-ns-selector', spec: ingress([{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 81, protocol: 'TCP' }] }], podIs('a')) },
      { ns: 'x', name: 'allow-client-a-via-ns-selector-80', spec: ingress([{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 80, protocol: 'TCP' }] }], podIs('a')) },
    ],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, { ns: 'x', pod: 'a' }, false] }, { peer: [{ ns: 'y' }, { ns: 'x', pod: 'a' }, true] }, { peer: [{ ns: 'z' }, { ns: 'x', pod: 'a' }, false] }] }],
  },
  {
    it: 'should support allow-all policy',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a'], ports: [80, 81],
    policies: [{ ns: 'x', name: 'allow-all', spec: ingress([{}], { matchLabels: {} }) }],
    probes: [
      { port: 80, protocol: 'TCP', expect: allTrue },
      { port: 81, protocol: 'TCP', expect: allTrue },
    ],
  },
  {
    it: 'should allow ingress access on one named port',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a'], ports: [80, 81],
    policies: [{ ns: 'x', name: 'allow-all', spec: ingress([{ ports: [{ port: 'serve-81-tcp' }] }], { matchLabels: {} }) }],
    probes: [
      { port: 81, protocol: 'TCP', expect: allTrue },
      { port: 80, protocol: 'TCP', expect: [{ peer: [{}, { ns: 'x' }, false] }] },
    ],
  },
  {
    it: 'should allow ingress access from namespace on one named port',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'z/a'], ports: [80, 81],
    policies: [{ ns: 'x', name: 'allow-client-a-via-ns-selector-80', spec: ingress([{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 'serve-80-tcp', protocol: 'TCP' }] }], podIs('a')) }],
    probes: [
      { port: 80, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, { ns: 'x', pod: 'a' }, false] }, { peer: [{ ns: 'z' }, { ns: 'x', pod: 'a' }, false] }] },
      { port: 81, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }] },
    ],
  },
  {
    it: 'should allow egress access on one named port',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [80, 81],
    policies: [{ ns: 'x', name: 'allow-egress', spec: egress([{ ports: [{ port: 'serve-80-tcp' }] }], { matchLabels: {} }) }],
    probes: [
      { port: 80, protocol: 'TCP', expect: allTrue },
      { port: 81, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, {}, false] }] },
    ],
  },
  {
    it: 'should enforce updated policy (step 1)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [81],
    policies: [{ ns: 'x', name: 'allow-all-mutate-to-deny-all', spec: ingress([{}], { matchLabels: {} }) }],
    probes: [{ port: 81, protocol: 'TCP', expect: allTrue }],
  },
  {
    it: 'should enforce updated policy (step 2)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [81],
    policies: [{ ns: 'x', name: 'allow-all-mutate-to-deny-all', spec: ingress([], { matchLabels: {} }) }],
    probes: [{ port: 81, protocol: 'TCP', expect: [{ peer: [{}, { ns: 'x' }, false] }] }],
  },
  {
    it: 'should allow ingress access from updated namespace (step 1)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-client-a-via-ns-selector', spec: ingress([{ from: [{ namespaceSelector: { matchLabels: { ns2: 'updated' } } }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }] }],
  },
  {
    it: 'should allow ingress access from updated namespace (step 2)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-client-a-via-ns-selector', spec: ingress([{ from: [{ namespaceSelector: { matchLabels: { ns2: 'updated' } } }] }], podIs('a')) }],
    nsLabels: { y: { ns2: 'updated' } },
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }, { peer: [{ ns: 'y' }, {}, true] }] }],
  },
  {
    it: 'should allow ingress access from updated pod (step 1)',
    context: 'TCP', pods: ['x/a', 'x/b'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-client-a-via-pod-selector', spec: ingress([{ from: [{ podSelector: { matchLabels: { pod: 'b', pod2: 'updated' } } }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }] }],
  },
  {
    it: 'should allow ingress access from updated pod (step 2)',
    context: 'TCP', pods: ['x/a', 'x/b'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-client-a-via-pod-selector', spec: ingress([{ from: [{ podSelector: { matchLabels: { pod: 'b', pod2: 'updated' } } }] }], podIs('a')) }],
    podLabels: { 'x/b': { pod: 'b', pod2: 'updated' } },
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }, { one: ['x/b', 'x/a', true] }] }],
  },
  {
    it: 'should deny ingress from pods on other namespaces',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'z/a'], ports: [80],
    policies: [{ ns: 'x', name: 'deny-empty-policy', spec: ingress([{ from: [{ podSelector: { matchLabels: {} } }] }]) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ peer: [{ ns: 'y' }, { ns: 'x' }, false] }, { peer: [{ ns: 'z' }, { ns: 'x' }, false] }] }],
  },
  {
    it: 'should deny ingress access to updated pod (step 1)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'deny-ingress-via-label-selector', spec: ingress([], { matchLabels: { target: 'isolated' } }) }],
    probes: [{ port: 80, protocol: 'TCP', expect: allTrue }],
  },
  {
    it: 'should deny ingress access to updated pod (step 2)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'deny-ingress-via-label-selector', spec: ingress([], { matchLabels: { target: 'isolated' } }) }],
    podLabels: { 'x/a': { pod: 'a', target: 'isolated' } },
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }] }],
  },
  {
    it: 'should deny egress from pods based on PodSelector',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'deny-egress-pod-a', spec: egress([], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allEgress: ['x/a', false] }] }],
  },
  {
    it: 'should deny egress from all pods in a namespace',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'deny-egress-ns-x', spec: egress([]) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, {}, false] }] }],
  },
  {
    it: 'should work with Ingress, Egress specified together',
    context: 'TCP', pods: ['x/a', 'x/b', 'x/c', 'y/a'], ports: [80, 81],
    policies: [{ ns: 'x', name: 'allow-client-a-via-pod-selector', spec: { podSelector: podIs('a'), policyTypes: ['Egress', 'Ingress'], ingress: [{ from: [{ podSelector: podIs('b') }] }], egress: [{ ports: [{ port: 80 }] }] } }],
    probes: [
      { port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }, { one: ['x/b', 'x/a', true] }] },
      { port: 81, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }, { allEgress: ['x/a', false] }, { one: ['x/b', 'x/a', true] }] },
    ],
  },
  {
    it: 'should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)',
    context: 'TCP', pods: ['x/a', 'y/a', 'y/b'], ports: [80],
    policies: [
      { ns: 'x', name: 'allow-to-ns-y-pod-a', spec: egress([{ to: [{ namespaceSelector: nsIs('y'), podSelector: podIs('a') }] }], podIs('a')) },
      { ns: 'y', name: 'allow-from-xa-on-ya-match-selector', spec: ingress([{ from: [{ namespaceSelector: nsIs('x'), podSelector: podIs('a') }] }], podIs('a')) },
      { ns: 'y', name: 'allow-from-xa-on-yb-match-selector', spec: ingress([{ from: [{ namespaceSelector: nsIs('x'), podSelector: podIs('a') }] }], podIs('b')) },
    ],
    probes: [
      {
        port: 80, protocol: 'TCP',
        expect: [{ peer: [{ ns: 'x', pod: 'a' }, {}, false] }, { peer: [{}, { ns: 'y', pod: 'a' }, false] }, { peer: [{ ns: 'x', pod: 'a' }, { ns: 'y', pod: 'a' }, true] }, { peer: [{}, { ns: 'y', pod: 'b' }, false] }],
      },
    ],
  },
  {
    it: 'should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector',
    context: 'TCP', pods: ['x/a', 'y/a', 'y/b'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-to-ns-y-pod-a', spec: egress([{ to: [{ namespaceSelector: nsIs('y'), podSelector: podIs('a') }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allEgress: ['x/a', false] }, { one: ['x/a', 'y/a', true] }] }],
  },
  {
    it: 'should enforce ingress policy allowing any port traffic to a server on a specific protocol',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [80], protocols: ['TCP', 'UDP'],
    policies: [{ ns: 'x', name: 'allow-ingress-by-proto', spec: ingress([{ ports: [{ protocol: 'TCP' }] }], podIs('a')) }],
    probes: [
      { port: 80, protocol: 'TCP', expect: allTrue },
      { port: 80, protocol: 'UDP', expect: [{ peer: [{}, { ns: 'x', pod: 'a' }, false] }] },
    ],
  },
  {
    it: 'should enforce multiple ingress policies with ingress allow-all policy taking precedence (step 1)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [81],
    policies: [{ ns: 'x', name: 'allow-ingress-port-80', spec: ingress([{ ports: [{ port: 80 }] }], { matchLabels: {} }) }],
    probes: [{ port: 81, protocol: 'TCP', expect: [{ peer: [{}, { ns: 'x' }, false] }] }],
  },
  {
    it: 'should enforce multiple ingress policies with ingress allow-all policy taking precedence (step 2)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [81],
    policies: [
      { ns: 'x', name: 'allow-ingress-port-80', spec: ingress([{ ports: [{ port: 80 }] }], { matchLabels: {} }) },
      { ns: 'x', name: 'allow-ingress', spec: ingress([{}], { matchLabels: {} }) },
    ],
    probes: [{ port: 81, protocol: 'TCP', expect: allTrue }],
  },
  {
    it: 'should enforce multiple egress policies with egress allow-all policy taking precedence (step 1)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [81],
    policies: [{ ns: 'x', name: 'allow-egress-port-80', spec: egress([{ ports: [{ port: 80 }] }], { matchLabels: {} }) }],
    probes: [{ port: 81, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, {}, false] }] }],
  },
  {
    it: 'should enforce multiple egress policies with egress allow-all policy taking precedence (step 2)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [81],
    policies: [
      { ns: 'x', name: 'allow-egress-port-80', spec: egress([{ ports: [{ port: 80 }] }], { matchLabels: {} }) },
      { ns: 'x', name: 'allow-egress', spec: egress([{}], { matchLabels: {} }) },
    ],
    probes: [{ port: 81, protocol: 'TCP', expect: allTrue }],
  },
  {
    it: 'should stop enforcing policies after they are deleted (step 1)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'deny-all', spec: denyIngressAndEgress }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, {}, false] }, { peer: [{}, { ns: 'x' }, false] }] }],
  },
  {
    it: 'should stop enforcing policies after they are deleted (step 2)',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [80],
    policies: [],
    probes: [{ port: 80, protocol: 'TCP', expect: allTrue }],
  },
  {
    it: 'should allow egress access to server in CIDR block',
    context: 'TCP', pods: ['x/a', 'y/a', 'y/b'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-client-a-via-cidr-egress-rule', spec: egress([{ to: [{ ipBlock: { cidr: `${ipOf('y/b')}/32` } }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allEgress: ['x/a', false] }, { one: ['x/a', 'y/b', true] }] }],
  },
  {
    it: 'should enforce except clause while egress access to server in CIDR block',
    context: 'TCP', pods: ['x/a', 'x/b', 'x/c'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-client-a-via-cidr-egress-rule', spec: egress([{ to: [{ ipBlock: { cidr: largeCidr(ipOf('x/b')), except: [`${ipOf('x/b')}/32`] } }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ one: ['x/a', 'x/b', false] }] }],
  },
  {
    it: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed (step 1)',
    context: 'TCP', pods: ['x/a', 'x/b', 'x/c'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-client-a-via-cidr-egress-rule', spec: egress([{ to: [{ ipBlock: { cidr: largeCidr(ipOf('x/b')), except: [`${ipOf('x/b')}/32`] } }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ one: ['x/a', 'x/b', false] }] }],
  },
  {
    // Upstream's second policy has the same name and is applied with UpdatePolicy: it replaces the first.
    it: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed (step 2)',
    context: 'TCP', pods: ['x/a', 'x/b', 'x/c'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-client-a-via-cidr-egress-rule', spec: egress([{ to: [{ ipBlock: { cidr: `${ipOf('x/b')}/32` } }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allEgress: ['x/a', false] }, { one: ['x/a', 'x/b', true] }] }],
  },
  {
    it: 'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector (step 1)',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-egress-for-target', spec: egress([{}], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: allTrue }],
  },
  {
    it: 'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector (step 2)',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a'], ports: [80],
    policies: [
      { ns: 'x', name: 'allow-egress-for-target', spec: egress([{}], podIs('a')) },
      { ns: 'x', name: 'deny-ingress-via-label-selector', spec: ingress([], podIs('a')) },
    ],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }] }],
  },
  {
    it: "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [81],
    policies: [
      { ns: 'x', name: 'deny-ingress', spec: ingress([]) },
      { ns: 'x', name: 'allow-only-sctp-ingress-on-port-81', spec: ingress([{ ports: [{ port: 81, protocol: 'SCTP' }] }], podIs('a')) },
    ],
    probes: [{ port: 81, protocol: 'TCP', expect: [{ peer: [{}, { ns: 'x' }, false] }] }],
  },
  {
    it: "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP",
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [81],
    policies: [{ ns: 'x', name: 'allow-only-sctp-ingress-on-port-80', spec: ingress([{ ports: [{ port: 80, protocol: 'SCTP' }] }], podIs('a')) }],
    probes: [{ port: 81, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }] }],
  },
  {
    it: 'should not allow access by TCP when a policy specifies only UDP',
    context: 'TCP', pods: ['x/a', 'y/a'], ports: [81],
    policies: [{ ns: 'x', name: 'allow-only-udp-ingress-on-port-81', spec: ingress([{ ports: [{ port: 81, protocol: 'UDP' }] }], podIs('a')) }],
    probes: [{ port: 81, protocol: 'TCP', expect: [{ allIngress: ['x/a', false] }] }],
  },
  {
    it: 'should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'z/a'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-client-a-via-ns-selector-for-immutable-ns-label', spec: ingress([{ from: [{ namespaceSelector: nsIs('y') }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ peer: [{ ns: 'x' }, { ns: 'x', pod: 'a' }, false] }, { peer: [{ ns: 'z' }, { ns: 'x', pod: 'a' }, false] }] }],
  },
  {
    it: 'should enforce policy based on NamespaceSelector with MatchExpressions using default ns label',
    context: 'TCP', pods: ['x/a', 'x/b', 'y/a', 'z/a'], ports: [80],
    policies: [{ ns: 'x', name: 'allow-ns-y-match-selector-for-immutable-ns-label', spec: egress([{ to: [{ namespaceSelector: { matchExpressions: [{ key: NS_KEY, operator: 'NotIn', values: ['y'] }] } }] }], podIs('a')) }],
    probes: [{ port: 80, protocol: 'TCP', expect: [{ peer: [{ ns: 'x', pod: 'a' }, { ns: 'y' }, false] }] }],
  },
  // "NetworkPolicy between server and client using UDP" and "… using SCTP"
  ...(['UDP', 'SCTP'] as const).flatMap((p): Case[] => [
    {
      it: "should support a 'default-deny-ingress' policy",
      context: p, pods: ['x/a', 'x/b', 'y/a', 'y/b'], ports: [80],
      policies: [{ ns: 'x', name: 'deny-all', spec: ingress([]) }],
      probes: [{ port: 80, protocol: p, expect: [{ peer: [{}, { ns: 'x' }, false] }] }],
    },
    {
      it: 'should enforce policy based on Ports',
      context: p, pods: ['x/a', 'x/b', 'y/a', 'z/a'], ports: [81],
      policies: [{ ns: 'x', name: 'allow-ingress-on-port-81-ns-x', spec: ingress([{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 81, protocol: p }] }], podIs('a')) }],
      probes: [{ port: 81, protocol: p, expect: [{ peer: [{ ns: 'x' }, { ns: 'x', pod: 'a' }, false] }, { peer: [{ ns: 'z' }, { ns: 'x', pod: 'a' }, false] }] }],
    },
    {
      it: 'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector',
      context: p, pods: ['x/a', 'x/b', 'y/a'], ports: [80],
      policies: [{ ns: 'x', name: 'allow-ns-y-pod-a-via-namespace-pod-selector', spec: ingress([{ from: [{ namespaceSelector: nsIs('y'), podSelector: podIs('a') }] }], podIs('a')) }],
      probes: [{ port: 80, protocol: p, expect: [{ allIngress: ['x/a', false] }, { one: ['y/a', 'x/a', true] }] }],
    },
  ]),
];

/** The cluster of one case, as the e2e framework creates it (bare pods, Running, with IPs). */
function objectsOf(c: Case): Obj[] {
  const protocols = c.protocols ?? [c.context];
  const namespaces = (['x', 'y', 'z'] as const).map((ns) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ns, ...(c.nsLabels?.[ns] ?? {}) } } }));
  const pods = c.pods.map((id) => {
    const [namespace, name] = id.split('/') as [string, string];
    const containers = c.ports.flatMap((port) =>
      protocols.map((protocol) => ({ name: `cont-${port}-${protocol.toLowerCase()}`, image: 'agnhost', ports: [{ containerPort: port, name: `serve-${port}-${protocol.toLowerCase()}`, protocol }] })),
    );
    return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: c.podLabels?.[id] ?? { pod: name } }, spec: { containers }, status: { phase: 'Running', podIP: ipOf(id), podIPs: [{ ip: ipOf(id) }] } };
  });
  const policies = c.policies.map((p) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: p.name, namespace: p.ns }, spec: p.spec }));
  return [...namespaces, ...pods, ...policies];
}

const matches = (p: Peer, pod: string) => (!p.ns || p.ns === pod.split('/')[0]) && (!p.pod || p.pod === pod.split('/')[1]);

/** reachability.go: a default-true truth table, then the operations in order. */
function expectedTable(pods: string[], ops: Op[]): Map<string, boolean> {
  const t = new Map<string, boolean>();
  for (const f of pods) for (const to of pods) t.set(`${f} -> ${to}`, true);
  for (const op of ops) {
    for (const f of pods) {
      for (const to of pods) {
        const key = `${f} -> ${to}`;
        if ('peer' in op && matches(op.peer[0], f) && matches(op.peer[1], to)) t.set(key, op.peer[2]);
        if ('allIngress' in op && to === op.allIngress[0]) t.set(key, op.allIngress[1]);
        if ('allEgress' in op && f === op.allEgress[0]) t.set(key, op.allEgress[1]);
        if ('one' in op && f === op.one[0] && to === op.one[1]) t.set(key, op.one[2]);
      }
    }
  }
  return t;
}

const rows = cases.flatMap((c) => c.probes.map((probe) => ({ name: `${c.context === 'TCP' ? '' : `[${c.context}] `}${c.it} — probe ${probe.port}/${probe.protocol}`, c, probe })));

describe(`upstream NetworkPolicy truth tables (${UPSTREAM})`, () => {
  it('ports at least the agreed number of distinct upstream tests', () => {
    expect(new Set(cases.map((c) => `${c.context} ${c.it.replace(/ \(step \d\)$/, '')}`)).size).toBeGreaterThanOrEqual(15);
  });

  it.each(rows)('$name', ({ c, probe }) => {
    const a = cluster(objectsOf(c));
    const expected = expectedTable(c.pods, probe.expect);
    const observed = new Map<string, boolean | null>();
    for (const f of c.pods) {
      for (const to of c.pods) {
        if (f === to) continue; // ignoreLoopback: upstream never judges a pod reaching itself
        const r = a.check({ from: f, to, port: probe.port, protocol: probe.protocol });
        if (!r.ok) throw new Error(r.error);
        observed.set(`${f} -> ${to}`, r.cell.allowed);
      }
    }
    const want = new Map([...expected].filter(([k]) => observed.has(k)));
    expect(Object.fromEntries(observed)).toEqual(Object.fromEntries(want));
  });
});
