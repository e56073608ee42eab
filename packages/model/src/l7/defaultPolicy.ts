/**
 * Linkerd's default inbound policies (SEMANTICS.md §5.1): which one applies to a destination
 * and where it came from, and what it means for each client, as a partition of all sources.
 *
 * Upstream: linkerd2 policy-controller/k8s/index/src/inbound/workload.rs (Settings: the pod's
 * `config.linkerd.io/default-inbound-policy`; an invalid value is logged and ignored, so the
 * cluster default applies), index.rs default_inbound_server (ports in
 * `config.linkerd.io/proxy-require-identity-inbound-ports` turn an `Allow` default into its
 * authenticated form; `deny` and `audit` are unchanged; Servers are not affected), defaults.rs.
 * The controller reads only the pod's annotations: a namespace's value reaches it because the
 * proxy injector copies it onto pods that set none (pkg/inject AppendNamespaceAnnotations).
 */
import type { DefaultInboundPolicy, Inventory, PortRange, Workload } from '../k8s/types.ts';
import { DEFAULT_INBOUND_POLICIES, LINKERD_DEFAULTS } from '../k8s/types.ts';
import { cidrContains, parseCidr, type Cidr } from '../net/cidr.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { isOneOf } from '../util/isOneOf.ts';

export type DefaultPolicySource = 'workload annotation' | 'namespace annotation' | 'cluster (linkerd-config)' | '--linkerd-default-policy' | 'built-in default' | 'Server accessPolicy';

export interface AppliedDefault {
  policy: DefaultInboundPolicy;
  from: DefaultPolicySource;
  /** Why this and not what the user may expect (invalid annotation, identity-required port). */
  notes?: string[];
}

export interface DefaultClasses {
  open: WorkloadSet;
  authenticated: WorkloadSet;
  deny: WorkloadSet;
}

export const DEFAULT_POLICY_ANNOTATION = 'config.linkerd.io/default-inbound-policy';
export const REQUIRE_IDENTITY_ANNOTATION = 'config.linkerd.io/proxy-require-identity-inbound-ports';

/**
 * A proxy configuration annotation as the proxy sees it: the workload's own value, else its
 * namespace's (the injector copies namespace `config.linkerd.io/*` annotations onto pods that do
 * not set them; the pod's own value wins). Right whether or not the workload's annotations
 * already carry the inherited value.
 */
export function proxyAnnotation(w: Workload, table: WorkloadTable, key: string): string | undefined {
  return w.annotations[key] ?? table.namespace(w.namespace)?.annotations[key];
}

export function isDefaultPolicy(v: string): v is DefaultInboundPolicy {
  return isOneOf(DEFAULT_INBOUND_POLICIES, v);
}

export function clusterNetworksOf(inventory: Inventory): Cidr[] {
  if (inventory.linkerdConfig && inventory.linkerdConfig.clusterNetworks.length > 0) return inventory.linkerdConfig.clusterNetworks;
  return LINKERD_DEFAULTS.clusterNetworks.map((c) => parseCidr(c)!);
}

/** Workloads inside the cluster networks; a workload whose IP is unknown counts as inside (§5.1). */
export function insideClusterNetworks(table: WorkloadTable, networks: Cidr[]): WorkloadSet {
  return WorkloadSet.of(
    table.size,
    table.workloads.flatMap((w, i) => (w.ips.length === 0 || w.ips.every((ip) => networks.some((c) => cidrContains(c, ip))) ? [i] : [])),
  );
}

/** The cluster-wide default: `--linkerd-default-policy`, else linkerd-config, else Linkerd's chart default. */
export function clusterDefault(inventory: Inventory, override?: DefaultInboundPolicy): AppliedDefault {
  if (override) return { policy: override, from: '--linkerd-default-policy' };
  if (inventory.linkerdConfig?.defaultInboundPolicy) return { policy: inventory.linkerdConfig.defaultInboundPolicy, from: 'cluster (linkerd-config)' };
  return { policy: LINKERD_DEFAULTS.defaultInboundPolicy, from: 'built-in default' };
}

