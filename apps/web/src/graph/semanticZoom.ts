/**
 * Semantic zoom: what is drawn depends on how big it is on screen. Every label (workload,
 * namespace, edge badge) is hidden once it would be smaller than MIN_LEGIBLE_PX on screen
 * (Cytoscape's min-zoomed-font-size, set from this constant in the stylesheet), and below
 * FAR_ZOOM the workloads inside an expanded namespace are no longer drawn: the namespace box
 * stands for them and its aggregated pair edges replace their workload edges.
 */

/** The smallest label drawn, in screen pixels. */
export const MIN_LEGIBLE_PX = 8;
/** Below this zoom a workload box (≥ 60 units wide) is under ~18 px and its label long gone: workloads fold into their namespace. */
export const FAR_ZOOM = 0.3;

export type ZoomLevel = 'near' | 'far';

export function zoomLevel(zoom: number): ZoomLevel {
  return zoom < FAR_ZOOM ? 'far' : 'near';
}

/** Whether a label of this font size (model units) is drawn at this zoom. */
export function legibleAt(fontSize: number, zoom: number): boolean {
  return fontSize * zoom >= MIN_LEGIBLE_PX;
}
