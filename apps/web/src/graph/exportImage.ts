/**
 * PNG and SVG exports of the graph with a header (source, snapshot time, filters, collapsed
 * namespaces), the legend and the key of node badges. PNG: Cytoscape's own rendering at 2×
 * under a drawn header, with a margin. SVG: written from the element positions, with line
 * styles and arrowheads (markers) per class, so direction and class read in greyscale.
 */
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';
import { EDGE_LOOKS, LEGEND, type EdgeLook } from './edgeClasses.ts';
import type { ExportMeta } from './exportHeader.ts';
import { estimateWidth, legendBlock } from './exportLegend.ts';
import { THEMES } from './stylesheet.ts';

const SCALE = 2;
/** Blank border around the graph, so no node touches the image's edge. */
export const MARGIN = 24;
/** Narrowest image: the legend block needs room, and wider than A4 prints smaller. */
export const MIN_WIDTH = 800;

/** Image width in CSS px for a graph `graphWidth` wide: the graph decides, never the text. */
export function imageWidth(graphWidth: number): number {
  return Math.ceil(Math.max(graphWidth + MARGIN * 2, MIN_WIDTH));
}

function drawArrow(ctx: CanvasRenderingContext2D, look: EdgeLook, x: number, y: number, k: number, background: string): void {
  ctx.beginPath();
  ctx.moveTo(x - 10 * k, y - 5 * k);
  ctx.lineTo(x, y);
  ctx.lineTo(x - 10 * k, y + 5 * k);
  ctx.closePath();
  ctx.lineWidth = 1.5 * k;
  ctx.fillStyle = look.arrowFill === 'filled' ? look.color : background;
  ctx.fill();
  ctx.stroke();
}

