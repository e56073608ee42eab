/**
 * The one long-lived Cytoscape instance and what it draws. Element updates are applied in
 * cy.batch as a diff (an element kept keeps its position); the layout dictionary (cyLayouts.ts)
 * places nodes only when nodes appear, so a live update or expanding a namespace does not make
 * the graph jump. The stylesheet follows the theme, the edge count (hundreds of edges: straight
 * lines) and the semantic zoom level; the canvas's pixel ratio follows the element count.
 */
import cytoscape, { type Core, type Position } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { stylesheet } from './stylesheet.ts';
import { pixelRatioFor, stableOrder } from './layout.ts';
import { zoomLevel, type ZoomLevel } from './semanticZoom.ts';
import { LAYOUTS, chooseLayout, type OverviewSlots } from './cyLayouts.ts';
import type { ElementDefinition } from './elementData.ts';
import { classKey, dataChanges } from './elementDiff.ts';
import { coalesceStyleTriggers } from './styleTriggers.ts';
import { memoizeLabelDimensions } from './labelDimensions.ts';

cytoscape.use(fcose);

/** Above this many drawn edges, straight lines instead of bundled bezier curves. */
const STRAIGHT_EDGES_ABOVE = 400;

export class CyGraph {
  readonly cy: Core;
  private theme: 'light' | 'dark';
  private straightEdges = false;
  private level: ZoomLevel = 'near';
  /** The overview's cells, kept across updates. */
  private readonly slots: { current: OverviewSlots | null } = { current: null };
  /** Per drawn element: the classes its definition set last (classKey), so an unchanged one is not set again. */
  private readonly classesSet = new Map<string, string>();

  constructor(container: HTMLElement, theme: 'light' | 'dark') {
    this.theme = theme;
    this.cy = cytoscape({
      container,
      elements: [],
      minZoom: 0.05,
      maxZoom: 4,
      // Sharp on HiDPI screens: the device pixel ratio, at most 2 (3× canvases cost 2.25× the
      // fill of 2× for no visible gain); big graphs drop to 1 (see pixelRatioFor).
      pixelRatio: pixelRatioFor(0),
      // While panning or zooming, edges are not drawn: big graphs stay smooth.
      hideEdgesOnViewport: true,
    });
    // One style pass dirties caches once per element, not once per property (styleTriggers.ts).
    coalesceStyleTriggers(this.cy);
    // A label is measured once per font and text, not each time it is laid out (labelDimensions.ts).
    memoizeLabelDimensions((this.cy as unknown as { renderer(): unknown }).renderer());
    this.restyle();
    // Semantic zoom: crossing FAR_ZOOM swaps the stylesheet (workloads fold into their namespace).
    this.cy.on('zoom', () => this.followZoom());
  }

  destroy(): void {
    this.cy.destroy();
  }

  setTheme(theme: 'light' | 'dark'): void {
    this.theme = theme;
    this.restyle();
  }

  private restyle(): void {
    // The stylesheet is data (stylesheet.ts); Cytoscape reads it as JSON.
    this.cy
      .style()
      .fromJson(stylesheet(this.theme, { straightEdges: this.straightEdges, far: this.level === 'far' }))
      .update();
  }

  private followZoom(): void {
    const next = zoomLevel(this.cy.zoom());
    if (next === this.level) return;
    this.level = next;
    this.restyle();
  }

  /** Draws exactly these elements (keeping those already drawn), then lays out what is new. */
  setElements(elements: readonly ElementDefinition[], overview: boolean): void {
    const cy = this.cy;
    const wanted = new Map(elements.map((e) => [e.data.id, e]));
    let added = 0;
    const addedIds = new Set<string>();
    // Where each node was before this update: a namespace that was collapsed (a simple node) and
    // now shows its workloads places them around its old position.
    const before = new Map<string, Position>(cy.nodes().map((n) => [n.id(), { ...n.position() }]));
    performance.mark('accessgraph:elements');
    // Hundreds of edges: straight lines instead of bundled bezier curves, whose control points
    // dominate layout and drawing time on big graphs (parallel edges then overlap; arrows and
    // badges still tell the directions apart).
    const straight = elements.reduce((n, e) => n + (e.group === 'edges' ? 1 : 0), 0) > STRAIGHT_EDGES_ABOVE;
    if (straight !== this.straightEdges) {
      this.straightEdges = straight;
      this.restyle();
    }
    let reparented = false;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        const next = wanted.get(el.id());
        const parentChanged = el.isNode() && next?.group === 'nodes' && (next.data.kind === 'workload' ? next.data.parent : null) !== (el.data('parent') ?? null);
        if (parentChanged) reparented = true;
        if (!next || parentChanged) {
          el.remove();
          this.classesSet.delete(el.id());
        }
      });
      // Nodes first, parents before children, then edges.
      // A stable order (rank, then id): the layout sees the same graph whatever order the API used.
      for (const e of stableOrder(elements)) {
        const existing = cy.getElementById(e.data.id);
        if (existing.nonempty()) {
          // Only what changed: setting data or classes restyles the element even when equal.
          if (dataChanges(existing.data() as Record<string, unknown>, e.data)) existing.data(e.data);
          const ck = classKey(e.classes);
          if (this.classesSet.get(e.data.id) !== ck) {
            existing.classes(e.classes ?? '');
            this.classesSet.set(e.data.id, ck);
          }
        } else {
          this.classesSet.set(e.data.id, classKey(e.classes));
          // A copy: Cytoscape keeps the data object it is given and later data() calls write
          // into it; definitions may be shared across updates (overview.ts).
          cy.add({ group: e.group, data: { ...e.data }, ...(e.classes !== undefined ? { classes: e.classes } : {}) });
          if (e.group === 'nodes') {
            added++;
            addedIds.add(e.data.id);
          }
        }
      }
    });
    const layout = chooseLayout(cy, { overview, added, reparented, nodesBefore: before.size });
    if (layout) {
      performance.mark('accessgraph:layout');
      LAYOUTS[layout](cy, { before, addedIds, slots: this.slots });
      performance.measure('accessgraph:layout', 'accessgraph:layout');
      this.followZoom();
    }
    const ratio = pixelRatioFor(cy.elements().length);
    // Cytoscape reads the pixel ratio option once; its renderer keeps it as forcedPixelRatio.
    const renderer = (cy as unknown as { renderer(): { forcedPixelRatio?: number | null } }).renderer();
    if (renderer.forcedPixelRatio !== ratio) {
      renderer.forcedPixelRatio = ratio;
      cy.resize();
    }
    performance.measure('accessgraph:elements+layout', 'accessgraph:elements');
  }
}
