/**
 * The layouts, as a dictionary: each entry places the drawn nodes of a Cytoscape instance, and
 * `chooseLayout` says which one an element update needs. The pure geometry (packing, separating
 * boxes, the seeded random numbers, the overview's table) lives in layout.ts and
 * overviewLayout.ts, where it is tested without a canvas; this module applies it to cy.
 *
 * - `force`: a fresh graph. fcose (seeded, so the same input gives the same picture), then the
 *   top-level boxes pushed apart, disconnected parts packed into rows, and a readable fit.
 * - `grid`: a fresh graph of collapsed namespaces with edges everywhere (a big cluster's first
 *   view), where forces only pile the boxes into a clump: a grid in name order.
 * - `incremental`: later updates. Every node already drawn stays where it is (fcose's
 *   fixedNodeConstraint); only the new ones are laid out, starting next to their siblings.
 * - `overview`: the namespace overview (overview.ts) as a table in name order (overviewLayout.ts).
 */
import type { BaseLayoutOptions, Core, GridLayoutOptions, NodeSingular, Position } from 'cytoscape';
import { connectedGroups, seedOf, separateBoxes, shelfPack, withSeededRandom } from './layout.ts';
import { overviewColumns, overviewLayout, type LayoutBlock } from './overviewLayout.ts';

/** fcose's options (cytoscape-fcose), as far as these layouts set them. */
type FcoseOptions = BaseLayoutOptions & {
  name: 'fcose';
  quality?: 'draft' | 'default' | 'proof';
  randomize?: boolean;
  animate?: boolean;
  fit?: boolean;
  nodeSeparation?: number;
  idealEdgeLength?: number;
  nestingFactor?: number;
  nodeRepulsion?: number;
  gravity?: number;
  gravityCompound?: number;
  tilingPaddingVertical?: number;
  tilingPaddingHorizontal?: number;
  packComponents?: boolean;
  fixedNodeConstraint?: { nodeId: string; position: Position }[];
};

export const LAYOUT = {
  name: 'fcose',
  quality: 'default',
  animate: false,
  // Denser than fcose's defaults, with stronger gravity: fewer empty stretches, bigger labels at the fitted zoom.
  nodeSeparation: 50,
  idealEdgeLength: 50,
  nestingFactor: 0.2,
  nodeRepulsion: 3000,
  gravity: 0.8,
  gravityCompound: 2.0,
  tilingPaddingVertical: 30,
  tilingPaddingHorizontal: 30,
  // fcose packs components only with cytoscape-layout-utilities (and @turf): packParts does it.
  packComponents: false,
} as const satisfies FcoseOptions;

/** Workload labels are 11 px at zoom 1: the first view zooms to at least 8 px. */
export const READABLE_ZOOM = 8 / 11;
/** The first view never zooms in further than this (labels ≈ 16 px). */
export const MAX_FIRST_ZOOM = 1.5;
/** Gap between top-level boxes (namespaces and the outside peer), labels included: room for an edge and its label. */
export const BOX_GAP = 32;
/** Gap between two workloads in one namespace box, labels included. */
export const NODE_GAP = 12;

/** Runs fcose with these options, seeded from the drawn node ids. */
function runFcose(cy: Core, options: Omit<FcoseOptions, 'name'>): void {
  const seed = seedOf(cy.nodes().map((n) => n.id()));
  const opts: FcoseOptions = { ...LAYOUT, ...options };
  withSeededRandom(seed, () => cy.layout(opts).run());
}

/** The top-level node a node is drawn in (itself when it has no parent). */
function topOf(n: NodeSingular): NodeSingular {
  let t = n;
  while (t.parent().nonempty()) t = t.parent().first();
  return t;
}

/**
 * Moves the graph's disconnected parts (namespaces with no edge between them) into rows that
 * fill the canvas, instead of wherever fcose's repulsion left them.
 */
