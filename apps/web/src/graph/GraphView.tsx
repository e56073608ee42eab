/**
 * The graph on the page. React renders the container once; the Cytoscape instance and what it
 * draws belong to CyGraph (cyGraph.ts, with the layouts of cyLayouts.ts), and what it emphasises
 * to the Highlighter (highlighter.ts). This component wires props to them, forwards taps and
 * keys as selections, and counts drawn versions in `data-graph-version` (the e2e waits on it).
 */
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';
import { namespaceNodeId, type ElementDefinition, type Flow, type Highlight } from './elementData.ts';
import { keyboardStep, type DrawnGraph, type DrawnNode } from './keyboard.ts';
import { CyGraph } from './cyGraph.ts';
import { Highlighter, nodeData } from './highlighter.ts';
import type { Selection } from '../state/viewState.ts';

export { READABLE_ZOOM, MAX_FIRST_ZOOM, LAYOUT } from './cyLayouts.ts';
export { CHANGED_MS } from './highlighter.ts';

export interface GraphViewProps {
  elements: ElementDefinition[];
  theme: 'light' | 'dark';
  selection: Selection;
  /** Flows a live update added or reclassified: marked `.changed` for a while. */
  changed: readonly Flow[];
  /** Flows to emphasise, e.g. a "can X reach Y" answer. */
  highlight: Highlight;
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
  /** The pointer rested on a collapsed namespace for HOVER_PREFETCH_MS: it may be expanded next. */
  onHoverNamespace?(ns: string): void;
}

/** How long the pointer rests on a collapsed namespace before its graph is fetched (not every box it crosses). */
export const HOVER_PREFETCH_MS = 120;

/** A tapped node as a selection: a namespace by name, a workload (or outside peer) by id. */
function selectionOf(n: NodeSingular): Selection {
  const d = nodeData(n);
  return d.kind === 'namespace' ? { kind: 'namespace', id: d.namespace } : { kind: 'workload', id: d.id };
}

export function GraphView({ elements, theme, selection, changed, highlight, focus, onSelect, onReady, overview = false, onToggleNamespace, onHoverNamespace }: GraphViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const graph = useRef<{ view: CyGraph; highlighter: Highlighter } | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onToggleRef = useRef(onToggleNamespace);
  onToggleRef.current = onToggleNamespace;
  const onHoverRef = useRef(onHoverNamespace);
  onHoverRef.current = onHoverNamespace;
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  // The node whose edges `e` steps through: the last workload or namespace selected. Stepping
  // onto one of its edges keeps it, so `e` walks that node's edges, not the edge's source's.
  const edgeAnchor = useRef<string | undefined>(undefined);
  if (selection && selection.kind !== 'edge') edgeAnchor.current = selection.kind === 'namespace' ? namespaceNodeId(selection.id) : selection.id;

  // Layout effects, like the elements' below (which needs the instance, and runs after this one).
  useLayoutEffect(() => {
    const view = new CyGraph(container.current!, theme);
    const cy = view.cy;
    const highlighter = new Highlighter(cy);
    graph.current = { view, highlighter };
    cy.on('tap', 'node', (ev) => onSelectRef.current(selectionOf(ev.target as NodeSingular)));
    cy.on('tap', 'edge', (ev) => onSelectRef.current({ kind: 'edge', id: (ev.target as EdgeSingular).id() }));
    cy.on('tap', (ev) => {
      if (ev.target === cy) onSelectRef.current(null);
    });
    cy.on('dbltap', 'node.namespace', (ev) => {
      const d = nodeData(ev.target as NodeSingular);
      if (d.kind === 'namespace') onToggleRef.current?.(d.namespace);
    });
    let hoverTimer: ReturnType<typeof setTimeout> | undefined;
    cy.on('mouseover', 'node.namespace.collapsed', (ev) => {
      const d = nodeData(ev.target as NodeSingular);
      clearTimeout(hoverTimer);
      if (d.kind === 'namespace') hoverTimer = setTimeout(() => onHoverRef.current?.(d.namespace), HOVER_PREFETCH_MS);
    });
    cy.on('mouseout', 'node.namespace', () => clearTimeout(hoverTimer));
    onReady(cy);
    return () => {
      clearTimeout(hoverTimer);
      highlighter.dispose();
      view.destroy();
      graph.current = null;
    };
  }, []);

  useEffect(() => graph.current?.view.setTheme(theme), [theme]);

  // A layout effect: the elements reach Cytoscape in the task that rendered them (a passive
  // effect waited for the browser to paint the rest of the page first, a frame later).
  useLayoutEffect(() => {
    const g = graph.current;
    if (!g) return;
    g.view.setElements(g.highlighter.drawable(elements), overview);
    g.highlighter.refreshed();
    document.documentElement.dataset.graphVersion = String(Number(document.documentElement.dataset.graphVersion ?? 0) + 1);
  }, [elements]);

  useEffect(() => graph.current?.highlighter.select(selection, overview), [selection, elements]);

  // Focusing (or clearing the focus) changes what is drawn: bring all of it into view. Runs after
  // the elements effect above, so it fits the drawn neighbourhood.
  const focusFitted = useRef(focus ?? null);
  useEffect(() => {
    const cy = graph.current?.view.cy;
    if (!cy || (focus ?? null) === focusFitted.current) return;
    focusFitted.current = focus ?? null;
    if (cy.elements().nonempty()) cy.animate({ fit: { eles: cy.elements(), padding: 40 } }, { duration: 200 });
  }, [focus, elements]);

  useEffect(() => graph.current?.highlighter.changed(changed), [changed]);

  useEffect(() => graph.current?.highlighter.highlight(highlight), [highlight, elements]);

  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    const cy = graph.current?.view.cy;
    if (!cy || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const drawn: DrawnGraph = {
      nodes: cy.nodes().map((n): DrawnNode => {
        const p = n.renderedPosition();
        const base = { elementId: n.id(), x: p.x, y: p.y, ...(n.isParent() ? { compound: true } : {}) };
        const d = nodeData(n);
        return d.kind === 'namespace' ? { kind: 'namespace', id: d.namespace, ...base } : { kind: 'workload', id: d.id, ...base };
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
    if (el.nonempty()) cy.animate({ center: { eles: el } }, { duration: 150 });
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
