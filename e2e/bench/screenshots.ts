/**
 * Screenshots for review: the demo at 1280×720 and the synthetic cluster (2,000 workloads),
 * into e2e/artifacts/<name>-<suffix>.png.   pnpm --filter @accessgraph/e2e exec tsx bench/screenshots.ts -- --suffix after
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { writeSynthetic } from '../../packages/model/bench/writeSynthetic.ts';
import { installCyGlobal } from '../tests/dashboardPage.ts';

const { values } = parseArgs({ options: { suffix: { type: 'string', default: 'now' }, workloads: { type: 'string', default: '2000' } } });
const root = new URL('../../', import.meta.url).pathname;
const out = join(root, 'e2e/artifacts');
mkdirSync(out, { recursive: true });

async function serve(args: string[], port: number): Promise<ChildProcess> {
  const p = spawn(process.execPath, [join(root, 'apps/api/bin/accessgraph.mjs'), 'serve', ...args, '--port', String(port)], { stdio: 'ignore' });
  for (let i = 0; i < 900; i++) {
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok).catch(() => false)) return p;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}
async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => Number(document.documentElement.dataset.graphVersion ?? 0) > 0 && ((window as never as { __accessgraphCy?: { nodes(): { length: number } } }).__accessgraphCy?.nodes().length ?? 0) > 0, null, { timeout: 180_000 });
  await page.waitForTimeout(500);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const servers: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'accessgraph-shots-'));
try {
  servers.push(await serve(['--demo'], 7471));
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await installCyGlobal(page);
  await page.goto('http://127.0.0.1:7471/');
  await ready(page);
  await page.screenshot({ path: join(out, `demo-1280x720-${values.suffix}.png`) });
  await page.goto('http://127.0.0.1:7471/?sel=workload:postgres/postgresql');
  await ready(page);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, `demo-postgresql-${values.suffix}.png`) });
  writeSynthetic(Number(values.workloads), 1, dir);
  servers.push(await serve(['--manifests', dir], 7472));
  const big = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await installCyGlobal(big);
  const t0 = Date.now();
  await big.goto('http://127.0.0.1:7472/');
  await ready(big);
  const facts = await big.evaluate(() => {
    const cy = (window as never as { __accessgraphCy: import('cytoscape').Core }).__accessgraphCy;
    const boxes = cy.nodes().filter((n) => n.parent().empty()).map((n) => n.boundingBox({ includeLabels: true }));
    let overlaps = 0;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (boxes[i]!.x1 < boxes[j]!.x2 && boxes[j]!.x1 < boxes[i]!.x2 && boxes[i]!.y1 < boxes[j]!.y2 && boxes[j]!.y1 < boxes[i]!.y2) overlaps++;
    return { nodes: cy.nodes().length, edges: cy.edges().length, zoom: cy.zoom(), overlaps };
  });
  process.stdout.write(`synthetic ${values.workloads}: interactive in ${Date.now() - t0} ms (incl. 500 ms settle), ${JSON.stringify(facts)}\n`);
  await big.screenshot({ path: join(out, `synthetic-${values.workloads}-${values.suffix}.png`) });
} finally {
  await browser.close();
  for (const s of servers) s.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
