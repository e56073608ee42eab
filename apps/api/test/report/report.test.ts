/**
 * The audit report as HTML (issue 16): `accessgraph report --out` on the demo (the real
 * binary), GET /api/v1/report (same document, its own strict CSP), the input hash, the
 * self-containedness and the A4 legibility of its figures, and the exposed section for a
 * graph that carries exposures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAuditReport, type AuditReport } from '@accessgraph/model';
import { inputHash } from '../../src/report/inputHash.ts';
import { REPORT_CSP, REPORT_CSS, REPORT_STYLE_HASH, reportHtml } from '../../src/report/reportHtml.ts';
import { CELL_GLYPH, figureSvg, isDense } from '../../src/report/figureSvg.ts';
import { styleHash } from '../../src/plugins/security.ts';
import { runCli } from '../cli/runCli.ts';
import { fixtureApp, tempDir } from '../helpers.ts';
import { expectLegibleFigures, expectSelfContained } from './reportChecks.ts';

describe('accessgraph report', () => {
  it('writes one self-contained HTML report of the demo, with every section and legible figures', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const out = join(dir, 'report.html');
    const r = await runCli(['report', '--demo', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^wrote .*report\.html/);
    const html = readFileSync(out, 'utf8');
    expectSelfContained(html);
    for (const h of ['1. Summary', '2. Findings by severity', '3. Sensitive workloads: who reaches them', '4. Exposed workloads', '5. Namespace posture', '6. Figures']) expect(html).toContain(h);
    expect(html).toMatch(/<th>Source<\/th><td>demo<\/td>/);
    expect(html).toMatch(/<code>sha256:[0-9a-f]{64}<\/code>/);
    expect(html).toMatch(/<th>Tool version<\/th><td>accessgraph \d+\.\d+\.\d+/);
    // Who reaches postgres, with the deciding rule and its file:line (demo/11-homelab-networkpolicies.yaml).
    expect(html).toContain('NetworkPolicy postgres/allow-postgres-clients ingress rule 0 (demo/11-homelab-networkpolicies.yaml:');
    expect(html).toContain('<code>demo/20-mesh-demo.yaml:64</code>');
    // The demo's storefront/web is exposed by a LoadBalancer Service and an Ingress (demo/40-storefront-exposed.yaml).
    expect(html).toMatch(/Exposed workloads[\s\S]*storefront\/web/);
    const figures = expectLegibleFigures(html);
    expect(figures.length).toBe((html.match(/<figure /g) ?? []).length);
  });

  it('the same input gives the same hash; --out - writes to standard output; no --out is a usage error', { timeout: 90_000 }, async () => {
    const [a, b, none] = await Promise.all([runCli(['report', '--demo', '--out', '-']), runCli(['report', '--demo', '-o', 'x']), runCli(['report', '--demo'])]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(b.code).toBe(2); // -o is not an option of report: --out names a file
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give --out report.html');
    const again = await runCli(['report', '--demo', '--out', '-']);
    const hash = (s: string) => /sha256:[0-9a-f]{64}/.exec(s)![0];
    expect(hash(again.stdout)).toBe(hash(a.stdout));
  });

  it('--help says what the report holds', async () => {
    const r = await runCli(['report', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: accessgraph report');
    expect(r.stdout).toContain('--manifests PATH');
  });
});

describe('GET /api/v1/report', () => {
  it('serves the report of the current snapshot under a CSP that allows no script and only the report stylesheet', async () => {
    const { app, store } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/report' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(REPORT_CSP);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(REPORT_CSP).not.toMatch(/script-src|unsafe-inline/);
    expect(REPORT_STYLE_HASH).toBe(styleHash(REPORT_CSS));
    expectSelfContained(res.body);
    expect(res.body).toContain(`<style>${REPORT_CSS}</style>`);
    const s = store.current()!;
    expect(res.body).toContain(inputHash(s.objects));
    expect(res.body).toContain(`<th>Snapshot taken</th><td>${s.takenAt.toISOString()}</td>`);
    expect(res.headers['x-accessgraph-snapshot']).toBe(String(s.version));
  });
});

describe('inputHash', () => {
  const a = { object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'a', namespace: 'x' }, data: { k: 'v' } } };
  const b = { object: { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'x' } } };

  it('does not depend on object order, key order, or where the objects came from', () => {
    const reordered = { object: { metadata: { namespace: 'x', name: 'a' }, data: { k: 'v' }, apiVersion: 'v1', kind: 'ConfigMap' }, file: 'elsewhere.yaml', line: 9 };
    expect(inputHash([a, b])).toBe(inputHash([b, reordered]));
    expect(inputHash([a, b])).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes with any value', () => {
    expect(inputHash([a, b])).not.toBe(inputHash([{ object: { ...a.object, data: { k: 'w' } } }, b]));
    expect(inputHash([a, b])).not.toBe(inputHash([a]));
  });
});

describe('report HTML rendering', () => {
  const base: AuditReport = {
    meta: { source: 'x <b>', takenAt: 't', inputHash: 'sha256:0', toolVersion: '1' },
    layers: { l4: { state: 'known' }, l7: { state: 'unknown', reason: 'forbidden' } },
    totals: { namespaces: 0, workloads: 0, meshed: 0, sensitive: 0, edges: 0, flows: 0 },
    classCounts: [],
    openToAll: { workloads: 0, ports: 0 },
    findings: [],
    sensitive: [],
    namespaces: [],
    figures: [],
  };

  it('escapes every name and says when a layer is unknown', () => {
    const html = reportHtml(base);
    expect(html).toContain('x &lt;b&gt;');
    expect(html).toContain('unknown — forbidden');
  });

  it('renders exposed workloads when the report has them', () => {
    const html = reportHtml({ ...base, exposed: [{ id: 'db/pg', sensitive: true, exposures: [{ object: 'Service db/pg-lb', path: 'spec.type' }], fromOutside: [{ port: '5432/TCP', l4: 'allow', l7: 'n/a', allowed: true, protection: 'l4-only' }] }] });
    expect(html).toContain('Exposed workloads');
    expect(html).toContain('5432/TCP: L4 allow · L7 n/a → allowed, l4-only');
    expect(html).toContain('Service db/pg-lb');
    expect(html).toContain('<code>spec.type</code>');
    expect(reportHtml({ ...base, exposed: [] })).toContain('No workload is exposed.');
  });

  it('a figure keeps the dashboard cues: class line styles and arrowheads, double border when meshed, data-store shape, open badge', () => {
    const { svg } = figureSvg({
      id: 'f',
      title: 'T',
      caption: 'C',
      sources: [{ id: 'a/c', label: 'c', kind: 'workload', meshed: true, sensitive: false, open: false }],
      destinations: [{ id: 'a/db', label: 'db', detail: '5432/TCP', kind: 'workload', meshed: true, sensitive: true, open: true }],
      edges: [{ from: 'a/c', to: 'a/db', cls: 'l7-only', ports: ['5432/TCP'], flows: 1 }],
    });
    expect(svg).toMatch(/<path class="edge l7-only"[^>]*stroke-dasharray="1.2 1.8"[^>]*marker-end="url\(#rm-l7-only\)"/);
    expect(svg).toContain('<marker id="rm-l7-only"');
    const db = /<g class="box workload" data-id="a\/db">([\s\S]*?)<\/g>/.exec(svg)![1]!;
    expect(db.match(/<path d="M/g)).toHaveLength(2); // cylinder, twice: the double border
    expect(db).toContain('stroke-dasharray="3 1.5"'); // open to all: dashed
    expect(db).toContain('mTLS · ◆ data · ⚠ open');
  });
});

describe('dense figures are matrices', () => {
  const box = (id: string) => ({ id, label: id.split('/')[1]!, kind: 'workload' as const, meshed: false, sensitive: false, open: false });
  const srcs = ['a/s1', 'a/s2', 'a/s3', 'a/s4', 'a/s5', 'a/s6'].map(box);
  const dsts = ['a/d1', 'a/d2', 'a/d3', 'a/d4'].map(box);
  const classes = ['both', 'l4-only', 'l7-only', 'none', 'conflict', 'unknown'] as const;
  const all = srcs.flatMap((s, i) => dsts.map((d, j) => ({ from: s.id, to: d.id, cls: classes[(i + j) % 6]!, ports: ['80/TCP'], flows: 1 })));

  it('more than twice as many lines as boxes: one cell per flow, its class in colour and letter, labels >= 7 pt', () => {
    const f = { id: 'm', title: 'M', caption: 'C', sources: srcs, destinations: dsts, edges: all };
    expect(isDense(f)).toBe(true);
    const { svg } = figureSvg(f);
    expect(svg).toContain('class="figure matrix"');
    const cells = [...svg.matchAll(/<g class="cell ([a-z0-9-]+)" data-from="([^"]+)" data-to="([^"]+)">[\s\S]*?<text[^>]*>([^<]*)<\/text>/g)];
    expect(cells).toHaveLength(all.length);
    for (const [, cls, from, to, glyph] of cells) {
      expect(all.find((e) => e.from === from && e.to === to)!.cls).toBe(cls);
      expect(glyph).toBe(CELL_GLYPH[cls as keyof typeof CELL_GLYPH]);
    }
    expectLegibleFigures(`<figure>${svg}</figure>`);
  });

  it('a sparse figure stays a drawing of lines', () => {
    const f = { id: 'l', title: 'L', caption: 'C', sources: srcs, destinations: dsts, edges: all.slice(0, 5) };
    expect(isDense(f)).toBe(false);
    expect(figureSvg(f).svg).toContain('class="figure"');
  });
});

describe('buildAuditReport on the API fixtures', () => {
  it('every sensitive workload of the graph has a section', async () => {
    const { store } = await fixtureApp();
    const s = store.current()!;
    const report = buildAuditReport(s.analysis, { source: 's', takenAt: 't', inputHash: 'h', toolVersion: 'v' });
    expect(report.sensitive.map((x) => x.id)).toEqual(s.graph.nodes.filter((n) => n.sensitive).map((n) => n.id).sort());
  });
});
