import { expect, test, type Download, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { writeSynthetic } from '../../packages/model/bench/writeSynthetic.ts';
import { e2ePort } from '../playwright.config.ts';
import { ARTIFACTS, DashboardPage, waitForCy, withCy } from './dashboardPage.ts';

/** Printed size in points of `px` in an image `width` px wide, fitted to the A4 text width (510 pt). */
const printedPt = (px: number, width: number) => (px * 510) / width;

/** An exported SVG's texts with their printed size at A4 and whether they belong to the legend block. */
async function svgTexts(page: import('@playwright/test').Page, svg: string) {
  return await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const width = Number(doc.documentElement.getAttribute('width'));
    return {
      width,
      height: Number(doc.documentElement.getAttribute('height')),
      texts: [...doc.querySelectorAll('text')].map((t) => ({ text: t.textContent ?? '', size: Number(t.getAttribute('font-size')), legend: t.closest('g.legend-block') !== null })),
    };
  }, svg);
}

function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(1, 4).toString()).toBe('PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

test.describe('exports for audits', () => {
  test('PNG at 2× with a header, non-blank', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    expect(download.suggestedFilename()).toMatch(/^accessgraph-demo-\d{4}-\d\d-\d\dT\d{6}Z-full-exported-\d{4}-\d\d-\d\dT\d{6}Z\.png$/);
    const path = `${ARTIFACTS}export.png`;
    await download.saveAs(path);
    const buf = readFileSync(path);
    const { width, height } = pngSize(buf);
    const bbox = await withCy(page, (cy) => cy.elements().boundingBox({}));
    expect(width).toBeGreaterThanOrEqual(Math.floor(bbox.w * 2));
    expect(height).toBeGreaterThanOrEqual(Math.floor(bbox.h * 2) + 96 * 2);
    // Non-blank: the header band and the graph band both hold more than one colour.
    const bands = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const colours = (y0: number, y1: number, x0 = 0, x1 = img.width) => {
        const data = ctx.getImageData(x0, y0, x1 - x0, y1 - y0).data;
        const set = new Set<number>();
        for (let i = 0; i < data.length; i += 16) set.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        return set.size;
      };
      // Below the header (134 px at 2×): a blank margin along the left edge, no node touching it.
      return { header: colours(0, 190), graph: colours(200, img.height), leftMargin: colours(134 * 2, img.height, 0, 16) };
    }, buf.toString('base64'));
    expect(bands.header).toBeGreaterThan(2);
    expect(bands.graph).toBeGreaterThan(5);
    expect(bands.leftMargin).toBe(1);
  });

  test('PNG (view) and PNG (full) download under distinct names', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const [view] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png-view').click()]);
    const [full] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    expect(view.suggestedFilename()).toMatch(/^accessgraph-demo-\d{4}-\d\d-\d\dT\d{6}Z-view-exported-\d{4}-\d\d-\d\dT\d{6}Z\.png$/);
    expect(full.suggestedFilename()).toMatch(/-full-exported-/);
    expect(view.suggestedFilename()).not.toBe(full.suggestedFilename());
  });

  test('SVG parses and carries the header and legend', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open('?ns=postgres,wikijs');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
    const path = `${ARTIFACTS}export.svg`;
    await download.saveAs(path);
    const text = readFileSync(path, 'utf8');
    const parsed = await page.evaluate((svg) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? '') };
    }, text);
    expect(parsed.error).toBeNull();
    expect(parsed.texts).toContain('accessgraph — demo');
    expect(parsed.texts.some((t) => t.startsWith('filters: namespaces: postgres, wikijs'))).toBe(true);
    expect(parsed.texts.some((t) => t.startsWith('Both layers'))).toBe(true);
    expect(parsed.texts).toContain('postgresql');
  });

  test('SVG edges end in arrowhead markers at the target', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open('?ns=postgres,wikijs,monitoring');
    const drawn = (await d.graph()).edges.length;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
    const path = `${ARTIFACTS}export-arrows.svg`;
    await download.saveAs(path);
    const svg = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const markers = new Set([...doc.querySelectorAll('defs marker')].map((m) => m.id));
      const edges = [...doc.querySelectorAll('g.edge')].map((g) => ({ marker: g.querySelector('line')?.getAttribute('marker-end') ?? null, circles: g.querySelectorAll('circle').length }));
      return { markers: [...markers], markerPaths: doc.querySelectorAll('defs marker path').length, edges };
    }, readFileSync(path, 'utf8'));
    expect(svg.markers.length).toBeGreaterThan(0);
    expect(svg.markerPaths).toBe(svg.markers.length);
    expect(svg.edges.length).toBe(drawn);
    expect(drawn).toBeGreaterThan(0);
    for (const e of svg.edges) {
      expect(e.circles).toBe(0);
      expect(e.marker).toMatch(/^url\(#arrow-[a-z0-9-]+\)$/);
      expect(svg.markers).toContain(e.marker!.slice(5, -1));
    }
  });

  test('SVG keeps the canvas cues: meshed double border, sensitive barrel, open dashed border, class line styles', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open('?ns=postgres,minio,mesh-fixed,monitoring');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
    const path = `${ARTIFACTS}export-cues.svg`;
    await download.saveAs(path);
    const cues = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const shapes = (sel: string) => [...doc.querySelectorAll(sel)].map((g) => [...g.querySelectorAll('.shape')].map((s) => ({ tag: s.tagName, cls: s.getAttribute('class'), dash: s.getAttribute('stroke-dasharray'), fill: s.getAttribute('fill') })));
      return {
        meshed: shapes('g.workload.meshed'),
        unmeshed: shapes('g.workload:not(.meshed)'),
        sensitive: shapes('g.workload.sensitive'),
        open: shapes('g.workload.open-ingress'),
        dashes: Object.fromEntries([...doc.querySelectorAll('g.edge')].map((g) => [g.getAttribute('class')!.split(' ')[1], g.querySelector('line')!.getAttribute('stroke-dasharray')])),
      };
    }, readFileSync(path, 'utf8'));
    const canvas = await d.graph();
    expect(cues.meshed.length).toBe(canvas.nodes.filter((n) => n.classes.includes('workload') && n.classes.includes('meshed')).length);
    expect(cues.meshed.length).toBeGreaterThan(0);
    for (const m of cues.meshed) expect(m.length).toBe(2); // the double border
    for (const m of cues.unmeshed) expect(m.length).toBe(1);
    expect(cues.sensitive.length).toBe(canvas.nodes.filter((n) => n.classes.includes('workload') && n.classes.includes('sensitive')).length);
    for (const s of cues.sensitive) expect(s[0]!.cls).toBe('shape barrel');
    expect(cues.open.length).toBeGreaterThan(0);
    for (const o of cues.open) expect(o[0]!.dash).toBe('6 3');
    expect(cues.dashes['l4-only']).toBe('8 4');
  });

  test('SVG at print size: the legend block prints at 7 pt or more on A4; rendered by Chromium for a look', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
    const path = `${ARTIFACTS}export-print.svg`;
    await download.saveAs(path);
    const svg = await svgTexts(page, readFileSync(path, 'utf8'));
    const legend = svg.texts.filter((t) => t.legend);
    expect(legend.length).toBeGreaterThan(5);
    for (const t of legend) expect(printedPt(t.size, svg.width), t.text).toBeGreaterThanOrEqual(7);
    // The A4 page it would print on, as an image to look at (A4 text width 510 pt at 96 dpi = 680 px).
    await page.setViewportSize({ width: 680, height: Math.ceil((680 * svg.height) / svg.width) });
    await page.setContent(`<body style="margin:0">${readFileSync(path, 'utf8').replace(/<svg /, '<svg style="width:680px;height:auto;display:block" ')}</body>`);
    await page.screenshot({ path: `${ARTIFACTS}export-print-a4.png`, fullPage: true });
  });

  test('the audit report downloads as one self-contained HTML file, the server’s report', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report').click()]);
    expect(download.suggestedFilename()).toMatch(/^accessgraph-demo-\d{4}-\d\d-\d\dT\d{6}Z-report-exported-\d{4}-\d\d-\d\dT\d{6}Z\.html$/);
    const path = `${ARTIFACTS}report.html`;
    await download.saveAs(path);
    const html = readFileSync(path, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('accessgraph audit report');
    const served = await (await page.request.get('/api/v1/report')).text();
    expect(html).toBe(served);
    // Opened under the server's CSP, it renders with its stylesheet (no CSP violation).
    const violations: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && violations.push(m.text())));
    await page.goto('/api/v1/report');
    await expect(page.locator('h1')).toHaveText('accessgraph audit report');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('h2')!).borderBottomStyle)).toBe('solid');
    expect(violations).toEqual([]);
  });

  test('CSV of the edges in view: RFC 4180 with the deciding rules, and its provenance sidecar', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const { rows, header, sidecar, name } = await exportCsv(page, 'edges');
    expect(name).toMatch(/^accessgraph-demo-\d{4}-\d\d-\d\dT\d{6}Z-edges-exported-\d{4}-\d\d-\d\dT\d{6}Z\.csv$/);
    expect(header).toEqual(['from', 'to', 'port', 'protocol', 'l4Port', 'l4', 'l7', 'allowed', 'protection', 'class', 'proxyPortBlocked', 'open_to_all', 'source_count', 'l4_rule', 'l4_rule_at', 'l7_rule', 'l7_rule_at', 'reasons']);
    const both = rows.find((r) => r[0] === 'mesh-fixed/service-a' && r[1] === 'mesh-fixed/service-b')!;
    expect(both.slice(0, 13)).toEqual(['mesh-fixed/service-a', 'mesh-fixed/service-b', '8080', 'TCP', '4143', 'allow', 'allow', 'true', 'both', 'both', 'false', 'false', '1']);
    expect(both[15]).toContain('authorizes: AuthorizationPolicy mesh-fixed/service-b-clients');
    const conflict = rows.find((r) => r[0] === 'mesh-demo/service-a' && r[1] === 'mesh-demo/service-b')!;
    expect(conflict.slice(0, 11)).toEqual(['mesh-demo/service-a', 'mesh-demo/service-b', '8080', 'TCP', '4143', 'deny', 'open', 'false', '', 'conflict', 'true']);
    // Ports open to all are rows too, from "*" standing for every other workload.
    expect(rows.some((r) => r[0] === '*' && r[1] === 'monitoring/grafana' && r[2] === '3000')).toBe(true);
    expect(sidecar).toMatchObject({ what: 'graph', source: 'demo', rows: rows.length, tool: { name: 'accessgraph' }, dashboard: { collapsed: [] } });
  });

  test('CSV keeps the edges inside a collapsed namespace and its sidecar says it is collapsed', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open('?class=l4-only,conflict&collapsed=monitoring');
    const api = (await (await page.request.get('/api/v1/graph?protection=l4-only&protection=conflict')).json()) as { edges: { ports: unknown[] }[] };
    const { rows, sidecar } = await exportCsv(page, 'edges-collapsed');
    expect((sidecar.dashboard as { collapsed: string[] }).collapsed).toEqual(['monitoring']);
    expect(rows.some((r) => r[0] === 'monitoring/grafana' && r[1] === 'monitoring/alertmanager' && r[2] === '9093')).toBe(true);
    expect(rows.filter((r) => r[0] !== '*').length).toBe(api.edges.reduce((n, e) => n + e.ports.length, 0));
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    await json.saveAs(`${ARTIFACTS}edges-collapsed.json`);
    const body = JSON.parse(readFileSync(`${ARTIFACTS}edges-collapsed.json`, 'utf8')) as { collapsed: string[]; edges: unknown[] };
    expect(body.collapsed).toEqual(['monitoring']);
    expect(body.edges).toHaveLength(api.edges.length);
  });

  test('export buttons are disabled with a reason when there is nothing to export', async ({ page }) => {
    await page.goto('/?ns=no-such-namespace');
    await expect(page.getByTestId('empty-state')).toBeVisible();
    // The audit report is of the whole snapshot: the view's filters do not disable it.
    await expect(page.getByTestId('export-report')).toBeEnabled();
    for (const id of ['export-png-view', 'export-png', 'export-svg', 'export-csv', 'export-json']) {
      await expect(page.getByTestId(id)).toBeDisabled();
      await expect(page.getByTestId(id)).toHaveAttribute('title', /Nothing to export/);
    }
    await expect(page.getByTestId('export-disabled-reason')).toHaveText(/Nothing to export: no workloads in view/);
  });
});

