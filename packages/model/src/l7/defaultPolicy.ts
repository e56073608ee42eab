/**
 * Linkerd's default inbound policies (SEMANTICS.md §5.1): which one applies to a destination
 * and where it came from, and what it means for each client, as a partition of all sources.
 */
import type { DefaultInboundPolicy, Inventory, Workload } from '../k8s/types.ts';
import { LINKERD_DEFAULTS } from '../k8s/types.ts';
import { cidrContains, parseCidr, type Cidr } from '../net/cidr.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';

export type DefaultPolicySource = 'workload annotation' | 'namespace annotation' | 'cluster (linkerd-config)' | '--linkerd-default-policy' | 'built-in default' | 'Server accessPolicy';

export interface AppliedDefault {
  policy: DefaultInboundPolicy;
  from: DefaultPolicySource;
}

export interface DefaultClasses {
  open: WorkloadSet;
  authenticated: WorkloadSet;
  deny: WorkloadSet;
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

export function defaultPolicyFor(dst: Workload, inventory: Inventory, table: WorkloadTable, override?: DefaultInboundPolicy): AppliedDefault {
  if (dst.defaultInboundPolicy) return { policy: dst.defaultInboundPolicy, from: 'workload annotation' };
  const ns = table.namespace(dst.namespace);
  if (ns?.defaultInboundPolicy) return { policy: ns.defaultInboundPolicy, from: 'namespace annotation' };
  if (override) return { policy: override, from: '--linkerd-default-policy' };
  if (inventory.linkerdConfig?.defaultInboundPolicy) return { policy: inventory.linkerdConfig.defaultInboundPolicy, from: 'cluster (linkerd-config)' };
  return { policy: LINKERD_DEFAULTS.defaultInboundPolicy, from: 'built-in default' };
}

export function defaultClasses(policy: DefaultInboundPolicy, table: WorkloadTable, inside: WorkloadSet): DefaultClasses {
  const none = () => WorkloadSet.empty(table.size);
  switch (policy) {
    case 'all-unauthenticated':
    case 'audit':
      return { open: table.all.clone(), authenticated: none(), deny: none() };
    case 'cluster-unauthenticated':
      return { open: inside.clone(), authenticated: none(), deny: table.all.minus(inside) };
    case 'all-authenticated':
      return { open: none(), authenticated: table.meshed.clone(), deny: table.all.minus(table.meshed) };
    case 'cluster-authenticated': {
      const ok = table.meshed.intersect(inside);
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
  return `default inbound policy ${d.policy} (from ${d.from}) ${MEANING[d.policy]}`;
}
