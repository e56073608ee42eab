/**
 * The graph of a few namespaces as the dashboard's expansion asks it
 * (`/api/v1/graph?namespace=NS&diagnostics=false`): the same namespaces, nodes and edges as
 * the model's filterGraph (query/graphFilter.ts), without its pass over every finding (the
 * answer leaves them out) and with the nodes picked from an index built once per graph instead
 * of a pass over every workload. At 10,000 synthetic workloads filterGraph took ~37 ms of the
 * ~115 ms a namespace's first answer cost, nearly all of it matching the ~6,500 findings'
 * workload lists against the namespace's nodes. Held to filterGraph's result by
 * test/routes/namespaceWarmup.test.ts.
 */
import { edgesTouching, type Graph } from '@accessgraph/model';

interface NodeIndex {
  /** Node id → position in graph.nodes. */
  position: Map<string, number>;
  /** Namespace → positions of its nodes in graph.nodes, ascending. */
  byNamespace: Map<string, number[]>;
}

const indexes = new WeakMap<Graph, NodeIndex>();

function nodeIndex(graph: Graph): NodeIndex {
  let index = indexes.get(graph);
  if (index) return index;
  index = { position: new Map(), byNamespace: new Map() };
  graph.nodes.forEach((n, i) => {
    index!.position.set(n.id, i);
    const list = index!.byNamespace.get(n.namespace);
    if (list) list.push(i);
    else index!.byNamespace.set(n.namespace, [i]);
  });
  indexes.set(graph, index);
  return index;
}

/**
 * filterGraph(graph, { namespaces }) with `diagnostics: []`: the edges touching these
 * namespaces, the nodes of these namespaces and at either end of those edges (graph order),
 * the namespaces those nodes are in plus the ones asked for (graph order).
 */
export function namespaceGraphWithoutFindings(graph: Graph, namespaces: readonly string[]): Graph {
  const asked = new Set(namespaces);
  const edges = edgesTouching(graph, asked);
  const index = nodeIndex(graph);
  const picked = new Set<number>();
  for (const ns of asked) for (const i of index.byNamespace.get(ns) ?? []) picked.add(i);
  for (const e of edges) {
    const from = index.position.get(e.from);
    if (from !== undefined) picked.add(from);
    const to = index.position.get(e.to);
    if (to !== undefined) picked.add(to);
  }
  const nodes = [...picked].sort((a, b) => a - b).map((i) => graph.nodes[i]!);
  const shown = new Set(asked);
  for (const n of nodes) shown.add(n.namespace);
  return { namespaces: graph.namespaces.filter((ns) => shown.has(ns.name)), nodes, edges, diagnostics: [] };
}
