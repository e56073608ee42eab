/**
 * Where the layers meet (SEMANTICS.md §4): the port the CNI — and so NetworkPolicy — sees.
 * Between two meshed workloads a TCP connection leaves the client's proxy for the server
 * proxy's inbound port, unless one of the proxies is told to leave that port alone.
 */
import type { Protocol, PortRange, Workload } from '../k8s/types.ts';

export function inPortRanges(ranges: readonly PortRange[], port: number): boolean {
  return ranges.some((r) => port >= r.from && port <= r.to);
}

/** Parses `config.linkerd.io/skip-outbound-ports`-style lists: `25,587,4000-4100`. Invalid parts are ignored here (the parser reports them). */
export function portRangesOf(text: string | undefined): PortRange[] {
  if (!text) return [];
  const out: PortRange[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from >= 1 && to <= 65535 && from <= to) out.push({ from, to });
  }
  return out;
}

/**
 * True when a connection to `port` of the meshed workload `to` is reached directly, never
 * through its proxy's inbound port: the ports it skips (config.linkerd.io/skip-inbound-ports)
 * and the proxy's own admin and control ports. Upstream: the destination controller gives
 * neither skipped inbound ports nor these "meta ports" an opaque-transport hint
 * (linkerd2 controller/api/destination/endpoint_translator.go, getPodMetaPorts), and
 * proxy-init leaves them out of the inbound redirect. Under a control plane in transparent
 * outbound transport mode, also every port that is not opaque (`opaqueTransportPorts`,
 * k8s/linkerd/outboundTransport.ts): the client's proxy connects to the application port and the
 * server's redirect takes it to the proxy inside the pod, past the CNI.
 */
export function reachedDirectly(to: Workload, port: number): boolean {
  if (to.opaqueTransportPorts && !inPortRanges(to.opaqueTransportPorts, port)) return true;
  return inPortRanges(to.skipInboundPorts, port) || port === to.proxyAdminPort || port === to.proxyControlPort;
}

/** True when the flow travels proxy to proxy, so the CNI sees the destination's inbound port. */
export function isProxiedFlow(from: Workload, to: Workload, port: number, protocol: Protocol): boolean {
  if (protocol !== 'TCP' || !from.meshed || !to.meshed) return false;
  if (reachedDirectly(to, port)) return false;
  // The client's proxy leaves skip-outbound-ports alone (its own annotation, or its namespace's,
  // merged into `annotations` for meshed workloads): the CNI sees the application port.
  if (inPortRanges(portRangesOf(from.annotations['config.linkerd.io/skip-outbound-ports']), port)) return false;
  return true;
}

/** The port on which L4 decides the flow (`l4Port`). */
export function cniPort(from: Workload, to: Workload, port: number, protocol: Protocol): number {
  return isProxiedFlow(from, to, port, protocol) ? to.proxyInboundPort : port;
}
