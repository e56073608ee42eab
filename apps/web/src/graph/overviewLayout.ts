/**
 * The overview's layout: a table of namespace cells in name order, as many columns as the
 * namespace count gives a canvas-shaped table (never the window size, so every browser draws the
 * same picture). A collapsed namespace is one box centred in its cell; an expanded one (or one
 * showing neighbours) is a grid of its workloads, sorted by id. Each column is as wide as its
 * widest cell and each row as tall as its tallest, so cells never overlap and expanding a
 * namespace keeps every other namespace in its row and column (the table only stretches).
 *
 * Why not force-directed: at 80–400 namespaces with a third of all pairs connected, fcose
 * piles the boxes into a clump whose shape changes with every snapshot; a table in name order
 * is readable, overlap-free by construction, the same for the same input, and costs O(n).
 * Pure: positions out, no Cytoscape.
 */

export interface LayoutChild {
  id: string;
  w: number;
  h: number;
}

export interface LayoutBlock {
  /** The namespace node's id. */
  id: string;
  /** Size of the collapsed box (or, for a compound, of its label above the box: w = label width). */
  w: number;
  h: number;
  /** The workloads drawn inside it: the block is then a compound. */
  children?: LayoutChild[];
  /** A namespace a live update removed: its cell keeps its last size and stays empty, so nothing else moves. */
  ghost?: boolean;
}

export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Space between cells, and around a compound's workloads (Cytoscape's compound padding). */
export const CELL_GAP = 64;
export const COMPOUND_PADDING = 14;
/** Space between workloads inside a namespace. */
export const CHILD_GAP = 18;
/**
 * Columns for n namespace cells: √(0.3 n), rounded up — 5 for 80 namespaces, 11 for 400. A
 * table taller than wide: the first screen (the graph beside the side panel, at a zoom where
 * the badge text is ≥ 10 px) shows whole rows of it, read like a list; pan down for the rest.
 */
export function overviewColumns(n: number): number {
  if (n <= 1) return 1;
  return Math.max(1, Math.min(n, Math.ceil(Math.sqrt(n * 0.3))));
}

interface Sized {
  block: LayoutBlock;
  w: number;
  h: number;
  /** Top label height of a compound (its label is drawn above the box). */
  top: number;
  childCols: number;
  cw: number;
  ch: number;
}

function size(block: LayoutBlock): Sized {
  const kids = block.children ?? [];
  if (kids.length === 0) return { block, w: block.w, h: block.h, top: 0, childCols: 0, cw: 0, ch: 0 };
  const cw = Math.max(...kids.map((c) => c.w)) + CHILD_GAP;
  const ch = Math.max(...kids.map((c) => c.h)) + CHILD_GAP;
  // Roughly square in screen terms: workload cells are wider than tall.
  const childCols = Math.max(1, Math.ceil(Math.sqrt((kids.length * ch * 1.3) / cw)));
  const rows = Math.ceil(kids.length / childCols);
  const boxW = childCols * cw - CHILD_GAP + 2 * COMPOUND_PADDING;
  const boxH = rows * ch - CHILD_GAP + 2 * COMPOUND_PADDING;
  return { block, w: Math.max(boxW, block.w), h: boxH + block.h, top: block.h, childCols, cw, ch };
}

/**
 * Positions of every simple node: collapsed namespace boxes and the workloads inside the others
 * (a compound's box follows its children), cells in the order given (the caller passes name
 * order; see GraphView for live updates). Also each block's cell rectangle, for tests and fitting.
 */
export function overviewLayout(blocks: readonly LayoutBlock[], cols = overviewColumns(blocks.length)): { positions: Map<string, { x: number; y: number }>; cells: Map<string, Rect> } {
  const sized = blocks.map(size);
  const colW: number[] = Array.from({ length: cols }, () => 0);
  const rowH: number[] = [];
  sized.forEach((s, i) => {
    const c = i % cols;
    const r = Math.floor(i / cols);
    colW[c] = Math.max(colW[c]!, s.w);
    rowH[r] = Math.max(rowH[r] ?? 0, s.h);
  });
  const colX: number[] = [];
  let x = 0;
  for (const w of colW) {
    colX.push(x);
    x += w + CELL_GAP;
  }
  const rowY: number[] = [];
  let y = 0;
  for (const h of rowH) {
    rowY.push(y);
    y += h + CELL_GAP;
  }
  const positions = new Map<string, { x: number; y: number }>();
  const cells = new Map<string, Rect>();
  sized.forEach((s, i) => {
    const c = i % cols;
    const r = Math.floor(i / cols);
    // Centred horizontally in its column, at the top of its row.
    if (s.block.ghost) return;
    const left = colX[c]! + (colW[c]! - s.w) / 2;
    const top = rowY[r]!;
    cells.set(s.block.id, { x1: left, y1: top, x2: left + s.w, y2: top + s.h });
    const kids = [...(s.block.children ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (kids.length === 0) {
      positions.set(s.block.id, { x: left + s.w / 2, y: top + s.h / 2 });
      return;
    }
    const gridW = s.childCols * s.cw - CHILD_GAP;
    const x0 = left + (s.w - gridW) / 2;
    const y0 = top + s.top + COMPOUND_PADDING;
    kids.forEach((k, j) => {
      const kc = j % s.childCols;
      const kr = Math.floor(j / s.childCols);
      positions.set(k.id, { x: x0 + kc * s.cw + (s.cw - CHILD_GAP) / 2, y: y0 + kr * s.ch + (s.ch - CHILD_GAP) / 2 });
    });
  });
  return { positions, cells };
}

/** Whether two rectangles overlap (touching edges do not). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}
