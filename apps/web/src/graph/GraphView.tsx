/**
 * The one long-lived Cytoscape instance. React renders the container once; element updates
 * are applied in cy.batch, and the layout runs only when nodes appear. After the first layout,
 * existing workloads are pinned (fcose's fixedNodeConstraint) and new ones start next to their
 * namespace siblings, so a live update or expanding a namespace does not make the graph jump.
 * Edges a live update added or reclassified carry `.changed` for CHANGED_MS, re-applied after
 * every element refresh (which resets classes) so the mark shows on the refreshed graph.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import cytoscape, { type Core, type ElementDefinition as CyElement, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { namespaceNodeId, type ElementDefinition } from './toElements.ts';
import { stylesheet } from './stylesheet.ts';
import { keyboardStep, type DrawnGraph } from './keyboard.ts';
import { connectedGroups, pixelRatioFor, seedOf, separateBoxes, shelfPack, stableOrder, withSeededRandom } from './layout.ts';
import { overviewColumns, overviewLayout, type LayoutBlock } from './overviewLayout.ts';
import { zoomLevel, type ZoomLevel } from './semanticZoom.ts';
import type { Selection } from '../state/viewState.ts';

cytoscape.use(fcose);

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
} as const;

/** Workload labels are 11 px at zoom 1: the first view zooms to at least 8 px. */
export const READABLE_ZOOM = 8 / 11;
/** The first view never zooms in further than this (labels ≈ 16 px). */
export const MAX_FIRST_ZOOM = 1.5;

/**
 * Moves the graph's disconnected parts (namespaces with no edge between them) into rows that
 * fill the canvas, instead of wherever fcose's repulsion left them.
 */