test('an export that fails says so in a banner instead of saving nothing silently', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open();
  // Break the canvas renderer's PNG output, as a browser out of memory for a huge canvas would.
  await withCy(page, (cy) => {
    cy.png = () => {
      throw new Error('canvas too large');
    };
  });
  await page.getByTestId('export-png').click();
  const banner = page.getByTestId('banner-export-error');
  await expect(banner).toContainText('PNG (full) export failed: canvas too large');
  await banner.getByRole('button', { name: 'Dismiss the export error' }).click();
  await expect(banner).toHaveCount(0);
});

test.describe('exports of a 2,000-workload cluster', () => {
  const PORT = e2ePort(4);
  let server: ChildProcess;
  let dir: string;
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dir = mkdtempSync(join(tmpdir(), 'accessgraph-e2e-2000-'));
    writeSynthetic(2000, 1, dir);
    const bin = new URL('../../apps/api/bin/accessgraph.mjs', import.meta.url).pathname;
    server = spawn(process.execPath, [bin, 'serve', '--manifests', dir, '--port', String(PORT)], { stdio: 'ignore' });
    await expect.poll(() => fetch(`http://127.0.0.1:${PORT}/readyz`).then((r) => r.ok).catch(() => false), { timeout: 200_000 }).toBe(true);
  });
  test.afterAll(() => {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  test('the full PNG is as wide as the graph, not as its header; the 80 collapsed namespaces are a wrapped legend block', async ({ page }) => {
    test.setTimeout(180_000);
    // 2,000 workloads: the first graph takes longer than the page object waits.
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await expect(page.getByTestId('snapshot')).toBeVisible({ timeout: 120_000 });
    await page.waitForFunction(() => Number(document.documentElement.dataset.graphVersion ?? 0) > 0, undefined, { timeout: 120_000 });
    await waitForCy(page, (cy) => cy.nodes().length > 0, undefined, 120_000);
    const bbox = await withCy(page, (cy) => cy.elements().boundingBox({}));
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    const path = `${ARTIFACTS}export-2000.png`;
    await png.saveAs(path);
    const { width, height } = pngSize(readFileSync(path));
    // 2× the graph and its margins (or the 800 px minimum), whatever the header holds: no 9,294 × 842.
    expect(width).toBeLessThanOrEqual(2 * Math.ceil(Math.max(bbox.w + 48, 800)) + 2);
    expect(width).toBeGreaterThanOrEqual(2 * Math.floor(bbox.w));
    expect(height).toBeGreaterThan(Math.floor(bbox.h * 2));
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
    await svgDownload.saveAs(`${ARTIFACTS}export-2000.svg`);
    const svg = await svgTexts(page, readFileSync(`${ARTIFACTS}export-2000.svg`, 'utf8'));
    const legend = svg.texts.filter((t) => t.legend);
    const nsLines = legend.filter((t) => /ns-\d{4}/.test(t.text));
    expect(nsLines.length).toBeGreaterThan(1);
    for (let i = 0; i < 80; i++) expect(nsLines.map((t) => t.text).join(' ')).toContain(`ns-${String(i).padStart(4, '0')}`);
    for (const t of legend) {
      expect(t.text.length * t.size * 0.6, t.text).toBeLessThanOrEqual(svg.width);
      expect(printedPt(t.size, svg.width), t.text).toBeGreaterThanOrEqual(7);
    }
  });
});
/** Clicks the CSV export and reads both downloads: the CSV (read back with csv-parse, RFC 4180) and its `.csv.json` sidecar. */
async function exportCsv(page: Page, stem: string): Promise<{ name: string; header: string[]; rows: string[][]; sidecar: Record<string, unknown> }> {
  const downloads: Download[] = [];
  const onDownload = (dl: Download) => void downloads.push(dl);
  page.on('download', onDownload);
  await page.getByTestId('export-csv').click();
  await expect.poll(() => downloads.length).toBe(2);
  page.off('download', onDownload);
  const csv = downloads.find((dl) => dl.suggestedFilename().endsWith('.csv'))!;
  const side = downloads.find((dl) => dl.suggestedFilename().endsWith('.csv.json'))!;
  expect(side.suggestedFilename()).toBe(`${csv.suggestedFilename()}.json`);
  await csv.saveAs(`${ARTIFACTS}${stem}.csv`);
  await side.saveAs(`${ARTIFACTS}${stem}.csv.json`);
  const text = readFileSync(`${ARTIFACTS}${stem}.csv`, 'utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  const records = parse(text, { record_delimiter: '\r\n', relax_column_count: false }) as string[][];
  return { name: csv.suggestedFilename(), header: records[0]!, rows: records.slice(1), sidecar: JSON.parse(readFileSync(`${ARTIFACTS}${stem}.csv.json`, 'utf8')) as Record<string, unknown> };
}
