/**
 * Default inbound policy (SEMANTICS.md §5.1, issue 12 rules 1–2), ported from linkerd2
 * policy-controller/k8s/index/src/inbound/tests/annotation.rs and the code it exercises
 * (inbound/workload.rs Settings, inbound/index.rs default_inbound_server, defaults.rs).
 */
import { describe, it } from 'vitest';
import { DEFAULT_INBOUND_POLICIES, type DefaultInboundPolicy } from '../../src/index.ts';
import { namespace } from '../manifests.ts';
import { allClients, CLIENT_IDS, DEFAULT_MEANING, mkServer, pod0, runCase, testConfig, type Case } from './upstream-l7-fixtures.ts';

const ANNOTATION = 'tests/annotation.rs';
const POLICY = 'config.linkerd.io/default-inbound-policy';
const REQUIRE_ID = 'config.linkerd.io/proxy-require-identity-inbound-ports';
const every = (policy: DefaultInboundPolicy, port = 2222) => CLIENT_IDS.map((from, i) => ({ from, port, l7: DEFAULT_MEANING[policy][i]! }));
/** annotation.rs default_policy_annotated: the cluster default is the inverse, so the override shows. */
const inverse = (p: DefaultInboundPolicy): DefaultInboundPolicy => (p === 'deny' ? 'all-unauthenticated' : 'deny');
/** index.rs default_inbound_server: an `Allow` default becomes authenticated_only; deny and audit stay. */
const authenticatedForm: Record<DefaultInboundPolicy, DefaultInboundPolicy> = {
  deny: 'deny',
  'all-authenticated': 'all-authenticated',
  'all-unauthenticated': 'all-authenticated',
  'cluster-authenticated': 'cluster-authenticated',
  'cluster-unauthenticated': 'cluster-authenticated',
  audit: 'audit',
};

const cases: Case[] = [
  ...DEFAULT_INBOUND_POLICIES.map((p): Case => ({
    title: `rule 1: the pod's annotation ${p} overrides the cluster default ${inverse(p)}`,
    upstream: `${ANNOTATION} default_policy_annotated`,
    objects: [testConfig(inverse(p)), pod0({ annotations: { [POLICY]: p } }), ...allClients],
    checks: every(p),
  })),
  ...DEFAULT_INBOUND_POLICIES.map((p): Case => ({
    title: `rule 1: without an annotation the cluster default ${p} applies`,
    upstream: `${ANNOTATION} default_policy_annotated (before the annotation)`,
    objects: [testConfig(p), pod0(), ...allClients],
    checks: every(p),
  })),
  {
    title: 'rule 1: an invalid pod annotation falls back to the cluster default',
    upstream: `${ANNOTATION} default_policy_annotated_invalid`,
    objects: [testConfig(), pod0({ annotations: { [POLICY]: 'bogus' } }), ...allClients],
    checks: every('cluster-unauthenticated'),
    diagnostics: [{ code: 'invalid-object', name: 'pod-0' }],
  },
  {
    title: "rule 1: an invalid pod annotation falls back to the CLUSTER default, not the namespace's (the pod keeps its own value: the injector does not overwrite it)",
    upstream: `${ANNOTATION} default_policy_annotated_invalid; inbound/workload.rs Settings::from_metadata`,
    objects: [testConfig(), namespace('ns-0', {}, { [POLICY]: 'deny' }), pod0({ annotations: { [POLICY]: 'bogus' } }), ...allClients],
    checks: every('cluster-unauthenticated'),
    diagnostics: [{ code: 'invalid-object', severity: 'warning', path: `metadata.annotations['${POLICY}']`, name: 'pod-0' }],
  },
  {
    title: "rule 1: the namespace's annotation applies to a pod without one (the injector copies it onto the pod)",
    upstream: 'inbound/workload.rs (reads the pod annotation); pkg/inject AppendNamespaceAnnotations',
    objects: [testConfig(), namespace('ns-0', {}, { [POLICY]: 'all-authenticated' }), pod0(), ...allClients],
    checks: every('all-authenticated'),
  },
  {
    title: "rule 1: the pod's own valid value wins over the namespace's",
    upstream: 'inbound/workload.rs; pkg/inject AppendNamespaceAnnotations (existing keys are kept)',
    objects: [testConfig(), namespace('ns-0', {}, { [POLICY]: 'all-authenticated' }), pod0({ annotations: { [POLICY]: 'deny' } }), ...allClients],
    checks: every('deny'),
  },
  {
    title: 'rule 1: a pod carrying the namespace value itself (inherited by the injector) gets the same answer',
    upstream: 'pkg/inject AppendNamespaceAnnotations',
    objects: [testConfig(), namespace('ns-0', {}, { [POLICY]: 'all-authenticated' }), pod0({ annotations: { [POLICY]: 'all-authenticated' } }), ...allClients],
    checks: every('all-authenticated'),
  },
  {
    title: 'rule 1: an invalid namespace annotation (copied onto the pod as is) gives the cluster default',
    upstream: `${ANNOTATION} default_policy_annotated_invalid`,
    objects: [testConfig('deny'), namespace('ns-0', {}, { [POLICY]: 'bogus' }), pod0(), ...allClients],
    checks: every('deny'),
  },
  ...DEFAULT_INBOUND_POLICIES.map((p): Case => ({
    title: `rule 2: on a port in ${REQUIRE_ID}, the default ${p} becomes ${authenticatedForm[p]}`,
    upstream: `${ANNOTATION} authenticated_annotated; inbound/index.rs default_inbound_server`,
    objects: [testConfig(p), pod0({ annotations: { [REQUIRE_ID]: '2222' } }), ...allClients],
    checks: [...every(authenticatedForm[p]), ...every(p, 8080)],
  })),
  {
    title: 'rule 2: port ranges in the annotation count',
    upstream: 'k8s/index/src/ports.rs parse_portset',
    objects: [testConfig('all-unauthenticated'), pod0({ annotations: { [REQUIRE_ID]: '2000-3000, 9999' } }), ...allClients],
    checks: [...every('all-authenticated'), ...every('all-unauthenticated', 8080)],
  },
  {
    title: 'rule 2: one invalid entry makes the controller ignore the whole annotation (diagnosed)',
    upstream: 'inbound/workload.rs ports_annotation (invalid → empty set)',
    objects: [testConfig('all-unauthenticated'), pod0({ annotations: { [REQUIRE_ID]: '2222,http' } }), ...allClients],
    checks: every('all-unauthenticated'),
    diagnostics: [{ code: 'invalid-object', path: `metadata.annotations['${REQUIRE_ID}']`, name: 'pod-0' }],
  },
  {
    title: 'rule 2: a Server on the port is not affected (only the default server applies require-identity ports)',
    upstream: 'inbound/index.rs inbound_server / client_authzs (no require_id_ports)',
    objects: [testConfig('all-unauthenticated'), pod0({ annotations: { [REQUIRE_ID]: '2222' } }), mkServer('ns-0/srv-2222', 2222, { accessPolicy: 'all-unauthenticated' }), ...allClients],
    checks: every('all-unauthenticated'),
  },
  {
    title: "rule 2: the namespace's require-identity annotation applies to a pod without one (injector copy)",
    upstream: `${ANNOTATION} authenticated_annotated; pkg/inject AppendNamespaceAnnotations`,
    objects: [testConfig('all-unauthenticated'), namespace('ns-0', {}, { [REQUIRE_ID]: '2222' }), pod0(), ...allClients],
    checks: every('all-authenticated'),
  },
];

describe('upstream L7: default inbound policy (annotation.rs)', () => {
  it.each(cases)('$title', (c) => runCase(c));
});