export function packParts(cy: Core): void {
  const top = cy.nodes().filter((n) => n.parent().empty());
  const links = cy.edges().map((e) => [topOf(e.source()).id(), topOf(e.target()).id()] as [string, string]);
  const groups = connectedGroups(top.map((n) => n.id()), links);
  if (groups.length < 2) return;
  const parts = groups.map((ids) => {
    let eles = cy.collection();
    for (const id of ids) eles = eles.union(cy.getElementById(id));
    const b = eles.boundingBox({ includeLabels: true });
    return { id: ids[0]!, ids, box: { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 } };
  });
  const shifts = shelfPack(parts, Math.max(0.5, cy.width() / Math.max(1, cy.height())), 40);
  cy.batch(() => {
    for (const p of parts) {
      const sh = shifts.get(p.id)!;
      for (const id of p.ids) shiftTop(cy, id, sh.dx, sh.dy);
    }
  });
}

/** Moves top-level boxes (namespaces, collapsed or not, and the outside peer) apart until none overlaps another. */
export function separateNamespaces(cy: Core): void {
  const top = cy.nodes().filter((n) => n.parent().empty());
  const boxes = top.map((n) => {
    const b = n.boundingBox({ includeLabels: true });
    return { id: n.id(), box: { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 } };
  });
  const shifts = separateBoxes(boxes, BOX_GAP);
  cy.batch(() => {
    for (const [id, sh] of shifts) if (sh.dx !== 0 || sh.dy !== 0) shiftTop(cy, id, sh.dx, sh.dy);
  });
}

/**
 * Pushes apart the workloads of each namespace box that fcose left on top of each other (its
 * force pass does not guarantee it: a peer with edges into many namespaces, like the outside
 * the cluster node, pulls their workloads together). The boxes grow around their children.
 */
export function separateChildren(cy: Core): void {
  cy.batch(() => {
    cy.nodes()
      .filter((n) => n.isParent())
      .forEach((parent) => {
        const kids = parent.children().filter((k) => !k.isParent()).nodes();
        if (kids.length < 2) return;
        const boxes = kids.map((k) => {
          const b = k.boundingBox({ includeLabels: true });
          return { id: k.id(), box: { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 } };
        });
        for (const [id, sh] of separateBoxes(boxes, NODE_GAP)) {
          if (sh.dx === 0 && sh.dy === 0) continue;
          const k = cy.getElementById(id);
          const q = k.position();
          k.position({ x: q.x + sh.dx, y: q.y + sh.dy });
        }
      });
  });
}

/** Moves a top-level node: its simple descendants (a compound's position follows its children). */
function shiftTop(cy: Core, id: string, dx: number, dy: number): void {
  const n = cy.getElementById(id);
  const simple = n.isParent() ? n.descendants().filter((d) => !d.isParent()) : n;
  simple.nodes().forEach((d) => {
    const q = d.position();
    d.position({ x: q.x + dx, y: q.y + dy });
  });
}

/** Fits the graph; when that makes labels smaller than 8 px, zooms to READABLE_ZOOM at the top left instead (pan to see the rest). */
export function fitReadable(cy: Core): void {
  cy.fit(cy.elements(), 30);
  // A handful of workloads: not blown up to poster size.
  if (cy.zoom() > MAX_FIRST_ZOOM) {
    cy.zoom(MAX_FIRST_ZOOM);
    cy.center(cy.elements());
  }
  if (cy.zoom() >= READABLE_ZOOM) return;
  const b = cy.elements().boundingBox({});
  cy.zoom(READABLE_ZOOM);
  cy.pan({ x: 20 - b.x1 * READABLE_ZOOM, y: 20 - b.y1 * READABLE_ZOOM });
}

/**
 * Starting positions for nodes added after the first layout: next to the existing workloads of
 * their namespace (right of them), else around the namespace's former position (a collapsed
 * namespace being expanded), else right of the whole graph. fcose then only moves these.
 */
