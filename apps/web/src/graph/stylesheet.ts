/**
 * The Cytoscape stylesheet: selectors on element classes set by toElements, values from the
 * edge-class table (edgeClasses.ts) and the theme.
 */
import { EDGE_CLASSES } from '@accessgraph/model';
import { EDGE_LOOKS } from './edgeClasses.ts';
import { MIN_LEGIBLE_PX } from './semanticZoom.ts';
import { OVERVIEW_FONT } from './overview.ts';

export interface ThemeColors {
  text: string;
  background: string;
  namespaceFill: string;
  namespaceBorder: string;
  node: string;
  nodeBorder: string;
  highlight: string;
}

export const THEMES: Record<'light' | 'dark', ThemeColors> = {
  light: { text: '#1f2328', background: '#ffffff', namespaceFill: '#f6f8fa', namespaceBorder: '#afb8c1', node: '#ffffff', nodeBorder: '#57606a', highlight: '#bf3989' },
  dark: { text: '#e6edf3', background: '#0d1117', namespaceFill: '#161b22', namespaceBorder: '#484f58', node: '#21262d', nodeBorder: '#8b949e', highlight: '#f778ba' },
};

type Style = { selector: string; style: Record<string, string | number> };

/**
 * `straightEdges`: hundreds of edges (straight lines, no port labels). `far`: the semantic zoom's
 * far level (semanticZoom.ts): workloads are not drawn, their namespace's pair edges stand in.
 */
