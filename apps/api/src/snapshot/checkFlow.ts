/**
 * Answers POST /api/v1/check from an Analysis: parses the destination (workload or Service,
 * optional `:port[/protocol]`), resolves a Service to the workloads it selects and their
 * target ports, and asks the model for each flow. Never throws on user input: an unknown name
 * is a 404 outcome, a contradictory question a 400.
 */
import { isOneOf, isExternalId, PROTOCOLS, resolveService, type Analysis, type Cell, type Protocol, type Workload } from '@accessgraph/model';
import type { CheckBody, CheckResponse } from '../schemas/check.ts';

export { resolveService } from '@accessgraph/model';

export type CheckOutcome = { ok: true; answer: Omit<CheckResponse, 'snapshot'> } | { ok: false; status: 400 | 404; message: string };

interface Destination {
  explicitService: boolean;
  namespace: string;
  name: string;
  /** `ns/<kind>/name`: the kind-qualified id of a workload whose namespace/name another kind shares. */
  kind?: string;
  /** A number, or a port name. */
  port?: number | string;
  protocol?: Protocol;
}

const DESTINATION = /^(?:(service|svc)\/)?([^/\s:]+)\/(?:([a-z]+)\/)?([^/\s:]+)(?::([0-9A-Za-z-]+)(?:\/([A-Za-z]+))?)?$/;

function parseDestination(to: string): Destination | string {
  const m = DESTINATION.exec(to);
  if (!m) return `destination "${to}" is not ns/name[:port[/protocol]]`;
  const [, svc, namespace = '', kind, name = '', port, proto] = m;
  if (svc !== undefined && kind !== undefined) return `destination "${to}": a Service is service/ns/name`;
  const d: Destination = { explicitService: svc !== undefined, namespace, name, ...(kind !== undefined ? { kind } : {}) };
  if (port !== undefined) {
    if (/^[0-9]+$/.test(port)) {
      const n = Number(port);
      if (n < 1 || n > 65535) return `port ${port} is not in 1-65535`;
      d.port = n;
    } else d.port = port;
  }
  if (proto !== undefined) {
    const p = proto.toUpperCase();
    if (!isOneOf(PROTOCOLS, p)) return `protocol ${proto} is not one of ${PROTOCOLS.join(', ')}`;
    d.protocol = p as Protocol;
  }
  return d;
}

function combined(cells: Cell[]): boolean | null {
  if (cells.length === 0) return null;
  if (cells.some((c) => c.allowed === false)) return false;
  if (cells.some((c) => c.allowed === null)) return null;
  return true;
}

/** One entry per (port, protocol) a workload declares. */
function declaredPorts(w: Workload): { port: number; protocol: Protocol }[] {
  const seen = new Map<string, { port: number; protocol: Protocol }>();
  for (const p of w.ports) seen.set(`${p.port}/${p.protocol}`, { port: p.port, protocol: p.protocol });
  return [...seen.values()];
}

/** `external:<CIDR>[:port[/protocol]]` (IPv6 too: the CIDR ends at its `/prefix`). */
const EXTERNAL = /^(external:[0-9A-Fa-f.:]+\/\d{1,3})(?::([0-9A-Za-z-]+)(?:\/([A-Za-z]+))?)?$/;

/**
 * A flow with one side outside the cluster (issue 17): `from` or `to` is `external:<CIDR>`.
 * The port is a number (an outside peer declares no ports); without one, the workload's
 * declared ports are asked when it is the destination.
 */
