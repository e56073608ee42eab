/**
 * Issue 16: the matrix view (namespace × namespace, sortable, into the workload × workload
 * matrix of a pair and from there into the graph), the Graph | Matrix switch in the URL, and
 * find/hide expressions read from the URL. Screenshots of the matrix at the demo's size and at
 * 2,000 synthetic workloads go to e2e/artifacts/.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSynthetic } from '../../packages/model/bench/writeSynthetic.ts';
import { e2ePort } from '../playwright.config.ts';
import { ARTIFACTS, DashboardPage, waitForCy } from './dashboardPage.ts';

const rowHeads = (page: Page) => page.locator('[data-testid=matrix] tbody th').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.ns));
const colHeads = (page: Page) => page.locator('[data-testid=matrix] thead th.col-head').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.ns));
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

test('the matrix: namespace cells by class with counts, sorted from the URL, into the workload matrix and the graph', async ({ page }) => {
  await page.goto('/?view=matrix');
  const matrix = page.getByTestId('matrix');
  await expect(matrix).toBeVisible();
  await expect(page.getByTestId('view-matrix')).toHaveAttribute('aria-pressed', 'true');
  expect(await rowHeads(page)).toEqual([...(await rowHeads(page))].sort());
  // The demo: four monitoring workloads reach minio, all through NetworkPolicy only.
  const cell = page.getByTestId('cell-monitoring-minio');
  await expect(cell).toHaveAttribute('data-class', 'l4-only');
  await expect(cell).toHaveText('L4 4');
  await expect(cell).toHaveAttribute('aria-label', /monitoring → minio: 4 workload flows on 4 ports: L4 4/);
  // A conflict says so in words, not only in red.
  await expect(page.getByTestId('cell-mesh-demo-mesh-demo')).toContainText('⚠ 1');
  // mesh-fixed: one conflict, one protected by both layers — the worst class and its share.
  await expect(page.getByTestId('cell-mesh-fixed-mesh-fixed')).toHaveText('⚠ 1of 2');
  await expect(page.getByTestId('cell-wikijs-minio')).toHaveAttribute('data-class', 'empty');
  // A port every workload reaches has no cell: its namespace head says so.
  await expect(page.locator('[data-testid=matrix] tbody th[data-ns=monitoring]')).toContainText('⚠3 open');
  await page.screenshot({ path: `${ARTIFACTS}matrix-demo.png` });

  // Sort by flows: rows by outgoing flows (monitoring: 11), columns by incoming (minio: 11).
  await page.getByTestId('matrix-sort').selectOption('count');
  await expect(page).toHaveURL(/sort=count/);
  expect((await rowHeads(page))[0]).toBe('monitoring');
  expect((await colHeads(page))[0]).toBe('minio');
  await page.getByTestId('matrix-sort').selectOption('risk');
  expect((await rowHeads(page)).slice(0, 2).sort()).toEqual(['mesh-demo', 'mesh-fixed']);

  // Into the workload matrix of wikijs → postgres, then the graph on that flow.
  await page.getByTestId('cell-wikijs-postgres').click();
  await expect(page).toHaveURL(/pair=wikijs%3Epostgres/);
  const wcell = page.getByTestId('wcell-wikijs/wikijs-postgres/postgresql');
  await expect(wcell).toHaveAttribute('data-class', 'l4-only');
  await expect(wcell).toContainText('5432');
  await page.screenshot({ path: `${ARTIFACTS}matrix-demo-pair.png` });
  await wcell.click();
  await expect(page).toHaveURL(/view=graph/);
  expect(param(page, 'sel')).toBe('edge:wikijs/wikijs->postgres/postgresql');
  const d = new DashboardPage(page);
  await waitForCy(page, (cy) => cy.edges().length);
  expect((await d.graph()).edges.map((e) => e.id)).toContain('wikijs/wikijs->postgres/postgresql');
  // Back to the matrix: the switch keeps the pair.
  await page.getByTestId('view-matrix').click();
  await expect(page.getByTestId('pair-matrix')).toBeVisible();
  await page.getByTestId('matrix-back').click();
  await expect(page.getByTestId('matrix')).toBeVisible();
});

test('the matrix is a keyboard grid: one Tab stop, arrows move, Enter opens the pair', async ({ page }) => {
  await page.goto('/?view=matrix');
  await expect(page.getByTestId('matrix')).toBeVisible();
  await expect(page.locator('[data-testid=matrix] td[tabindex="0"]')).toHaveCount(1);
  const first = page.locator('[data-testid=matrix] td[data-r="0"][data-c="0"]');
  await first.focus();
  // Row `default` is empty; down to `demo`, right to `demo` (the demo's frontend → backend).
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('cell-demo-demo')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/pair=demo%3Edemo/);
  await expect(page.getByTestId('wcell-demo/frontend-demo/backend')).toHaveAttribute('data-class', 'l7-only');
});

test('find and hide expressions come from the URL; a bad one is a message and hides nothing', async ({ page }) => {
  await page.goto(`/?view=matrix&find=${encodeURIComponent('to:sensitive -ns:monitoring')}`);
  await expect(page.getByTestId('matrix')).toBeVisible();
  await expect(page.getByTestId('find')).toHaveValue('to:sensitive -ns:monitoring');
  const heads = await rowHeads(page);
  expect(heads).not.toContain('monitoring');
  await expect(page.getByTestId('cell-wikijs-postgres')).toHaveAttribute('data-class', 'l4-only');
  // demo/frontend → demo/backend is not towards a sensitive workload.
  await expect(page.getByTestId('cell-demo-demo')).toHaveCount(0);

  await page.goto(`/?view=matrix&find=${encodeURIComponent('ns:mesh-demo class:conflict')}`);
  await expect(page.getByTestId('cell-mesh-demo-mesh-demo')).toHaveAttribute('data-class', 'conflict');
  await expect(page.getByTestId('cell-wikijs-postgres')).toHaveCount(0);

  await page.goto(`/?view=matrix&find=${encodeURIComponent('colour:red')}`);
  await expect(page.getByTestId('find-error')).toContainText('not a key');
  await expect(page.getByTestId('cell-monitoring-minio')).toHaveAttribute('data-class', 'l4-only');

  // Typed into the bar: applied on Enter, written to the URL; the graph view reads it too.
  await page.getByTestId('find').fill('from:wikijs/* port:5432');
  await page.getByTestId('find').press('Enter');
  await expect(page).toHaveURL(/find=from%3Awikijs%2F\*\+port%3A5432|find=from%3Awikijs%2F%2A\+port%3A5432/);
  await page.getByTestId('view-graph').click();
  const d = new DashboardPage(page);
  await waitForCy(page, (cy) => cy.edges().length);
  await expect.poll(async () => (await d.graph()).edges.filter((e) => !e.id.includes('::')).map((e) => e.id)).toEqual(['wikijs/wikijs->postgres/postgresql']);
});

test('the matrix at 2,000 synthetic workloads (screenshot)', async ({ browser }) => {
  test.setTimeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), 'accessgraph-matrix-'));
  writeSynthetic(2000, 1, dir);
  const port = e2ePort(6);
  const server: ChildProcess = spawn(process.execPath, [new URL('../../apps/api/bin/accessgraph.mjs', import.meta.url).pathname, 'serve', '--manifests', dir, '--port', String(port)], { stdio: 'ignore' });
  try {
    await expect.poll(async () => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok).catch(() => false), { timeout: 300_000, intervals: [500] }).toBe(true);
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?view=matrix&sort=risk`);
    await expect(page.getByTestId('matrix')).toBeVisible({ timeout: 300_000 });
    await expect(page.getByTestId('matrix-rows-pager')).toContainText(/Rows 1–40 of 8\d/);
    await page.screenshot({ path: `${ARTIFACTS}matrix-2000.png` });
    const firstCell = page.locator('[data-testid=matrix] td[data-class]:not([data-class=empty])').first();
    await firstCell.click();
    await expect(page.getByTestId('pair-matrix')).toBeVisible();
    await expect(page.locator('[data-testid=pair-matrix] td[data-class]:not([data-class=empty])').first()).toBeVisible({ timeout: 120_000 });
    await page.screenshot({ path: `${ARTIFACTS}matrix-2000-pair.png` });
    // The side panel stays in the viewport: the matrix scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1500);
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
