/**
 * The dashboard's own choice of sensitive workloads (the `sensitive` URL parameter): a label
 * selector in kubectl's syntax, read by the model's parser and matched on each workload's
 * labels. Without it the server's answer stands (its --sensitive flag, the
 * accessgraph.io/sensitive annotation, or the default heuristic). A bad selector is a message;
 * the server's flags stay.
 */
import { matchesSelector, parseSelectorString } from '@accessgraph/model';
import type { GraphNode } from '../graph/graphTypes.ts';

export function withSensitive<G extends { nodes: GraphNode[] }>(graph: G, selector: string | null): { graph: G; error: string | null } {
  if (!selector) return { graph, error: null };
  const parsed = parseSelectorString(selector);
  if (!parsed.ok) return { graph, error: parsed.message };
  return { graph: { ...graph, nodes: graph.nodes.map((n) => ({ ...n, sensitive: matchesSelector(parsed.selector, n.labels) })) }, error: null };
}
