/**
 * The API's CSV answers (issue 14): `GET /api/v1/matrix?format=csv` and `GET /api/v1/graph.csv`
 * read back with csv-parse under RFC 4180, equal to the CLI's CSV of the same input, row counts
 * against the JSON answers, and provenance in the Content-Disposition file name and the
 * X-Accessgraph-Provenance header (never a line of the CSV).
 */
import { describe, expect, it } from 'vitest';
import { DemoSource } from '../../src/sources/demoSource.ts';
import { readCsv } from '../cli/readCsv.ts';
import { runCliOnce } from '../cli/runCli.ts';
import { fixtureApp, testApp } from '../helpers.ts';

interface JsonGraph {
  nodes: { id: string; openToAll: string[] }[];
  edges: { from: string; to: string; ports: { port: number; protocol: string; class: string }[] }[];
}

const demoApp = () => testApp(new DemoSource());

describe('GET /api/v1/matrix?format=csv', () => {
  it('has one row per cell of the JSON answer, and says its provenance in the file name and a header', async () => {
    const { app, store } = await fixtureApp();
    const csv = await app.inject({ method: 'GET', url: '/api/v1/matrix?format=csv&port=5432/TCP&namespace=data' });
    const json = (await app.inject({ method: 'GET', url: '/api/v1/matrix?port=5432/TCP&namespace=data' })).json() as { cells: { from: string; to: string; l4: string }[] };
    const { header, rows } = readCsv(csv.body);
    expect(header.slice(-5)).toEqual(['l4_rule', 'l4_rule_at', 'l7_rule', 'l7_rule_at', 'reasons']);
    expect(rows.map((r) => [r.from, r.to, r.l4])).toEqual(json.cells.map((c) => [c.from, c.to, c.l4]));
    const info = store.info(store.current()!);
    const meta = JSON.parse(csv.headers['x-accessgraph-provenance'] as string) as Record<string, unknown>;
    expect(meta).toMatchObject({ what: 'matrix', source: info.source, snapshotTime: info.takenAt, snapshotVersion: 1, filters: { port: ['5432/TCP'], namespace: ['data'] }, columns: header, rows: rows.length, tool: { name: 'accessgraph' } });
    const stamp = info.takenAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    expect(csv.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="accessgraph-[\\w-]+-${stamp}-matrix-port-5432-TCP-namespace-data\\.csv"$`));
  });
});

describe('GET /api/v1/graph.csv', () => {
  it('is byte for byte the CLI\'s graph --format csv of the same input (with and without expandOpen)', async () => {
    const cli = Promise.all([runCliOnce(['graph', '--demo', '--format', 'csv']), runCliOnce(['graph', '--demo', '--format', 'csv', '--expand-open'])]);
    const { app } = await demoApp();
    const [summary, expanded] = await cli;
    for (const [query, out] of [['', summary], ['?expandOpen=true', expanded]] as const) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/graph.csv${query}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.body).toBe(out.stdout);
    }
  }, 90_000);

  it('applies the graph filters to the edge rows and to the "*" rows alike', async () => {
    const { app } = await demoApp();
    const graph = (await app.inject({ method: 'GET', url: '/api/v1/graph?namespace=monitoring&protection=l4-only' })).json() as JsonGraph;
    const { rows } = readCsv((await app.inject({ method: 'GET', url: '/api/v1/graph.csv?namespace=monitoring&protection=l4-only' })).body);
    const edgeRows = rows.filter((r) => r.from !== '*');
    expect(edgeRows).toHaveLength(graph.edges.reduce((n, e) => n + e.ports.length, 0));
    const star = rows.filter((r) => r.from === '*');
    expect(star.length).toBeGreaterThan(0);
    for (const r of star) expect(r.class).toBe('l4-only');
    expect(star.map((r) => `${r.to} ${r.port}/${r.protocol}`).sort()).toEqual(
      graph.nodes.flatMap((n) => n.openToAll.map((k) => `${n.id} ${k}`)).filter((k) => star.some((r) => `${r.to} ${r.port}/${r.protocol}` === k)).sort(),
    );
  });

  it('focus keeps one workload\'s edges and its open ports; portName keeps the ports a destination names so', async () => {
    const { app } = await demoApp();
    const focused = readCsv((await app.inject({ method: 'GET', url: '/api/v1/graph.csv?focus=monitoring/grafana' })).body).rows;
    expect(focused.length).toBeGreaterThan(0);
    for (const r of focused) expect(r.from === 'monitoring/grafana' || r.to === 'monitoring/grafana').toBe(true);
    expect(focused.some((r) => r.from === '*' && r.to === 'monitoring/grafana')).toBe(true);
    const res = await app.inject({ method: 'GET', url: '/api/v1/graph.csv?portName=no-such-name' });
    expect(readCsv(res.body).rows).toEqual([]);
  });

  it('names its provenance: file name and header, with the query as filters', async () => {
    const { app, store } = await demoApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/graph.csv?namespace=postgres&expandOpen=true' });
    const meta = JSON.parse(res.headers['x-accessgraph-provenance'] as string) as Record<string, unknown>;
    expect(meta).toMatchObject({ what: 'graph', source: 'demo', snapshotTime: store.info(store.current()!).takenAt, filters: { namespace: ['postgres'], expandOpen: true } });
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="accessgraph-demo-\d{8}T\d{6}Z-graph-namespace-postgres-expandOpen\.csv"$/);
  });

  it('rejects a bad focus or port name with 400', async () => {
    const { app } = await demoApp();
    expect((await app.inject({ method: 'GET', url: '/api/v1/graph.csv?focus=nobody' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/graph.csv?portName=Bad_Name' })).statusCode).toBe(400);
  });
});
