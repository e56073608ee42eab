/**
 * Issue 16, "a graph a reviewer can read at any size, the same picture every time": the
 * dashboard defects (port names, the `c` shortcut, e/E, spatial arrows, skip link, HiDPI,
 * namespace checklist, input-error banner, CLI flags) and the deterministic layout.
 */
import { chromium, expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { FIXTURE_DIR, FIXTURE_PORT, e2ePort } from '../playwright.config.ts';
import { DashboardPage, withCy } from './dashboardPage.ts';

const selected = (page: Page) => decodeURIComponent(new URL(page.url()).searchParams.get('sel') ?? '');

test('a port name in the Port filter filters by name; an invalid port gets an inline message, the graph stays', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open();
  const port = page.getByTestId('filter-port');
  await port.fill('http');
  await port.press('Enter');
  await expect(page).toHaveURL(/port=http/);
  // The demo names 8080 `http` on mesh-*/service-b, not on demo/backend (8080 unnamed).
  // (storefront and vault name theirs `http` too.)
  await expect
    .poll(async () => (await d.graph()).edges.map((e) => e.id))
    .toEqual(expect.arrayContaining(['mesh-demo/service-a->mesh-demo/service-b', 'mesh-fixed/reporting->mesh-fixed/service-b', 'mesh-fixed/service-a->mesh-fixed/service-b']));
  const ids = (await d.graph()).edges.map((e) => e.id);
  expect(ids.filter((id) => id.endsWith('->demo/backend') || id.endsWith('->postgres/postgresql'))).toEqual([]);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('snapshot')).toBeVisible();
  await port.fill('no such port');
  await port.press('Enter');
  await expect(page.getByTestId('filter-port-error')).toContainText('not a port');
  await expect(page).toHaveURL(/port=http/);
  expect((await d.graph()).nodes.length).toBeGreaterThan(0);
  await expect(page.getByTestId('graph-canvas')).toBeVisible();
});

test('the c shortcut opens "Can X reach Y?" without typing a c into From', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open();
  await page.keyboard.press('c');
  await expect(page.getByTestId('check-from')).toBeFocused();
  await expect(page.getByTestId('check-from')).toHaveValue('');
});

test('e / shift+e step through the selected workload’s edges, not the edge source’s', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open('?sel=workload:minio/minio');
  const ids = await withCy(page, (cy) => cy.getElementById('minio/minio').connectedEdges().map((e) => e.id()).sort());
  expect(ids.length).toBeGreaterThan(3);
  await page.getByTestId('graph-canvas').focus();
  const seen: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    await page.keyboard.press('e');
    await expect.poll(() => selected(page)).toMatch(/^edge:/);
    seen.push(selected(page).slice(5));
  }
  expect(seen).toEqual(ids);
  await page.keyboard.press('Shift+E');
  await expect.poll(() => selected(page)).toBe(`edge:${ids[ids.length - 2]}`);
});

test('arrow keys move to the nearest node in the arrow’s direction', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open('?sel=workload:minio/minio');
  await page.getByTestId('graph-canvas').focus();
  const at = (id: string) =>
    withCy(page, (cy, i) => {
      const n = cy.getElementById(i.startsWith('workload:') ? i.slice(9) : `ns:${i.slice(10)}`);
      return n.position();
    }, id);
  for (const [key, axis, sign] of [['ArrowRight', 'x', 1], ['ArrowDown', 'y', 1], ['ArrowLeft', 'x', -1], ['ArrowUp', 'y', -1]] as const) {
    const before = selected(page);
    const p0 = await at(before);
    await page.keyboard.press(key);
    await expect.poll(() => selected(page)).not.toBe(before);
    const p1 = await at(selected(page));
    expect((p1[axis] - p0[axis]) * sign, `${key} from ${before} to ${selected(page)}`).toBeGreaterThan(0);
    // Within 45° of the arrow.
    const other = axis === 'x' ? 'y' : 'x';
    expect(Math.abs(p1[other] - p0[other])).toBeLessThanOrEqual(Math.abs(p1[axis] - p0[axis]));
  }
});

