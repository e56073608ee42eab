/**
 * Everything the graph emphasises on top of what is drawn, as classes on a Cytoscape instance
 * (the stylesheet says how they look): hover (`faded`, `lit`), the overview's quiet edges (pair
 * edges, and an expanded namespace's workload edges to collapsed namespaces: drawn only while
 * one of their ends is hovered or selected), the selection, a highlighted flow
 * (`highlighted`: a "can X reach Y" answer, a finding) and the edges a live update added or
 * reclassified (`changed`, for CHANGED_MS). It reads element data (elementData.ts), never ids.
 */
import type { CollectionReturnValue, Core, EdgeCollection, EdgeSingular, NodeCollection, NodeSingular } from 'cytoscape';

/** Any element collection (Cytoscape's node and edge collections are not assignable to its plain one). */
type Elements = CollectionReturnValue | NodeCollection | EdgeCollection;
import { namespaceNodeId, type EdgeData, type ElementDefinition, type Flow, type Highlight, type NodeData } from './elementData.ts';
import type { Selection } from '../state/viewState.ts';

/** After an update, when the quiet edges are indexed by end if no hover or selection asked first. */
const IDLE_INDEX_MS = 1000;
/** How long an edge added or reclassified by a live update stays marked `.changed`. */
export const CHANGED_MS = 4000;
/** A changed flow the graph does not show yet (the refetch is under way) waits this long. */
const CHANGED_PENDING_MS = 15_000;

/** The data of a drawn element: every element was added from an ElementDefinition. */
export function nodeData(n: NodeSingular): NodeData {
  return n.data() as NodeData;
}
export function edgeData(e: EdgeSingular): EdgeData {
  return e.data() as EdgeData;
}

/** The workload flows a drawn edge stands for (none for an overview pair edge). */
function flowsOf(e: EdgeSingular): readonly Flow[] {
  const d = edgeData(e);
  return d.kind === 'flow' ? d.members : [];
}

const flowKey = (f: Flow) => `${f.from}\u0000${f.to}`;

/** The namespace of a workload id (`namespace/name`, `namespace/kind/name`: WorkloadIdSchema). */
function namespaceOfWorkload(id: string): string {
  return id.slice(0, Math.max(0, id.indexOf('/')));
}

/**
 * Cytoscape's addClass and removeClass restyle every element they are called on, whether or not
 * it had the class (Collection.toggleClass): on the whole graph that is a full style pass and
 * redraw. These touch only the elements that change.
 */
export function addClassTo(eles: Elements, cls: string): void {
  const without = (eles as CollectionReturnValue).filter((e) => !e.hasClass(cls));
  if (without.nonempty()) without.addClass(cls);
}
export function removeClassFrom(eles: Elements, cls: string): void {
  const withIt = (eles as CollectionReturnValue).filter((e) => e.hasClass(cls));
  if (withIt.nonempty()) withIt.removeClass(cls);
}