export function placeNewNodes(cy: Core, addedIds: ReadonlySet<string>, before: ReadonlyMap<string, Position>): void {
  const simple = cy.nodes().filter((n) => addedIds.has(n.id()) && !n.isParent());
  if (simple.empty()) return;
  const old = cy.nodes().filter((n) => !addedIds.has(n.id()) && !n.isParent());
  const graphBox = old.nonempty() ? old.boundingBox({}) : { x1: 0, y1: 0, x2: 0, y2: 0 };
  const perGroup = new Map<string, number>();
  const STEP = 70;
  simple.forEach((n) => {
    const parent = n.parent().first();
    const key = parent.nonempty() ? parent.id() : '';
    const i = perGroup.get(key) ?? 0;
    perGroup.set(key, i + 1);
    const siblings = parent.nonempty() ? parent.children().filter((c) => !addedIds.has(c.id())) : cy.collection();
    let x: number;
    let y: number;
    if (siblings.nonempty()) {
      const box = siblings.boundingBox({});
      const column = Math.max(1, Math.floor(box.h / STEP) + 1);
      x = box.x2 + STEP * (1 + Math.floor(i / column));
      y = box.y1 + 20 + (i % column) * STEP;
    } else if (parent.nonempty() && before.has(parent.id())) {
      const c = before.get(parent.id())!;
      const side = Math.ceil(Math.sqrt(parent.children().length));
      x = c.x + ((i % side) - (side - 1) / 2) * STEP;
      y = c.y + (Math.floor(i / side) - (side - 1) / 2) * STEP;
    } else {
      // A new namespace (or a top-level node): a column right of the graph, one per group.
      const group = [...perGroup.keys()].indexOf(key);
      x = graphBox.x2 + 120 + group * 200;
      y = graphBox.y1 + i * STEP;
    }
    n.position({ x, y });
  });
}

/**
 * The overview's cell order: name order at the first layout; later namespaces are appended and
 * removed ones keep their cell, so a live update moves no existing namespace.
 */
export interface OverviewSlots {
  order: string[];
  cols: number;
  last: Map<string, LayoutBlock>;
}

/** What a layout is told about the update that asked for it. */
export interface LayoutContext {
  /** Where each node was before the update. */
  before: ReadonlyMap<string, Position>;
  /** Nodes the update added. */
  addedIds: ReadonlySet<string>;
  /** The overview's cells, kept across updates (`overview` only). */
  slots: { current: OverviewSlots | null };
}

export type LayoutName = 'force' | 'grid' | 'incremental' | 'overview';

