/**
 * CSV for auditors through the real binary (issue 14): `matrix --format csv` and
 * `graph --format csv` read back with csv-parse under RFC 4180 (header first, CRLF, no comment
 * lines), checked row by row against the JSON of the same command; the deciding rule per layer
 * (kind ns/name, rule index, file:line); ports open to all as explicit rows (`*`, or one per
 * source with --expand-open); provenance in the file name and the JSON sidecar, never in the
 * file; the formula guard on text that starts with = + - @.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from './readCsv.ts';
import { FIXTURES, REPO_ROOT, runCli, runCliOnce } from './runCli.ts';

const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'apps/api/package.json'), 'utf8')) as { version: string }).version;

interface JsonCell { from: string; to: string; port: number; protocol: string; l4Port: number; l4: string; l7: string; allowed: boolean | null; protection: string | null }
interface JsonGraph {
  nodes: { id: string; kind: string; openToAll: string[] }[];
  edges: { from: string; to: string; ports: (Omit<JsonCell, 'from' | 'to'> & { class: string; proxyPortBlocked?: true })[] }[];
}

const MATRIX_COLUMNS = ['from', 'to', 'port', 'protocol', 'l4Port', 'l4', 'l7', 'allowed', 'protection', 'l4_rule', 'l4_rule_at', 'l7_rule', 'l7_rule_at', 'reasons'];
const GRAPH_COLUMNS = ['from', 'to', 'port', 'protocol', 'l4Port', 'l4', 'l7', 'allowed', 'protection', 'class', 'proxyPortBlocked', 'open_to_all', 'source_count', 'l4_rule', 'l4_rule_at', 'l7_rule', 'l7_rule_at', 'reasons'];

const text = (v: unknown) => (v === null ? '' : String(v));

describe('matrix --format csv', () => {
  it('has the header first, and one row per cell of the JSON, in its order, with the same verdicts', async () => {
    const [csv, json] = await Promise.all([runCliOnce(['matrix', '--demo', '--format', 'csv']), runCliOnce(['matrix', '--demo', '--format', 'json'])]);
    expect(csv.code).toBe(0);
    const { header, rows } = readCsv(csv.stdout);
    expect(header).toEqual(MATRIX_COLUMNS);
    const cells = (JSON.parse(json.stdout) as { cells: JsonCell[] }).cells;
    expect(rows).toHaveLength(cells.length);
    rows.forEach((row, i) => {
      const c = cells[i]!;
      expect([row.from, row.to, row.port, row.protocol, row.l4Port, row.l4, row.l7, row.allowed, row.protection]).toEqual([c.from, c.to, c.port, c.protocol, c.l4Port, c.l4, c.l7, c.allowed, c.protection].map(text));
    });
  });

  it.each([
    // demo: apps/api/demo/11-homelab-networkpolicies.yaml, allow-postgres-clients (line 20) admits wikijs.
    ['an L4 rule that admits', 'wikijs/wikijs', 'postgres/postgresql', '5432', 'l4', 'admits: NetworkPolicy postgres/allow-postgres-clients ingress rule 0', 'demo/11-homelab-networkpolicies.yaml:20'],
    ['an L4 policy that isolates and admits nothing', 'default/toolbox', 'postgres/postgresql', '5432', 'l4', 'isolates: NetworkPolicy postgres/allow-postgres-clients ingress', 'demo/11-homelab-networkpolicies.yaml:20'],
    ['an L7 authorization', 'mesh-fixed/service-a', 'mesh-fixed/service-b', '8080', 'l7', 'authorizes: AuthorizationPolicy mesh-fixed/service-b-clients', 'demo/21-mesh-fixed.yaml:132'],
    ['the L7 Server', 'mesh-fixed/service-a', 'mesh-fixed/service-b', '8080', 'l7', 'server: Server mesh-fixed/service-b', 'demo/21-mesh-fixed.yaml:108'],
  ])('names %s in the rule columns with its file:line, in the same position', async (_rule, from, to, port, layer, rule, at) => {
    const { rows } = readCsv((await runCliOnce(['matrix', '--demo', '--format', 'csv'])).stdout);
    const row = rows.find((r) => r.from === from && r.to === to && r.port === port)!;
    const rules = row[`${layer}_rule`]!.split(' | ');
    const ats = row[`${layer}_rule_at`]!.split(' | ');
    expect(rules).toHaveLength(ats.length);
    expect(rules).toContain(rule);
    expect(ats[rules.indexOf(rule)]).toBe(at);
  });

  it('says "none" where no object decided (no policy isolates the side)', async () => {
    const { rows } = readCsv((await runCliOnce(['matrix', '--demo', '--format', 'csv'])).stdout);
    const row = rows.find((r) => r.from === 'default/toolbox' && r.to === 'kanban/kanban')!;
    expect([row.l4_rule, row.l4_rule_at, row.l7_rule, row.l7_rule_at]).toEqual(['not-isolated', 'none', 'not-meshed', 'none']);
  });

  it('puts the provenance in the file name and the sidecar, never in the file (--out DIR)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accessgraph-csv-out-'));
    const r = await runCli(['matrix', '--demo', '--port', '5432/TCP', '--format', 'csv', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^accessgraph-demo-\d{8}T\d{6}Z-matrix-port-5432-TCP\.csv$/);
    expect(files[1]).toBe(`${files[0]}.json`);
    const { rows } = readCsv(readFileSync(join(dir, files[0]!), 'utf8'));
    const meta = JSON.parse(readFileSync(join(dir, files[1]!), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ tool: { name: 'accessgraph', version }, what: 'matrix', source: 'demo', filters: { port: ['5432/TCP'] }, columns: MATRIX_COLUMNS, rows: rows.length, format: { standard: 'RFC 4180', lineEnd: 'CRLF' } });
    expect(rows.length).toBe(26 * 25); // --port is asked of every ordered pair of the demo's 25 workloads and the outside peer
    expect(Date.parse(meta.snapshotTime as string)).toBeLessThanOrEqual(Date.parse(meta.generatedAt as string));
    const stamp = (meta.snapshotTime as string).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    expect(files[0]).toContain(stamp);
  });

  it('--out FILE writes FILE and FILE.json; --provenance writes the sidecar where asked, the CSV staying on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accessgraph-csv-file-'));
    const out = await runCli(['matrix', '--demo', '-o', 'csv', '--out', join(dir, 'audit.csv')]);
    expect(out.code, out.stderr).toBe(0);
    expect(existsSync(join(dir, 'audit.csv.json'))).toBe(true);
    const stdout = await runCli(['matrix', '--demo', '-o', 'csv', '--provenance', join(dir, 'prov.json')]);
    expect(readFileSync(join(dir, 'audit.csv'), 'utf8')).toBe(stdout.stdout);
    expect((JSON.parse(readFileSync(join(dir, 'prov.json'), 'utf8')) as { rows: number }).rows).toBe(readCsv(stdout.stdout).rows.length);
    const misuse = await runCli(['matrix', '--demo', '--out', join(dir, 'x.csv')]);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain('--out and --provenance go with --format csv');
  });

  it('guards text a spreadsheet would run as a formula (a manifests directory named @…)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accessgraph-csv-formula-'));
    mkdirSync(join(dir, '@evil'));
    writeFileSync(join(dir, '@evil/all.yaml'), readFileSync(join(REPO_ROOT, FIXTURES, 'shop/workloads.yaml'), 'utf8') + '\n---\n' + readFileSync(join(REPO_ROOT, FIXTURES, 'shop/policies.yaml'), 'utf8'));
    const r = await runCli(['matrix', '--manifests', '@evil', '--format', 'csv'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const { rows } = readCsv(r.stdout);
    const guarded = rows.filter((row) => row.l4_rule_at!.startsWith("'@evil/") || row.l7_rule_at!.startsWith("'@evil/"));
    expect(guarded.length).toBeGreaterThan(0);
    for (const row of rows) for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+@\t\r]|^-(?!\d)/);
  });
});

/** The cluster's workloads (the outside peer, kind External, is no workload a port is open to). */
const clusterSize = (graph: { nodes: { kind?: string }[] }) => graph.nodes.filter((n) => n.kind !== 'External').length;