export class Highlighter {
  /** The quiet edges of the last update, drawn on hover / selection only. */
  private quiet: ElementDefinition[] = [];
  /** The quiet edges by node id (both ends): made when first asked (or when the page is idle), not on every update. */
  private byEnd: Map<string, ElementDefinition[]> | null = new Map();
  private idleBuild: ReturnType<typeof setTimeout> | undefined;
  private selection: Selection = null;
  /** Changed flows → until when they stay marked; the clock starts once the graph shows one. */
  private readonly marks = new Map<string, { until: number | null; dropAt: number }>();
  private markTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly cy: Core) {
    cy.on('mouseover', 'node.workload, edge', (ev) => {
      const el = ev.target as NodeSingular | EdgeSingular;
      // A workload of an expanded overview namespace: its edges to collapsed namespaces too.
      if (el.isNode() && this.reserve.has(el.id())) this.showQuiet([...this.selectedNodes(), el.id()]);
      const hood = el.isNode() ? el.closedNeighborhood() : el.union(el.connectedNodes());
      addClassTo(cy.elements().not(hood).not('node.namespace'), 'faded');
      // Its edges lit (drawn on top, labelled); a hovered edge lights itself.
      addClassTo(el.isNode() ? hood.edges('.workload-edge') : el.filter('.workload-edge'), 'lit');
    });
    cy.on('mouseout', 'node.workload, edge', (ev) => {
      const el = ev.target as NodeSingular | EdgeSingular;
      if (el.isNode() && this.reserve.has(el.id())) this.showQuiet(this.selectedNodes());
      removeClassFrom(cy.elements('.faded'), 'faded');
      removeClassFrom(cy.edges('.workload-edge.lit'), 'lit');
    });
    // The overview: a namespace's pair edges light up (and quiet ones appear) while hovered.
    cy.on('mouseover', 'node.namespace', (ev) => {
      const n = ev.target as NodeSingular;
      if (!n.hasClass('overview')) return;
      this.showQuiet([...this.selectedNodes(), n.id()]);
      addClassTo(n.connectedEdges('.pair'), 'lit');
      n.addClass('hovered');
    });
    cy.on('mouseout', 'node.namespace', (ev) => {
      const n = ev.target as NodeSingular;
      if (!n.hasClass('overview')) return;
      n.removeClass('hovered');
      const keep = this.selectedNodes();
      this.showQuiet(keep);
      cy.edges('.lit').forEach((e) => {
        if (!keep.includes(e.source().id()) && !keep.includes(e.target().id())) e.removeClass('lit');
      });
    });
  }

  dispose(): void {
    clearTimeout(this.markTimer);
    clearTimeout(this.idleBuild);
  }

  /**
   * Splits new elements into those to draw and the quiet edges, which wait in the reserve
   * (a big overview has tens of thousands of them).
   */
  drawable(elements: readonly ElementDefinition[]): ElementDefinition[] {
    const drawn: ElementDefinition[] = [];
    const quiet: ElementDefinition[] = [];
    for (const e of elements) {
      if (e.group === 'edges' && e.classes?.includes('quiet')) quiet.push(e);
      else drawn.push(e);
    }
    this.quiet = quiet;
    // Indexed by end when first needed (a hover, a selection, a highlight) or once the page is
    // idle: a big overview has tens of thousands of quiet pair edges, and indexing them on the
    // expansion's path delayed its first frame.
    this.byEnd = null;
    clearTimeout(this.idleBuild);
    if (quiet.length > 0) this.idleBuild = setTimeout(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => void this.reserve, { timeout: IDLE_INDEX_MS }) : void this.reserve), IDLE_INDEX_MS / 4);
    return drawn;
  }

  /** The quiet edges by node id (both ends). */
  private get reserve(): ReadonlyMap<string, ElementDefinition[]> {
    if (this.byEnd) return this.byEnd;
    const byEnd = new Map<string, ElementDefinition[]>();
    for (const e of this.quiet) {
      if (e.group !== 'edges') continue;
      for (const end of [e.data.source, e.data.target]) {
        // Push, not copy: a big overview has tens of thousands of quiet pair edges.
        const list = byEnd.get(end);
        if (list) list.push(e);
        else byEnd.set(end, [e]);
      }
    }
    this.byEnd = byEnd;
    return byEnd;
  }

  /** The selected node whose quiet edges stay drawn: a namespace box or a workload. */
  private selectedNodes(): string[] {
    const s = this.selection;
    return s?.kind === 'namespace' ? [namespaceNodeId(s.id)] : s?.kind === 'workload' ? [s.id] : [];
  }

  /** Draws the quiet edges of these nodes (and removes the other quiet ones). */
  private showQuiet(nsIds: readonly string[]): void {
    const cy = this.cy;
    const keep = new Set<string>();
    cy.batch(() => {
      for (const ns of nsIds) {
        for (const e of this.reserve.get(ns) ?? []) {
          if (e.group !== 'edges') continue;
          keep.add(e.data.id);
          if (cy.getElementById(e.data.id).nonempty()) continue;
          if (cy.getElementById(e.data.source).empty() || cy.getElementById(e.data.target).empty()) continue;
          cy.add({ group: 'edges', data: { ...e.data }, classes: `${e.classes ?? ''} lit` });
        }
      }
      // A highlighted one (`pinned`, see highlight) stays until the highlight changes.
      cy.edges('.quiet').forEach((e) => {
        if (!keep.has(e.id()) && !e.hasClass('pinned')) e.remove();
      });
    });
  }

  /** Marks the selected element; in the overview the selected namespace keeps its pair edges drawn and lit. */
  select(selection: Selection, overview: boolean): void {
    const cy = this.cy;
    this.selection = selection;
    cy.$(':selected').unselect();
    if (overview) {
      const keep = this.selectedNodes();
      this.showQuiet(keep);
      const lit = cy.collection();
      for (const id of keep) lit.merge(cy.getElementById(id).connectedEdges('.pair'));
      removeClassFrom(cy.edges('.lit').not(lit).not('.quiet'), 'lit');
      addClassTo(lit, 'lit');
    }
    if (!selection) return;
    cy.getElementById(selection.kind === 'namespace' ? namespaceNodeId(selection.id) : selection.id).select();
  }

  /** Lights the drawn edges of these flows and their two ends (a workload, or its collapsed namespace). */
  highlight(flows: Highlight): void {
    const cy = this.cy;
    removeClassFrom(cy.elements('.highlighted'), 'highlighted');
    // The quiet edges the last highlight drew go, unless a selection keeps them.
    if (cy.edges('.pinned').nonempty()) {
      cy.edges('.pinned').removeClass('pinned');
      this.showQuiet(this.selectedNodes());
    }
    if (flows.length === 0) return;
    const wanted = new Set(flows.map(flowKey));
    // A quiet edge that carries one of these flows is drawn while the highlight lasts.
    const seen = new Set<string>();
    cy.batch(() => {
      for (const e of this.quiet) {
        if (e.group !== 'edges' || e.data.kind !== 'flow' || seen.has(e.data.id)) continue;
        seen.add(e.data.id);
        if (!e.data.members.some((f) => wanted.has(flowKey(f)))) continue;
        const drawn = cy.getElementById(e.data.id);
        if (drawn.nonempty()) {
          drawn.addClass('pinned');
          continue;
        }
        if (cy.getElementById(e.data.source).empty() || cy.getElementById(e.data.target).empty()) continue;
        cy.add({ group: 'edges', data: { ...e.data }, classes: `${e.classes ?? ''} pinned` });
      }
    });
    cy.edges().forEach((e) => {
      if (!flowsOf(e).some((f) => wanted.has(flowKey(f)))) return;
      addClassTo(e.union(e.connectedNodes()), 'highlighted');
    });
    // A denied flow has no edge: its two workloads (or their collapsed namespaces) still light up.
    for (const f of flows) {
      for (const end of [f.from, f.to]) {
        const node = cy.getElementById(end);
        addClassTo(node.nonempty() ? node : cy.getElementById(namespaceNodeId(namespaceOfWorkload(end))), 'highlighted');
      }
    }
  }

  /** A live update changed these flows: mark them (again) from now. */
  changed(flows: readonly Flow[]): void {
    if (flows.length === 0) return;
    const dropAt = Date.now() + CHANGED_PENDING_MS;
    // A new live update restarts the clock of an edge it changes again.
    for (const f of flows) this.marks.set(flowKey(f), { until: null, dropAt });
    this.applyMarks();
  }

  /** After the elements were refreshed (which resets classes): put the marks back. */
  refreshed(): void {
    if (this.marks.size > 0 || this.cy.edges('.changed').nonempty()) this.applyMarks();
  }

  /** Puts `.changed` on exactly the drawn edges with a live mark; schedules the next expiry. */
  private applyMarks(): void {
    const cy = this.cy;
    clearTimeout(this.markTimer);
    if (cy.destroyed()) return;
    const now = Date.now();
    for (const [key, m] of this.marks) if ((m.until ?? m.dropAt) <= now) this.marks.delete(key);
    if (this.marks.size === 0) {
      cy.edges('.changed').removeClass('changed');
      return;
    }
    cy.batch(() => {
      cy.edges().forEach((e) => {
        let on = false;
        for (const f of flowsOf(e)) {
          const m = this.marks.get(flowKey(f));
          if (!m) continue;
          m.until ??= now + CHANGED_MS;
          on = true;
        }
        if (on) e.addClass('changed');
        else if (e.hasClass('changed')) e.removeClass('changed');
      });
    });
    let next = Infinity;
    for (const m of this.marks.values()) next = Math.min(next, m.until ?? m.dropAt);
    this.markTimer = setTimeout(() => this.applyMarks(), Math.max(0, next - now) + 10);
  }
}
