/**
 * Keyboard navigation of the graph (the canvas takes focus with Tab, or the "Skip to graph"
 * link): arrow keys move to the nearest drawn node in the arrow's direction (by rendered
 * position), `e` / `E` step through the edges of the selected workload (or namespace), forwards
 * and backwards. While an edge is selected, `e` keeps stepping through the edges of the node
 * whose edges were being stepped (the anchor), not the edge's source. Pure: the view passes
 * what is drawn, and gets the selection to make (undefined for a key that is not ours).
 */
import type { Selection } from '../state/viewState.ts';

export interface DrawnNode {
  kind: 'workload' | 'namespace';
  /** Workload id, or namespace name. */
  id: string;
  /** The element id on the canvas (a namespace's is `ns:<name>`). */
  elementId: string;
  /** Rendered centre. */
  x: number;
  y: number;
  /** An expanded namespace box (a compound node): arrows start from it but never land on it. */
  compound?: boolean;
}

export interface DrawnGraph {
  nodes: readonly DrawnNode[];
  /** Edge ids touching an element, in the order `e` walks. */
  edgesAt(elementId: string): readonly string[];
  /** The source element of an edge. */
  sourceOf(edgeId: string): string | undefined;
}

function step<T>(list: readonly T[], index: number, delta: number): T | undefined {
  if (list.length === 0) return undefined;
  const next = index < 0 ? (delta > 0 ? 0 : list.length - 1) : (index + delta + list.length) % list.length;
  return list[next];
}

const DIRECTIONS: Record<string, { dx: number; dy: number }> = {
  ArrowRight: { dx: 1, dy: 0 },
  ArrowLeft: { dx: -1, dy: 0 },
  ArrowDown: { dx: 0, dy: 1 },
  ArrowUp: { dx: 0, dy: -1 },
};

/**
 * The nearest node in a direction: among the nodes ahead (along > 0), those within 45° of the
 * arrow first; the score weighs the sideways offset twice, so a node straight ahead beats a
 * slightly closer one off to the side. Ties break on element id (stable).
 */
export function nearestInDirection(from: { x: number; y: number }, dir: { dx: number; dy: number }, nodes: readonly DrawnNode[], exclude: string): DrawnNode | undefined {
  let best: { n: DrawnNode; cone: boolean; score: number } | undefined;
  for (const n of nodes) {
    if (n.compound || n.elementId === exclude) continue;
    const ox = n.x - from.x;
    const oy = n.y - from.y;
    const along = ox * dir.dx + oy * dir.dy;
    const side = Math.abs(ox * dir.dy - oy * dir.dx);
    if (along <= 0.5) continue;
    const cone = side <= along;
    const score = along + 2 * side;
    if (!best || (cone && !best.cone) || (cone === best.cone && (score < best.score || (score === best.score && n.elementId < best.n.elementId)))) best = { n, cone, score };
  }
  return best?.n;
}

/** Where arrows start with nothing selected: the top-left drawn node. */
function firstNode(nodes: readonly DrawnNode[]): DrawnNode | undefined {
  return [...nodes].filter((n) => !n.compound).sort((a, b) => a.y + a.x - (b.y + b.x) || (a.elementId < b.elementId ? -1 : 1))[0];
}

/**
 * `anchor`: the element whose edges `e` was stepping (set by the view when a node is selected);
 * used while the selected edge touches it.
 */
export function keyboardStep(key: string, shift: boolean, current: Selection, graph: DrawnGraph, anchor?: string): Selection | undefined {
  const node = current && current.kind !== 'edge' ? graph.nodes.find((n) => n.kind === current.kind && n.id === current.id) : undefined;
  const dir = DIRECTIONS[key];
  if (dir) {
    let from: { x: number; y: number } | undefined = node;
    if (!from && current?.kind === 'edge' && anchor) from = graph.nodes.find((n) => n.elementId === anchor);
    const n = from ? nearestInDirection(from, dir, graph.nodes, node?.elementId ?? '') : firstNode(graph.nodes);
    if (!n) return from ? current : undefined;
    return { kind: n.kind, id: n.id };
  }
  if (key === 'e' || key === 'E') {
    const delta = shift || key === 'E' ? -1 : 1;
    if (!current) return undefined;
    if (current.kind === 'edge') {
      const edgesOfAnchor = anchor ? graph.edgesAt(anchor) : [];
      const at = edgesOfAnchor.includes(current.id) ? anchor : graph.sourceOf(current.id);
      if (at === undefined) return undefined;
      const edges = graph.edgesAt(at);
      const id = step(edges, edges.indexOf(current.id), delta);
      return id ? { kind: 'edge', id } : undefined;
    }
    const id = node ? step(graph.edgesAt(node.elementId), -1, delta) : undefined;
    return id ? { kind: 'edge', id } : undefined;
  }
  return undefined;
}
