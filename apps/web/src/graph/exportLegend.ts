/**
 * The legend block above an exported image (PNG and SVG): title, snapshot and export time,
 * filters, the collapsed namespaces, the edge legend and the key of node badges — laid out as
 * wrapped lines no wider than the image, never one line as long as the list it holds (a
 * 2,000-workload view collapses 80 namespaces). Font sizes grow with the image width so the
 * block prints at 7 pt or more when the image is fitted to the A4 text width. Pure; tested.
 */
import { LEGEND } from './edgeClasses.ts';
import { NODE_BADGE_KEY, type ExportMeta } from './exportHeader.ts';
import type { EdgeClass } from '@accessgraph/model';

/** The A4 text width (210 mm − 2 × 15 mm) in points: what a printed export is fitted to. */
export const A4_TEXT_WIDTH_PT = 510;
/** The smallest printed size the block aims at, with a little margin over 7 pt. */
export const MIN_PRINT_PT = 7.2;
/** Left and right padding of the block, in image pixels (CSS px). */
export const PAD = 12;

/** Width of `text` at `size` px: ctx.measureText for the PNG, an estimate for the SVG. */
export type Measure = (text: string, size: number, bold: boolean) => number;

/** A conservative sans-serif estimate (average advance 0.6 em) for the SVG, which cannot measure. */
export const estimateWidth: Measure = (text, size, bold) => text.length * size * (bold ? 0.64 : 0.6);

/** Printed size in points of `px` in an image `width` px wide, fitted to the A4 text width. */
export function printedPt(px: number, width: number): number {
  return (px * A4_TEXT_WIDTH_PT) / width;
}

/** The block's small text size for an image `width` px wide: 11 px, more when the image is wide. */
export function smallSize(width: number): number {
  return Math.max(11, Math.ceil(((MIN_PRINT_PT * width) / A4_TEXT_WIDTH_PT) * 10) / 10);
}

export interface LegendText {
  kind: 'text';
  x: number;
  y: number;
  size: number;
  bold: boolean;
  text: string;
}

export interface LegendSample {
  kind: 'sample';
  cls: EdgeClass;
  /** Start of the line sample; the label follows at `labelX`. */
  x: number;
  y: number;
  /** Length of the line sample, arrowhead included. */
  length: number;
  labelX: number;
  size: number;
  text: string;
}

export interface LegendBlock {
  items: (LegendText | LegendSample)[];
  /** Height of the block, margin below included. */
  height: number;
  /** Scale of the block against its 11 px base (line widths, arrowheads). */
  scale: number;
}

/** Words of `text` on lines no wider than `max`; a word longer than a line stands on its own. */
export function wrap(text: string, max: number, size: number, bold: boolean, measure: Measure, firstIndent = 0): string[] {
  const words = text.split(/(?<=[ ,])/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line + w;
    const limit = lines.length === 0 ? max - firstIndent : max;
    if (line && measure(next.trimEnd(), size, bold) > limit) {
      lines.push(line.trimEnd());
      line = w.trimStart();
    } else line = next;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.length ? lines : [''];
}

/** The block for an image `width` px wide. */
export function legendBlock(meta: ExportMeta, width: number, measure: Measure): LegendBlock {
  const small = smallSize(width);
  const scale = small / 11;
  const normal = Math.round(small * (12 / 11) * 10) / 10;
  const title = Math.round(small * (16 / 11) * 10) / 10;
  const max = width - 2 * PAD;
  const items: (LegendText | LegendSample)[] = [];
  let y = 0;
  const line = (text: string, size: number, bold = false) => {
    for (const l of wrap(text, max, size, bold, measure)) {
      y += size * 1.45;
      items.push({ kind: 'text', x: PAD, y, size, bold, text: l });
    }
  };
  line(`accessgraph — ${meta.source}`, title, true);
  line(`snapshot taken ${meta.takenAt} · exported ${meta.exportedAt}`, normal);
  line(`filters: ${meta.filters}`, normal);
  if (meta.collapsed.length) {
    // The list goes on lines of its own, as long as it needs; the explanation after it.
    line(`collapsed namespaces (${meta.collapsed.length}): ${meta.collapsed.join(', ')}`, normal);
    line('each collapsed namespace is drawn as one node: the edges inside it are not drawn; the CSV/JSON export lists them', small);
  } else line('collapsed namespaces: none', normal);
  y += small * 0.6;
  // The edge legend: a line sample with its arrowhead, then the class and its badge; wrapped.
  const sample = 30 * scale;
  let x = PAD;
  let rowY = y + small * 1.45;
  for (const { cls, look } of LEGEND) {
    const text = `${look.label} (${look.badge})`;
    const w = sample + 6 * scale + measure(text, small, false);
    if (x > PAD && x + w > width - PAD) {
      x = PAD;
      rowY += small * 1.6;
    }
    items.push({ kind: 'sample', cls, x, y: rowY, length: sample, labelX: x + sample + 6 * scale, size: small, text });
    x += w + 16 * scale;
  }
  y = rowY;
  line(NODE_BADGE_KEY, small);
  return { items, height: Math.ceil(y + small * 1.2), scale };
}