function checkOutsideFlow(analysis: Analysis, body: CheckBody): CheckOutcome {
  let to = body.to;
  let port: number | undefined = body.port;
  let protocol: Protocol | undefined = body.protocol;
  const m = EXTERNAL.exec(body.to);
  const parsedPort = (text: string | undefined, proto: string | undefined): string | undefined => {
    if (text !== undefined) {
      if (!/^[0-9]+$/.test(text)) return `an outside peer declares no ports: give a port number, not "${text}"`;
      const n = Number(text);
      if (n < 1 || n > 65535) return `port ${text} is not in 1-65535`;
      if (port !== undefined && port !== n) return `two ports given: ${n} in "to" and ${port} in "port"`;
      port = n;
    }
    if (proto !== undefined) {
      const p = proto.toUpperCase();
      if (!isOneOf(PROTOCOLS, p)) return `protocol ${proto} is not one of ${PROTOCOLS.join(', ')}`;
      if (protocol !== undefined && protocol !== p) return `two protocols given: ${p} in "to" and ${protocol} in "protocol"`;
      protocol = p as Protocol;
    }
    return undefined;
  };
  if (m) {
    to = m[1]!;
    const bad = parsedPort(m[2], m[3]);
    if (bad) return { ok: false, status: 400, message: bad };
  } else if (isExternalId(body.to)) {
    return { ok: false, status: 400, message: `destination "${body.to}" is not external:<CIDR>[:port[/protocol]]` };
  } else {
    const d = parseDestination(body.to);
    if (typeof d === 'string') return { ok: false, status: 400, message: d };
    if (d.explicitService) return { ok: false, status: 400, message: 'from outside the cluster, give the workload (ns/name), not a Service: exposure paths are read from the workload' };
    to = d.kind !== undefined ? `${d.namespace}/${d.kind}/${d.name}` : `${d.namespace}/${d.name}`;
    if (typeof d.port === 'string') {
      const w = analysis.table.indexOf(to) !== undefined ? analysis.table.at(analysis.table.indexOf(to)!) : undefined;
      const named = w?.ports.filter((p) => p.name === d.port) ?? [];
      if (named.length === 0) return { ok: false, status: 400, message: `${to} declares no port named ${d.port}` };
      port = named[0]!.port;
      protocol ??= named[0]!.protocol;
    } else {
      const bad = parsedPort(d.port !== undefined ? String(d.port) : undefined, d.protocol);
      if (bad) return { ok: false, status: 400, message: bad };
    }
  }
  const base = { from: body.from, to: body.to };
  const workload = isExternalId(body.from) ? to : body.from;
  const index = analysis.table.indexOf(workload);
  if (!isExternalId(workload) && index === undefined) return { ok: false, status: 404, message: `no workload ${workload}` };
  let flows: { port: number; protocol: Protocol }[];
  if (port !== undefined) flows = [{ port, protocol: protocol ?? 'TCP' }];
  else if (isExternalId(body.from) && index !== undefined) {
    flows = declaredPorts(analysis.table.at(index)).filter((p) => !protocol || p.protocol === protocol);
    if (flows.length === 0) return { ok: false, status: 400, message: `${workload} declares no container ports${protocol ? ` for ${protocol}` : ''}: give a port` };
  } else return { ok: false, status: 400, message: `${to} is outside the cluster and declares no ports: give one (${to}:443)` };
  const cells: Cell[] = [];
  for (const f of flows) {
    const r = analysis.check({ from: body.from, to, port: f.port, protocol: f.protocol });
    if (!r.ok) return { ok: false, status: /^no workload /.test(r.error) ? 404 : 400, message: r.error };
    cells.push(r.cell);
  }
  return { ok: true, answer: { ...base, allowed: combined(cells), cells } };
}

