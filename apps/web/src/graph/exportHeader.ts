/**
 * What every export carries so an auditor's screenshot says what it shows: the source, the
 * snapshot time, the filters in force, and (for images) the legend. Pure; tested.
 */
import type { GraphEdge } from './graphTypes.ts';

export interface ExportMeta {
  source: string;
  takenAt: string;
  filters: string;
  exportedAt: string;
}

export function headerLines(m: ExportMeta): string[] {
  return [`accessgraph — ${m.source}`, `snapshot taken ${m.takenAt} · exported ${m.exportedAt}`, `filters: ${m.filters}`];
}

export function exportFileName(m: Pick<ExportMeta, 'source' | 'takenAt'>, ext: string): string {
  const slug = m.source.replace(/^[a-z]+:\s*/i, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'cluster';
  const stamp = m.takenAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `accessgraph-${slug}-${stamp}.${ext}`;
}

function csvField(v: string | number | boolean | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per edge port, with the verdict contract's words. */
export function edgesCsv(edges: GraphEdge[], m: ExportMeta): string {
  const rows = [
    `# ${headerLines(m).join(' | ')}`,
    ['from', 'to', 'port', 'protocol', 'l4Port', 'l4', 'l7', 'allowed', 'protection', 'class', 'proxyPortBlocked'].join(','),
  ];
  for (const e of edges) {
    for (const p of e.ports) rows.push([e.from, e.to, p.port, p.protocol, p.l4Port, p.l4, p.l7, p.allowed, p.protection, p.class, p.proxyPortBlocked === true].map(csvField).join(','));
  }
  return rows.join('\n') + '\n';
}

export function edgesJson(edges: GraphEdge[], m: ExportMeta): string {
  return JSON.stringify({ source: m.source, takenAt: m.takenAt, exportedAt: m.exportedAt, filters: m.filters, edges }, null, 2);
}
