import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
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
    expect(download.suggestedFilename()).toMatch(/^accessgraph-demo-\d{4}-\d\d-\d\dT\d{6}Z\.png$/);
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
      const colours = (y0: number, y1: number) => {
        const data = ctx.getImageData(0, y0, img.width, y1 - y0).data;
        const set = new Set<number>();
        for (let i = 0; i < data.length; i += 16) set.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        return set.size;
      };
      return { header: colours(0, 190), graph: colours(200, img.height) };
    }, buf.toString('base64'));
    expect(bands.header).toBeGreaterThan(2);
    expect(bands.graph).toBeGreaterThan(5);
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

  test('CSV of the edges in view', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const path = `${ARTIFACTS}edges.csv`;
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[1]).toBe('from,to,port,protocol,l4Port,l4,l7,allowed,protection,class,proxyPortBlocked');
    expect(lines).toContain('mesh-fixed/service-a,mesh-fixed/service-b,8080,TCP,4143,allow,allow,true,both,both,false');
    expect(lines).toContain('mesh-demo/service-a,mesh-demo/service-b,8080,TCP,4143,deny,open,false,,conflict,true');
  });
});
