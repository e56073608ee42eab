import { describe, expect, it } from 'vitest';
import { readCsv } from './readCsv.ts';
import { FIXTURES, REPO_ROOT, runCli, runCliOnce } from './runCli.ts';

const SHOP = `${FIXTURES}/shop`;
const BROKEN = `${FIXTURES}/broken`;

/** Cells between two workloads of the cluster (the outside peer's cells are checked apart). */
const inCluster = (cells: Record<string, unknown>[]) => cells.filter((c) => !String(c.from).startsWith('external:') && !String(c.to).startsWith('external:'));

interface MatrixDoc {
  workloads: Record<string, unknown>[];
  cells: Record<string, unknown>[];
  diagnostics: Record<string, unknown>[];
}

describe('accessgraph matrix --format json', () => {
  it('is exactly {workloads, cells, diagnostics} with the contract fields', async () => {
    const r = await runCliOnce(['matrix', '--manifests', SHOP, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as MatrixDoc;
    expect(Object.keys(doc)).toEqual(['workloads', 'cells', 'diagnostics']);
    expect(doc.workloads.map((w) => w.id).sort()).toEqual(['data/postgres', 'external:0.0.0.0/0', 'shop/api', 'shop/batch', 'shop/web']);
    expect(doc.workloads.find((w) => w.id === 'external:0.0.0.0/0')).toEqual({ id: 'external:0.0.0.0/0', namespace: '', name: 'outside the cluster', kind: 'External', meshed: false, serviceAccount: '' });
    for (const w of doc.workloads) expect(Object.keys(w)).toEqual(['id', 'namespace', 'name', 'kind', 'meshed', 'serviceAccount']);
    for (const c of doc.cells) {
      expect(Object.keys(c)).toEqual(['from', 'to', 'port', 'protocol', 'l4Port', 'l4', 'l7', 'allowed', 'protection', 'reasons']);
      expect(Object.keys(c.reasons as object)).toEqual(['l4', 'l7']);
    }
    expect(doc.workloads.find((w) => w.id === 'shop/web')).toEqual({ id: 'shop/web', namespace: 'shop', name: 'web', kind: 'Deployment', meshed: true, serviceAccount: 'web' });
  });

  it('has every ordered pair of distinct workloads × each destination declared port', async () => {
    const doc = JSON.parse((await runCliOnce(['matrix', '--manifests', SHOP, '--format', 'json'])).stdout) as MatrixDoc;
    // postgres declares 5432, api and web 8080, batch nothing: 3 sources each → 9 cells.
    expect(inCluster(doc.cells)).toHaveLength(9);
    // Plus the outside peer into each declared port (no egress rule names ports towards addresses).
    expect(doc.cells.filter((c) => c.from === 'external:0.0.0.0/0').map((c) => `${String(c.to)}:${String(c.port)}`).sort()).toEqual(['data/postgres:5432', 'shop/api:8080', 'shop/web:8080']);
    expect(doc.cells).toHaveLength(12);
    expect(doc.cells.some((c) => c.from === c.to)).toBe(false);
    expect(doc.cells.some((c) => c.to === 'shop/batch')).toBe(false);
    const key = (c: Record<string, unknown>) => `${String(c.from)}>${String(c.to)}:${String(c.port)}`;
    expect(new Set(doc.cells.map(key)).size).toBe(12);
  });

  it('carries the verdicts of the layers, with l4Port 4143 between meshed workloads', async () => {
    const doc = JSON.parse((await runCliOnce(['matrix', '--manifests', SHOP, '--format', 'json'])).stdout) as MatrixDoc;
    const find = (from: string, to: string) => doc.cells.find((c) => c.from === from && c.to === to);
    expect(find('shop/api', 'data/postgres')).toMatchObject({ port: 5432, l4Port: 5432, l4: 'allow', l7: 'n/a', allowed: true, protection: 'l4-only' });
    expect(find('shop/web', 'data/postgres')).toMatchObject({ l4: 'deny', allowed: false, protection: null });
    expect(find('shop/web', 'shop/api')).toMatchObject({ port: 8080, l4Port: 4143, l4: 'open', l7: 'allow', allowed: true, protection: 'l7-only' });
    expect(find('shop/batch', 'shop/api')).toMatchObject({ l7: 'deny', allowed: false });
    expect(find('data/postgres', 'shop/web')).toMatchObject({ l4Port: 8080, l7: 'open', allowed: true, protection: 'none' });
  });

  it('evaluates only the given ports with --port, repeatable and comma-separated', async () => {
    const r = await runCli(['matrix', '--manifests', SHOP, '--format', 'json', '--port', '5432', '--port', '53/udp,8080/TCP']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as MatrixDoc;
    // 4 workloads → 12 ordered pairs × 3 ports; the outside peer to and from each workload × 3 ports.
    expect(inCluster(doc.cells)).toHaveLength(36);
    expect(doc.cells).toHaveLength(36 + 24);
    expect(new Set(doc.cells.map((c) => `${String(c.port)}/${String(c.protocol)}`))).toEqual(new Set(['5432/TCP', '53/UDP', '8080/TCP']));
  });

  it('applies --linkerd-default-policy to destinations without a Server', async () => {
    const r = await runCli(['matrix', '--manifests', SHOP, '--format', 'json', '--linkerd-default-policy', 'all-authenticated']);
    const doc = JSON.parse(r.stdout) as MatrixDoc;
    const cell = doc.cells.find((c) => c.from === 'data/postgres' && c.to === 'shop/web');
    expect(cell).toMatchObject({ l7: 'deny', allowed: false });
  });

  it('puts the diagnostics in the document and nothing on stderr', async () => {
    const r = await runCli(['matrix', '--manifests', BROKEN, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as MatrixDoc;
    const codes = doc.diagnostics.map((d) => d.code);
    expect(codes).toContain('parse-error');
    expect(codes).toContain('unknown-policy-kind');
    expect(r.stderr).not.toContain('parse-error');
  });
});

describe('accessgraph matrix --format table', () => {
  it('is the default: aligned columns FROM TO PORT L4PORT L4 L7 ALLOWED PROTECTION', async () => {
    const r = await runCli(['matrix', '--manifests', SHOP]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]?.split(/\s+/)).toEqual(['FROM', 'TO', 'PORT', 'L4PORT', 'L4', 'L7', 'ALLOWED', 'PROTECTION']);
    expect(lines).toHaveLength(13);
    // Every column starts at the same offset on every line.
    const header = lines[0] ?? '';
    const starts = ['TO', 'PORT', 'L4PORT', 'L4 ', 'L7', 'ALLOWED', 'PROTECTION'].map((h) => header.indexOf(h));
    for (const line of lines.slice(1)) for (const s of starts) expect(line[s - 1]).toBe(' ');
    const row = lines.find((l) => l.startsWith('shop/web ') && l.includes('shop/api'));
    expect(row?.split(/\s+/)).toEqual(['shop/web', 'shop/api', '8080/TCP', '4143', 'open', 'allow', 'yes', 'l7-only']);
    const denied = lines.find((l) => l.startsWith('shop/web ') && l.includes('data/postgres'));
    expect(denied?.split(/\s+/)).toEqual(['shop/web', 'data/postgres', '5432/TCP', '5432', 'deny', 'n/a', 'no', '-']);
    const outside = lines.find((l) => l.startsWith('external:0.0.0.0/0 ') && l.includes('data/postgres'));
    expect(outside?.split(/\s+/)).toEqual(['external:0.0.0.0/0', 'data/postgres', '5432/TCP', '5432', 'deny', 'n/a', 'no', '-']);
  });

  it('prints the diagnostics to stderr, grouped by severity, with a count line naming the files', async () => {
    const r = await runCli(['matrix', '--manifests', BROKEN]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('demo/frontend');
    expect(r.stderr).toMatch(/^Errors \(2\):$/m);
    expect(r.stderr).toContain(`error parse-error (${BROKEN}/malformed.yaml:`);
    expect(r.stderr).toContain(`error unknown-policy-kind NetworkAuthenticationPolicy demo/backend-only-frontend (${BROKEN}/not-a-linkerd-kind.yaml:`);
    expect(r.stderr).toMatch(/^2 diagnostics: 2 errors, 0 warnings, 0 info$/m);
  });
});

describe('accessgraph matrix --format csv', () => {
  it('has a header and one row a cell (RFC 4180, read back with csv-parse), the deciding rules per layer and the reasons in free text', async () => {
    const r = await runCli(['matrix', '--manifests', SHOP, '--format', 'csv']);
    expect(r.code).toBe(0);
    const { header, rows } = readCsv(r.stdout);
    expect(header).toEqual(['from', 'to', 'port', 'protocol', 'l4Port', 'l4', 'l7', 'allowed', 'protection', 'l4_rule', 'l4_rule_at', 'l7_rule', 'l7_rule_at', 'reasons']);
    expect(rows).toHaveLength(12); // 9 cluster cells + the outside peer's 3
    const web = rows.find((row) => row.from === 'shop/web' && row.to === 'shop/api')!;
    expect([web.from, web.to, web.port, web.protocol, web.l4Port, web.l4, web.l7, web.allowed, web.protection]).toEqual(['shop/web', 'shop/api', '8080', 'TCP', '4143', 'open', 'allow', 'true', 'l7-only']);
    expect(web.l7_rule).toContain('authorizes: AuthorizationPolicy shop/api-from-web');
    expect(web.reasons).toMatch(/^l4: .+; l7: .*AuthorizationPolicy shop\/api-from-web/);
    const denied = rows.find((row) => row.from === 'shop/web' && row.to === 'data/postgres')!;
    expect(denied.allowed).toBe('false');
    expect(denied.protection).toBe('');
  });
});

describe('accessgraph matrix input errors', () => {
  it('a missing path is exit 2 and names the path', async () => {
    const r = await runCli(['matrix', '--manifests', `${FIXTURES}/no-such-dir`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${FIXTURES}/no-such-dir: no such file or directory`);
    expect(r.stdout).toBe('');
  });

  it.each([
    ['--manifests', SHOP, '--demo'],
    ['--manifests', SHOP, '--context', 'prod'],
    ['--demo', '--kubeconfig', '/nonexistent'],
  ])('two sources (%s %s %s) are a usage error', async (...args) => {
    const r = await runCli(['matrix', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('choose one source: --manifests, --demo, or a live cluster');
  });

  it('reads relative paths from INIT_CWD, where pnpm was started', async () => {
    const r = await runCli(['matrix', '--manifests', 'shop', '--format', 'json'], { env: { INIT_CWD: `${REPO_ROOT}${FIXTURES}` } });
    expect(r.code, r.stderr).toBe(0);
    expect(inCluster((JSON.parse(r.stdout) as MatrixDoc).cells)).toHaveLength(9);
  });
});
