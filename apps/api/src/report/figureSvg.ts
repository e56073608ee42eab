/**
 * The report's figures as inline SVG, laid out in pure TypeScript (no browser): clients in a
 * left column, destinations in a right one, a curve per (client, destination) ending in the
 * class's arrowhead on the destination's border. One SVG unit is one typographic point and the
 * figure is exactly the A4 text width (180 mm = 510 pt), so a font size in the SVG is its
 * printed size: labels are 8 pt, details, badges and the legend 7 pt — never smaller.
 *
 * The same visual vocabulary as the dashboard: per class a colour, a line style and an
 * arrowhead (colour is never the only signal); meshed = double border and `mTLS`; sensitive =
 * a data-store (cylinder) shape and `◆ data`; a port open to all = dashed border and `⚠ open`.
 */
import type { EdgeClass, FigureBox, FigureSpec } from '@accessgraph/model';
import { EDGE_CLASSES } from '@accessgraph/model';

export interface ReportLook {
  label: string;
  description: string;
  color: string;
  dash: string;
  width: number;
  /** Arrowhead path in a 8×6 box, tip at (8, 3). */
  arrow: string;
  filled: boolean;
}

export const REPORT_LOOKS: Record<EdgeClass, ReportLook> = {
  both: { label: 'Both layers (L4+L7)', description: 'NetworkPolicy and Linkerd authorization both restrict and allow it', color: '#1a7f37', dash: '', width: 1.6, arrow: 'M0,0 L8,3 L0,6 Z', filled: true },
  'l4-only': { label: 'L4 only', description: 'only NetworkPolicy restricts it', color: '#0969da', dash: '5 2.5', width: 1.2, arrow: 'M0,0 L8,3 L0,6 Z', filled: true },
  'l7-only': { label: 'L7 only', description: 'only Linkerd authorization restricts it', color: '#8250df', dash: '1.2 1.8', width: 1.3, arrow: 'M0,0 L8,3 L0,6 L2.5,3 Z', filled: true },
  none: { label: 'Unprotected (open)', description: 'allowed and nothing restricts it', color: '#6e7781', dash: '', width: 0.7, arrow: 'M0.6,0.6 L7.4,3 L0.6,5.4 Z', filled: false },
  conflict: { label: 'Layers disagree (⚠ conflict)', description: 'one layer allows explicitly what the other denies, or NetworkPolicy blocks on the proxy port a meshed flow its rule admits', color: '#cf222e', dash: '', width: 2, arrow: 'M0,0 L6,3 L0,6 Z M6,0 H8 V6 H6 Z', filled: true },
  unknown: { label: 'Unknown (?)', description: 'a layer could not be read; never counted as allowed', color: '#9a6700', dash: '3 1.5', width: 0.9, arrow: 'M0.6,0.6 L7.4,3 L0.6,5.4 Z', filled: false },
};

/** The A4 text width in points (210 mm − 2 × 15 mm margins). */
export const FIGURE_WIDTH = 510;
export const LABEL_PT = 8;
export const SMALL_PT = 7;
const BOX_W = 178;
const ARROW = 8;
const SRC_H = 13;
const SRC_PITCH = 16;
const DST_H = 21;
const DST_PITCH = 24;
const TOP = 6;
const LEGEND_H = 44;
const NO_LEGEND_H = 4;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n1 = (v: number) => String(Math.round(v * 10) / 10);

/** Average glyph advance of a sans-serif face, as a share of the font size (conservative). */
const ADVANCE = 0.56;

