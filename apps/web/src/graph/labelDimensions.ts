/**
 * Label measurements remembered per font and text (issue 16, expanding a namespace). Cytoscape
 * 3.34 measures a label (canvas measureText, once per line; for `text-wrap: wrap`, once per
 * word-prefix of a long line) each time an element's label is laid out again, and the cache its
 * wrapping code checks is never filled (`getLabelText` reads `rscratch.labelKey`, which nothing
 * writes: the style keeps the key in `_private.labelKey`). Expanding one namespace of the
 * 2,000-workload overview moved every namespace box below it, so every box's four-line posture
 * label was measured twice over: 862 measureText calls for 214 distinct lines.
 *
 * `calculateLabelDimensions(ele, text)` reads only the element's font (style, weight, size,
 * family), its `text-metrics` and the text: the same inputs give the same numbers, so the
 * renderer's function is wrapped with a map from those inputs to its answer. Bounded: the map
 * is emptied when it reaches MAX_ENTRIES (labels of a few thousand elements).
 */

/** What the wrapper reads of an element: its parsed style values. */
interface StyledElement {
  pstyle(name: string): { strValue?: string; pfValue?: number } | undefined;
}

/** The renderer function wrapped (Cytoscape's BaseRenderer.calculateLabelDimensions). */
export interface LabelMeasuring {
  calculateLabelDimensions(ele: StyledElement, text: string): unknown;
}

export const MAX_ENTRIES = 20_000;

const MEMOIZED = Symbol.for('accessgraph.memoizedLabelDimensions');

/** The inputs of one measurement, as one string; undefined when the element lacks a font property (then it is not remembered). */
function keyOf(ele: StyledElement, text: string): string | undefined {
  const style = ele.pstyle('font-style')?.strValue;
  const weight = ele.pstyle('font-weight')?.strValue;
  const size = ele.pstyle('font-size')?.pfValue;
  const family = ele.pstyle('font-family')?.strValue;
  if (style === undefined || weight === undefined || size === undefined || family === undefined) return undefined;
  const metrics = ele.pstyle('text-metrics')?.strValue || 'font';
  return `${style}\u0000${weight}\u0000${size}\u0000${family}\u0000${metrics}\u0000${text}`;
}

/**
 * Wraps `renderer.calculateLabelDimensions` (on the instance: other Cytoscape instances keep
 * theirs). Returns what puts the original back; a no-op when there is no such function (a
 * headless or different renderer) or it is wrapped already.
 */
export function memoizeLabelDimensions(renderer: unknown, maxEntries = MAX_ENTRIES): () => void {
  const r = renderer as (LabelMeasuring & { [MEMOIZED]?: true }) | null | undefined;
  if (!r || typeof r.calculateLabelDimensions !== 'function' || r[MEMOIZED]) return () => undefined;
  const own = Object.prototype.hasOwnProperty.call(r, 'calculateLabelDimensions');
  const original = r.calculateLabelDimensions;
  const memo = new Map<string, unknown>();
  r.calculateLabelDimensions = function (this: LabelMeasuring, ele: StyledElement, text: string) {
    const key = keyOf(ele, text);
    if (key === undefined) return original.call(this, ele, text);
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const dims = original.call(this, ele, text);
    if (memo.size >= maxEntries) memo.clear();
    memo.set(key, dims);
    return dims;
  };
  r[MEMOIZED] = true;
  return () => {
    if (own) r.calculateLabelDimensions = original;
    else delete (r as Partial<LabelMeasuring>).calculateLabelDimensions;
    delete r[MEMOIZED];
  };
}
