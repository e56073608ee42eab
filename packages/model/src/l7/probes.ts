/**
 * Probe paths (linkerd2 policy-controller/k8s/index/src/inbound/index.rs
 * default_inbound_http_routes; tests/http_routes.rs routes_created_for_probes): on a port whose
 * Server has no HTTPRoute (or that no Server guards), the policy controller adds a route matching
 * `GET` of each of the pod's HTTP probe paths on that port, authorized for unauthenticated clients
 * from the probe networks (linkerd-config `policyController.probeNetworks`, by default every
 * network). So a client the port's policy refuses still reaches those paths — `partial` at L7.
 * Opaque and TLS ports have no HTTP routes, a gRPC Server only gRPC routes: no probe route there.
 */
import type { Cidr } from '../net/cidr.ts';
import { cidrContains, parseCidr } from '../net/cidr.ts';
import type { Inventory, Server, Workload } from '../k8s/types.ts';
import { LINKERD_DEFAULTS } from '../k8s/types.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { inPortRanges } from '../verdict/cniPort.ts';

/** The chart's default probe networks, 0.0.0.0/0 and ::/0. */
export const DEFAULT_PROBE_NETWORKS: readonly Cidr[] = LINKERD_DEFAULTS.probeNetworks.map((c) => parseCidr(c)!);

export function probeNetworksOf(inventory: Inventory): readonly Cidr[] {
  return inventory.linkerdConfig?.probeNetworks ?? DEFAULT_PROBE_NETWORKS;
}

/** The probe paths of `w` on `port`, sorted; empty when none. */
export function probePathsOn(w: Workload, port: number): string[] {
  return [...new Set(w.httpProbes.filter((p) => p.port === port).map((p) => p.path))].sort();
}

/**
 * Whether the port's inbound server carries the probe route: HTTP (or protocol detection), and
 * no HTTPRoute attached to its Server. `server` undefined: the default server, opaque when the
 * port is in the workload's opaque ports (inbound/index.rs default_inbound_server).
 */
export function carriesProbeRoute(w: Workload, port: number, server: Server | undefined, routes: number): boolean {
  if (!server) return !inPortRanges(w.opaquePorts, port);
  if (server.proxyProtocol !== 'unknown' && server.proxyProtocol !== 'HTTP/1' && server.proxyProtocol !== 'HTTP/2') return false;
  return routes === 0;
}

/**
 * The clients in the probe networks: everyone when they cover every IPv4 and IPv6 address; else
 * the workloads whose IPs are all known and inside (an unknown IP satisfies no network, as for a
 * NetworkAuthentication).
 */
export function probeClients(table: WorkloadTable, networks: readonly Cidr[]): WorkloadSet {
  const everything = networks.some((c) => c.family === 4 && c.prefix === 0) && networks.some((c) => c.family === 6 && c.prefix === 0);
  if (everything) return table.all.clone();
  if (networks.length === 0) return WorkloadSet.empty(table.size);
  return WorkloadSet.of(table.size, table.workloads.flatMap((w, i) => (w.ips.length > 0 && w.ips.every((ip) => networks.some((c) => cidrContains(c, ip))) ? [i] : [])));
}
