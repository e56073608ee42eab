/**
 * Test builders for the internal (already parsed) model types, with defaults, so a semantic
 * test states only what its rule is about. Builders of raw manifests (objects as YAML decodes
 * them, so a test runs parsing too) are in manifests.ts; the Linkerd upstream-port fixtures in
 * semantics/upstream-l7-fixtures.ts.
 */
import type { Workload } from '../src/index.ts';
import { LINKERD_DEFAULTS, emptyInventory, type ContainerPort, type Inventory, type Namespace } from '../src/k8s/types.ts';
import { parseIp } from '../src/net/cidr.ts';

export function makeNamespace(name: string, over: Partial<Namespace> = {}): Namespace {
  return {
    name,
    labels: { 'kubernetes.io/metadata.name': name, ...(over.labels ?? {}) },
    annotations: over.annotations ?? {},
    implicit: over.implicit ?? false,
    defaultInboundPolicy: over.defaultInboundPolicy,
    ref: over.ref ?? { kind: 'Namespace', name },
  };
}

export interface WorkloadSpec extends Partial<Omit<Workload, 'ips' | 'ports'>> {
  /** `ns/name` */
  id: string;
  ips?: string[];
  /** `8080`, `8080/UDP`, `http:8080`, `http:8080/TCP` */
  ports?: (string | number)[];
}

export function parsePortSpec(p: string | number): ContainerPort {
  const text = String(p);
  const m = /^(?:([a-z0-9-]+):)?(\d+)(?:\/(TCP|UDP|SCTP))?$/.exec(text);
  if (!m) throw new Error(`bad port spec ${text}`);
  return { name: m[1], port: Number(m[2]), protocol: (m[3] as ContainerPort['protocol']) ?? 'TCP', container: 'app' };
}

export function makeWorkload(spec: WorkloadSpec): Workload {
  const [namespace, name] = spec.id.split('/') as [string, string];
  return {
    namespace,
    name,
    kind: 'Deployment',
    labels: { app: name },
    annotations: {},
    serviceAccount: 'default',
    podCount: 0,
    meshed: false,
    meshedBy: 'none',
    proxyInboundPort: LINKERD_DEFAULTS.proxyInboundPort,
    proxyAdminPort: LINKERD_DEFAULTS.proxyAdminPort,
    proxyControlPort: LINKERD_DEFAULTS.proxyControlPort,
    proxyPorts: [],
    hostNetwork: false,
    skipInboundPorts: [],
    opaquePorts: [],
    ref: { kind: spec.kind ?? 'Deployment', namespace, name },
    ...spec,
    ips: (spec.ips ?? []).map((s) => {
      const ip = parseIp(s);
      if (!ip) throw new Error(`bad ip ${s}`);
      return ip;
    }),
    ports: (spec.ports ?? []).map(parsePortSpec),
  } as Workload;
}

/** An inventory of the given parts; namespaces of the workloads are added when missing. */
export function makeInventory(parts: Partial<Inventory>): Inventory {
  const namespaces = [...(parts.namespaces ?? [])];
  for (const w of parts.workloads ?? []) {
    if (!namespaces.some((n) => n.name === w.namespace)) namespaces.push(makeNamespace(w.namespace));
  }
  return {
    ...emptyInventory(),
    ...parts,
    namespaces,
  };
}
