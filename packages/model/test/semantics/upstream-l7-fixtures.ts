/**
 * Shared data for the upstream-l7-* tests: linkerd2's policy-controller test configuration
 * (k8s/index/src/inbound/tests.rs TestConfig: cluster network 192.0.2.0/24, identity domain
 * cluster.example.com, control plane `linkerd`, default policy cluster-unauthenticated, no probe
 * networks — `from_default_policy` passes none, so no probe routes) as a
 * linkerd-config, client workloads of each kind, and a table runner: each case lists flows and
 * the L7 verdict upstream's index implies for them, plus the diagnostics it must raise.
 */
import { expect } from 'vitest';
import type { DefaultInboundPolicy, Protocol } from '../../src/index.ts';
import type { AnalyzeInput } from '../../src/analysis/analyze.ts';
import type { L7Verdict } from '../../src/verdict/types.ts';
import { cluster, deploy, flow, linkerd, linkerdConfig } from '../manifests.ts';

export type Obj = Record<string, unknown>;

export const TRUST = 'cluster.example.com';
export const id = (sa: string, ns: string) => `${sa}.${ns}.serviceaccount.identity.linkerd.${TRUST}`;

/** tests.rs TestConfig::from_default_policy as a linkerd-config. */
export const testConfig = (policy: DefaultInboundPolicy = 'cluster-unauthenticated'): Obj =>
  linkerdConfig(`proxy:\n  defaultInboundPolicy: ${policy}\npolicyController:\n  probeNetworks: []\nclusterNetworks: "192.0.2.0/24"\nidentityTrustDomain: ${TRUST}\n`);

/** tests.rs mk_pod("ns-0", "pod-0") labelled app=app-0, meshed. */
export const pod0 = (o: { ports?: (string | number)[]; annotations?: Record<string, string> } = {}) =>
  deploy('ns-0/pod-0', { meshed: true, labels: { app: 'app-0' }, ports: o.ports ?? [8080, 2222], annotations: o.annotations, sa: 'pod-0' });

/** Clients: meshed/unmeshed, inside/outside the cluster network. */
export const clients = {
  meshIn: deploy('c/mesh-in', { meshed: true, sa: 'foo', ips: ['192.0.2.10'] }),
  plainIn: deploy('c/plain-in', { sa: 'foo', ips: ['192.0.2.11'] }),
  plainOut: deploy('c/plain-out', { sa: 'foo', ips: ['203.0.113.9'] }),
  meshOut: deploy('c/mesh-out', { meshed: true, sa: 'foo', ips: ['203.0.113.10'] }),
};
export const allClients = Object.values(clients);
export const CLIENT_IDS = ['c/mesh-in', 'c/plain-in', 'c/plain-out', 'c/mesh-out'] as const;

/** defaults.rs default_authzs: what each default admits, for [mesh-in, plain-in, plain-out, mesh-out]. */
export const DEFAULT_MEANING: Record<DefaultInboundPolicy, [L7Verdict, L7Verdict, L7Verdict, L7Verdict]> = {
  'all-unauthenticated': ['open', 'open', 'open', 'open'],
  'all-authenticated': ['authenticated', 'deny', 'deny', 'authenticated'],
  'cluster-unauthenticated': ['open', 'open', 'deny', 'deny'],
  'cluster-authenticated': ['authenticated', 'deny', 'deny', 'deny'],
  deny: ['deny', 'deny', 'deny', 'deny'],
  audit: ['open', 'open', 'open', 'open'],
};

/** tests.rs mk_server: a policy.linkerd.io Server (v1beta3) selecting app=app-0. */
export const mkServer = (id: string, port: number | string, extra: Obj = {}, labels: Record<string, string> = {}, version = 'v1beta3'): Obj => {
  const [ns, name] = id.split('/') as [string, string];
  return { apiVersion: `policy.linkerd.io/${version}`, kind: 'Server', metadata: { name, namespace: ns, labels }, spec: { podSelector: { matchLabels: { app: 'app-0' } }, port, proxyProtocol: 'HTTP/1', ...extra } };
};

export const ref = (kind: string, name: string, o: { group?: string | null; namespace?: string } = {}): Obj => ({
  ...(o.group === null ? {} : { group: o.group ?? (kind === 'ServiceAccount' || kind === 'Namespace' ? '' : 'policy.linkerd.io') }),
  kind,
  name,
  ...(o.namespace ? { namespace: o.namespace } : {}),
});

export const mkPolicy = (id: string, targetRef: Obj, refs: Obj[]): Obj => linkerd('AuthorizationPolicy', id, { targetRef, requiredAuthenticationRefs: refs });

export interface Check {
  from: string;
  to?: string;
  port?: number;
  protocol?: Protocol;
  l7: L7Verdict;
}

export interface Case {
  title: string;
  /** The upstream file (and test function) the facts come from. */
  upstream: string;
  objects: (Obj | Obj[])[];
  options?: AnalyzeInput;
  checks: Check[];
  /** Diagnostics that must be raised: code, and optionally severity, JSON path and object name. */
  diagnostics?: { code: string; severity?: string; path?: string; name?: string }[];
  /** Codes that must not be raised. */
  absent?: string[];
}

export function runCase(c: Case): void {
  const a = cluster(c.objects, c.options);
  for (const k of c.checks) {
    const to = k.to ?? 'ns-0/pod-0';
    const port = k.port ?? 8080;
    expect(flow(a, k.from, to, port, k.protocol ?? 'TCP').l7, `${k.from} → ${to}:${port}`).toBe(k.l7);
  }
  for (const d of c.diagnostics ?? []) {
    const hit = a.diagnostics.find((x) => x.code === d.code && (!d.severity || x.severity === d.severity) && (!d.path || x.path === d.path) && (!d.name || x.object?.name === d.name));
    expect(hit, `diagnostic ${JSON.stringify(d)} among ${a.diagnostics.map((x) => `${x.code}@${x.object?.name}:${x.path}`).join(', ')}`).toBeDefined();
  }
  for (const code of c.absent ?? []) expect(a.diagnostics.map((x) => x.code)).not.toContain(code);
}
