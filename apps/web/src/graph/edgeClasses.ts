/**
 * How each edge class looks, as data: the stylesheet and the legend both read this table, so
 * they cannot disagree. Colour is never the only signal — every class also has its own line
 * style, arrow and text badge, so the graph reads in greyscale and for colour-blind readers.
 */
import { EDGE_CLASSES, type EdgeClass } from '@accessgraph/model';

export interface EdgeLook {
  label: string;
  description: string;
  color: string;
  lineStyle: 'solid' | 'dashed' | 'dotted';
  width: number;
  arrow: 'triangle' | 'vee' | 'tee' | 'square' | 'circle';
  arrowFill: 'filled' | 'hollow';
  badge: string;
}

export const EDGE_LOOKS: Record<EdgeClass, EdgeLook> = {
  both: { label: 'Both layers', description: 'NetworkPolicy and Linkerd authorization both restrict and allow it', color: '#1a7f37', lineStyle: 'solid', width: 4, arrow: 'triangle', arrowFill: 'filled', badge: 'L4+L7' },
  'l4-only': { label: 'L4 only', description: 'only NetworkPolicy restricts it', color: '#0969da', lineStyle: 'dashed', width: 3, arrow: 'triangle', arrowFill: 'filled', badge: 'L4' },
  'l7-only': { label: 'L7 only', description: 'only Linkerd authorization restricts it', color: '#8250df', lineStyle: 'dotted', width: 3, arrow: 'vee', arrowFill: 'filled', badge: 'L7' },
  none: { label: 'Unprotected', description: 'allowed and nothing restricts it', color: '#6e7781', lineStyle: 'solid', width: 1.5, arrow: 'circle', arrowFill: 'hollow', badge: 'open' },
  conflict: { label: 'Layers disagree', description: 'one layer allows explicitly what the other denies, or NetworkPolicy blocks on the proxy port (4143) a meshed flow its rule admits on the application port', color: '#cf222e', lineStyle: 'solid', width: 5, arrow: 'tee', arrowFill: 'filled', badge: '⚠ conflict' },
  unknown: { label: 'Unknown', description: 'a layer could not be read; never drawn as allowed', color: '#9a6700', lineStyle: 'dashed', width: 2, arrow: 'square', arrowFill: 'hollow', badge: '?' },
};

/** Legend rows in a fixed order, strongest first. */
export const LEGEND: { cls: EdgeClass; look: EdgeLook }[] = EDGE_CLASSES.map((cls) => ({ cls, look: EDGE_LOOKS[cls] }));