export function defaultPolicyFor(dst: Workload, inventory: Inventory, table: WorkloadTable, override?: DefaultInboundPolicy): AppliedDefault {
  const ns = table.namespace(dst.namespace);
  const own = dst.annotations[DEFAULT_POLICY_ANNOTATION];
  const inherited = ns?.annotations[DEFAULT_POLICY_ANNOTATION];
  const raw = own ?? inherited;
  if (raw !== undefined) {
    const from: DefaultPolicySource = own === undefined || own === inherited ? 'namespace annotation' : 'workload annotation';
    if (isDefaultPolicy(raw)) return { policy: raw, from };
    const cluster = clusterDefault(inventory, override);
    const nsValid = inherited !== undefined && isDefaultPolicy(inherited) && from === 'workload annotation' ? `, not the namespace's ${inherited}` : '';
    return { ...cluster, notes: [`the ${from} ${DEFAULT_POLICY_ANNOTATION}="${raw}" is not a default policy: Linkerd's policy controller ignores it and uses the cluster default${nsValid}`] };
  }
  // Inventories built directly (not from manifests) may carry the parsed value only.
  if (dst.defaultInboundPolicy) return { policy: dst.defaultInboundPolicy, from: 'workload annotation' };
  if (ns?.defaultInboundPolicy) return { policy: ns.defaultInboundPolicy, from: 'namespace annotation' };
  return clusterDefault(inventory, override);
}

/**
 * `config.linkerd.io/proxy-require-identity-inbound-ports` as the policy controller reads it
 * (ports.rs parse_portset: comma-separated ports and ranges; any invalid entry makes the whole
 * annotation ignored — `undefined` then, so the caller can say so).
 */
export function parseRequireIdentityPorts(text: string | undefined): PortRange[] | undefined {
  if (text === undefined) return [];
  const out: PortRange[] = [];
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to > 65535 || from > to) return undefined;
    out.push({ from, to });
  }
  return out;
}

/** index.rs default_inbound_server: on an identity-required port an `Allow` default admits authenticated clients only. */
export function requireIdentity(policy: DefaultInboundPolicy): DefaultInboundPolicy {
  if (policy === 'all-unauthenticated') return 'all-authenticated';
  if (policy === 'cluster-unauthenticated') return 'cluster-authenticated';
  return policy;
}

/**
 * The partition a default policy makes of all sources. `meshed`: the clients that arrive with a
 * mesh identity on this port (meshed, and not skipping it outbound).
 */
export function defaultClasses(policy: DefaultInboundPolicy, table: WorkloadTable, inside: WorkloadSet, meshed: WorkloadSet): DefaultClasses {
  const none = () => WorkloadSet.empty(table.size);
  switch (policy) {
    case 'all-unauthenticated':
    case 'audit':
      return { open: table.all.clone(), authenticated: none(), deny: none() };
    case 'cluster-unauthenticated':
      return { open: inside.clone(), authenticated: none(), deny: table.all.minus(inside) };
    case 'all-authenticated':
      return { open: none(), authenticated: meshed.clone(), deny: table.all.minus(meshed) };
    case 'cluster-authenticated': {
      const ok = meshed.intersect(inside);
      return { open: none(), authenticated: ok, deny: table.all.minus(ok) };
    }
    case 'deny':
      return { open: none(), authenticated: none(), deny: table.all.clone() };
  }
}

const MEANING: Record<DefaultInboundPolicy, string> = {
  'all-unauthenticated': 'lets every client in',
  audit: 'lets every client in (audit mode only logs what it would deny)',
  'cluster-unauthenticated': 'lets in clients from the cluster networks',
  'all-authenticated': 'lets in meshed (mTLS) clients only',
  'cluster-authenticated': 'lets in meshed clients from the cluster networks only',
  deny: 'denies every client',
};

export function describeDefault(d: AppliedDefault): string {
  return `default inbound policy ${d.policy} (from ${d.from}) ${MEANING[d.policy]}${d.notes?.length ? ` — ${d.notes.join('; ')}` : ''}`;
}
