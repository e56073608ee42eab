/**
 * Live updates on the graph: edges a snapshot added or reclassified are marked `.changed` on the
 * refreshed graph for a few seconds, and nodes already drawn keep their positions when a
 * workload appears or a namespace is collapsed and expanded again.
 *
 * The watched fixture directory is shared with view.spec.ts: these tests write their own file
 * next to shop.yaml and delete it afterwards, waiting until the server has dropped it.
 */
import { expect, test, type Page } from '@playwright/test';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_DIR, FIXTURE_PORT } from '../playwright.config.ts';
import { DashboardPage, withCy } from './dashboardPage.ts';

const FIXTURE = `http://127.0.0.1:${FIXTURE_PORT}`;
const EXTRA = join(FIXTURE_DIR, 'live-extra.yaml');

const DB_FROM_WEB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
      ports: [{port: 5432}]
`;

const CACHE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: cache, namespace: shop}
spec:
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      containers:
        - name: cache
          image: example/redis
          ports: [{containerPort: 6379}]
`;

type Positions = Record<string, { x: number; y: number }>;

async function positions(page: Page): Promise<Positions> {
  return await withCy(page, (cy) => {
    const out: Record<string, { x: number; y: number }> = {};
    cy.nodes('.workload').forEach((n) => void (out[n.id()] = { ...n.position() }));
    return out;
  });
}

async function edgeClasses(page: Page, id: string): Promise<string[] | null> {
  return await withCy(page, (cy, edgeId) => {
    const e = cy.getElementById(edgeId);
    return e.nonempty() ? e.classes() : null;
  }, id);
}

function expectSamePositions(before: Positions, after: Positions, ids: string[]): void {
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) {
    const a = before[id]!;
    const b = after[id];
    expect(b, `${id} is still drawn`).toBeDefined();
    const moved = Math.hypot(b!.x - a.x, b!.y - a.y);
    expect(moved, `${id} moved ${moved.toFixed(1)} px`).toBeLessThan(3);
  }
}

test.describe('live updates', () => {
  test.afterEach(async ({ request }) => {
    rmSync(EXTRA, { force: true });
    // The next test (here or in view.spec.ts) must see the fixture as it was.
    await expect
      .poll(
        async () => {
          const g = (await (await request.get(`${FIXTURE}/api/v1/graph`)).json()) as { nodes: { id: string }[]; edges: { id: string }[] };
          return g.nodes.some((n) => n.id === 'shop/cache') || g.edges.some((e) => e.id === 'shop/web->shop/db');
        },
        { timeout: 15_000 },
      )
      .toBe(false);
  });

  test('an edge a live update adds is highlighted on the new graph for a few seconds', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open('', FIXTURE);
    expect(await edgeClasses(page, 'shop/web->shop/db')).toBeNull();
    writeFileSync(EXTRA, DB_FROM_WEB);
    // The edge only exists in the refreshed graph: the mark must be there, not on the old one.
    await expect.poll(async () => await edgeClasses(page, 'shop/web->shop/db'), { timeout: 15_000, intervals: [50] }).toContain('changed');
    const markedAt = Date.now();
    expect(await edgeClasses(page, 'shop/web->shop/db')).toContain('l4-only');
    await d.screenshot('live-changed-edge');
    // Still marked a moment later (survives any further refresh), then the mark goes.
    await page.waitForTimeout(1500);
    expect(await edgeClasses(page, 'shop/web->shop/db')).toContain('changed');
    await expect.poll(async () => await edgeClasses(page, 'shop/web->shop/db'), { timeout: 10_000 }).not.toContain('changed');
    const shown = Date.now() - markedAt;
    expect(shown).toBeGreaterThan(2000);
    expect(shown).toBeLessThan(8000);
    expect(await edgeClasses(page, 'shop/web->shop/db')).toContain('l4-only');
  });

  test('existing nodes keep their positions when a live update adds a workload', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open('', FIXTURE);
    const before = await positions(page);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['shop/api', 'shop/db', 'shop/web']));
    writeFileSync(EXTRA, CACHE);
    await expect.poll(async () => (await d.graph()).nodes.some((n) => n.id === 'shop/cache'), { timeout: 15_000 }).toBe(true);
    const after = await positions(page);
    expectSamePositions(before, after, Object.keys(before));
    // The new workload starts next to its namespace siblings, not somewhere far off.
    const c = after['shop/cache']!;
    const nearest = Math.min(...Object.values(before).map((p) => Math.hypot(p.x - c.x, p.y - c.y)));
    expect(nearest).toBeLessThan(400);
    await d.screenshot('live-added-workload');
  });

  test('collapsing and expanding a namespace leaves the other namespaces in place', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const before = await positions(page);
    const others = Object.keys(before).filter((id) => !id.startsWith('monitoring/'));
    const setView = async (query: string) => {
      const version = await page.evaluate(() => Number(document.documentElement.dataset.graphVersion));
      await page.evaluate((q) => {
        window.history.replaceState(null, '', `/${q}`);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, query);
      await page.waitForFunction((v) => Number(document.documentElement.dataset.graphVersion) > v, version);
    };
    await setView('?collapsed=monitoring');
    expect((await d.graph()).nodes.some((n) => n.id === 'monitoring/grafana')).toBe(false);
    expectSamePositions(before, await positions(page), others);
    await setView('?expanded=monitoring');
    expect((await d.graph()).nodes.some((n) => n.id === 'monitoring/grafana')).toBe(true);
    expectSamePositions(before, await positions(page), others);
  });
});
