/**
 * Keyboard navigation of the graph (the canvas takes focus with Tab): arrow keys step through the
 * drawn workloads and namespaces in id order, `e` / `E` through the edges of the current
 * workload (or of the current edge's source), forwards and backwards. Pure: the view passes what
 * is drawn, and gets the selection to make (undefined for a key that is not ours).
 */
import type { Selection } from '../state/viewState.ts';

export interface DrawnNode {
  kind: 'workload' | 'namespace';
  /** Workload id, or namespace name. */
  id: string;
  /** The element id on the canvas (a namespace's is `ns:<name>`). */
  elementId: string;
}

export interface DrawnGraph {
  /** In the order the arrow keys walk. */
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

export function keyboardStep(key: string, shift: boolean, current: Selection, graph: DrawnGraph): Selection | undefined {
  const nodeIndex = current && current.kind !== 'edge' ? graph.nodes.findIndex((n) => n.kind === current.kind && n.id === current.id) : -1;
  if (key === 'ArrowRight' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowUp') {
    const n = step(graph.nodes, nodeIndex, key === 'ArrowRight' || key === 'ArrowDown' ? 1 : -1);
    return n ? { kind: n.kind, id: n.id } : undefined;
  }
  if (key === 'e' || key === 'E') {
    const delta = shift || key === 'E' ? -1 : 1;
    if (!current) return undefined;
    if (current.kind === 'edge') {
      const anchor = graph.sourceOf(current.id);
      if (anchor === undefined) return undefined;
      const edges = graph.edgesAt(anchor);
      const id = step(edges, edges.indexOf(current.id), delta);
      return id ? { kind: 'edge', id } : undefined;
    }
    const node = graph.nodes[nodeIndex];
    const id = node ? step(graph.edgesAt(node.elementId), -1, delta) : undefined;
    return id ? { kind: 'edge', id } : undefined;
  }
  return undefined;
}
