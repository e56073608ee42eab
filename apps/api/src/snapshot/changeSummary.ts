/**
 * What a new snapshot changed, flow by flow, for the SSE stream. Compares the two default
 * graphs edge port by edge port; a port open to all (GraphNode.openToAll) stands for class
 * `none` from every other workload, so closing it shows as reclassified or removed flows
 * without the graph ever holding those N edges. Cost: O(edges + workloads × changed open ports).
 */
import type { EdgeClass, Graph, Protocol, SnapshotInfo } from '@accessgraph/model';
import type { ChangeSummary, EdgeChange } from '../schemas/events.ts';

/** Flow key → class, from the explicit edge ports of a graph. */
function edgePortClasses(graph: Graph): Map<string, EdgeClass> {
  const out = new Map<string, EdgeClass>();
  for (const e of graph.edges) for (const p of e.ports) out.set(flowKey(e.from, e.to, p.port, p.protocol), p.class);
  return out;
}

function flowKey(from: string, to: string, port: number, protocol: string): string {
  return `${from}\u0000${to}\u0000${port}/${protocol}`;
}

function parseFlowKey(key: string): Omit<EdgeChange, 'before' | 'after'> {
  const [from = '', to = '', portSpec = ''] = key.split('\u0000');
  const [port = '0', protocol = 'TCP'] = portSpec.split('/');
  return { from, to, port: Number(port), protocol: protocol as Protocol };
}

/** `to\0port/proto` of every open-to-all port of a graph. */
function openPorts(graph: Graph): Set<string> {
  const out = new Set<string>();
  for (const n of graph.nodes) for (const p of n.openToAll) out.add(`${n.id}\u0000${p}`);
  return out;
}

class GraphClasses {
  readonly explicit: Map<string, EdgeClass>;
  readonly open: Set<string>;
  constructor(graph: Graph) {
    this.explicit = edgePortClasses(graph);
    this.open = openPorts(graph);
  }
  classOf(from: string, to: string, portSpec: string): EdgeClass | undefined {
    const [port = '', protocol = ''] = portSpec.split('/');
    const explicit = this.explicit.get(flowKey(from, to, Number(port), protocol));
    if (explicit) return explicit;
    return from !== to && this.open.has(`${to}\u0000${portSpec}`) ? 'none' : undefined;
  }
}

export interface ChangeSummaryInput {
  before: { version: number; graph: Graph } | undefined;
  after: { version: number; graph: Graph; info: SnapshotInfo };
  /** Longest list per kind of change; counts stay complete. */
  limit: number;
}

export function changeSummary({ before, after, limit }: ChangeSummaryInput): ChangeSummary {
  const summary: ChangeSummary = {
    version: after.version,
    previousVersion: before?.version ?? null,
    snapshot: after.info,
    counts: { added: 0, removed: 0, reclassified: 0 },
    added: [],
    removed: [],
    reclassified: [],
    truncated: false,
    limit,
    workloads: { added: [], removed: [] },
    diagnostics: { before: before?.graph.diagnostics.length ?? 0, after: after.graph.diagnostics.length },
  };
  const record = (kind: 'added' | 'removed' | 'reclassified', change: EdgeChange) => {
    summary.counts[kind]++;
    if (summary[kind].length < limit) summary[kind].push(change);
    else summary.truncated = true;
  };
  // The first snapshot changes nothing anyone saw: no flow list.
  if (!before) return summary;
  const a = new GraphClasses(before.graph);
  const b = new GraphClasses(after.graph);
  const compare = (key: string, from: string, to: string, portSpec: string) => {
    const was = a.classOf(from, to, portSpec);
    const is = b.classOf(from, to, portSpec);
    if (was === is) return;
    const flow = parseFlowKey(key);
    if (was === undefined) record('added', { ...flow, after: is });
    else if (is === undefined) record('removed', { ...flow, before: was });
    else record('reclassified', { ...flow, before: was, after: is });
  };

  const seen = new Set<string>();
  const visit = (from: string, to: string, portSpec: string) => {
    const key = `${from}\u0000${to}\u0000${portSpec}`;
    if (seen.has(key)) return;
    seen.add(key);
    compare(key, from, to, portSpec);
  };
  for (const g of [a, b]) {
    for (const key of g.explicit.keys()) {
      const f = parseFlowKey(key);
      visit(f.from, f.to, `${f.port}/${f.protocol}`);
    }
  }
  // Open ports that opened or closed: every source's class changed on them.
  const beforeIds = before.graph.nodes.map((n) => n.id);
  const afterIds = after.graph.nodes.map((n) => n.id);
  const sources = [...new Set([...beforeIds, ...afterIds])];
  const changedOpen = [...a.open].filter((k) => !b.open.has(k)).concat([...b.open].filter((k) => !a.open.has(k)));
  for (const k of changedOpen) {
    const [to = '', portSpec = ''] = k.split('\u0000');
    for (const from of sources) if (from !== to) visit(from, to, portSpec);
  }

  const beforeSet = new Set(beforeIds);
  const afterSet = new Set(afterIds);
  summary.workloads.added = afterIds.filter((id) => !beforeSet.has(id)).slice(0, limit);
  summary.workloads.removed = beforeIds.filter((id) => !afterSet.has(id)).slice(0, limit);
  return summary;
}
