import { describe, expect, it } from 'vitest';
import type { GraphResponseLike } from './graphTypes.ts';
import { collapsedForExport, csvSidecar, edgesInView, edgesJson, exportFileName, graphCsvPath, headerLines, type ExportMeta } from './exportHeader.ts';
import { csvRecordCount } from '@accessgraph/model';
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
  it('JSON keeps the edges inside and across a collapsed namespace (collapsing is a drawing choice)', () => {
    const view = { collapsed: ['monitoring'], expanded: [], focus: null };
    // The drawing hides the monitoring-internal edge…
    const drawn = toElements(graph, view).filter((e) => e.group === 'edges').flatMap((e) => (e.data.kind === 'flow' ? e.data.members.map((m) => m.id) : []));
    expect(drawn).not.toContain('monitoring/grafana->monitoring/alertmanager');
    // …the export does not.
    const ids = edgesInView(graph, view).map((e) => e.id);
    expect(ids).toEqual(graph.edges.map((e) => e.id));
    const m = { ...meta, collapsed: collapsedForExport(graph, view) };
    expect(m.collapsed).toEqual(['monitoring']);
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
  it('the CSV is asked of the server with the API filters plus the port name and focus the browser applies', () => {
    expect(graphCsvPath('', { focus: null, port: null }, graph)).toBe('/api/v1/graph.csv');
    expect(graphCsvPath('?namespace=monitoring&includeOpen=true', { focus: 'monitoring/grafana', port: 'http' }, graph)).toBe('/api/v1/graph.csv?namespace=monitoring&includeOpen=true&portName=http&focus=monitoring%2Fgrafana');
    // A focus on a workload not in the graph is no filter (as edgesInView); a port number is already in the API query.
    expect(graphCsvPath('?port=5432', { focus: 'gone/away', port: '5432' }, graph)).toBe('/api/v1/graph.csv?port=5432');
  });
  it('counts the CSV records outside quotes, the header not counted', () => {
    expect(csvRecordCount('a,b\r\n1,"x\r\ny"\r\n2,z\r\n')).toBe(2);
    expect(csvRecordCount('a,b\r\n')).toBe(0);
  });
  it('the sidecar carries the server provenance, the dashboard filters and the row count', () => {
    const side = JSON.parse(csvSidecar(JSON.stringify({ what: 'graph', tool: { name: 'accessgraph', version: '0.1.0' }, snapshotTime: meta.takenAt }), { ...meta, collapsed: ['monitoring'] }, 7)) as Record<string, unknown>;
    expect(side).toMatchObject({ what: 'graph', tool: { version: '0.1.0' }, rows: 7, exportedAt: meta.exportedAt, dashboard: { filters: 'all namespaces', collapsed: ['monitoring'] } });
    expect(JSON.parse(csvSidecar('not json', meta, 0))).toMatchObject({ provenanceUnreadable: true, rows: 0 });
  });
});
