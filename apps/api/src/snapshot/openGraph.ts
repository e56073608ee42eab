/**
 * The graph with the ports open to all drawn as edges (`includeOpen`) is a second full graph:
 * the model computes it from scratch (seconds of CPU per 10,000 workloads, the event loop held
 * the whole time) and a port open to all adds one edge per other workload (N² edges when many
 * workloads are unisolated). Above a bound on the edges it could have, the server does not
 * compute it: the routes that would draw it answer without (413, or the workload page with
 * `openSummarised`), saying so. Below the bound nothing changes.
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
      'Ask without includeOpen: the ports every workload reaches are listed on each node (openToAll), and POST /api/v1/check answers any one flow.',
  };
}
