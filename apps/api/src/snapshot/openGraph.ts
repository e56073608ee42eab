/**
 * The graph with the ports open to all drawn as edges (`includeOpen`) is a second full graph:
 * the model computes it from scratch (seconds of CPU per 10,000 workloads, the event loop held
 * the whole time) and a port open to all adds one edge per other workload (N² edges when many
 * workloads are unisolated). Above a bound on the edges it could have, the server does not
 * compute it: the routes that would draw it answer with a 413 saying so; below the bound nothing
 * changes. What touches one workload or namespace is answered at any size without it (the
 * model's Analysis.workloadFlows / namespaceFlows): the workload page, and the graph of a
 * namespace above the bound (`namespaceOpenGraph`).
 */
import type { Graph } from '@accessgraph/model';
import type { Snapshot } from './snapshot.ts';

/** Default bound on the edges of the includeOpen graph (AppOptions.maxIncludeOpenEdges). */
export const MAX_INCLUDE_OPEN_EDGES = 1_000_000;

/**
 * At most how many edges the graph drawn with includeOpen has: the default graph's, plus one
 * per other node for every port open to all, plus the outside peers' edges into every workload.
 */
export function includeOpenEdgeBound(graph: Graph): number {
  const others = Math.max(0, graph.nodes.length - 1);
  let open = 0;
  let outside = 0;
  for (const n of graph.nodes) {
    open += n.openToAll.length;
    if (n.kind === 'External') outside++;
  }
  return graph.edges.length + open * others + outside * graph.nodes.length;
}

/** The includeOpen graph, or why it is not computed (a sentence for the client). */
export function includeOpenGraph(snapshot: Snapshot, maxEdges: number): Graph | { refused: string } {
  const bound = includeOpenEdgeBound(snapshot.graph);
  if (bound <= maxEdges) return snapshot.analysis.graph({ includeOpen: true });
  const fmt = (n: number) => n.toLocaleString('en-US');
  return {
    refused:
      `with includeOpen the graph could have ${fmt(bound)} edges (limit ${fmt(maxEdges)}): it is not computed at this size. ` +
      'Ask without includeOpen: the ports every workload reaches are listed on each node (openToAll), and POST /api/v1/check answers any one flow; ' +
      'GET /api/v1/graph?namespace=NS&includeOpen=true and GET /api/v1/workloads/NS/NAME?includeOpen=true list the open flows of a namespace or a workload at any size.',
  };
}

/**
 * The includeOpen graph as far as it touches these namespaces, without computing it: the
 * default graph's nodes, namespaces and diagnostics (the same in both graphs: a node's
 * `openToAll` does not depend on includeOpen) with the edges touching the namespaces
 * (Analysis.namespaceFlows, in the includeOpen graph's order). filterGraph with the same
 * namespaces gives what it gives on the whole includeOpen graph.
 */
export function namespaceOpenGraph(snapshot: Snapshot, namespaces: readonly string[]): Graph {
  return { ...snapshot.graph, edges: snapshot.analysis.namespaceFlows(namespaces) };
}
