/**
 * The same snapshot and view give the same picture: fcose draws its random numbers (spectral
 * sampling, initial jitter) from Math.random, so every layout runs with Math.random swapped for
 * a PRNG seeded from the drawn element ids, on elements added in a stable order (rank, then id).
 * The layout runs synchronously (animate: false), so nothing else sees the swap.
 */
import { mulberry32 } from '@accessgraph/model';
import type { ElementDefinition } from './toElements.ts';

/** The layout's random numbers: the model's mulberry32, seeded. */
export const seededRandom = mulberry32;

/** FNV-1a over the strings: the seed a set of element ids gives. */
export function seedOf(ids: readonly string[]): number {
  let h = 0x811c9dc5;
  for (const id of ids) {
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 10, 0x01000193);
  }
  return h >>> 0;
}

/** Runs fn with Math.random seeded; restores it even if fn throws. */
export function withSeededRandom<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

function rank(e: ElementDefinition): number {
  if (e.group === 'edges') return 2;
  return e.data.kind === 'namespace' ? 0 : 1;
}

/** Namespaces, then workloads (parents before children), then edges; by id within each. */
export function stableOrder(elements: readonly ElementDefinition[]): ElementDefinition[] {
  return [...elements].sort((a, b) => rank(a) - rank(b) || (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0));
}

/** Above this many drawn elements the canvas renders at pixel ratio 1 (fill cost grows with its square). */
export const HIDPI_ELEMENT_LIMIT = 3000;

/** The canvas pixel ratio: the device's, capped at 2, and 1 above HIDPI_ELEMENT_LIMIT elements. */
export function pixelRatioFor(elementCount: number, devicePixelRatio: number = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1): number {
  if (elementCount > HIDPI_ELEMENT_LIMIT) return 1;
  return Math.max(1, Math.min(2, devicePixelRatio));
}

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Shelf packing of the graph's disconnected parts (fcose leaves them where its forces put them:
 * far apart, the rest of the canvas empty): tallest first, left to right in rows, `gap` apart.
 * Tries row widths from the widest part to all in one row and keeps the packing that the canvas
 * (width/height = aspect) shows at the largest zoom. Returns each part's shift. Deterministic:
 * ties break on id.
 */
export function shelfPack(parts: readonly { id: string; box: Box }[], aspect: number, gap: number): Map<string, { dx: number; dy: number }> {
  const sized = parts.map((p) => ({ ...p, w: p.box.x2 - p.box.x1, h: p.box.y2 - p.box.y1 }));
  const order = [...sized].sort((a, b) => b.h - a.h || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const widest = Math.max(0, ...sized.map((p) => p.w));
  const all = sized.reduce((a, p) => a + p.w + gap, 0);
  const pack = (rowWidth: number) => {
    const out = new Map<string, { dx: number; dy: number }>();
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    let w = 0;
    for (const p of order) {
      if (x > 0 && x + p.w > rowWidth) {
        x = 0;
        y += rowHeight + gap;
        rowHeight = 0;
      }
      out.set(p.id, { dx: x - p.box.x1, dy: y - p.box.y1 });
      x += p.w + gap;
      w = Math.max(w, x - gap);
      rowHeight = Math.max(rowHeight, p.h);
    }
    return { out, scale: Math.min(Math.max(0.2, aspect) / Math.max(1, w), 1 / Math.max(1, y + rowHeight)) };
  };
  let best = pack(widest);
  for (let i = 1; i <= 24; i++) {
    const candidate = pack(widest + ((all - widest) * i) / 24);
    if (candidate.scale > best.scale * 1.0001) best = candidate;
  }
  return best.out;
}

/** Groups of top-level ids joined by an edge (union-find), each group's members sorted. */
export function connectedGroups(ids: readonly string[], links: readonly [string, string][]): string[][] {
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (a: string): string => {
    let r = a;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(a, r);
    return r;
  };
  for (const [a, b] of links) {
    if (!parent.has(a) || !parent.has(b)) continue;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const r = find(id);
    groups.set(r, [...(groups.get(r) ?? []), id]);
  }
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/**
 * Pushes overlapping boxes apart (fcose does not guarantee that compound namespaces never
 * overlap): each overlapping pair moves apart, half each, along the axis that needs the shorter
 * move, until no two boxes are closer than `gap` (or 400 rounds). Returns each box's shift.
 */
export function separateBoxes(boxes: readonly { id: string; box: Box }[], gap: number): Map<string, { dx: number; dy: number }> {
  const b = boxes.map((x) => ({ id: x.id, ...x.box }));
  const shift = new Map(boxes.map((x) => [x.id, { dx: 0, dy: 0 }]));
  const move = (i: number, dx: number, dy: number) => {
    const t = b[i]!;
    t.x1 += dx;
    t.x2 += dx;
    t.y1 += dy;
    t.y2 += dy;
    const s = shift.get(t.id)!;
    s.dx += dx;
    s.dy += dy;
  };
  for (let round = 0; round < 400; round++) {
    let moved = false;
    for (let i = 0; i < b.length; i++) {
      for (let j = i + 1; j < b.length; j++) {
        const p = b[i]!;
        const q = b[j]!;
        const ox = Math.min(p.x2, q.x2) - Math.max(p.x1, q.x1) + gap;
        const oy = Math.min(p.y2, q.y2) - Math.max(p.y1, q.y1) + gap;
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        if (ox < oy) {
          const dir = p.x1 + p.x2 <= q.x1 + q.x2 ? -1 : 1;
          move(i, (dir * ox) / 2, 0);
          move(j, (-dir * ox) / 2, 0);
        } else {
          const dir = p.y1 + p.y2 <= q.y1 + q.y2 ? -1 : 1;
          move(i, 0, (dir * oy) / 2);
          move(j, 0, (-dir * oy) / 2);
        }
      }
    }
    if (!moved) break;
  }
  return shift;
}
