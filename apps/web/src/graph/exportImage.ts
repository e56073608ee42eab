/**
 * PNG and SVG exports of the graph with a header (source, snapshot time, filters) and the
 * legend. PNG: Cytoscape's own rendering at 2× under a drawn header. SVG: written from the
 * element positions, with line styles and arrow shapes, so it stays legible in greyscale.
 */
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';
import { LEGEND } from './edgeClasses.ts';
import { headerLines, type ExportMeta } from './exportHeader.ts';
import { THEMES } from './stylesheet.ts';

const SCALE = 2;
const HEADER = 96;

export async function exportPng(cy: Core, meta: ExportMeta, full: boolean, theme: 'light' | 'dark'): Promise<Blob> {
  const colors = THEMES[theme];
  const graph = (await cy.png({ output: 'blob-promise', scale: SCALE, full, bg: colors.background })) as Blob;
  const bitmap = await createImageBitmap(graph);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(bitmap.width, 900 * SCALE);
  canvas.height = bitmap.height + HEADER * SCALE;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = colors.text;
  headerLines(meta).forEach((line, i) => {
    ctx.font = i === 0 ? 'bold 16px sans-serif' : '12px sans-serif';
    ctx.fillText(line, 12, 22 + i * 18);
  });
  let x = 12;
  for (const { look } of LEGEND) {
    ctx.strokeStyle = look.color;
    ctx.lineWidth = Math.max(2, look.width / 1.5);
    ctx.setLineDash(look.lineStyle === 'dashed' ? [8, 4] : look.lineStyle === 'dotted' ? [2, 3] : []);
    ctx.beginPath();
    ctx.moveTo(x, 80);
    ctx.lineTo(x + 28, 80);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = colors.text;
    ctx.font = '11px sans-serif';
    const label = `${look.label} (${look.badge})`;
    ctx.fillText(label, x + 34, 84);
    x += 44 + ctx.measureText(label).width;
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(bitmap, 0, HEADER * SCALE);
  return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function dash(style: string): string {
  return style === 'dashed' ? ' stroke-dasharray="8 4"' : style === 'dotted' ? ' stroke-dasharray="2 3"' : '';
}

export function exportSvg(cy: Core, meta: ExportMeta, theme: 'light' | 'dark'): string {
  const colors = THEMES[theme];
  const bb = cy.elements().boundingBox({});
  const pad = 20;
  const width = Math.max(900, Math.ceil(bb.w + pad * 2));
  const height = Math.ceil(bb.h + pad * 2 + HEADER);
  const ox = pad - bb.x1;
  const oy = pad - bb.y1 + HEADER;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`);
  parts.push(`<rect width="100%" height="100%" fill="${colors.background}"/>`);
  headerLines(meta).forEach((line, i) => parts.push(`<text x="12" y="${22 + i * 18}" font-size="${i === 0 ? 16 : 12}" ${i === 0 ? 'font-weight="bold"' : ''} fill="${colors.text}">${esc(line)}</text>`));
  let x = 12;
  for (const { cls, look } of LEGEND) {
    parts.push(`<g class="legend-${cls}"><line x1="${x}" y1="80" x2="${x + 28}" y2="80" stroke="${look.color}" stroke-width="3"${dash(look.lineStyle)}/><text x="${x + 34}" y="84" font-size="11" fill="${colors.text}">${esc(`${look.label} (${look.badge})`)}</text></g>`);
    x += 60 + look.label.length * 6 + look.badge.length * 6;
  }
  cy.nodes('.namespace').forEach((n: NodeSingular) => {
    const b = n.boundingBox({});
    parts.push(`<rect x="${b.x1 + ox}" y="${b.y1 + oy}" width="${b.w}" height="${b.h}" rx="6" fill="${colors.namespaceFill}" stroke="${colors.namespaceBorder}"/><text x="${b.x1 + ox + 6}" y="${b.y1 + oy + 14}" font-size="12" font-weight="bold" fill="${colors.text}">${esc(String(n.data('label')))}</text>`);
  });
  cy.edges().forEach((e: EdgeSingular) => {
    const look = LEGEND.find((l) => l.cls === e.data('cls'))?.look;
    if (!look) return;
    const s = e.sourceEndpoint();
    const t = e.targetEndpoint();
    parts.push(`<g class="edge ${esc(String(e.data('cls')))}"><line x1="${s.x + ox}" y1="${s.y + oy}" x2="${t.x + ox}" y2="${t.y + oy}" stroke="${look.color}" stroke-width="${look.width}"${dash(look.lineStyle)}/><circle cx="${t.x + ox}" cy="${t.y + oy}" r="3" fill="${look.arrowFill === 'filled' ? look.color : colors.background}" stroke="${look.color}"/><text x="${(s.x + t.x) / 2 + ox}" y="${(s.y + t.y) / 2 + oy}" font-size="9" fill="${colors.text}">${esc(look.badge)}</text></g>`);
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
