/**
 * Raw-manifest builders for semantic tests: each returns a plain Kubernetes object as YAML
 * would decode it, so a test exercises parsing and evaluation together. `cluster()` turns
 * them into an Analysis.
 */
import { analyze, buildInventory, type Analysis, type Cell, type Protocol, type SourcedObject } from '../src/index.ts';
import type { AnalyzeInput } from '../src/analysis/analyze.ts';

type Obj = Record<string, unknown>;

export interface WorkloadOpts {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  sa?: string;
  /** `8080`, `http:8080`, `53/UDP` */
  ports?: (string | number)[];
  meshed?: boolean;
  /** Pod IPs: adds a Pod owned by the Deployment's ReplicaSet with these IPs. */
  ips?: string[];
  /** spec.hostNetwork of the template (and pods). */
  hostNetwork?: boolean;
  /** status.phase of the pods added for `ips`. */
  phase?: string;
}

function containerPorts(ports: (string | number)[] = []): Obj[] {
  return ports.map((p) => {
    const m = /^(?:([a-z0-9-]+):)?(\d+)(?:\/(TCP|UDP|SCTP))?$/.exec(String(p))!;
    return { containerPort: Number(m[2]), ...(m[1] ? { name: m[1] } : {}), ...(m[3] ? { protocol: m[3] } : {}) };
  });
}

/** A Deployment `ns/name` labelled app=name (plus labels), optionally meshed, optionally with pods carrying IPs. */
export function deploy(id: string, o: WorkloadOpts = {}): Obj[] {
  const [namespace, name] = id.split('/') as [string, string];
  const labels = { app: name, ...(o.labels ?? {}) };
  const annotations = { ...(o.meshed ? { 'linkerd.io/inject': 'enabled' } : {}), ...(o.annotations ?? {}) };
  const podSpec = { ...(o.sa ? { serviceAccountName: o.sa } : {}), ...(o.hostNetwork ? { hostNetwork: true } : {}), containers: [{ name: 'app', image: 'x', ports: containerPorts(o.ports) }] };
  const out: Obj[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels, annotations }, spec: podSpec } },
    },
  ];
  (o.ips ?? []).forEach((ip, i) => {
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${name}-abc-${i}`, namespace, labels, annotations, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-abc`, uid: `uid-${namespace}-${name}-abc`, controller: true }] },
      spec: podSpec,
      status: { podIP: ip, ...(o.phase ? { phase: o.phase } : {}) },
    });
  });
  if (o.ips?.length) {
    out.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${name}-abc`, namespace, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: `uid-${namespace}-${name}`, controller: true }] },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels, annotations }, spec: podSpec } },
    });
  }
  return out;
}

export function namespace(name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, annotations } };
}

export function netpol(id: string, spec: Obj): Obj {
  const [ns, name] = id.split('/') as [string, string];
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

export function linkerd(kind: string, id: string, spec: Obj, version = 'v1alpha1', extraMeta: Obj = {}): Obj {
  const [ns, name] = id.split('/') as [string, string];
  return { apiVersion: `policy.linkerd.io/${version}`, kind, metadata: { name, namespace: ns, ...extraMeta }, spec };
}

export function server(id: string, selector: Record<string, string>, port: number | string, extra: Obj = {}, version = 'v1beta3', meta: Obj = {}): Obj {
  return linkerd('Server', id, { podSelector: { matchLabels: selector }, port, ...extra }, version, meta);
}

/** AuthorizationPolicy on a target with MeshTLS/Network/ServiceAccount refs given as `Kind:name`. */
export function authz(id: string, target: { kind: string; name: string; group?: string }, refs: string[]): Obj {
  return linkerd('AuthorizationPolicy', id, {
    targetRef: { group: target.group ?? (target.kind === 'Namespace' ? '' : 'policy.linkerd.io'), kind: target.kind, name: target.name },
    requiredAuthenticationRefs: refs.map((r) => {
      const [kind, name] = r.split(':') as [string, string];
      return { kind, name, group: kind === 'ServiceAccount' ? '' : 'policy.linkerd.io' };
    }),
  });
}

export function linkerdConfig(values: string): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'linkerd-config', namespace: 'linkerd' }, data: { values } };
}

export function cluster(objects: (Obj | Obj[])[], options: AnalyzeInput = {}): Analysis {
  const sourced: SourcedObject[] = objects.flat().map((object, i) => ({ object, file: 'test.yaml', line: i + 1 }));
  const { inventory, diagnostics } = buildInventory(sourced);
  return analyze(inventory, { ...options, inputDiagnostics: diagnostics });
}

export function flow(a: Analysis, from: string, to: string, port: number, protocol: Protocol = 'TCP'): Cell {
  const r = a.check({ from, to, port, protocol });
  if (!r.ok) throw new Error(r.error);
  return r.cell;
}

export function codes(a: Analysis): string[] {
  return a.diagnostics.map((d) => d.code);
}

/** A policy.networking.k8s.io object: AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1) or ClusterNetworkPolicy (v1alpha2). Cluster-scoped. */
export function adminPolicy(kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy', name: string, spec: Obj): Obj {
  return { apiVersion: `policy.networking.k8s.io/${kind === 'ClusterNetworkPolicy' ? 'v1alpha2' : 'v1alpha1'}`, kind, metadata: { name }, spec };
}

/** `{ namespaces: { matchLabels: { kubernetes.io/metadata.name: ns } } }` */
export function nsPeer(ns: string): Obj {
  return { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': ns } } };
}
