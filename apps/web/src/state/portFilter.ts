/**
 * The Port filter: a number (`5432`, `5432/TCP`) goes to the API; a port NAME (`http`, as a
 * container port or Service targetPort names it) is resolved here, per destination, from the
 * graph's node port lists: an edge port is kept when its destination declares that port number
 * and protocol under that name. Anything else is refused with a message, never sent (the API
 * answers 400 and the dashboard had nothing to show).
 */
import { edgeWithPorts, isPortTextProblem, parsePortText } from '@accessgraph/model';
import type { GraphEdge, GraphResponse } from '../graph/graphTypes.ts';

export type PortFilter = { kind: 'number'; port: number; protocol?: 'TCP' | 'UDP' | 'SCTP'; text: string } | { kind: 'name'; name: string; text: string };

export function parsePortFilter(text: string): { ok: true; filter: PortFilter | null } | { ok: false; message: string } {
  const t = text.trim();
  if (!t) return { ok: true, filter: null };
  // A name is matched case-insensitively (lowered); a name with a protocol is no Port filter.
  const p = parsePortText(t.toLowerCase());
  if (isPortTextProblem(p)) {
    if (p.problem === 'range') return { ok: false, message: `port ${t} is not in 1-65535` };
  } else if (p.kind === 'number') {
    const { port, protocol } = p;
    return { ok: true, filter: { kind: 'number', port, ...(protocol ? { protocol } : {}), text: protocol ? `${port}/${protocol}` : String(port) } };
  } else if (!p.protocol) return { ok: true, filter: { kind: 'name', name: p.name, text: p.name } };
  return { ok: false, message: `“${t}” is not a port: give a number (5432), number/protocol (5432/TCP) or a port name (http)` };
}

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
    edges.push(edgeWithPorts(e, ports));
  }
  return { ...graph, edges };
}