export function checkFlow(analysis: Analysis, body: CheckBody): CheckOutcome {
  if (isExternalId(body.from) || isExternalId(body.to)) return checkOutsideFlow(analysis, body);
  const dest = parseDestination(body.to);
  if (typeof dest === 'string') return { ok: false, status: 400, message: dest };
  if (body.port !== undefined && dest.port !== undefined && body.port !== dest.port) {
    return { ok: false, status: 400, message: `two ports given: ${dest.port} in "to" and ${body.port} in "port"` };
  }
  if (body.protocol !== undefined && dest.protocol !== undefined && body.protocol !== dest.protocol) {
    return { ok: false, status: 400, message: `two protocols given: ${dest.protocol} in "to" and ${body.protocol} in "protocol"` };
  }
  const port = body.port ?? dest.port;
  const protocol = body.protocol ?? dest.protocol;
  const { table, inventory } = analysis;
  const base = { from: body.from, to: body.to };
  const destId = dest.kind !== undefined ? `${dest.namespace}/${dest.kind}/${dest.name}` : `${dest.namespace}/${dest.name}`;
  /** A workload of a namespace the source may not read (tenant mode): unknown at both layers, never "no workload". */
  const unread = (): CheckOutcome | undefined => {
    // Only for a flow one of whose workloads is missing (the model then answers only for an unread namespace).
    if (table.indexOf(body.from) !== undefined && table.indexOf(destId) !== undefined) return undefined;
    const r = analysis.check({ from: body.from, to: destId, port: typeof port === 'number' ? port : 1, protocol: protocol ?? 'TCP' });
    if (!r.ok) return undefined;
    if (typeof port !== 'number') return { ok: false, status: 400, message: `${r.cell.reasons.l4[0]?.text ?? 'a namespace of this flow is not read'}; give a port number to ask about it` };
    return { ok: true, answer: { ...base, allowed: combined([r.cell]), cells: [r.cell] } };
  };
  if (table.indexOf(body.from) === undefined) return unread() ?? { ok: false, status: 404, message: `no workload ${body.from}` };

  const workloadIndex = dest.explicitService ? undefined : table.indexOf(dest.kind !== undefined ? `${dest.namespace}/${dest.kind}/${dest.name}` : `${dest.namespace}/${dest.name}`);
  if (workloadIndex !== undefined) {
    const w = table.at(workloadIndex);
    let flows: { port: number; protocol: Protocol }[];
    if (typeof port === 'number') flows = [{ port, protocol: protocol ?? 'TCP' }];
    else if (typeof port === 'string') {
      const named = w.ports.filter((p) => p.name === port && (!protocol || p.protocol === protocol));
      if (named.length === 0) return { ok: false, status: 400, message: `${w.id} declares no port named ${port}` };
      flows = named.map((p) => ({ port: p.port, protocol: p.protocol }));
    } else {
      flows = declaredPorts(w).filter((p) => !protocol || p.protocol === protocol);
      if (flows.length === 0) return { ok: false, status: 400, message: `${w.id} declares no container ports${protocol ? ` for ${protocol}` : ''}: give a port` };
    }
    const cells: Cell[] = [];
    for (const f of flows) {
      const r = analysis.check({ from: body.from, to: w.id, port: f.port, protocol: f.protocol });
      if (!r.ok) return { ok: false, status: 400, message: r.error };
      cells.push(r.cell);
    }
    return { ok: true, answer: { ...base, allowed: combined(cells), cells } };
  }

  if (dest.kind !== undefined) return unread() ?? { ok: false, status: 404, message: `no workload ${dest.namespace}/${dest.kind}/${dest.name}` };
  const service = inventory.services.find((s) => s.namespace === dest.namespace && s.name === dest.name);
  if (!service) {
    const unknownThere = unread();
    if (unknownThere) return unknownThere;
    const what = dest.explicitService ? 'Service' : 'workload or Service';
    return { ok: false, status: 404, message: `no ${what} ${dest.namespace}/${dest.name}` };
  }
  const resolved = resolveService(inventory.workloads, service, port, protocol);
  if (typeof resolved === 'string') return { ok: false, status: 400, message: resolved };
  const cells: Cell[] = [];
  // Two Service ports may lead to the same target port: one flow, one cell (targets keep both).
  const asked = new Set<string>();
  for (const t of resolved.targets) {
    const flow = `${t.workload} ${t.port}/${t.protocol}`;
    if (asked.has(flow)) continue;
    asked.add(flow);
    const r = analysis.check({ from: body.from, to: t.workload, port: t.port, protocol: t.protocol });
    if (!r.ok) return { ok: false, status: 400, message: r.error };
    cells.push(r.cell);
  }
  return { ok: true, answer: { ...base, service: resolved, allowed: combined(cells), cells } };
}
