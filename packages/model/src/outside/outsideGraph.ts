/**
 * The outside peers in the access graph (issue 17): one `External` node per peer (namespace
 * "", outside every namespace box), edges from it into workloads and from workloads to it, and
 * each workload's exposure paths on its node.
 *
 * Edges follow the graph's own conventions (buildGraph.ts): denied ports draw nothing; an
 * unprotected (`none`) port from outside is drawn only for an exposed destination or with
 * `includeOpen` (an unexposed pod is reached from outside only where pod IPs are routable, and
 * drawing every unisolated workload would hide the exposed ones); a port every workload reaches
 * on an outside destination becomes its "open to all" badge instead of N edges.
 */
import type { Protocol } from '../k8s/types.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { declaredPorts, edgeClassOf } from '../graph/buildGraph.ts';
import type { EdgeClass, EdgePort, GraphEdge, GraphNode } from '../graph/types.ts';
import type { Cell } from '../verdict/types.ts';
import { EXTERNAL_KIND, type OutsideView } from './outside.ts';
import { addPortToEdge } from '../query/edgeClassOrder.ts';

function addPort(edges: Map<string, GraphEdge>, c: Cell, cls: EdgeClass): void {
  const entry: EdgePort = { port: c.port, protocol: c.protocol, l4Port: c.l4Port, l4: c.l4, l7: c.l7, allowed: c.allowed, protection: c.protection, class: cls };
  const id = `${c.from}->${c.to}`;
  const edge = edges.get(id);
  if (!edge) {
    edges.set(id, { id, from: c.from, to: c.to, class: cls, mixed: false, ports: [entry] });
    return;
  }
  addPortToEdge(edge, entry);
}

export function outsideGraph(table: WorkloadTable, outside: OutsideView, includeOpen: boolean): { nodes: GraphNode[]; edges: GraphEdge[]; exposures: Map<string, GraphNode['exposures']> } {
  const edges = new Map<string, GraphEdge>();
  const exposed = new Set(outside.exposed());
  const nodes: GraphNode[] = [];
  const egressPorts = outside.egressPorts();
  for (const p of outside.peers) {
    for (let to = 0; to < table.size; to++) {
      const dst = table.at(to);
      for (const { port, protocol } of declaredPorts(dst)) {
        const c = outside.cell(p.id, dst.id, port, protocol);
        if (!c) continue;
        const cls = edgeClassOf(c.l4, c.l7);
        if (!cls || (cls === 'none' && !includeOpen && !exposed.has(dst.id))) continue;
        addPort(edges, c, cls);
      }
    }
    const openToAll: string[] = [];
    for (const { port, protocol } of egressPorts as { port: number; protocol: Protocol }[]) {
      const cells = table.workloads.map((w) => outside.cell(w.id, p.id, port, protocol)).filter((c): c is Cell => !!c);
      const everyone = table.size > 0 && cells.length === table.size && cells.every((c) => c.allowed === true && c.protection === 'none');
      if (everyone) openToAll.push(`${port}/${protocol}`);
      for (const c of cells) {
        const cls = edgeClassOf(c.l4, c.l7);
        if (!cls || (everyone && !includeOpen)) continue;
        addPort(edges, c, cls);
      }
    }
    nodes.push({
      id: p.id,
      namespace: '',
      name: p.label,
      kind: EXTERNAL_KIND,
      meshed: false,
      serviceAccount: '',
      labels: {},
      ports: [],
      openToAll,
      l4Isolated: false,
      sensitive: false,
    });
  }
  const exposures = new Map<string, GraphNode['exposures']>();
  for (const id of exposed) exposures.set(id, outside.exposuresOf(id));
  return { nodes, edges: [...edges.values()], exposures };
}