export function packParts(cy: Core): void {
  const top = cy.nodes().filter((n) => n.parent().empty());
  const topOf = (n: NodeSingular): string => (n.parent().nonempty() ? topOf(n.parent().first() as NodeSingular) : n.id());
  const links = cy.edges().map((e) => [topOf(e.source()), topOf(e.target())] as [string, string]);
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

/** Moves top-level boxes (namespaces, collapsed or not) apart until none overlaps another. */
export function separateNamespaces(cy: Core): void {
  const top = cy.nodes().filter((n) => n.parent().empty());
  const boxes = top.map((n) => {
    const b = n.boundingBox({ includeLabels: true });
    return { id: n.id(), box: { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 } };
  });
  const shifts = separateBoxes(boxes, 16);
  cy.batch(() => {
    for (const [id, sh] of shifts) if (sh.dx !== 0 || sh.dy !== 0) shiftTop(cy, id, sh.dx, sh.dy);
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

/** How long an edge added or reclassified by a live update stays marked `.changed`. */
export const CHANGED_MS = 4000;
/** A changed id the graph does not show yet (the refetch is under way) waits this long. */
const CHANGED_PENDING_MS = 15_000;

export interface GraphViewProps {
  elements: ElementDefinition[];
  theme: 'light' | 'dark';
  selection: Selection;
  changed: string[];
  /** Edge ids (or agg ids) to emphasise, e.g. the flow of a "can X reach Y" answer. */
  highlight: string[];
  /** The focused workload: when it changes, the view fits what is drawn (its neighbourhood). */
  focus?: string | null;
  onSelect(selection: Selection): void;
  onReady(cy: Core): void;
  /**
   * The namespace overview (overview.ts): laid out as a table in name order (overviewLayout.ts)
   * instead of fcose; `quiet` pair edges are kept out of the graph until their namespace is
   * hovered or selected.
   */
  overview?: boolean;
  /** Double-click on a namespace: expand or collapse it. */
  onToggleNamespace?(ns: string): void;
}

export function GraphView({ elements, theme, selection, changed, highlight, focus, onSelect, onReady, overview = false, onToggleNamespace }: GraphViewProps) {
  const onToggleRef = useRef(onToggleNamespace);
  onToggleRef.current = onToggleNamespace;
  // Quiet pair edges by namespace node id (both ends): drawn on hover / selection only.
  const reserve = useRef(new Map<string, ElementDefinition[]>());
  // The overview's cell order: name order at the first layout; later namespaces are appended
  // and removed ones keep their cell, so a live update moves no existing namespace.
  const slots = useRef<{ order: string[]; cols: number; last: Map<string, LayoutBlock> } | null>(null);
  const level = useRef<ZoomLevel>('near');
  const styleOf = (cy: Core, th: 'light' | 'dark') => stylesheet(th, { straightEdges: cy.scratch('_manyEdges') === true, far: level.current === 'far' }) as never;
  /** Draws the quiet pair edges of these namespace nodes (and removes the other quiet ones). */
  const showQuiet = (cy: Core, nsIds: readonly string[]) => {
    const keep = new Set<string>();
    cy.batch(() => {
      for (const ns of nsIds) {
        for (const e of reserve.current.get(ns) ?? []) {
          keep.add(e.data.id);
          if (cy.getElementById(e.data.id).nonempty()) continue;
          if (cy.getElementById(e.data.source as string).empty() || cy.getElementById(e.data.target as string).empty()) continue;
          cy.add({ group: 'edges', data: e.data, classes: `${e.classes ?? ''} lit` } as CyElement);
        }
      }
      cy.edges('.quiet').forEach((e) => {
        if (!keep.has(e.id())) e.remove();
      });
    });
  };
  /**
   * The overview's table layout. A fresh graph gets name order and fits readable; later the
   * cells keep their order, and a namespace that was just expanded stays where it was on screen.
   */
  const layOutOverview = (cy: Core, before: ReadonlyMap<string, { x: number; y: number }>) => {
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
    const opened = fresh ? undefined : cy.nodes('.namespace').not('.partial').filter((n) => (n as NodeSingular).isParent() && before.has(n.id()) && !before.has((n as NodeSingular).children().first().id())).first();
    const anchor = opened?.nonempty() ? { id: opened.id(), at: { x: before.get(opened.id())!.x * cy.zoom() + cy.pan().x, y: before.get(opened.id())!.y * cy.zoom() + cy.pan().y } } : undefined;
    const { positions } = overviewLayout(blocks, slot.cols);
    cy.batch(() => {
      for (const [id, p] of positions) {
        const n = cy.getElementById(id);
        if (n.nonempty() && !n.isParent()) n.position(p);
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
    const next = zoomLevel(cy.zoom());
    if (next !== level.current) {
      level.current = next;
      cy.style(styleOf(cy, themeRef.current));
    }
  };
  const selectedNamespaces = (): string[] => {
    const sel = selectionRef.current;
    if (sel?.kind === 'namespace') return [namespaceNodeId(sel.id)];
    return [];
  };
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const themeRef = useRef(theme);
  themeRef.current = theme;
  // The node whose edges `e` steps through: the last workload or namespace selected. Stepping
  // onto one of its edges keeps it, so `e` walks that node's edges, not the edge's source's.
  const edgeAnchor = useRef<string | undefined>(undefined);
  if (selection && selection.kind !== 'edge') edgeAnchor.current = selection.kind === 'namespace' ? namespaceNodeId(selection.id) : selection.id;
  // Changed edge ids (API edge ids, matched against a drawn edge's id or its edgeIds) → until
  // when they stay marked; the clock starts once the graph shows the edge.
  const marks = useRef(new Map<string, { until: number | null; dropAt: number }>());
  const markTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** Puts `.changed` on exactly the drawn edges with a live mark; schedules the next expiry. */
  const applyMarks = () => {
    const cy = cyRef.current;
    clearTimeout(markTimer.current);
    if (!cy || cy.destroyed()) return;
    const now = Date.now();
    for (const [id, m] of marks.current) if ((m.until ?? m.dropAt) <= now) marks.current.delete(id);
    if (marks.current.size === 0) {
      cy.edges('.changed').removeClass('changed');
      return;
    }
    cy.batch(() => {
      cy.edges().forEach((e) => {
        const ids = (e.data('edgeIds') as string[] | undefined) ?? [e.id()];
        let on = false;
        for (const id of [e.id(), ...ids]) {
          const m = marks.current.get(id);
          if (!m) continue;
          m.until ??= now + CHANGED_MS;
          on = true;
        }
        if (on) e.addClass('changed');
        else if (e.hasClass('changed')) e.removeClass('changed');
      });
    });
    let next = Infinity;
    for (const m of marks.current.values()) next = Math.min(next, m.until ?? m.dropAt);
    markTimer.current = setTimeout(applyMarks, Math.max(0, next - now) + 10);
  };

  useEffect(() => {
    const cy = cytoscape({
      container: container.current,
      style: stylesheet(theme) as never,
      elements: [],
      minZoom: 0.05,
      maxZoom: 4,
      // Sharp on HiDPI screens: the device pixel ratio, at most 2 (3× canvases cost 2.25× the
      // fill of 2× for no visible gain); big graphs drop to 1 (see pixelRatioFor).
      pixelRatio: pixelRatioFor(0),
      // While panning or zooming, edges are not drawn: big graphs stay smooth.
      hideEdgesOnViewport: true,
    });
    (window as unknown as { __accessgraphCy?: Core }).__accessgraphCy = cy;
    cyRef.current = cy;
    cy.on('tap', 'node', (ev) => {
      const kind = ev.target.data('kind') as string;
      onSelectRef.current({ kind: kind === 'namespace' ? 'namespace' : 'workload', id: kind === 'namespace' ? (ev.target.data('namespace') as string) : ev.target.id() });
    });
    cy.on('tap', 'edge', (ev) => onSelectRef.current({ kind: 'edge', id: ev.target.id() }));
    cy.on('tap', (ev) => {
      if (ev.target === cy) onSelectRef.current(null);
    });
    cy.on('mouseover', 'node.workload, edge', (ev) => {
      const el = ev.target;
      const hood = el.isNode() ? el.closedNeighborhood() : el.union(el.connectedNodes());
      cy.elements().not(hood).not('node.namespace').addClass('faded');
      if (el.isNode()) hood.edges('.workload-edge').addClass('lit');
    });
    cy.on('mouseout', 'node.workload, edge', () => {
      cy.elements().removeClass('faded');
      cy.edges('.workload-edge.lit').removeClass('lit');
    });
    // The overview: a namespace's pair edges light up (and quiet ones appear) while hovered.
    cy.on('mouseover', 'node.namespace', (ev) => {
      if (!ev.target.hasClass('overview')) return;
      showQuiet(cy, [...selectedNamespaces(), ev.target.id()]);
      ev.target.connectedEdges('.pair').addClass('lit');
      ev.target.addClass('hovered');
    });
    cy.on('mouseout', 'node.namespace', (ev) => {
      if (!ev.target.hasClass('overview')) return;
      ev.target.removeClass('hovered');
      const keep = selectedNamespaces();
      showQuiet(cy, keep);
      cy.edges('.lit').forEach((e) => {
        if (!keep.includes(e.source().id()) && !keep.includes(e.target().id())) e.removeClass('lit');
      });
    });
    cy.on('dbltap', 'node.namespace', (ev) => onToggleRef.current?.(ev.target.data('namespace') as string));
    // Semantic zoom: crossing FAR_ZOOM swaps the stylesheet (workloads fold into their namespace).
    cy.on('zoom', () => {
      const next = zoomLevel(cy.zoom());
      if (next === level.current) return;
      level.current = next;
      cy.style(styleOf(cy, themeRef.current));
    });
    onReady(cy);
    return () => {
      clearTimeout(markTimer.current);
      cy.destroy();
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy) cy.style(styleOf(cy, theme));
  }, [theme]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    // Quiet pair edges wait in the reserve (a big overview has tens of thousands of them).
    reserve.current = new Map();
    const drawnElements: ElementDefinition[] = [];
    for (const e of elements) {
      if (e.group === 'edges' && e.classes?.includes('quiet')) {
        for (const end of [e.data.source as string, e.data.target as string]) {
          const list = reserve.current.get(end);
          if (list) list.push(e);
          else reserve.current.set(end, [e]);
        }
      } else drawnElements.push(e);
    }
    const wanted = new Map(drawnElements.map((e) => [e.data.id, e]));
    let added = 0;
    const addedIds = new Set<string>();
    // Where each node was before this update: a namespace that was collapsed (a simple node) and
    // now shows its workloads places them around its old position.
    const before = new Map(cy.nodes().map((n) => [n.id(), { ...n.position() }]));
    performance.mark('accessgraph:elements');
    // Hundreds of edges: straight lines instead of bundled bezier curves, whose control points
    // dominate layout and drawing time on big graphs (parallel edges then overlap; arrows and
    // badges still tell the directions apart).
    const manyEdges = drawnElements.reduce((n, e) => n + (e.group === 'edges' ? 1 : 0), 0) > 400;
    if (manyEdges !== cy.scratch('_manyEdges')) {
      cy.scratch('_manyEdges', manyEdges);
      cy.style(styleOf(cy, theme));
    }
    let reparented = false;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        const next = wanted.get(el.id());
        const parentChanged = el.isNode() && next && (next.data.parent ?? null) !== (el.data('parent') ?? null);
        if (parentChanged) reparented = true;
        if (!next || parentChanged) el.remove();
      });
      // Nodes first, parents before children, then edges.
      // A stable order (rank, then id): the layout sees the same graph whatever order the API used.
      const ordered = stableOrder(drawnElements);
      for (const e of ordered) {
        const existing = cy.getElementById(e.data.id);
        if (existing.nonempty()) {
          existing.data(e.data);
          existing.classes(e.classes ?? '');
        } else {
          cy.add({ group: e.group, data: e.data, classes: e.classes } as CyElement);
          if (e.group === 'nodes') {
            added++;
            addedIds.add(e.data.id);
          }
        }
      }
    });
    if (overview && (added > 0 || reparented || before.size !== cy.nodes().length)) {
      performance.mark('accessgraph:layout');
      layOutOverview(cy, before);
      performance.measure('accessgraph:layout', 'accessgraph:layout');
    } else if (added > 0) {
      const fresh = cy.nodes().length === added;
      // Many edges: the first layout uses fcose's draft quality (spectral only) without packing
      // disconnected components, which is fast.
      // Draft (spectral only) leaves nodes on top of each other: only for many nodes, where the
      // force-directed pass would be too slow; a few hundred collapsed namespaces with thousands
      // of aggregated edges still get it.
      const big = fresh && cy.nodes().length > 600;
      performance.mark('accessgraph:layout');
      const seed = seedOf(cy.nodes().map((n) => n.id()));
      if (fresh) {
        // Every namespace collapsed and edges everywhere (a big cluster's first view): forces only
        // pile the boxes into a clump, so a grid in name order (the same every time), shaped
        // like the canvas.
        const dense = cy.nodes().every((n) => (n as NodeSingular).data('kind') === 'namespace' && !(n as NodeSingular).isParent()) && cy.edges().length > 3 * cy.nodes().length;
        if (dense) {
          // As many columns as the canvas shows at the readable zoom (a cell is about 200 units wide).
          const cols = Math.max(1, Math.min(cy.nodes().length, Math.floor(cy.width() / READABLE_ZOOM / 200)));
          cy.layout({ name: 'grid', fit: false, avoidOverlap: true, avoidOverlapPadding: 24, condense: true, cols, sort: (a: NodeSingular, b: NodeSingular) => (a.id() < b.id() ? -1 : 1), animate: false } as never).run();
        } else withSeededRandom(seed, () => cy.layout({ ...LAYOUT, randomize: true, fit: false, ...(big ? { quality: 'draft' } : {}) } as never).run());
        separateNamespaces(cy);
        packParts(cy);
        fitReadable(cy);
      } else {
        // Later updates: every workload that was already drawn stays where it is (compound
        // namespaces follow their children); only the new nodes are laid out, starting next to
        // their namespace siblings.
        placeNewNodes(cy, addedIds, before);
        const fixedNodeConstraint = cy
          .nodes()
          .filter((n) => !addedIds.has(n.id()) && !n.isParent())
          .map((n) => ({ nodeId: n.id(), position: { ...(n as NodeSingular).position() } }));
        withSeededRandom(seed, () => cy.layout({ ...LAYOUT, randomize: false, fit: false, fixedNodeConstraint } as never).run());
        // fcose can still shift a pinned node that a new one started on top of: put it back.
        cy.batch(() => {
          for (const f of fixedNodeConstraint) {
            const n = cy.getElementById(f.nodeId);
            const p = n.position();
            if (Math.abs(p.x - f.position.x) > 0.5 || Math.abs(p.y - f.position.y) > 0.5) n.position(f.position);
          }
        });
      }
      performance.measure('accessgraph:layout', 'accessgraph:layout');
    }
    const ratio = pixelRatioFor(cy.elements().length);
    // Cytoscape reads the pixel ratio option once; its renderer keeps it as forcedPixelRatio.
    const renderer = (cy as unknown as { renderer(): { forcedPixelRatio?: number | null } }).renderer();
    if (renderer.forcedPixelRatio !== ratio) {
      renderer.forcedPixelRatio = ratio;
      cy.resize();
    }
    if (marks.current.size > 0 || cy.edges('.changed').nonempty()) applyMarks();
    performance.measure('accessgraph:elements+layout', 'accessgraph:elements');
    document.documentElement.dataset.graphVersion = String(Number(document.documentElement.dataset.graphVersion ?? 0) + 1);
  }, [elements]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.$(':selected').unselect();
    if (overview) {
      // The selected namespace keeps its pair edges drawn and lit.
      const keep = selectedNamespaces();
      showQuiet(cy, keep);
      cy.edges('.lit').removeClass('lit');
      for (const id of keep) cy.getElementById(id).connectedEdges('.pair').addClass('lit');
    }
    if (!selection) return;
    const id = selection.kind === 'namespace' ? `ns:${selection.id}` : selection.id;
    cy.getElementById(id).select();
  }, [selection, elements]);

  // Focusing (or clearing the focus) changes what is drawn: bring all of it into view. Runs after
  // the elements effect above, so it fits the drawn neighbourhood.
  const focusFitted = useRef(focus ?? null);
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || (focus ?? null) === focusFitted.current) return;
    focusFitted.current = focus ?? null;
    if (cy.elements().nonempty()) cy.animate({ fit: { eles: cy.elements(), padding: 40 } } as never, { duration: 200 });
  }, [focus, elements]);

  useEffect(() => {
    if (changed.length === 0) return;
    const dropAt = Date.now() + CHANGED_PENDING_MS;
    // A new live update restarts the clock of an edge it changes again.
    for (const id of changed) marks.current.set(id, { until: null, dropAt });
    applyMarks();
  }, [changed]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.elements().removeClass('highlighted');
    for (const id of highlight) {
      const el = cy.edges().filter((e) => e.id() === id || ((e.data('edgeIds') as string[] | undefined) ?? []).includes(id));
      el.addClass('highlighted');
      el.connectedNodes().addClass('highlighted');
      // A denied flow has no edge: its two workloads (or their collapsed namespaces) still light up.
      for (const end of id.split('->')) {
        const node = cy.getElementById(end);
        const shown = node.nonempty() ? node : cy.getElementById(namespaceNodeId(end.split('/')[0]!));
        shown.addClass('highlighted');
      }
    }
  }, [highlight, elements]);

  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    const cy = cyRef.current;
    if (!cy || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const drawn: DrawnGraph = {
      nodes: cy.nodes().map((n) => {
        const p = n.renderedPosition();
        const base = { elementId: n.id(), x: p.x, y: p.y, ...(n.isParent() ? { compound: true } : {}) };
        return n.data('kind') === 'namespace' ? { kind: 'namespace' as const, id: n.data('namespace') as string, ...base } : { kind: 'workload' as const, id: n.id(), ...base };
      }),
      edgesAt: (id) => cy.getElementById(id).connectedEdges().map((e) => e.id()).sort(),
      sourceOf: (id) => {
        const e = cy.getElementById(id);
        return e.nonempty() ? e.source().id() : undefined;
      },
    };
    const next = keyboardStep(ev.key, ev.shiftKey, selectionRef.current, drawn, edgeAnchor.current);
    if (next === undefined) return;
    ev.preventDefault();
    ev.stopPropagation();
    onSelectRef.current(next);
    const el = cy.getElementById(next?.kind === 'namespace' ? namespaceNodeId(next.id) : (next?.id ?? ''));
    if (el.nonempty()) cy.animate({ center: { eles: el } } as never, { duration: 150 });
  };

  return (
    <div
      ref={container}
      id="graph"
      className="graph-canvas"
      data-testid="graph-canvas"
      tabIndex={0}
      role="application"
      aria-roledescription="access graph"
      aria-label="Access graph of workloads grouped by namespace. Arrow keys move to the nearest workload or namespace in that direction, e and shift+e step through the edges of the selected workload, Escape clears the selection."
      onKeyDown={onKeyDown}
    />
  );
}

/**
 * Starting positions for nodes added after the first layout: next to the existing workloads of
 * their namespace (right of them), else around the namespace's former position (a collapsed
 * namespace being expanded), else right of the whole graph. fcose then only moves these.
 */
export function placeNewNodes(cy: Core, addedIds: ReadonlySet<string>, before: ReadonlyMap<string, { x: number; y: number }>): void {
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