/** Cuts a label to what fits `width` points at `pt`, with an ellipsis; the tables give full names. */
export function fit(text: string, width: number, pt: number): string {
  const max = Math.max(4, Math.floor(width / (pt * ADVANCE)));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function markers(): string {
  return `<defs>${EDGE_CLASSES.map((cls) => {
    const l = REPORT_LOOKS[cls];
    return `<marker id="rm-${cls}" viewBox="0 0 8 6" refX="0" refY="3" markerWidth="8" markerHeight="6" markerUnits="userSpaceOnUse" orient="auto"><path d="${l.arrow}" fill="${l.filled ? l.color : '#ffffff'}" stroke="${l.filled ? 'none' : l.color}" stroke-width="0.8"/></marker>`;
  }).join('')}</defs>`;
}

function badges(b: FigureBox): string[] {
  return [b.meshed ? 'mTLS' : '', b.sensitive ? '◆ data' : '', b.open ? '⚠ open' : ''].filter(Boolean);
}

/** A box: rounded rectangle, or a cylinder (data store) when sensitive; double border when meshed; dashed when open. */
function boxShape(b: FigureBox, x: number, y: number, w: number, h: number): string {
  const stroke = b.open ? '#6e7781' : '#57606a';
  const dash = b.open ? ' stroke-dasharray="3 1.5"' : '';
  const fill = b.kind === 'workload' ? '#ffffff' : b.kind === 'folded' ? '#eaeef2' : '#f6f8fa';
  const shape = (inset: number, withFill: boolean) => {
    const x1 = x + inset;
    const y1 = y + inset;
    const w1 = w - 2 * inset;
    const h1 = h - 2 * inset;
    const paint = `fill="${withFill ? fill : 'none'}" stroke="${stroke}" stroke-width="0.8"${dash}`;
    if (!b.sensitive) return `<rect x="${n1(x1)}" y="${n1(y1)}" width="${n1(w1)}" height="${n1(h1)}" rx="${b.kind === 'workload' ? 2.5 : 1}" ${paint}/>`;
    // Cylinder lying on its side: curved ends left and right, the data-store shape of the key.
    const k = Math.min(5, w1 / 6);
    return `<path d="M${n1(x1 + k)},${n1(y1)} H${n1(x1 + w1 - k)} Q${n1(x1 + w1 + k * 0.6)},${n1(y1 + h1 / 2)} ${n1(x1 + w1 - k)},${n1(y1 + h1)} H${n1(x1 + k)} Q${n1(x1 - k * 0.6)},${n1(y1 + h1 / 2)} ${n1(x1 + k)},${n1(y1)} Z" ${paint}/>`;
  };
  return shape(0, true) + (b.meshed ? shape(1.8, false) : '');
}

function boxSvg(b: FigureBox, x: number, y: number, h: number, twoLines: boolean): string {
  const tags = badges(b);
  const tagText = tags.join(' · ');
  const tagW = tagText.length * SMALL_PT * ADVANCE;
  const pad = b.sensitive ? 7 : 4;
  const labelW = BOX_W - 2 * pad - (twoLines ? 0 : tagW + (tags.length ? 4 : 0));
  const label = b.kind === 'namespace' && !twoLines ? `${b.label} (namespace)` : b.label;
  const parts = [boxShape(b, x, y, BOX_W, h)];
  if (twoLines) {
    parts.push(`<text x="${n1(x + pad)}" y="${n1(y + 9)}" font-size="${LABEL_PT}" font-weight="bold" fill="#1f2328">${esc(fit(label, BOX_W - 2 * pad - tagW - 4, LABEL_PT))}</text>`);
    if (tagText) parts.push(`<text x="${n1(x + BOX_W - pad)}" y="${n1(y + 9)}" font-size="${SMALL_PT}" text-anchor="end" fill="#1f2328">${esc(tagText)}</text>`);
    if (b.detail) parts.push(`<text x="${n1(x + pad)}" y="${n1(y + 18)}" font-size="${SMALL_PT}" fill="#424a53">${esc(fit(b.detail, BOX_W - 2 * pad, SMALL_PT))}</text>`);
  } else {
    parts.push(`<text x="${n1(x + pad)}" y="${n1(y + 9.3)}" font-size="${LABEL_PT}" fill="#1f2328">${esc(fit(label, labelW, LABEL_PT))}</text>`);
    if (tagText) parts.push(`<text x="${n1(x + BOX_W - pad)}" y="${n1(y + 9.3)}" font-size="${SMALL_PT}" text-anchor="end" fill="#1f2328">${esc(tagText)}</text>`);
  }
  return `<g class="box ${b.kind}" data-id="${esc(b.id)}">${parts.join('')}</g>`;
}

/** The legend block at the bottom of each figure: the six classes (line, arrowhead, words) and the node key. */
function legendSvg(y: number): string {
  const col = FIGURE_WIDTH / 3;
  const rows = EDGE_CLASSES.map((cls, i) => {
    const l = REPORT_LOOKS[cls];
    const x = (i % 3) * col;
    const ly = y + 8 + Math.floor(i / 3) * 11;
    return `<g class="legend-${cls}"><line x1="${n1(x)}" y1="${n1(ly - 2.5)}" x2="${n1(x + 22)}" y2="${n1(ly - 2.5)}" stroke="${l.color}" stroke-width="${l.width}"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''} marker-end="url(#rm-${cls})"/><text x="${n1(x + 34)}" y="${n1(ly)}" font-size="${SMALL_PT}" fill="#1f2328">${esc(l.label)}</text></g>`;
  });
  rows.push(`<text x="0" y="${n1(y + 31)}" font-size="${SMALL_PT}" fill="#1f2328">${esc('Boxes: mTLS = meshed (double border) · ◆ data = sensitive (data-store shape) · ⚠ open = a port open to all (dashed border)')}</text>`);
  rows.push(`<text x="0" y="${n1(y + 40)}" font-size="${SMALL_PT}" fill="#1f2328">${esc('grey box = a namespace (all its workloads as one client) · a line = the flows of one client box into one workload, in their weakest class')}</text>`);
  return rows.join('');
}

export interface FigureLayout {
  width: number;
  height: number;
  svg: string;
}

/** One letter per class in a matrix cell, so the class reads without colour. */
export const CELL_GLYPH: Record<EdgeClass, string> = { both: 'B', 'l4-only': '4', 'l7-only': '7', none: 'o', conflict: '!', unknown: '?' };

/**
 * A figure is drawn as a matrix when its lines would be a hairball: more than twice as many
 * lines as boxes. Each (client, destination) is then one cell, its class in colour and letter.
 */
export function isDense(f: FigureSpec): boolean {
  return f.sources.length >= 4 && f.edges.length > 2 * (f.sources.length + f.destinations.length);
}

const ROW_LABEL_W = 168;
const CELL_PITCH = 13;
const HEADER_H = 104;

function matrixSvg(f: FigureSpec): FigureLayout {
  const cols = f.destinations;
  const rows = [...f.sources].sort((a, b) => Number(a.kind === 'folded') - Number(b.kind === 'folded') || Number(a.kind !== 'workload') - Number(b.kind !== 'workload') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const cell = Math.min(CELL_PITCH, (FIGURE_WIDTH - ROW_LABEL_W) / Math.max(1, cols.length));
  const top = TOP + HEADER_H;
  const bodyH = rows.length * CELL_PITCH;
  const legendY = top + bodyH + 16;
  const height = Math.ceil(legendY + 24);
  const at = new Map(f.edges.map((e) => [`${e.from}\u0000${e.to}`, e]));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="figure matrix" width="${FIGURE_WIDTH}pt" height="${height}pt" viewBox="0 0 ${FIGURE_WIDTH} ${height}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" role="img" aria-label="${esc(f.title)}">`);
  // Column headers: destination names, turned a quarter (bottom to top), with their badges.
  cols.forEach((d, j) => {
    const x = ROW_LABEL_W + j * cell + cell / 2 + SMALL_PT * 0.35;
    const tags = badges(d).join(' ');
    const text = fit(`${d.label}${tags ? ` ${tags}` : ''}`, HEADER_H - 4, SMALL_PT);
    parts.push(`<text class="col" data-id="${esc(d.id)}" x="0" y="0" transform="translate(${n1(x)} ${n1(top - 3)}) rotate(-90)" font-size="${SMALL_PT}" font-weight="bold" fill="#1f2328">${esc(text)}</text>`);
  });
  rows.forEach((s, i) => {
    const y = top + i * CELL_PITCH;
    if (i % 2 === 0) parts.push(`<rect x="0" y="${n1(y)}" width="${n1(ROW_LABEL_W + cols.length * cell)}" height="${CELL_PITCH}" fill="#f6f8fa"/>`);
    const tags = badges(s).join(' ');
    const label = s.kind === 'namespace' ? `${s.label} (namespace)` : s.label;
    parts.push(`<text class="row" data-id="${esc(s.id)}" x="2" y="${n1(y + 9.4)}" font-size="${LABEL_PT}" fill="#1f2328">${esc(fit(label, ROW_LABEL_W - 8 - tags.length * SMALL_PT * ADVANCE, LABEL_PT))}</text>`);
    if (tags) parts.push(`<text x="${ROW_LABEL_W - 4}" y="${n1(y + 9.4)}" font-size="${SMALL_PT}" text-anchor="end" fill="#424a53">${esc(tags)}</text>`);
    cols.forEach((d, j) => {
      const e = at.get(`${s.id}\u0000${d.id}`);
      if (!e) return;
      const l = REPORT_LOOKS[e.cls];
      const x = ROW_LABEL_W + j * cell + 0.8;
      const w = cell - 1.6;
      const light = e.cls === 'none' || e.cls === 'unknown';
      parts.push(
        `<g class="cell ${e.cls}" data-from="${esc(e.from)}" data-to="${esc(e.to)}"><rect x="${n1(x)}" y="${n1(y + 0.8)}" width="${n1(w)}" height="${n1(CELL_PITCH - 1.6)}" fill="${light ? '#ffffff' : l.color}" stroke="${l.color}" stroke-width="0.8"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/><text x="${n1(x + w / 2)}" y="${n1(y + 9.3)}" font-size="${SMALL_PT}" text-anchor="middle" font-weight="bold" fill="${light ? l.color : '#ffffff'}">${CELL_GLYPH[e.cls]}</text><title>${esc(`${e.from} → ${e.to}: ${e.ports.join(', ')} (${l.label})`)}</title></g>`,
      );
    });
  });
  parts.push(`<line x1="${ROW_LABEL_W}" y1="${n1(top)}" x2="${ROW_LABEL_W}" y2="${n1(top + bodyH)}" stroke="#8c959f" stroke-width="0.5"/>`);
  const col = FIGURE_WIDTH / 3;
  EDGE_CLASSES.forEach((cls, i) => {
    const l = REPORT_LOOKS[cls];
    const light = cls === 'none' || cls === 'unknown';
    const x = (i % 3) * col;
    const y = legendY + Math.floor(i / 3) * 11;
    parts.push(`<g class="legend-${cls}"><rect x="${n1(x)}" y="${n1(y - 7.5)}" width="10" height="9.5" fill="${light ? '#ffffff' : l.color}" stroke="${l.color}" stroke-width="0.8"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/><text x="${n1(x + 5)}" y="${n1(y)}" font-size="${SMALL_PT}" text-anchor="middle" font-weight="bold" fill="${light ? l.color : '#ffffff'}">${CELL_GLYPH[cls]}</text><text x="${n1(x + 14)}" y="${n1(y)}" font-size="${SMALL_PT}" fill="#1f2328">${esc(l.label)}</text></g>`);
  });
  parts.push('</svg>');
  return { width: FIGURE_WIDTH, height, svg: parts.join('') };
}

export function figureSvg(f: FigureSpec): FigureLayout {
  if (isDense(f)) return matrixSvg(f);
  return linesSvg(f);
}

function linesSvg(f: FigureSpec): FigureLayout {
  const dstIndex = new Map(f.destinations.map((d, i) => [d.id, i]));
  // Clients ordered by the mean row of what they reach (fewer crossings), then by id: deterministic.
  const bary = new Map<string, number>();
  for (const s of f.sources) {
    const rows = f.edges.filter((e) => e.from === s.id).map((e) => dstIndex.get(e.to) ?? 0);
    bary.set(s.id, rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : 0);
  }
  const sources = [...f.sources].sort((a, b) => Number(a.kind === 'folded') - Number(b.kind === 'folded') || bary.get(a.id)! - bary.get(b.id)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const srcHeight = sources.length * SRC_PITCH;
  const dstHeight = f.destinations.length * DST_PITCH;
  const body = Math.max(srcHeight, dstHeight, DST_PITCH);
  const srcTop = TOP + (body - srcHeight) / 2;
  const dstTop = TOP + (body - dstHeight) / 2;
  // A figure without a line needs no line legend: it keeps the page for the next one.
  const legend = f.edges.length > 0;
  const height = Math.ceil(TOP + body + (legend ? 8 + LEGEND_H : NO_LEGEND_H));
  const xL = 0.5;
  const xR = FIGURE_WIDTH - BOX_W - 0.5;
  const srcY = new Map(sources.map((s, i) => [s.id, srcTop + i * SRC_PITCH + SRC_H / 2]));
  const dstY = new Map(f.destinations.map((d, i) => [d.id, dstTop + i * DST_PITCH + DST_H / 2]));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="figure" width="${FIGURE_WIDTH}pt" height="${height}pt" viewBox="0 0 ${FIGURE_WIDTH} ${height}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" role="img" aria-label="${esc(f.title)}">`);
  parts.push(markers());
  // Edges first, under the boxes. Weakest classes last so they are drawn on top.
  const order = (c: EdgeClass) => ({ both: 0, 'l7-only': 1, 'l4-only': 2, none: 3, unknown: 4, conflict: 5 })[c];
  const edges = [...f.edges].sort((a, b) => order(a.cls) - order(b.cls));
  for (const e of edges) {
    const y1 = srcY.get(e.from);
    const y2 = dstY.get(e.to);
    if (y1 === undefined || y2 === undefined) continue;
    const l = REPORT_LOOKS[e.cls];
    const x1 = xL + BOX_W;
    const x2 = xR - ARROW;
    const mx = (x1 + x2) / 2;
    parts.push(
      `<path class="edge ${e.cls}" data-from="${esc(e.from)}" data-to="${esc(e.to)}" d="M${n1(x1)},${n1(y1)} C${n1(mx)},${n1(y1)} ${n1(mx)},${n1(y2)} ${n1(x2)},${n1(y2)}" fill="none" stroke="${l.color}" stroke-width="${l.width}"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''} marker-end="url(#rm-${e.cls})"><title>${esc(`${e.from} → ${e.to}: ${e.ports.join(', ')} (${l.label})`)}</title></path>`,
    );
  }
  sources.forEach((s, i) => parts.push(boxSvg(s, xL, srcTop + i * SRC_PITCH, SRC_H, false)));
  f.destinations.forEach((d, i) => parts.push(boxSvg(d, xR, dstTop + i * DST_PITCH, DST_H, true)));
  if (sources.length === 0) parts.push(`<text x="${n1(xL)}" y="${n1(TOP + body / 2)}" font-size="${LABEL_PT}" fill="#424a53">no client reaches these workloads (open ports aside)</text>`);
  if (legend) parts.push(legendSvg(TOP + body + 8));
  parts.push('</svg>');
  return { width: FIGURE_WIDTH, height, svg: parts.join('') };
}