export async function exportPng(cy: Core, meta: ExportMeta, full: boolean, theme: 'light' | 'dark'): Promise<Blob> {
  const colors = THEMES[theme];
  const graph = (await cy.png({ output: 'blob-promise', scale: SCALE, full, bg: colors.background })) as Blob;
  const bitmap = await createImageBitmap(graph);
  const canvas = document.createElement('canvas');
  const measureCtx = canvas.getContext('2d')!;
  const measure = (text: string, size: number, bold: boolean) => {
    measureCtx.font = `${bold ? 'bold ' : ''}${size}px sans-serif`;
    return measureCtx.measureText(text).width;
  };
  const width = imageWidth(bitmap.width / SCALE);
  const block = legendBlock(meta, width, measure);
  canvas.width = width * SCALE;
  canvas.height = bitmap.height + (block.height + MARGIN * 2) * SCALE;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(SCALE, SCALE);
  for (const item of block.items) {
    if (item.kind === 'text') {
      ctx.fillStyle = colors.text;
      ctx.font = `${item.bold ? 'bold ' : ''}${item.size}px sans-serif`;
      ctx.fillText(item.text, item.x, item.y);
      continue;
    }
    const look = EDGE_LOOKS[item.cls];
    const k = block.scale;
    const ly = item.y - item.size * 0.35;
    ctx.strokeStyle = look.color;
    ctx.lineWidth = Math.max(2, look.width / 1.5) * k;
    ctx.setLineDash(look.lineStyle === 'dashed' ? [8 * k, 4 * k] : look.lineStyle === 'dotted' ? [2 * k, 3 * k] : []);
    ctx.beginPath();
    ctx.moveTo(item.x, ly);
    ctx.lineTo(item.x + item.length - 10 * k, ly);
    ctx.stroke();
    ctx.setLineDash([]);
    // The arrowhead, so the legend says which end is the destination.
    drawArrow(ctx, look, item.x + item.length, ly, k, colors.background);
    ctx.fillStyle = colors.text;
    ctx.font = `${item.size}px sans-serif`;
    ctx.fillText(item.text, item.labelX, item.y);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(bitmap, MARGIN * SCALE, (block.height + MARGIN) * SCALE);
  return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function dash(style: string): string {
  return style === 'dashed' ? ' stroke-dasharray="8 4"' : style === 'dotted' ? ' stroke-dasharray="2 3"' : '';
}

/** Length of every arrowhead marker along the edge, in SVG user units. */
export const ARROW_LENGTH = 12;

/** Arrowhead path in a 12×10 box, tip at (12, 5): every class points at its destination. */
function arrowPath(arrow: EdgeLook['arrow']): string {
  switch (arrow) {
    case 'vee':
      return 'M0,0 L12,5 L0,10 L4,5 Z';
    case 'tee': // conflict: an arrowhead that ends in a bar
      return 'M0,0 L9,5 L0,10 Z M9,0 H12 V10 H9 Z';
    case 'triangle':
      return 'M0,0 L12,5 L0,10 Z';
    default: // circle, square: hollow arrowheads
      return 'M1,1 L11,5 L1,9 Z';
  }
}

/** One marker per class, referenced by `marker-end` on the class's edges and legend line. */
function arrowMarkers(background: string): string {
  const markers = LEGEND.map(({ cls, look }) => {
    const fill = look.arrowFill === 'filled' ? look.color : background;
    const stroke = look.arrowFill === 'filled' ? 'none' : look.color;
    return `<marker id="arrow-${cls}" class="arrowhead" viewBox="0 0 ${ARROW_LENGTH} 10" refX="0" refY="5" markerWidth="${ARROW_LENGTH}" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="${arrowPath(look.arrow)}" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/></marker>`;
  });
  return `<defs>${markers.join('')}</defs>`;
}

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Where the ray from the box's centre towards (px, py) leaves the box; null when the point is inside. */
export function borderPoint(b: Box, px: number, py: number): { x: number; y: number } | null {
  const cx = (b.x1 + b.x2) / 2;
  const cy = (b.y1 + b.y2) / 2;
  const dx = px - cx;
  const dy = py - cy;
  const hw = (b.x2 - b.x1) / 2;
  const hh = (b.y2 - b.y1) / 2;
  const t = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  if (!(t < 1)) return null;
  return { x: cx + dx * t, y: cy + dy * t };
}

/**
 * The drawn segment of an edge: from the source box's border to the target box's border, the
 * line stopping one arrowhead short of the border so the marker's tip ends on it. `offset`
 * shifts the edge sideways (a reverse edge between the same nodes then runs beside it).
 */
export function edgeSegment(s: Box, t: Box, offset = 0): { x1: number; y1: number; x2: number; y2: number; tipX: number; tipY: number } | null {
  let sx = (s.x1 + s.x2) / 2;
  let sy = (s.y1 + s.y2) / 2;
  let tx = (t.x1 + t.x2) / 2;
  let ty = (t.y1 + t.y2) / 2;
  const len0 = Math.hypot(tx - sx, ty - sy);
  if (len0 === 0) return null;
  const nx = -(ty - sy) / len0;
  const ny = (tx - sx) / len0;
  sx += nx * offset;
  sy += ny * offset;
  tx += nx * offset;
  ty += ny * offset;
  const shift = (b: Box): Box => ({ x1: b.x1 + nx * offset, y1: b.y1 + ny * offset, x2: b.x2 + nx * offset, y2: b.y2 + ny * offset });
  const start = borderPoint(shift(s), tx, ty) ?? { x: sx, y: sy };
  const tip = borderPoint(shift(t), sx, sy) ?? { x: tx, y: ty };
  const len = Math.hypot(tip.x - start.x, tip.y - start.y);
  const k = len > ARROW_LENGTH ? (len - ARROW_LENGTH) / len : 0;
  return { x1: start.x, y1: start.y, x2: start.x + (tip.x - start.x) * k, y2: start.y + (tip.y - start.y) * k, tipX: tip.x, tipY: tip.y };
}

const r = (n: number) => Math.round(n * 10) / 10;

/** A Cytoscape "barrel" (the data-store shape): straight sides, top and bottom bowed outwards. */
function barrelPath(x: number, y: number, w: number, h: number): string {
  const k = Math.min(h * 0.15, 8);
  return `M${r(x)},${r(y + k)} Q${r(x + w / 2)},${r(y - k)} ${r(x + w)},${r(y + k)} V${r(y + h - k)} Q${r(x + w / 2)},${r(y + h + k)} ${r(x)},${r(y + h - k)} Z`;
}

/** A node's outline: its shape, double when meshed (two strokes), dashed in the open colour when open to all. */
function nodeOutline(x: number, y: number, w: number, h: number, o: { sensitive: boolean; meshed: boolean; open: boolean; fill: string; stroke: string; radius: number }): string {
  const stroke = o.open ? EDGE_LOOKS.none.color : o.stroke;
  // The canvas: 1.5 plain, 3 dashed when open, 3 double (two thin strokes) when meshed.
  const width = o.meshed ? 1.2 : o.open ? 2.5 : 1.5;
  const dashAttr = o.open ? ' stroke-dasharray="6 3"' : '';
  const one = (inset: number, fill: string) => {
    const paint = `fill="${fill}" stroke="${stroke}" stroke-width="${width}"${dashAttr}`;
    return o.sensitive
      ? `<path class="shape barrel" d="${barrelPath(x + inset, y + inset, w - 2 * inset, h - 2 * inset)}" ${paint}/>`
      : `<rect class="shape" x="${r(x + inset)}" y="${r(y + inset)}" width="${r(w - 2 * inset)}" height="${r(h - 2 * inset)}" rx="${o.radius}" ${paint}/>`;
  };
  // Meshed: a double border, as the canvas draws it (border-style double), outer and inner stroke.
  return one(0, o.fill) + (o.meshed ? one(2.6, 'none') : '');
}

export function exportSvg(cy: Core, meta: ExportMeta, theme: 'light' | 'dark'): string {
  const colors = THEMES[theme];
  const bb = cy.elements().boundingBox({});
  const width = imageWidth(bb.w);
  const block = legendBlock(meta, width, estimateWidth);
  const height = Math.ceil(bb.h + MARGIN * 2 + block.height);
  const ox = MARGIN - bb.x1;
  const oy = MARGIN - bb.y1 + block.height;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`);
  parts.push(arrowMarkers(colors.background));
  parts.push(`<rect width="100%" height="100%" fill="${colors.background}"/>`);
  parts.push('<g class="legend-block">');
  for (const item of block.items) {
    if (item.kind === 'text') {
      parts.push(`<text x="${r(item.x)}" y="${r(item.y)}" font-size="${item.size}"${item.bold ? ' font-weight="bold"' : ''} fill="${colors.text}">${esc(item.text)}</text>`);
      continue;
    }
    const look = EDGE_LOOKS[item.cls];
    const ly = item.y - item.size * 0.35;
    // The marker is in user units (12 long): scaled with the block, it stays in proportion.
    parts.push(
      `<g class="legend-${item.cls}"><g transform="translate(${r(item.x)} ${r(ly)}) scale(${r(block.scale * 100) / 100})"><line x1="0" y1="0" x2="${r(item.length / block.scale - ARROW_LENGTH)}" y2="0" stroke="${look.color}" stroke-width="3"${dash(look.lineStyle)} marker-end="url(#arrow-${item.cls})"/></g><text x="${r(item.labelX)}" y="${r(item.y)}" font-size="${item.size}" fill="${colors.text}">${esc(item.text)}</text></g>`,
    );
  }
  parts.push('</g>');
  cy.nodes('.namespace').forEach((n: NodeSingular) => {
    const b = n.boundingBox({});
    const collapsed = n.hasClass('collapsed');
    const lines = String(n.data('label')).split('\n');
    const outline = `<rect class="shape" x="${r(b.x1 + ox)}" y="${r(b.y1 + oy)}" width="${r(b.w)}" height="${r(b.h)}" rx="6" fill="${colors.namespaceFill}" stroke="${colors.namespaceBorder}" stroke-width="${collapsed ? 2 : 1}"${n.hasClass('has-open') ? ' stroke-dasharray="6 3"' : ''}/>`;
    const label = collapsed
      ? lines.map((l, i) => `<text x="${r(n.position('x') + ox)}" y="${r(n.position('y') + oy + (i - (lines.length - 1) / 2) * 15 + 4.5)}" font-size="13" font-weight="${i === 0 ? 'bold' : 'normal'}" text-anchor="middle" fill="${colors.text}">${esc(l)}</text>`).join('')
      : `<text x="${r(b.x1 + ox + b.w / 2)}" y="${r(b.y1 + oy + 14)}" font-size="13" font-weight="bold" text-anchor="middle" fill="${colors.text}">${esc(lines.join(' '))}</text>`;
    parts.push(`<g class="namespace${collapsed ? ' collapsed' : ''}${n.hasClass('has-open') ? ' has-open' : ''}" data-id="${esc(n.id())}">${outline}${label}</g>`);
  });
  const pairs = new Set(cy.edges().map((e) => `${e.source().id()}\u0000${e.target().id()}`));
  const box = (n: NodeSingular): Box => {
    const b = n.boundingBox({});
    return { x1: b.x1 + ox, y1: b.y1 + oy, x2: b.x2 + ox, y2: b.y2 + oy };
  };
  cy.edges().forEach((e: EdgeSingular) => {
    const cls = String(e.data('cls'));
    const look = LEGEND.find((l) => l.cls === cls)?.look;
    if (!look) return;
    const reverse = pairs.has(`${e.target().id()}\u0000${e.source().id()}`);
    const seg = edgeSegment(box(e.source()), box(e.target()), reverse ? 5 : 0);
    if (!seg) return;
    parts.push(
      `<g class="edge ${esc(cls)}" data-source="${esc(e.source().id())}" data-target="${esc(e.target().id())}"><line x1="${r(seg.x1)}" y1="${r(seg.y1)}" x2="${r(seg.x2)}" y2="${r(seg.y2)}" stroke="${look.color}" stroke-width="${look.width}"${dash(look.lineStyle)} marker-end="url(#arrow-${esc(cls)})"/><text x="${r((seg.x1 + seg.tipX) / 2)}" y="${r((seg.y1 + seg.tipY) / 2)}" font-size="10" text-anchor="middle" fill="${colors.text}" stroke="${colors.background}" stroke-width="3" paint-order="stroke">${esc(String(e.data('label') ?? look.badge))}</text></g>`,
    );
  });
  cy.nodes('.workload').forEach((n: NodeSingular) => {
    // The node's own box (its width and height), not its bounding box, which includes the border and label.
    const w = n.width();
    const h = n.height();
    const x = n.position('x') + ox - w / 2;
    const y = n.position('y') + oy - h / 2;
    const lines = String(n.data('label')).split('\n');
    const classes = ['workload', n.hasClass('meshed') ? 'meshed' : '', n.hasClass('sensitive') ? 'sensitive' : '', n.hasClass('open-ingress') ? 'open-ingress' : ''].filter(Boolean).join(' ');
    parts.push(
      `<g class="${classes}" data-id="${esc(n.id())}">${nodeOutline(x, y, w, h, { sensitive: n.hasClass('sensitive'), meshed: n.hasClass('meshed'), open: n.hasClass('open-ingress'), fill: colors.node, stroke: colors.nodeBorder, radius: 4 })}${lines.map((l, i) => `<text x="${r(n.position('x') + ox)}" y="${r(n.position('y') + oy + (i - (lines.length - 1) / 2) * 13 + 4)}" font-size="11" text-anchor="middle" fill="${colors.text}">${esc(l)}</text>`).join('')}</g>`,
    );
  });
  cy.nodes('.external').forEach((n: NodeSingular) => {
    // The world outside: the canvas's cut-corner box with a dotted border and an italic label.
    const w = n.width();
    const h = n.height();
    const x = n.position('x') + ox - w / 2;
    const y = n.position('y') + oy - h / 2;
    const c = Math.min(8, w / 4, h / 4);
    const d = `M${r(x + c)},${r(y)} H${r(x + w - c)} L${r(x + w)},${r(y + c)} V${r(y + h - c)} L${r(x + w - c)},${r(y + h)} H${r(x + c)} L${r(x)},${r(y + h - c)} V${r(y + c)} Z`;
    const lines = String(n.data('label')).split('\n');
    parts.push(
      `<g class="external" data-id="${esc(n.id())}"><path class="shape" d="${d}" fill="${colors.namespaceFill}" stroke="${colors.nodeBorder}" stroke-width="2" stroke-dasharray="2 3"/>${lines.map((l, i) => `<text x="${r(n.position('x') + ox)}" y="${r(n.position('y') + oy + (i - (lines.length - 1) / 2) * 14 + 4)}" font-size="12" font-style="italic" text-anchor="middle" fill="${colors.text}">${esc(l)}</text>`).join('')}</g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export function download(name: string, data: Blob | string, type: string): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