export const LAYOUTS: Record<LayoutName, (cy: Core, ctx: LayoutContext) => void> = {
  force(cy) {
    // Draft (spectral only) leaves nodes on top of each other: only for many nodes, where the
    // force-directed pass would be too slow; a few hundred collapsed namespaces with thousands
    // of aggregated edges still get it.
    const big = cy.nodes().length > 600;
    runFcose(cy, { randomize: true, fit: false, ...(big ? { quality: 'draft' } : {}) });
    separateChildren(cy);
    separateNamespaces(cy);
    packParts(cy);
    fitReadable(cy);
  },
  grid(cy) {
    // As many columns as the canvas shows at the readable zoom (a cell is about 200 units wide).
    const cols = Math.max(1, Math.min(cy.nodes().length, Math.floor(cy.width() / READABLE_ZOOM / 200)));
    const opts: GridLayoutOptions = { name: 'grid', fit: false, avoidOverlap: true, avoidOverlapPadding: 24, condense: true, cols, sort: (a, b) => (a.id() < b.id() ? -1 : 1), animate: false };
    cy.layout(opts).run();
    separateNamespaces(cy);
    packParts(cy);
    fitReadable(cy);
  },
  incremental(cy, { addedIds, before }) {
    placeNewNodes(cy, addedIds, before);
    const fixedNodeConstraint = cy
      .nodes()
      .filter((n) => !addedIds.has(n.id()) && !n.isParent())
      .nodes()
      .map((n) => ({ nodeId: n.id(), position: { ...n.position() } }));
    runFcose(cy, { randomize: false, fit: false, fixedNodeConstraint });
    // fcose can still shift a pinned node that a new one started on top of: put it back.
    cy.batch(() => {
      for (const f of fixedNodeConstraint) {
        const n = cy.getElementById(f.nodeId);
        const p = n.position();
        if (Math.abs(p.x - f.position.x) > 0.5 || Math.abs(p.y - f.position.y) > 0.5) n.position(f.position);
      }
    });
  },
  overview(cy, { before, slots }) {
    // A fresh graph gets name order and fits readable; later the cells keep their order, and a
    // namespace that was just expanded stays where it was on screen.
    const ids = cy.nodes('.namespace').map((n) => n.id()).sort();
    const fresh = slots.current === null || before.size === 0;
    if (fresh) slots.current = { order: ids, cols: overviewColumns(ids.length), last: new Map() };
    const slot = slots.current!;
    if (!fresh) {
      const known = new Set(slot.order);
      for (const id of ids) if (!known.has(id)) slot.order.push(id);
    }
    const blocks: LayoutBlock[] = slot.order.map((id) => {
      const n = cy.getElementById(id);
      // Removed by a live update: its cell stays, empty, at its last size.
      if (n.empty()) return { ...(slot.last.get(id) ?? { id, w: 0, h: 0 }), ghost: true };
      const kids = n.children();
      if (kids.empty()) return { id, w: Number(n.data('width') ?? 140), h: Number(n.data('height') ?? 44) };
      // A compound's label is drawn above its box (13 px ≈ 8 units a character).
      return { id, w: String(n.data('label') ?? '').length * 8 + 24, h: 30, children: kids.map((k) => ({ id: k.id(), w: Number(k.data('width') ?? 60), h: Number(k.data('height') ?? 26) })) };
    });
    for (const b of blocks) if (!b.ghost) slot.last.set(b.id, b);
    // The namespace just expanded (a simple node before, a compound now): where it was on screen.
    const opened = fresh ? undefined : cy.nodes('.namespace').filter((n) => n.isNode() && n.isParent() && before.has(n.id()) && !before.has(n.children().first().id())).first();
    const anchor = opened?.nonempty() ? { id: opened.id(), at: { x: before.get(opened.id())!.x * cy.zoom() + cy.pan().x, y: before.get(opened.id())!.y * cy.zoom() + cy.pan().y } } : undefined;
    const { positions } = overviewLayout(blocks, slot.cols);
    cy.batch(() => {
      for (const [id, p] of positions) {
        const n = cy.getElementById(id);
        if (n.empty() || n.isParent()) continue;
        // Setting a position moves the node (and its edges) even when it is the same: only where it changes.
        const q = n.position();
        if (q.x !== p.x || q.y !== p.y) n.position(p);
      }
    });
    if (fresh) fitReadable(cy);
    else if (anchor) {
      const b = cy.getElementById(anchor.id).boundingBox({});
      const z = cy.zoom();
      // Its top centre where its collapsed box was.
      cy.pan({ x: anchor.at.x - ((b.x1 + b.x2) / 2) * z, y: anchor.at.y - b.y1 * z });
      // Never with its left or top edge (its name) off screen.
      const r = cy.getElementById(anchor.id).renderedBoundingBox({});
      cy.panBy({ x: r.x1 < 20 ? 20 - r.x1 : 0, y: r.y1 < 20 ? 20 - r.y1 : 0 });
    }
  },
};

/** Which layout an element update needs; null when nothing moves. */
export function chooseLayout(cy: Core, update: { overview: boolean; added: number; reparented: boolean; nodesBefore: number }): LayoutName | null {
  if (update.overview) return update.added > 0 || update.reparented || update.nodesBefore !== cy.nodes().length ? 'overview' : null;
  if (update.added === 0) return null;
  if (cy.nodes().length !== update.added) return 'incremental';
  // Every namespace collapsed and edges everywhere: forces only pile the boxes into a clump.
  const dense = cy.nodes().filter((n) => !(n.isNode() && n.data('kind') === 'namespace' && !n.isParent())).empty() && cy.edges().length > 3 * cy.nodes().length;
  return dense ? 'grid' : 'force';
}
