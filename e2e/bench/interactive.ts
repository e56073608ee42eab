/**
 * Dashboard benchmark: the synthetic cluster (2,000 workloads by default) served from a
 * manifests directory; headless Chromium measures navigation → interactive graph (first
 * layout drawn, namespaces collapsed) and frame times while panning.
 *   pnpm --filter @accessgraph/e2e bench [-- --workloads 2000]
 */
import { spawn } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { writeSynthetic } from '../../packages/model/bench/writeSynthetic.ts';

const { values } = parseArgs({ options: { workloads: { type: 'string', default: '2000' }, port: { type: 'string', default: '7461' } } });
const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'accessgraph-webbench-'));
writeSynthetic(Number(values.workloads), 1, dir);
const server = spawn(process.execPath, [join(root, 'apps/api/bin/accessgraph.mjs'), 'serve', '--manifests', dir, '--port', values.port], { stdio: 'ignore' });
const base = `http://127.0.0.1:${values.port}`;
try {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now();
    await page.goto(`${base}/?r=${i}`);
    await page.waitForFunction(() => Number(document.documentElement.dataset.graphVersion ?? 0) > 0 && ((window as never as { __accessgraphCy?: { nodes(): { length: number } } }).__accessgraphCy?.nodes().length ?? 0) > 0, null, { timeout: 120_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    runs.push(Date.now() - t0);
  }
  // A string, not a function: tsx's name helpers do not exist in the page.
  const frames = (await page.evaluate(`(async () => {
    const cy = window.__accessgraphCy;
    const deltas = [];
    let last = performance.now();
    const end = last + 3000;
    await new Promise((resolve) => {
      function step(now) {
        deltas.push(now - last);
        last = now;
        cy.panBy({ x: 3, y: 1 });
        if (now < end) requestAnimationFrame(step); else resolve();
      }
      requestAnimationFrame(step);
    });
    return deltas.slice(1).sort((a, b) => a - b);
  })()`)) as number[];
  const counts = await page.evaluate(() => {
    const cy = (window as never as { __accessgraphCy: { nodes(): { length: number }; edges(): { length: number } } }).__accessgraphCy;
    return { nodes: cy.nodes().length, edges: cy.edges().length };
  });
  await browser.close();
  const q = (p: number) => Math.round(frames[Math.min(frames.length - 1, Math.floor(p * frames.length))]! * 10) / 10;
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, headless Chromium (software rendering)`;
  process.stdout.write(
    `Dashboard benchmark, ${values.workloads} workloads (namespaces collapsed: ${counts.nodes} nodes, ${counts.edges} edges drawn) on ${machine}\n\n| navigation → interactive (ms, 3 runs) | pan frame time p50 (ms) | p95 (ms) | frames in 3 s |\n|---|---:|---:|---:|\n| ${runs.join(', ')} | ${q(0.5)} | ${q(0.95)} | ${frames.length} |\n`,
  );
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
