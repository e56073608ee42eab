/**
 * The one long-lived Cytoscape instance. React renders the container once; element updates
 * are applied in cy.batch, and the layout runs only when nodes appear, starting from the
 * current positions, so a live update does not make the graph jump.
 */
import { useEffect, useRef } from 'react';
import cytoscape, { type Core, type ElementDefinition as CyElement } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { ElementDefinition } from './toElements.ts';
import { stylesheet } from './stylesheet.ts';
import type { Selection } from '../state/viewState.ts';

cytoscape.use(fcose);

export const LAYOUT = {
  name: 'fcose',
  quality: 'default',
  animate: false,
  nodeSeparation: 80,
  idealEdgeLength: 90,
  nestingFactor: 0.6,
  nodeRepulsion: 9000,
  tilingPaddingVertical: 30,
  tilingPaddingHorizontal: 30,
  packComponents: true,
} as const;

export interface GraphViewProps {
  elements: ElementDefinition[];
  theme: 'light' | 'dark';
  selection: Selection;
  changed: string[];
  /** Edge ids (or agg ids) to emphasise, e.g. the flow of a "can X reach Y" answer. */
  highlight: string[];
  onSelect(selection: Selection): void;
  onReady(cy: Core): void;
}

export function GraphView({ elements, theme, selection, changed, highlight, onSelect, onReady }: GraphViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    const cy = cytoscape({
      container: container.current,
      style: stylesheet(theme) as never,
      elements: [],
      minZoom: 0.05,
      maxZoom: 4,
      pixelRatio: 1,
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
    });
    cy.on('mouseout', 'node.workload, edge', () => cy.elements().removeClass('faded'));
    onReady(cy);
    return () => cy.destroy();
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    cy?.style(stylesheet(theme, { straightEdges: cy.scratch('_manyEdges') === true }) as never);
  }, [theme]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const wanted = new Map(elements.map((e) => [e.data.id, e]));
    let added = 0;
    performance.mark('accessgraph:elements');
    // Hundreds of edges: straight lines instead of bundled bezier curves, whose control points
    // dominate layout and drawing time on big graphs (parallel edges then overlap; arrows and
    // badges still tell the directions apart).
    const manyEdges = elements.reduce((n, e) => n + (e.group === 'edges' ? 1 : 0), 0) > 400;
    if (manyEdges !== cy.scratch('_manyEdges')) {
      cy.scratch('_manyEdges', manyEdges);
      cy.style(stylesheet(theme, { straightEdges: manyEdges }) as never);
    }
    cy.batch(() => {
      cy.elements().forEach((el) => {
        const next = wanted.get(el.id());
        const parentChanged = el.isNode() && next && (next.data.parent ?? null) !== (el.data('parent') ?? null);
        if (!next || parentChanged) el.remove();
      });
      // Nodes first, parents before children, then edges.
      const ordered = [...elements].sort((a, b) => rank(a) - rank(b));
      for (const e of ordered) {
        const existing = cy.getElementById(e.data.id);
        if (existing.nonempty()) {
          existing.data(e.data);
          existing.classes(e.classes ?? '');
        } else {
          cy.add({ group: e.group, data: e.data, classes: e.classes } as CyElement);
          if (e.group === 'nodes') added++;
        }
      }
    });
    if (added > 0) {
      const fresh = cy.nodes().length === added;
      // Many edges: the first layout uses fcose's draft quality (spectral only) without packing
      // disconnected components, which is fast; later updates start from the current positions
      // so nothing jumps.
      const big = fresh && cy.edges().length > 400;
      performance.mark('accessgraph:layout');
      cy.layout({ ...LAYOUT, randomize: fresh, fit: fresh, ...(big ? { quality: 'draft', packComponents: false } : {}) } as never).run();
      performance.measure('accessgraph:layout', 'accessgraph:layout');
    }
    performance.measure('accessgraph:elements+layout', 'accessgraph:elements');
    document.documentElement.dataset.graphVersion = String(Number(document.documentElement.dataset.graphVersion ?? 0) + 1);
  }, [elements]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.$(':selected').unselect();
    if (!selection) return;
    const id = selection.kind === 'namespace' ? `ns:${selection.id}` : selection.id;
    cy.getElementById(id).select();
  }, [selection, elements]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || changed.length === 0) return;
    const els = cy.collection();
    for (const id of changed) els.merge(cy.edges().filter((e) => e.id() === id || ((e.data('edgeIds') as string[] | undefined) ?? []).includes(id)));
    els.addClass('changed');
    const t = setTimeout(() => els.removeClass('changed'), 2500);
    return () => clearTimeout(t);
  }, [changed]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.elements().removeClass('highlighted');
    for (const id of highlight) {
      const el = cy.edges().filter((e) => e.id() === id || ((e.data('edgeIds') as string[] | undefined) ?? []).includes(id));
      el.addClass('highlighted');
      el.connectedNodes().addClass('highlighted');
    }
  }, [highlight, elements]);

  return <div ref={container} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label="Access graph of workloads grouped by namespace" />;
}

function rank(e: ElementDefinition): number {
  if (e.group === 'edges') return 2;
  return e.data.kind === 'namespace' ? 0 : 1;
}
