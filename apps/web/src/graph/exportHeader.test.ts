import { describe, expect, it } from 'vitest';
import type { GraphResponseLike } from './graphTypes.ts';
import { collapsedForExport, edgesCsv, edgesInView, edgesJson, exportFileName, headerLines, type ExportMeta } from './exportHeader.ts';
import { toElements } from './toElements.ts';

const meta: ExportMeta = { source: 'manifests: ./k8s, ./extra', takenAt: '2026-11-24T10:00:00.123Z', filters: 'all namespaces', exportedAt: '2026-11-24T10:05:00Z', collapsed: [] };

const node = (id: string) => {
  const [namespace, name] = id.split('/') as [string, string];
  return { id, namespace, name, kind: 'Deployment', meshed: false, serviceAccount: 'default', labels: {}, ports: [], openToAll: [], l4Isolated: false, sensitive: false };
};
const edge = (from: string, to: string, port = 80) => ({
  id: `${from}->${to}`,
  from,
  to,
  class: 'l4-only' as const,
  mixed: false,
  ports: [{ port, protocol: 'TCP' as const, l4Port: port, l4: 'allow' as const, l7: 'n/a' as const, allowed: true, protection: 'l4-only' as const, class: 'l4-only' as const }],
});
const ns = (name: string) => ({ name, labels: {}, meshed: false, workloadCount: 0, openWorkloads: 0, implicit: false });
const graph: GraphResponseLike = {
  namespaces: [ns('monitoring'), ns('postgres'), ns('empty')],
  nodes: [node('monitoring/grafana'), node('monitoring/alertmanager'), node('postgres/postgresql')],
  edges: [edge('monitoring/grafana', 'monitoring/alertmanager', 9093), edge('monitoring/grafana', 'postgres/postgresql', 9187), edge('postgres/postgresql', 'postgres/postgresql', 5432)],
};

describe('exports', () => {
  it('the header names source, snapshot time, filters and collapsed namespaces', () => {
    expect(headerLines(meta)).toEqual([
      'accessgraph — manifests: ./k8s, ./extra',
      'snapshot taken 2026-11-24T10:00:00.123Z · exported 2026-11-24T10:05:00Z',
      'filters: all namespaces',
      'collapsed namespaces: none',
    ]);
    expect(headerLines({ ...meta, collapsed: ['minio', 'monitoring'] })[3]).toMatch(/^collapsed namespaces: minio, monitoring — each drawn as one node; the edges inside are not drawn, the CSV\/JSON export lists them$/);
  });
  it('file names carry the source, the snapshot time, the variant and the export time', () => {
    expect(exportFileName(meta, 'view', 'png')).toBe('accessgraph-k8s-extra-2026-11-24T100000Z-view-exported-2026-11-24T100500Z.png');
    expect(exportFileName(meta, 'full', 'png')).toBe('accessgraph-k8s-extra-2026-11-24T100000Z-full-exported-2026-11-24T100500Z.png');
    expect(exportFileName({ source: 'demo', takenAt: '2026-01-01T00:00:00Z', exportedAt: '2026-01-01T00:01:02.345Z' }, 'edges', 'csv')).toBe('accessgraph-demo-2026-01-01T000000Z-edges-exported-2026-01-01T000102Z.csv');
  });
  it('PNG (view) and PNG (full) never share a name; exports of one snapshot at different times neither', () => {
    expect(exportFileName(meta, 'view', 'png')).not.toBe(exportFileName(meta, 'full', 'png'));
    expect(exportFileName(meta, 'full', 'png')).not.toBe(exportFileName({ ...meta, exportedAt: '2026-11-24T10:06:00Z' }, 'full', 'png'));
  });
  it('CSV/JSON keep the edges inside and across a collapsed namespace (collapsing is a drawing choice)', () => {
    const view = { collapsed: ['monitoring'], expanded: [], focus: null };
    // The drawing hides the monitoring-internal edge…
    const drawn = toElements(graph, view).filter((e) => e.group === 'edges').flatMap((e) => e.data.edgeIds as string[]);
    expect(drawn).not.toContain('monitoring/grafana->monitoring/alertmanager');
    // …the export does not.
    const ids = edgesInView(graph, view).map((e) => e.id);
    expect(ids).toEqual(graph.edges.map((e) => e.id));
    const m = { ...meta, collapsed: collapsedForExport(graph, view) };
    expect(m.collapsed).toEqual(['monitoring']);
    const csv = edgesCsv(edgesInView(graph, view), m);
    expect(csv.split('\n')).toContain('monitoring/grafana,monitoring/alertmanager,9093,TCP,9093,allow,n/a,true,l4-only,l4-only,false');
    expect(csv.split('\n')[0]).toContain('collapsed namespaces: monitoring');
    const json = JSON.parse(edgesJson(edgesInView(graph, view), m)) as { collapsed: string[]; header: string[]; edgeCount: number; edges: { id: string }[] };
    expect(json.collapsed).toEqual(['monitoring']);
    expect(json.header).toContain(headerLines(m)[3]);
    expect(json.edgeCount).toBe(3);
    expect(json.edges.map((e) => e.id)).toContain('monitoring/grafana->monitoring/alertmanager');
  });
  it('focus is a filter: the export keeps the focused workload’s edges only', () => {
    expect(edgesInView(graph, { focus: 'monitoring/alertmanager' }).map((e) => e.id)).toEqual(['monitoring/grafana->monitoring/alertmanager']);
    expect(edgesInView(graph, { focus: 'gone/away' })).toHaveLength(3);
  });
  it('lists the namespaces collapsed by default above the size threshold, not empty ones', () => {
    const big: GraphResponseLike = { ...graph, nodes: Array.from({ length: 81 }, (_, i) => node(`postgres/w${i}`)) };
    expect(collapsedForExport(big, { collapsed: [], expanded: [] })).toEqual(['postgres']);
    expect(collapsedForExport(big, { collapsed: [], expanded: ['postgres'] })).toEqual([]);
  });
  it('CSV has one row per edge port and escapes fields', () => {
    const csv = edgesCsv(
      [
        {
          id: 'a/x->b/y',
          from: 'a/x',
          to: 'b/y,z',
          class: 'both',
          mixed: false,
          ports: [
            { port: 80, protocol: 'TCP', l4Port: 4143, l4: 'allow', l7: 'allow', allowed: true, protection: 'both', class: 'both' },
            { port: 81, protocol: 'TCP', l4Port: 4143, l4: 'deny', l7: 'open', allowed: false, protection: null, class: 'conflict', proxyPortBlocked: true },
          ],
        },
      ],
      meta,
    );
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^# accessgraph/);
    expect(lines[1]).toBe('from,to,port,protocol,l4Port,l4,l7,allowed,protection,class,proxyPortBlocked');
    expect(lines[2]).toBe('a/x,"b/y,z",80,TCP,4143,allow,allow,true,both,both,false');
    expect(lines[3]).toBe('a/x,"b/y,z",81,TCP,4143,deny,open,false,,conflict,true');
  });
});
