import { expect, test } from '@playwright/test';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_DIR, FIXTURE_PORT } from '../playwright.config.ts';
import { DashboardPage, withCy } from './dashboardPage.ts';

test('the URL restores a view: selection, collapsed namespace, theme', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open('?sel=workload:postgres/postgresql&collapsed=monitoring&theme=dark');
  await expect(page.getByTestId('workload-panel')).toContainText('postgres/postgresql');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const g = await d.graph();
  expect(g.nodes.find((n) => n.id === 'ns:monitoring')?.classes).toContain('collapsed');
  expect(g.nodes.some((n) => n.id === 'monitoring/grafana')).toBe(false);
  await d.screenshot('restored-view');
});

test('editing a watched manifest updates the graph without reload', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open('', `http://127.0.0.1:${FIXTURE_PORT}`);
  const before = await d.graph();
  expect(before.edges.some((e) => e.target === 'shop/db')).toBe(false);
  await page.evaluate(() => ((window as never as { __marker: number }).__marker = 42));
  appendFileSync(
    join(FIXTURE_DIR, 'shop.yaml'),
    `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: api}}}]
      ports: [{port: 5432}]
`,
  );
  await expect.poll(async () => (await d.graph()).edges.find((e) => e.id === 'shop/api->shop/db')?.cls, { timeout: 15_000 }).toBe('l4-only');
  expect(await page.evaluate(() => (window as never as { __marker?: number }).__marker)).toBe(42);
  await d.screenshot('live-update');
});

test('search takes a bare name or part of one, and lists the candidates instead of guessing', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open();
  // Zoomed in somewhere else first: focusing must bring the neighbourhood into view.
  await withCy(page, (cy) => {
    cy.zoom(3);
    cy.pan({ x: -3000, y: -3000 });
  });
  await page.getByTestId('search').fill('postgresql');
  await page.getByTestId('search').press('Enter');
  await expect(page.getByTestId('workload-panel')).toContainText('postgres/postgresql');
  await expect(page).toHaveURL(/focus=postgres%2Fpostgresql|focus=postgres\/postgresql/);
  // The view fits the focused neighbourhood: every drawn node is inside the canvas.
  const outside = () =>
    withCy(page, (cy) => {
      return cy.nodes().filter((n) => {
        const b = n.renderedBoundingBox();
        return b.x1 < -1 || b.y1 < -1 || b.x2 > cy.width() + 1 || b.y2 > cy.height() + 1;
      }).length;
    });
  await expect.poll(outside).toBe(0);
  await page.getByTestId('search').fill('monitoring');
  await page.getByTestId('search').press('Enter');
  await expect(page.getByTestId('search-error')).toContainText(/matches \d+ workloads: monitoring\//);
  await page.getByTestId('search').fill('no-such-thing');
  await page.getByTestId('search').press('Enter');
  await expect(page.getByTestId('search-error')).toHaveText('No workload matches “no-such-thing”.');
});

test('a watched manifest that stops parsing raises a banner over the graph, without moving it, until fixed', async ({ page }) => {
  const file = join(FIXTURE_DIR, 'stale-part.yaml');
  const good = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: stale-part, namespace: shop}\n';
  writeFileSync(file, good);
  try {
    const d = new DashboardPage(page);
    await d.open('', `http://127.0.0.1:${FIXTURE_PORT}`);
    await expect(page.getByTestId('snapshot')).toContainText(/taken (just now|\d+ s ago)/);
    const canvasTop = async () => (await page.getByTestId('graph-canvas').boundingBox())!.y;
    const top = await canvasTop();
    writeFileSync(file, good + 'kind: [unclosed\n');
    const banner = page.getByTestId('banner-stale-part');
    await expect(banner).toContainText(/stale-part\.yaml no longer parses; its last good objects/, { timeout: 15_000 });
    expect(await canvasTop()).toBe(top);
    writeFileSync(file, good);
    await expect(banner).toHaveCount(0, { timeout: 15_000 });
    expect(await canvasTop()).toBe(top);
  } finally {
    rmSync(file, { force: true });
  }
});
