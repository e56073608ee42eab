/**
 * The order of the edge classes when several ports fold into one edge (or several edges into
 * one line): the weakest class shows, and `conflict` and `unknown` surface over every allowed
 * class, so an aggregate never reads safer than its weakest member. The model's graph, the
 * API's filters, the report and the dashboard all read this one table.
 */
import type { EdgeClass } from '../graph/types.ts';

/** Lower is weaker: conflict < unknown < none < l4-only < l7-only < both. */
export const EDGE_STRENGTH: Readonly<Record<EdgeClass, number>> = { conflict: -2, unknown: -1, none: 0, 'l4-only': 1, 'l7-only': 2, both: 3 };

/** The weaker of two classes (the first on a tie). */
export function weakerClass(a: EdgeClass, b: EdgeClass): EdgeClass {
  return EDGE_STRENGTH[b] < EDGE_STRENGTH[a] ? b : a;
}

/** Weakest first, for sorting classes. */
export function byEdgeStrength(a: EdgeClass, b: EdgeClass): number {
  return EDGE_STRENGTH[a] - EDGE_STRENGTH[b];
}

interface ClassedPort {
  class: EdgeClass;
}

interface ClassedEdge<P extends ClassedPort> {
  class: EdgeClass;
  mixed: boolean;
  ports: P[];
}

/** The weakest class of a non-empty list of ports. */
export function weakestClass(ports: readonly ClassedPort[]): EdgeClass {
  let cls = ports[0]!.class;
  for (const p of ports) if (EDGE_STRENGTH[p.class] < EDGE_STRENGTH[cls]) cls = p.class;
  return cls;
}

/** The edge keeping only `ports` (non-empty): its class and `mixed` recomputed from them. */
export function edgeWithPorts<P extends ClassedPort, E extends ClassedEdge<P>>(edge: E, ports: P[]): E {
  return { ...edge, class: weakestClass(ports), mixed: ports.some((p) => p.class !== ports[0]!.class), ports };
}

/** Adds one port to an edge in place: `mixed` when its class differs, the class the weaker. */
export function addPortToEdge<P extends ClassedPort>(edge: ClassedEdge<P>, entry: P): void {
  edge.ports.push(entry);
  if (edge.class !== entry.class) edge.mixed = true;
  if (EDGE_STRENGTH[entry.class] < EDGE_STRENGTH[edge.class]) edge.class = entry.class;
}
