/**
 * Which port the CNI sees between two meshed pods depends on the control plane's outbound
 * transport mode (SEMANTICS §4). The destination controller tells a client's proxy, per endpoint,
 * whether to open the connection to the server proxy's inbound port (an "opaque transport" hint)
 * or to the application port itself (linkerd2 controller/api/destination/endpoint_translator.go
 * createWeightedAddr): with `-outbound-transport-mode=transport-header` (the chart's default
 * since edge-25.3.2, #13715) every port that is not a skipped inbound port or a proxy "meta port";
 * with `transparent`, only the ports that are opaque — the pod's `config.linkerd.io/opaque-ports`
 * annotation, else the controller's default opaque ports, or a Server with
 * `proxyProtocol: opaque` selecting the pod and port (watcher/endpoints_watcher.go
 * SetToServerProtocol).
 *
 * Here that becomes `Workload.opaqueTransportPorts`, set on meshed workloads when linkerd-config
 * says `transparent`; verdict/cniPort.ts reads it.
 */
import { matchesSelector } from '../../selectors/labelSelector.ts';
import type { LinkerdConfig, PortRange, Server, Workload } from '../types.ts';

const OPAQUE_PORTS_ANNOTATION = 'config.linkerd.io/opaque-ports';

function opaqueServersByNamespace(servers: readonly Server[]): Map<string, Server[]> {
  const out = new Map<string, Server[]>();
  for (const s of servers) {
    // A Server without a podSelector (externalWorkloadSelector) selects no pod.
    if (s.proxyProtocol !== 'opaque' || !s.podSelector) continue;
    const list = out.get(s.namespace);
    if (list) list.push(s);
    else out.set(s.namespace, [s]);
  }
  return out;
}

/**
 * What the workloads' `opaqueTransportPorts` are computed from, as one string: the workloads a
 * build keeps from the previous one (buildInventory's WorkloadMemo) are kept only while it is the same.
 */
export function opaqueTransportKey(config: LinkerdConfig | undefined, servers: readonly Server[]): string {
  if (config?.outboundTransportMode !== 'transparent') return '';
  const opaque = [...opaqueServersByNamespace(servers).values()].flat().map((s) => [s.namespace, s.name, s.podSelector, s.port]);
  return JSON.stringify([config.defaultOpaquePorts, opaque]);
}

/** The ports a Server's port names on `w`: a number is itself; a name, the container ports of that name. */
function serverPorts(server: Server, w: Workload): number[] {
  if (server.port.kind === 'number') return [server.port.number];
  const name = server.port.name;
  return w.ports.filter((p) => p.name === name).map((p) => p.port);
}

/** Sets `opaqueTransportPorts` on the meshed workloads when the control plane is in transparent mode. */
export function applyOpaqueTransport(workloads: readonly Workload[], config: LinkerdConfig | undefined, servers: readonly Server[]): void {
  if (config?.outboundTransportMode !== 'transparent') return;
  const byNamespace = opaqueServersByNamespace(servers);
  for (const w of workloads) {
    if (!w.meshed) continue;
    // The pod's annotation (the injector copies the namespace's onto it), else the defaults
    // (watcher/workload_watcher.go GetAnnotatedOpaquePorts: an empty annotation means none).
    const ports: PortRange[] = [...(OPAQUE_PORTS_ANNOTATION in w.annotations ? w.opaquePorts : config.defaultOpaquePorts)];
    for (const s of byNamespace.get(w.namespace) ?? []) {
      if (!matchesSelector(s.podSelector!, w.labels)) continue;
      for (const p of serverPorts(s, w)) ports.push({ from: p, to: p });
    }
    w.opaqueTransportPorts = ports;
  }
}
