/**
 * The world outside (issue 17) through the real binary: `external:<CIDR>` on either side of
 * `check`, `--external` and `--cluster-networks` on matrix/graph/check, and the bundled demo's
 * exposed storefront (apps/api/demo/40-storefront-exposed.yaml).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deploy, namespace, netpol, yamlText } from '../support/manifests.ts';
import { runCli, runCliOnce } from './runCli.ts';

interface Cell {
  from: string;
  to: string;
  l4: string;
  l7: string;
  allowed: boolean | null;
  reasons: { l4: { text: string }[]; l7: { text: string }[] };
}

describe('accessgraph check with an outside peer', () => {
  it('from outside into an isolated database: denied at L4, exit 1', async () => {
    const r = await runCliOnce(['check', 'external:0.0.0.0/0', 'postgres/postgresql:5432', '--demo']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^DENIED external:0\.0\.0\.0\/0 → postgres\/postgresql:5432\/TCP at L4/);
    expect(r.stdout).toContain('none of its rules admits from external:0.0.0.0/0 on 5432/TCP');
  });

  it('from a workload to an outside address: allowed, L7 n/a, exit 0 (text and json)', async () => {
    const text = await runCliOnce(['check', 'wikijs/wikijs', 'external:203.0.113.10/32:443', '--demo']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^ALLOWED wikijs\/wikijs → external:203\.0\.113\.10\/32:443\/TCP/);
    const json = await runCliOnce(['check', 'wikijs/wikijs', 'external:203.0.113.10/32:443', '--demo', '-o', 'json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { allowed: boolean; cells: Cell[] };
    expect(doc.allowed).toBe(true);
    expect(doc.cells[0]).toMatchObject({ from: 'wikijs/wikijs', to: 'external:203.0.113.10/32', l4: 'open', l7: 'n/a' });
  });

  it('an IPv4 range only partly admitted is allowed, naming the admitted part', async () => {
    const r = await runCliOnce(['check', 'external:0.0.0.0/0', 'storefront/web:8080', '--demo', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const cell = (JSON.parse(r.stdout) as { cells: Cell[] }).cells[0]!;
    expect(cell).toMatchObject({ l4: 'allow', allowed: true });
    expect(cell.reasons.l4.map((x) => x.text).join('\n')).toMatch(/only part of external:0\.0\.0\.0\/0 .*: 203\.0\.113\.0\/24;/);
  });

  it('through a LoadBalancer with externalTrafficPolicy Cluster the source is a node IP: unknown, exit 3', async () => {
    const r = await runCliOnce(['check', 'external:198.51.100.7/32', 'storefront/web:8080', '--demo']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/^UNKNOWN/);
    expect(r.stdout).toContain("sees the connection from a node's IP");
  });

  it('IPv6 peers work like IPv4 ones', async () => {
    const r = await runCli(['check', 'external:2001:db8::/32', 'monitoring/grafana:3000', '--demo', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { cells: Cell[] }).cells[0]).toMatchObject({ from: 'external:2001:db8::/32', l4: 'allow' });
  });

  it('a bad CIDR, a named port on an outside destination, or two outside ends are usage errors (exit 2)', async () => {
    for (const args of [
      ['check', 'external:300.0.0.0/8', 'postgres/postgresql:5432', '--demo'],
      ['check', 'wikijs/wikijs', 'external:203.0.113.10/32:https', '--demo'],
      ['check', 'external:0.0.0.0/0', 'external:::/0:443', '--demo'],
      ['check', 'wikijs/wikijs', 'external:203.0.113.10/32', '--demo'],
    ]) {
      const r = await runCli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});

describe('--external and --cluster-networks', () => {
  it('matrix lists external:0.0.0.0/0 and each --external peer as kind External with their cells', async () => {
    const r = await runCliOnce(['matrix', '--demo', '--external', '2001:db8::/32,203.0.113.0/24', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { workloads: { id: string; kind: string; namespace: string }[]; cells: Cell[] };
    expect(doc.workloads.filter((w) => w.kind === 'External').map((w) => [w.id, w.namespace])).toEqual([
      ['external:0.0.0.0/0', ''],
      ['external:2001:db8::/32', ''],
      ['external:203.0.113.0/24', ''],
    ]);
    expect(doc.cells.find((c) => c.from === 'external:203.0.113.0/24' && c.to === 'storefront/web')).toMatchObject({ l4: 'allow', allowed: true });
  });

  it('graph carries the External node, its edges and the exposure paths', async () => {
    const r = await runCliOnce(['graph', '--demo', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const g = JSON.parse(r.stdout) as { nodes: { id: string; kind: string; exposures?: { path: string }[] }[]; edges: { from: string; to: string }[] };
    expect(g.nodes.find((n) => n.id === 'external:0.0.0.0/0')?.kind).toBe('External');
    expect(g.edges.some((e) => e.from === 'external:0.0.0.0/0' && e.to === 'storefront/web')).toBe(true);
    expect(g.nodes.find((n) => n.id === 'storefront/web')?.exposures?.map((e) => e.path)).toEqual([
      'Service storefront/web type LoadBalancer port 443 → 8080; externalTrafficPolicy Cluster: the pod sees a node IP, not the client',
      "Ingress storefront/web host shop.example.com path / → Service storefront/web port 443 → 8080 (through the ingress controller: the pod sees the controller's IP)",
    ]);
  });

  it('--cluster-networks replaces the cluster networks: 203.0.113.0/24 inside them is no longer outside', async () => {
    const r = await runCli(['check', 'external:0.0.0.0/0', 'storefront/web:8080', '--demo', '--cluster-networks', '10.0.0.0/8,203.0.113.0/24', '-o', 'json']);
    // The only admitted part is now a cluster network: the rest of the outside is denied directly,
    // and the LoadBalancer path (a node IP) stays unknown.
    expect(r.code, r.stderr).toBe(3);
    expect((JSON.parse(r.stdout) as { cells: Cell[] }).cells[0]).toMatchObject({ l4: 'unknown', allowed: null });
  });

  it('a bad --external or --cluster-networks CIDR is a usage error (exit 2)', async () => {
    for (const args of [
      ['matrix', '--demo', '--external', '10.0.0.0/33'],
      ['graph', '--demo', '--external', 'example.com'],
      ['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--demo', '--cluster-networks', '10.0.0.0/8,nope'],
      ['diff', '--before', 'apps/api/test/fixtures/shop', '--after', 'apps/api/test/fixtures/shop', '--external', '203.0.113.0/24,x'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/expected a CIDR/);
    }
  });
});

describe('accessgraph diff with outside peers', () => {
  // One web workload whose ingress rule moves from one outside range to another.
  const dir = mkdtempSync(join(tmpdir(), 'accessgraph-diff-outside-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const policy = (cidr: string) => netpol('edge/from-outside', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ ipBlock: { cidr } }], ports: [{ port: 8080 }] }] });
  const write = (cidr: string) => {
    const d = join(dir, cidr.replace(/[./]/g, '-'));
    mkdirSync(d);
    writeFileSync(join(d, 'all.yaml'), yamlText([namespace('edge'), deploy('edge/web', { ports: [8080] }), policy(cidr)]));
    return d;
  };
  const before = write('203.0.113.0/24');
  const after = write('198.51.100.0/24');
  interface Reclassified {
    from: string;
    to: string;
    port: number;
    before: { allowed: boolean | null };
    after: { allowed: boolean | null };
  }

  it('--external compares the named range: the flow from 203.0.113.0/24 is closed by the change', async () => {
    const r = await runCli(['diff', '--before', before, '--after', after, '--external', '203.0.113.0/24,198.51.100.0/24', '-o', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as { reclassified: Reclassified[] };
    const of = (from: string) => doc.reclassified.find((c) => c.from === from && c.to === 'edge/web' && c.port === 8080);
    expect(of('external:203.0.113.0/24')).toMatchObject({ before: { allowed: true }, after: { allowed: false } });
    expect(of('external:198.51.100.0/24')).toMatchObject({ before: { allowed: false }, after: { allowed: true } });
  });

  it('without --external only external:0.0.0.0/0 is compared (partly admitted before and after: no verdict change)', async () => {
    const r = await runCli(['diff', '--before', before, '--after', after, '-o', 'json']);
    const doc = JSON.parse(r.stdout) as { reclassified: Reclassified[] };
    expect(doc.reclassified.filter((c) => c.from.startsWith('external:') && c.from !== 'external:0.0.0.0/0')).toEqual([]);
    expect(doc.reclassified.filter((c) => c.from === 'external:0.0.0.0/0' && c.before.allowed !== c.after.allowed)).toEqual([]);
  });

  it('--cluster-networks reaches the analysis: with 203.0.113.0/24 a cluster network, external:0.0.0.0/0 goes from denied to allowed', async () => {
    const r = await runCli(['diff', '--before', before, '--after', after, '--cluster-networks', '10.0.0.0/8,203.0.113.0/24', '-o', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as { reclassified: Reclassified[] };
    expect(doc.reclassified.find((c) => c.from === 'external:0.0.0.0/0' && c.to === 'edge/web' && c.port === 8080)).toMatchObject({ before: { allowed: false }, after: { allowed: true } });
  });
});