describe('graph --format csv', () => {
  it('lists every edge port of the JSON, then one "*" row per port open to all standing for every other workload', async () => {
    const [csv, json] = await Promise.all([runCliOnce(['graph', '--demo', '--format', 'csv']), runCliOnce(['graph', '--demo', '--format', 'json'])]);
    expect(csv.code).toBe(0);
    const { header, rows } = readCsv(csv.stdout);
    expect(header).toEqual(GRAPH_COLUMNS);
    const graph = JSON.parse(json.stdout) as JsonGraph;
    const edgePorts = graph.edges.flatMap((e) => e.ports.map((p) => ({ ...p, from: e.from, to: e.to })));
    const open = graph.nodes.flatMap((n) => n.openToAll.map((key) => `${n.id} ${key}`));
    expect(open.length).toBeGreaterThan(3);
    expect(rows).toHaveLength(edgePorts.length + open.length);
    edgePorts.forEach((p, i) => {
      const row = rows[i]!;
      expect([row.from, row.to, row.port, row.protocol, row.l4Port, row.l4, row.l7, row.allowed, row.protection, row.class, row.proxyPortBlocked, row.source_count]).toEqual(
        [p.from, p.to, p.port, p.protocol, p.l4Port, p.l4, p.l7, p.allowed, p.protection, p.class, p.proxyPortBlocked === true, 1].map(text),
      );
    });
    const starRows = rows.slice(edgePorts.length);
    expect(starRows.map((r) => `${r.to} ${r.port}/${r.protocol}`)).toEqual(open);
    for (const r of starRows) expect([r.from, r.allowed, r.open_to_all, r.source_count]).toEqual(['*', 'true', 'true', String(clusterSize(graph) - 1)]);
    // monitoring/grafana:3000 is open through a rule without `from` (demo flow table): its rule is named.
    const grafana = starRows.find((r) => r.to === 'monitoring/grafana' && r.port === '3000')!;
    expect(grafana.l4_rule).toMatch(/admits: NetworkPolicy monitoring\/\S+ ingress rule \d/);
    expect(grafana.l4_rule_at).toMatch(/demo\/11-homelab-networkpolicies\.yaml:\d+/);
  });

  it('--expand-open lists every source of every open port: the rows of graph --include-open', async () => {
    const [csv, json, summary] = await Promise.all([
      runCliOnce(['graph', '--demo', '--format', 'csv', '--expand-open']),
      runCliOnce(['graph', '--demo', '--format', 'json', '--include-open']),
      runCliOnce(['graph', '--demo', '--format', 'json']),
    ]);
    const { rows } = readCsv(csv.stdout);
    const graph = JSON.parse(json.stdout) as JsonGraph;
    const ports = graph.edges.flatMap((e) => e.ports.map((p) => `${e.from} ${e.to} ${p.port}/${p.protocol}`));
    expect(rows.map((r) => `${r.from} ${r.to} ${r.port}/${r.protocol}`)).toEqual(ports);
    expect(rows.some((r) => r.from === '*')).toBe(false);
    const open = (JSON.parse(summary.stdout) as JsonGraph).nodes.flatMap((n) => n.openToAll.map((key) => [n.id, key] as const));
    let openRows = 0;
    for (const [to, key] of open) {
      const sources = rows.filter((r) => r.to === to && `${r.port}/${r.protocol}` === key);
      // Every other workload of the cluster (the outside peer may be a source too: it is no workload).
      expect(new Set(sources.map((r) => r.from).filter((f) => !String(f).startsWith('external:'))).size, `${to} ${key}`).toBe(clusterSize(graph) - 1);
      for (const r of sources) expect(r.open_to_all).toBe('true');
      openRows += sources.length;
    }
    expect(rows.filter((r) => r.open_to_all === 'false').length).toBe(rows.length - openRows);
  });

  it('--expand-open without --format csv is a usage error', async () => {
    const r = await runCli(['graph', '--demo', '--expand-open']);
    expect(r.code).toBe(2);
  });
});
