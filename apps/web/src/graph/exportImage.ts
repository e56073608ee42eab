/**
 * PNG and SVG exports of the graph with a header (source, snapshot time, filters, collapsed
 * namespaces), the legend and the key of node badges. PNG: Cytoscape's own rendering at 2×
 * under a drawn header, with a margin. SVG: written from the element positions, with line
 * styles and arrowheads (markers) per class, so direction and class read in greyscale.
 */
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';
import { LEGEND, type EdgeLook } from './edgeClasses.ts';
import { headerLines, NODE_BADGE_KEY, type ExportMeta } from './exportHeader.ts';
import { THEMES } from './stylesheet.ts';

const SCALE = 2;
/** Header band: four text lines (y 22…76), the edge legend (y 100), the node badge key (y 120). */
export const HEADER = 134;
const LEGEND_Y = 100;
const BADGE_KEY_Y = 122;
/** Blank border around the graph, so no node touches the image's edge. */
export const MARGIN = 24;
const MIN_WIDTH = 900;

function lineY(i: number): number {
  return 22 + i * 18;
}

export async function exportPng(cy: Core, meta: ExportMeta, full: boolean, theme: 'light' | 'dark'): Promise<Blob> {
  const colors = THEMES[theme];
  const graph = (await cy.png({ output: 'blob-promise', scale: SCALE, full, bg: colors.background })) as Blob;
  const bitmap = await createImageBitmap(graph);
  const lines = headerLines(meta);
  const canvas = document.createElement('canvas');
  const measure = canvas.getContext('2d')!;
  measure.font = '12px sans-serif';
  const textWidth = Math.max(...[...lines, NODE_BADGE_KEY].map((l) => measure.measureText(l).width)) + 24;
  canvas.width = Math.ceil(Math.max(bitmap.width + MARGIN * 2 * SCALE, MIN_WIDTH * SCALE, textWidth * SCALE));
  canvas.height = bitmap.height + (HEADER + MARGIN * 2) * SCALE;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = colors.text;
  lines.forEach((line, i) => {
    ctx.font = i === 0 ? 'bold 16px sans-serif' : '12px sans-serif';
    ctx.fillText(line, 12, lineY(i));
  });
  let x = 12;
  for (const { look } of LEGEND) {
    ctx.strokeStyle = look.color;
    ctx.lineWidth = Math.max(2, look.width / 1.5);
    ctx.setLineDash(look.lineStyle === 'dashed' ? [8, 4] : look.lineStyle === 'dotted' ? [2, 3] : []);
    ctx.beginPath();
    ctx.moveTo(x, LEGEND_Y - 4);
    ctx.lineTo(x + 20, LEGEND_Y - 4);
    ctx.stroke();
    ctx.setLineDash([]);
    // The arrowhead, so the legend says which end is the destination.
    ctx.beginPath();
    ctx.moveTo(x + 20, LEGEND_Y - 9);
    ctx.lineTo(x + 30, LEGEND_Y - 4);
    ctx.lineTo(x + 20, LEGEND_Y + 1);
    ctx.closePath();
    ctx.lineWidth = 1.5;
    ctx.fillStyle = look.arrowFill === 'filled' ? look.color : colors.background;
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = colors.text;
    ctx.font = '11px sans-serif';
    const label = `${look.label} (${look.badge})`;
    ctx.fillText(label, x + 36, LEGEND_Y);
    x += 46 + ctx.measureText(label).width;
  }
  ctx.font = '11px sans-serif';
  ctx.fillText(NODE_BADGE_KEY, 12, BADGE_KEY_Y);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(bitmap, MARGIN * SCALE, (HEADER + MARGIN) * SCALE);
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

export function exportSvg(cy: Core, meta: ExportMeta, theme: 'light' | 'dark'): string {
  const colors = THEMES[theme];
  const bb = cy.elements().boundingBox({});
  const lines = headerLines(meta);
  const textWidth = Math.max(...[...lines, NODE_BADGE_KEY].map((l) => l.length * 6.5)) + 24;
  const width = Math.ceil(Math.max(MIN_WIDTH, bb.w + MARGIN * 2, textWidth));
  const height = Math.ceil(bb.h + MARGIN * 2 + HEADER);
  const ox = MARGIN - bb.x1;
  const oy = MARGIN - bb.y1 + HEADER;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`);
  parts.push(arrowMarkers(colors.background));
  parts.push(`<rect width="100%" height="100%" fill="${colors.background}"/>`);
  lines.forEach((line, i) => parts.push(`<text x="12" y="${lineY(i)}" font-size="${i === 0 ? 16 : 12}" ${i === 0 ? 'font-weight="bold"' : ''} fill="${colors.text}">${esc(line)}</text>`));
  let x = 12;
  for (const { cls, look } of LEGEND) {
    parts.push(
      `<g class="legend-${cls}"><line x1="${x}" y1="${LEGEND_Y - 4}" x2="${x + 28 - ARROW_LENGTH}" y2="${LEGEND_Y - 4}" stroke="${look.color}" stroke-width="3"${dash(look.lineStyle)} marker-end="url(#arrow-${cls})"/><text x="${x + 34}" y="${LEGEND_Y}" font-size="11" fill="${colors.text}">${esc(`${look.label} (${look.badge})`)}</text></g>`,
    );
    x += 60 + look.label.length * 6 + look.badge.length * 6;
  }
  parts.push(`<text x="12" y="${BADGE_KEY_Y}" font-size="11" fill="${colors.text}">${esc(NODE_BADGE_KEY)}</text>`);
  cy.nodes('.namespace').forEach((n: NodeSingular) => {
    const b = n.boundingBox({});
    parts.push(`<rect x="${b.x1 + ox}" y="${b.y1 + oy}" width="${b.w}" height="${b.h}" rx="6" fill="${colors.namespaceFill}" stroke="${colors.namespaceBorder}"/><text x="${b.x1 + ox + 6}" y="${b.y1 + oy + 14}" font-size="12" font-weight="bold" fill="${colors.text}">${esc(String(n.data('label')))}</text>`);
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
      `<g class="edge ${esc(cls)}" data-source="${esc(e.source().id())}" data-target="${esc(e.target().id())}"><line x1="${r(seg.x1)}" y1="${r(seg.y1)}" x2="${r(seg.x2)}" y2="${r(seg.y2)}" stroke="${look.color}" stroke-width="${look.width}"${dash(look.lineStyle)} marker-end="url(#arrow-${esc(cls)})"/><text x="${r((seg.x1 + seg.tipX) / 2)}" y="${r((seg.y1 + seg.tipY) / 2)}" font-size="9" fill="${colors.text}">${esc(String(e.data('label') ?? look.badge))}</text></g>`,
    );
  });
  cy.nodes('.workload').forEach((n: NodeSingular) => {
    const b = n.boundingBox({});
    const lines = String(n.data('label')).split('\n');
    parts.push(`<g class="workload"><rect x="${b.x1 + ox}" y="${b.y1 + oy}" width="${b.w}" height="${b.h}" rx="4" fill="${colors.node}" stroke="${colors.nodeBorder}"${n.hasClass('open-ingress') ? ' stroke-dasharray="4 2"' : ''}/>${lines.map((l, i) => `<text x="${n.position('x') + ox}" y="${n.position('y') + oy + (i - (lines.length - 1) / 2) * 12 + 4}" font-size="11" text-anchor="middle" fill="${colors.text}">${esc(l)}</text>`).join('')}</g>`);
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