test('the first Tab reaches a "Skip to graph" link that puts the keyboard on the graph', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open();
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-to-graph');
  await expect(skip).toBeFocused();
  await expect(skip).toHaveText('Skip to graph');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('graph-canvas')).toBeFocused();
});

test('on a 2× screen the canvas renders at pixel ratio 2', async ({ browser }) => {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await new DashboardPage(page).open();
  const { canvas, css } = await page.evaluate(() => {
    const c = document.querySelector('[data-testid="graph-canvas"] canvas') as HTMLCanvasElement;
    return { canvas: c.width, css: c.clientWidth };
  });
  expect(canvas).toBe(css * 2);
  await context.close();
});

test('the namespace filter is a searchable checkbox list with all / none', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open();
  await page.getByTestId('filter-namespaces').click();
  await page.getByTestId('filter-namespaces-search').fill('mesh');
  const boxes = page.locator('.ns-filter-list input[type=checkbox]');
  await expect(boxes).toHaveCount(2);
  await d.screenshot('namespace-filter');
  await page.getByTestId('filter-namespaces-all').click();
  await expect(page).toHaveURL(/ns=mesh-demo%2Cmesh-fixed|ns=mesh-demo,mesh-fixed/);
  await expect.poll(async () => [...new Set((await d.graph()).nodes.filter((n) => n.id.startsWith('ns:')).map((n) => n.id))].sort()).toEqual(['ns:mesh-demo', 'ns:mesh-fixed']);
  await page.getByTestId('filter-namespaces-search').fill('');
  await page.getByTestId('filter-ns-postgres').check();
  await expect(page).toHaveURL(/postgres/);
  await page.getByTestId('filter-namespaces-none').click();
  await expect(page).not.toHaveURL(/ns=/);
  await expect(page.getByTestId('filter-namespaces')).toContainText('all');
});

test('the CLI command names the server’s source: --manifests for a manifests source', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open('', `http://127.0.0.1:${FIXTURE_PORT}`);
  await page.getByTestId('open-check').click();
  await expect(page.getByTestId('check-cli')).toHaveText(`accessgraph check FROM TO --manifests ${FIXTURE_DIR}`);
});

test.describe('a manifest that does not parse at start-up', () => {
  const PORT = e2ePort(3);
  let server: ChildProcess;
  test.beforeAll(async () => {
    const bin = new URL('../../apps/api/bin/accessgraph.mjs', import.meta.url).pathname;
    const dir = new URL('../fixtures/broken', import.meta.url).pathname;
    server = spawn(process.execPath, [bin, 'serve', '--manifests', dir, '--port', String(PORT)], { stdio: 'ignore' });
    await expect.poll(() => fetch(`http://127.0.0.1:${PORT}/readyz`).then((r) => r.ok).catch(() => false), { timeout: 30_000 }).toBe(true);
  });
  test.afterAll(() => {
    server.kill('SIGTERM');
  });
  test('gets a banner naming the file and line, though the snapshot is not stale', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open('', `http://127.0.0.1:${PORT}`);
    const banner = page.getByTestId('banner-input-errors');
    await expect(banner).toContainText('parse-error');
    await expect(banner).toContainText('broken-policy.yaml:7');
    await expect(banner).toContainText('not evaluated');
    await expect(page.getByTestId('banner-stale')).toHaveCount(0);
    await d.screenshot('input-error-banner');
  });
});

test('the same snapshot and URL give the same node positions in two fresh browsers', async ({ browserName }, testInfo) => {
  expect(browserName).toBe('chromium');
  // Two separate browser processes, launched as the config launches them.
  const positions = async () => {
    const browser = await chromium.launch(testInfo.project.use.launchOptions);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, baseURL: testInfo.project.use.baseURL });
    const page = await context.newPage();
    await new DashboardPage(page).open();
    const p = await withCy(page, (cy) => {
      return Object.fromEntries(cy.nodes().map((n) => [n.id(), { ...n.position() }]));
    });
    await browser.close();
    return p;
  };
  const a = await positions();
  const b = await positions();
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  const moved = Object.keys(a).filter((id) => Math.abs(a[id]!.x - b[id]!.x) > 1 || Math.abs(a[id]!.y - b[id]!.y) > 1);
  expect(moved, moved.map((id) => `${id}: ${JSON.stringify(a[id])} vs ${JSON.stringify(b[id])}`).join('\n')).toEqual([]);
});

