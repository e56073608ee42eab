/**
 * The Port filter: a number (`5432`, `5432/TCP`) goes to the API; a port NAME (`http`, as a
 * container port or Service targetPort names it) is resolved here, per destination, from the
 * graph's node port lists: an edge port is kept when its destination declares that port number
 * and protocol under that name. Anything else is refused with a message, never sent (the API
 * answers 400 and the dashboard had nothing to show).
 */
import type { EdgeClass, GraphEdge, GraphResponse } from '../graph/graphTypes.ts';

export type PortFilter = { kind: 'number'; port: number; protocol?: 'TCP' | 'UDP' | 'SCTP'; text: string } | { kind: 'name'; name: string; text: string };

/** IANA service name as Kubernetes validates a port name: 1-15 of [a-z0-9-], a letter, no edge or double hyphen. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*$/;

export function parsePortFilter(text: string): { ok: true; filter: PortFilter | null } | { ok: false; message: string } {
  const t = text.trim();
  if (!t) return { ok: true, filter: null };
  const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(t);
  if (m) {
    const port = Number(m[1]);
    if (port < 1 || port > 65535) return { ok: false, message: `port ${t} is not in 1-65535` };
    const protocol = m[2]?.toUpperCase() as 'TCP' | 'UDP' | 'SCTP' | undefined;
    return { ok: true, filter: { kind: 'number', port, ...(protocol ? { protocol } : {}), text: protocol ? `${port}/${protocol}` : String(port) } };
  }
  const name = t.toLowerCase();
  if (name.length <= 15 && PORT_NAME.test(name) && !name.endsWith('-')) return { ok: true, filter: { kind: 'name', name, text: name } };
  return { ok: false, message: `“${t}” is not a port: give a number (5432), number/protocol (5432/TCP) or a port name (http)` };
}

const STRENGTH: Record<EdgeClass, number> = { conflict: -2, unknown: -1, none: 0, 'l4-only': 1, 'l7-only': 2, both: 3 };

/** Keeps the edge ports whose destination names that port `name`; drops edges left with none. */
export function filterByPortName<G extends Pick<GraphResponse, 'nodes' | 'edges'>>(graph: G, name: string): G {
  const named = new Map<string, Set<string>>();
  for (const n of graph.nodes) named.set(n.id, new Set(n.ports.filter((p) => p.name?.toLowerCase() === name).map((p) => `${p.port}/${p.protocol}`)));
  const edges: GraphEdge[] = [];
  for (const e of graph.edges) {
    const wanted = named.get(e.to);
    const ports = wanted ? e.ports.filter((p) => wanted.has(`${p.port}/${p.protocol}`)) : [];
    if (ports.length === 0) continue;
    if (ports.length === e.ports.length) {
      edges.push(e);
      continue;
    }
    let cls = ports[0]!.class;
    for (const p of ports) if (STRENGTH[p.class] < STRENGTH[cls]) cls = p.class;
    edges.push({ ...e, class: cls, mixed: ports.some((p) => p.class !== ports[0]!.class), ports });
  }
  return { ...graph, edges };
}
