/**
 * Issue 16, "overview first, detail on demand": at 2,000 and 10,000 synthetic workloads the
 * first screen is the namespace overview — readable boxes that never overlap, drawn from
 * /api/v1/overview without downloading the full edge list — and expanding a namespace fetches
 * only that namespace's graph. Screenshots go to e2e/artifacts/overview-*.png for review.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSynthetic } from '../../packages/model/bench/writeSynthetic.ts';
import { e2ePort } from '../playwright.config.ts';
import { DashboardPage, waitForCy, withCy } from './dashboardPage.ts';

const root = new URL('../../', import.meta.url).pathname;

async function serve(dir: string, port: number): Promise<ChildProcess> {
  const p = spawn(process.execPath, [join(root, 'apps/api/bin/accessgraph.mjs'), 'serve', '--manifests', dir, '--port', String(port)], { stdio: 'ignore' });
  for (let i = 0; i < 1500; i++) {
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok).catch(() => false)) return p;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

/** Top-level boxes on screen, their overlaps, and the smallest overview font on screen. */
async function facts(page: Page) {
  return await withCy(page, (cy) => {
    const top = cy.nodes('.namespace');
    const boxes = top.map((n) => ({ id: n.id(), ...n.boundingBox({ includeLabels: true }) }));
    const overlaps: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps.push(`${a.id} / ${b.id}`);
      }
    const fonts = top.map((n) => parseFloat(String(n.style('font-size'))) * cy.zoom());
    return { namespaces: top.length, workloads: cy.nodes('.workload').length, edges: cy.edges().length, overlaps, minFontPx: Math.min(...fonts) };
  });
}

/** Above MATRIX_DEFAULT_ABOVE workloads the matrix is the first screen (issue 16); `view=graph` asks for the graph. */
const graphView = (size: number) => (size > 3000 ? '?view=graph' : '');

for (const size of [2000, 10000]) {
  test.describe(`the overview at ${size.toLocaleString('en')} workloads`, () => {
    test.describe.configure({ timeout: 600_000 });
    const port = e2ePort(size === 2000 ? 11 : 12);
    let server: ChildProcess | undefined;
    let dir = '';
    test.beforeAll(async () => {
      test.setTimeout(1_500_000); // 10,000 workloads: writing, parsing and serving them takes over 10 minutes on 2 cores
      dir = mkdtempSync(join(tmpdir(), `accessgraph-overview-${size}-`));
      writeSynthetic(size, 1, dir);
      server = await serve(dir, port);
    });
    test.afterAll(() => {
      server?.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    });

    test('first screen: readable namespace boxes, no overlap, no full edge list; hover draws a namespace’s pair edges', async ({ page }) => {
      const graphRequests: string[] = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname === '/api/v1/graph') graphRequests.push(u.search);
      });
      const d = new DashboardPage(page);
      await d.open(graphView(size), `http://127.0.0.1:${port}`);
      await page.waitForTimeout(500);
      const f = await facts(page);
      expect(f.namespaces).toBe(size / 25);
      expect(f.workloads).toBe(0);
      expect(f.overlaps).toEqual([]);
      expect(f.minFontPx).toBeGreaterThanOrEqual(10);
      // Thousands of namespace pairs: none drawn until a namespace is hovered (no hairball).
      expect(f.edges).toBe(0);
      expect(graphRequests).toEqual([]);
      await expect(page.getByTestId('snapshot')).toContainText(`${size} workloads in ${size / 25 + 1} namespaces`);
      await d.screenshot(`overview-${size}`);
      const at = await withCy(page, (cy) => {
        const p = cy.getElementById('ns:ns-0011').renderedPosition();
        const b = cy.container()!.getBoundingClientRect();
        return { x: p.x + b.left, y: p.y + b.top };
      });
      await page.mouse.move(at.x, at.y);
      await expect.poll(async () => (await d.graph()).edges.length).toBeGreaterThan(0);
      const edges = (await d.graph()).edges;
      for (const e of edges) expect(e.source === 'ns:ns-0011' || e.target === 'ns:ns-0011').toBe(true);
      // One edge per ordered pair and class.
      expect(new Set(edges.map((e) => `${e.source}>${e.target}>${e.cls}`)).size).toBe(edges.length);
      await d.screenshot(`overview-${size}-hover`);
    });

    test(`with no view in the URL the first screen is the ${size > 3000 ? 'matrix' : 'graph overview'}`, async ({ page }) => {
      await page.goto(`http://127.0.0.1:${port}/`);
      await expect(page.getByTestId('snapshot')).toContainText(`${size} workloads`, { timeout: 120_000 });
      if (size > 3000) {
        await expect(page.getByTestId('matrix')).toBeVisible({ timeout: 120_000 });
        await expect(page.getByTestId('matrix-rows-pager')).toContainText(`of ${size / 25 + 1}`);
      } else {
        await waitForCy(page, (cy) => cy.nodes('.namespace').length > 0, undefined, 120_000);
        await expect(page.getByTestId('matrix')).toHaveCount(0);
      }
    });

    test('expanding a namespace fetches only its graph (without findings) and draws its workloads, neighbours folded into their namespace boxes, without overlap', async ({ page }) => {
      const graphRequests: string[] = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname === '/api/v1/graph') graphRequests.push(u.search);
      });
      const d = new DashboardPage(page);
      await d.open(graphView(size), `http://127.0.0.1:${port}`);
      await withCy(page, (cy) => void cy.getElementById('ns:ns-0011').emit('dbltap'));
      await expect(page).toHaveURL(/expanded=ns-0011/);
      await waitForCy(page, (cy) => cy.getElementById('ns:ns-0011').isParent(), undefined, 120_000);
      await page.waitForTimeout(500);
      expect(graphRequests).toEqual(['?namespace=ns-0011&diagnostics=false']);
      const f = await facts(page);
      expect(f.overlaps).toEqual([]);
      const inside = await withCy(page, (cy) => cy.getElementById('ns:ns-0011').children().length);
      expect(inside).toBe(25);
      await d.screenshot(`overview-${size}-expanded`);
      // The same URL in a fresh page gives the same positions.
      const positions = () => withCy(page, (cy) => cy.nodes(':childless').map((n) => [n.id(), Math.round(n.position().x), Math.round(n.position().y)]).sort());
      const first = await positions();
      await page.reload();
      await waitForCy(page, (cy) => cy.getElementById('ns:ns-0011').isParent(), undefined, 120_000);
      expect(await positions()).toEqual(first);
    });
  });
}