test('who can reach postgresql: a table of every client × port × verdicts × class, sortable and filterable', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open('?sel=workload:postgres/postgresql');
  const table = page.getByTestId('reachability');
  const rows = table.getByTestId('reach-row');
  const inbound = table.locator('[data-testid="reach-row"][data-direction="inbound"]');
  await expect(inbound).toHaveCount(8);
  const wiki = table.locator('[data-testid="reach-row"][data-direction="inbound"][data-peer="wikijs/wikijs"]');
  await expect(wiki).toHaveAttribute('data-port', '5432/TCP');
  await expect(wiki).toContainText('allow');
  await expect(wiki).toHaveAttribute('data-class', 'l4-only');
  await table.getByTestId('reach-sort-peer').click();
  const peers = async () => await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-peer') ?? ''));
  const asc = await peers();
  expect(asc).toEqual([...asc].sort());
  await table.getByTestId('reach-sort-peer').click();
  expect(await peers()).toEqual([...asc].sort().reverse());
  await table.getByTestId('reach-filter').fill('wikijs inbound');
  await expect(rows).toHaveCount(1);
  await table.getByTestId('reach-filter').fill('9187');
  await expect(rows).toHaveCount(4);
  // A port open to all: one "every workload" row with its verdict.
  await d.open('?sel=workload:monitoring/grafana');
  const every = page.locator('[data-testid="reach-row"][data-peer="every workload"]');
  await expect(every).toHaveCount(1);
  await expect(every).toHaveAttribute('data-port', '3000/TCP');
  await expect(every).toContainText('allow');
});

test('edge labels show the ports, not only the class', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open();
  const label = await withCy(page, (cy) => cy.getElementById('wikijs/wikijs->postgres/postgresql').style('label'));
  expect(label).toBe('L4 · 5432');
});

// Every top-level box (namespace compounds, collapsed namespaces and the outside peer), with
// its label: the outside peer's edges once pulled namespaces on top of each other.
test('the demo at 1280×720: no two top-level boxes (namespaces, the outside peer) overlap, nor two workloads in one box, labels included, and labels are at least 8 px at the first zoom', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const d = new DashboardPage(page);
  await d.open();
  await d.screenshot('readable-demo-1280x720');
  const r = await withCy(page, (cy) => {
    const boxes = cy
      .nodes()
      .filter((n) => n.parent().empty())
      .map((n) => ({ id: n.id(), b: n.boundingBox({ includeLabels: true }) }));
    const overlaps: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.b;
        const b = boxes[j]!.b;
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps.push(`${boxes[i]!.id} ~ ${boxes[j]!.id}`);
      }
    // Inside each box, no two workloads on top of each other either.
    cy.nodes()
      .filter((n) => n.isParent())
      .forEach((parent) => {
        const kids = parent.children().map((k) => ({ id: k.id(), b: k.boundingBox({ includeLabels: true }) }));
        for (let i = 0; i < kids.length; i++)
          for (let j = i + 1; j < kids.length; j++) {
            const a = kids[i]!.b;
            const b = kids[j]!.b;
            if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps.push(`${kids[i]!.id} ~ ${kids[j]!.id}`);
          }
      });
    const external = boxes.filter((x) => x.id.startsWith('external:')).length;
    const fontPx = (sel: string) => Math.min(...cy.nodes(sel).map((n) => parseFloat(n.style('font-size') as string))) * cy.zoom();
    return { overlaps, external, workload: fontPx('.workload'), namespace: fontPx('.namespace') };
  });
  // The demo has an outside peer: the check covers it.
  expect(r.external).toBeGreaterThan(0);
  expect(r.overlaps).toEqual([]);
  expect(r.workload).toBeGreaterThanOrEqual(8 - 1e-6);
  expect(r.namespace).toBeGreaterThanOrEqual(8 - 1e-6);
  await context.close();
});