export function stylesheet(theme: 'light' | 'dark', options: { straightEdges?: boolean; far?: boolean } = {}): Style[] {
  const t = THEMES[theme];
  const edgeStyles: Style[] = EDGE_CLASSES.map((cls) => {
    const look = EDGE_LOOKS[cls];
    return {
      selector: `edge.${cls}`,
      style: {
        'line-color': look.color,
        'target-arrow-color': look.color,
        'line-style': look.lineStyle,
        width: look.width,
        'target-arrow-shape': look.arrow,
        'target-arrow-fill': look.arrowFill,
        label: 'data(label)',
      },
    };
  });
  return [
    {
      selector: 'node.workload',
      style: {
        shape: 'round-rectangle',
        'background-color': t.node,
        'border-color': t.nodeBorder,
        'border-width': 1.5,
        label: 'data(label)',
        color: t.text,
        'font-size': 11,
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'text-halign': 'center',
        width: 'data(width)',
        height: 'data(height)',
        'min-zoomed-font-size': MIN_LEGIBLE_PX,
      },
    },
    { selector: 'node.meshed', style: { 'border-width': 3, 'border-style': 'double' } },
    { selector: 'node.sensitive', style: { shape: 'barrel' } },
    { selector: 'node.open-ingress', style: { 'border-color': EDGE_LOOKS.none.color, 'border-style': 'dashed', 'border-width': 3 } },
    // Exposed outside the cluster (Service LoadBalancer/NodePort, Ingress, Gateway): a thick outline.
    { selector: 'node.exposed', style: { 'outline-color': EDGE_LOOKS.none.color, 'outline-width': 3, 'outline-offset': 2 } },
    {
      // The world outside: its own shape, outside every namespace box.
      selector: 'node.external',
      style: {
        shape: 'cut-rectangle',
        'background-color': t.namespaceFill,
        'border-color': t.nodeBorder,
        'border-width': 2,
        'border-style': 'dotted',
        label: 'data(label)',
        color: t.text,
        'font-size': 12,
        'font-style': 'italic',
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'text-halign': 'center',
        width: 'data(width)',
        height: 'data(height)',
      },
    },
    {
      selector: 'node.namespace',
      style: {
        shape: 'round-rectangle',
        'background-color': t.namespaceFill,
        'border-color': t.namespaceBorder,
        'border-width': 1,
        label: 'data(label)',
        color: t.text,
        'font-size': 13,
        'font-weight': 'bold',
        'text-valign': 'top',
        'text-halign': 'center',
        padding: '14px',
        'min-zoomed-font-size': MIN_LEGIBLE_PX,
      },
    },
    { selector: 'node.namespace.collapsed', style: { 'text-valign': 'center', 'text-wrap': 'wrap', width: 140, height: 44, 'border-width': 2 } },
    { selector: 'node.namespace.has-open', style: { 'border-style': 'dashed' } },
    // The overview (overview.ts): a namespace box with its posture badge, sized to its text.
    { selector: 'node.namespace.overview.collapsed', style: { width: 'data(width)', height: 'data(height)', 'font-size': OVERVIEW_FONT, 'font-weight': 'normal', 'text-wrap': 'wrap', 'text-justification': 'left', 'line-height': 1.25 } },
    { selector: 'node.namespace.has-warning', style: { 'border-color': '#9a6700', 'border-width': 2.5 } },
    { selector: 'node.namespace.has-error', style: { 'border-color': '#cf222e', 'border-width': 3 } },
    {
      selector: 'edge',
      style: {
        'curve-style': options.straightEdges ? 'straight' : 'bezier',
        'font-size': 10,
        color: t.text,
        'text-background-color': t.background,
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'arrow-scale': 1.2,
        // Badges vanish when zoomed out far enough that they would be unreadable (and slow).
        'min-zoomed-font-size': MIN_LEGIBLE_PX,
      },
    },
    ...edgeStyles,
    // Hundreds of edges: their port labels would cover the graph; the edge panel and the
    // workload's reachability table still list every port.
    ...(options.straightEdges ? [{ selector: 'edge', style: { label: '' } }] : []),
    { selector: 'edge.aggregated', style: { 'font-weight': 'bold' } },
    // One edge per namespace pair and class: as wide as its flow count is large, labelled `L4 ×12`.
    { selector: 'edge.pair', style: { width: 'data(width)', 'curve-style': 'straight', opacity: 0.75 } },
    { selector: 'edge.cross', style: { opacity: 0.3, width: 1.5 } },
    // An expanded overview namespace's workload edges: the label (class and ports) while the edge
    // or one of its workloads is hovered (lit, below), selected or highlighted — dozens of
    // always-on labels between a namespace's workloads pile up on each other, and measuring
    // and drawing them is a good part of an expansion's time.
    { selector: 'edge.workload-edge', style: { label: '' } },
    { selector: 'edge.workload-edge:selected, edge.workload-edge.highlighted', style: { label: 'data(label)' } },
    { selector: 'node.namespace.overview.expanded', style: { 'font-weight': 'normal' } },
    // A hairball's worth of pairs: drawn only for the hovered or selected namespace.
    { selector: 'edge.quiet', style: { display: 'none' } },
    { selector: 'edge.quiet.lit', style: { display: 'element' } },
    // A quiet edge carrying a highlighted flow ("can X reach Y", a finding) is drawn while highlighted.
    { selector: 'edge.quiet.pinned', style: { display: 'element', opacity: 1 } },
    // Lit edges are drawn over the namespace boxes, so their count badges are not hidden under them.
    { selector: 'edge.lit', style: { label: 'data(label)', opacity: 1, 'z-index-compare': 'manual', 'z-index': 10 } },
    { selector: 'node.namespace.hovered', style: { 'border-color': t.highlight, 'border-width': 3 } },
    ...(options.far
      ? [
          { selector: 'node.workload', style: { opacity: 0, label: '', events: 'no' } },
          { selector: 'edge.workload-edge', style: { display: 'none' } },
          { selector: 'node.namespace.expanded', style: { 'font-size': 40 } },
        ]
      : [{ selector: 'edge.far-only', style: { display: 'none' } }]),
    { selector: '.faded', style: { opacity: 0.15 } },
    { selector: '.highlighted', style: { 'underlay-color': t.highlight, 'underlay-opacity': 0.35, 'underlay-padding': 4 } },
    { selector: ':selected', style: { 'overlay-color': t.highlight, 'overlay-opacity': 0.25 } },
    { selector: '.changed', style: { 'underlay-color': '#d4a72c', 'underlay-opacity': 0.6, 'underlay-padding': 6 } },
  ];
}
