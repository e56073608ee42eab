import { expect, test, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ARTIFACTS, DashboardPage } from './dashboardPage.ts';

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
    const bbox = await page.evaluate(() => (window as never as { __accessgraphCy: import('cytoscape').Core }).__accessgraphCy.elements().boundingBox({}));
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

  test('CSV of the edges in view: RFC 4180 with the deciding rules, and its provenance sidecar', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const { rows, header, sidecar, name } = await exportCsv(page, 'edges');
    expect(name).toMatch(/^accessgraph-demo-\d{8}T\d{6}Z-edges-exported-\d{8}T\d{6}Z\.csv$/);
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
  await page.evaluate(() => {
    (window as never as { __accessgraphCy: { png(): never } }).__accessgraphCy.png = () => {
      throw new Error('canvas too large');
    };
  });
  await page.getByTestId('export-png').click();
  const banner = page.getByTestId('banner-export-error');
  await expect(banner).toContainText('PNG (full) export failed: canvas too large');
  await banner.getByRole('button', { name: 'Dismiss the export error' }).click();
  await expect(banner).toHaveCount(0);
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
