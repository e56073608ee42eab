/**
 * Which Server guards a workload's port (SEMANTICS.md §5.2), with the diagnostics Linkerd's
 * controller only logs: Servers selecting nothing, Servers whose name points at another
 * workload than the one they select (seed 002), and two Servers on the same pod and port.
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { Inventory, Server, Workload } from '../k8s/types.ts';
import { formatSelector } from '../selectors/labelSelector.ts';
import type { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { serverDestinations } from './attachments.ts';

export interface ServerIndex {
  serverFor(to: number, port: number): Server | undefined;
  /** Servers selecting `to`, with the container ports each resolves to on it. */
  serversFor(to: number): { server: Server; ports: number[] }[];
  selected(server: Server): WorkloadSet;
}

/**
 * The TCP container ports of `w` by name, as the policy controller indexes them
 * (workload.rs pod_tcp_ports_by_name: containers and init containers; names match exactly). A
 * meshed pod also has the injected proxy container's ports, `linkerd-proxy` and `linkerd-admin`.
 */
export function tcpPortsNamed(w: Workload, name: string): number[] {
  const declared = w.ports.filter((p) => p.name === name && p.protocol === 'TCP').map((p) => p.port);
  if (declared.length > 0 || !w.meshed) return declared;
  if (name === 'linkerd-admin') return [w.proxyAdminPort];
  if (name === 'linkerd-proxy') return [w.proxyInboundPort];
  return [];
}

/**
 * Ports of `w` a Server's port matches. A number is that port; a string is always a port name,
 * even "8080" (k8s/api/src/policy/server.rs `Port` is untagged Number | Name, and a JSON string
 * never deserializes as a number), resolved against the pod's TCP ports.
 */
export function serverPortsOn(server: Server, w: Workload): number[] {
  if (server.port.kind === 'number') return [server.port.number];
  return tcpPortsNamed(w, server.port.name);
}

/**
 * Precedence among conflicting Servers: oldest creationTimestamp, then name (linkerd2
 * policy-controller inbound/index.rs reindex_servers sorts by `created_at`, an
 * `Option<Time>`, then name; `None` orders before `Some`, so a Server without a timestamp —
 * manifests never applied — comes first, SEMANTICS §9). Timestamps compare as instants, so
 * `…:00Z` and `…:00.000Z` (a live client's Date) are equal.
 */
export function olderFirst(a: Server, b: Server): number {
  const ta = instant(a.createdAt);
  const tb = instant(b.createdAt);
  if (ta !== tb) return ta === undefined ? -1 : tb === undefined ? 1 : ta < tb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function instant(t: string | undefined): number | undefined {
  if (t === undefined || t === '') return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

export function buildServerIndex(inventory: Inventory, table: WorkloadTable, report: DiagnosticSink): ServerIndex {
  const selectedBy = new Map<Server, WorkloadSet>();
  const byWorkload = new Map<number, { server: Server; ports: number[] }[]>();
  for (const server of inventory.servers) {
    if (!server.podSelector) continue; // externalWorkloadSelector: out of scope, diagnosed by the parser
    const selected = serverDestinations(table, server);
    selectedBy.set(server, selected);
    let anyPort = false;
    for (const i of selected) {
      const ports = serverPortsOn(server, table.at(i));
      const w = table.at(i);
      const declared = server.port.kind === 'name' ? ports : ports.filter((p) => w.ports.some((c) => c.port === p && c.protocol === 'TCP'));
      if (declared.length > 0) anyPort = true;
      if (ports.length === 0) continue;
      let list = byWorkload.get(i);
      if (!list) byWorkload.set(i, (list = []));
      list.push({ server, ports });
    }
    const portText = server.port.kind === 'number' ? String(server.port.number) : `"${server.port.name}"`;
    if (selected.isEmpty()) {
      report.report({
        code: 'server-selects-nothing',
        severity: 'warning',
        object: server.ref,
        path: 'spec.podSelector',
        message: `podSelector ${formatSelector(server.podSelector)} matches no workload in namespace ${server.namespace}: this Server guards nothing.`,
      });
    } else if (!anyPort) {
      const named = server.port.kind === 'name';
      report.report({
        code: 'server-selects-nothing',
        severity: named ? 'warning' : 'info',
        object: server.ref,
        path: 'spec.port',
        workloads: table.ids(selected),
        message: named
          ? `port name ${portText} is not a TCP container port of the selected workloads (${table.ids(selected).join(', ')})${/^\d+$/.test(portText.replace(/"/g, '')) && named ? ' — a quoted number is a port name, not a number, for a Server' : ''}: this Server guards nothing.`
          : `port ${portText} is not a declared TCP container port of the selected workloads (${table.ids(selected).join(', ')}); the Server still governs connections to it if something listens there.`,
      });
    }
    const namesake = table.indexOf(`${server.namespace}/${server.name}`);
    if (namesake !== undefined && !selected.has(namesake) && !selected.isEmpty()) {
      report.report({
        code: 'server-name-mismatch',
        severity: 'info',
        object: server.ref,
        path: 'spec.podSelector',
        workloads: [`${server.namespace}/${server.name}`, ...table.ids(selected)],
        message: `Server "${server.name}" is named after workload ${server.namespace}/${server.name} but does not select it: its podSelector ${formatSelector(server.podSelector)} selects ${table.ids(selected).join(', ')}. ${server.namespace}/${server.name} falls back to its default policy on port ${portText}.`,
      });
    }
  }

  const winners = new Map<string, Server>();
  const reportedConflicts = new Set<string>();
  for (const [i, list] of byWorkload) {
    const byPort = new Map<number, Server[]>();
    for (const { server, ports } of list) for (const p of ports) byPort.set(p, [...(byPort.get(p) ?? []), server]);
    for (const [port, servers] of byPort) {
      const ordered = [...servers].sort(olderFirst);
      winners.set(`${i}|${port}`, ordered[0]!);
      if (ordered.length < 2) continue;
      const key = ordered.map((s) => s.name).join('|') + `|${port}`;
      if (reportedConflicts.has(key)) continue;
      reportedConflicts.add(key);
      report.report({
        code: 'server-conflict',
        severity: 'warning',
        object: ordered[1]!.ref,
        workloads: [table.at(i).id],
        port: `${port}/TCP`,
        message: `Servers ${ordered.map((s) => `${s.namespace}/${s.name}`).join(', ')} all select ${table.at(i).id} on port ${port}; Linkerd uses ${ordered[0]!.name}${ordered[0]!.createdAt ? ', the oldest' : ' (it has no creationTimestamp, which Linkerd orders first)'}, and ignores the others.`,
      });
    }
  }

  return {
    serverFor: (to, port) => winners.get(`${to}|${port}`),
    serversFor: (to) => byWorkload.get(to) ?? [],
    selected: (server) => selectedBy.get(server)!,
  };
}
