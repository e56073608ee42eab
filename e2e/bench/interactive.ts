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
  // Pan frame times two ways, each for 3 s, recorded by requestAnimationFrame in the page:
  // 'drag' — a user dragging the background with the mouse (Cytoscape then skips edges while the
  // viewport moves, hideEdgesOnViewport); 'programmatic' — cy.panBy every frame, which redraws
  // everything (the worst case: edges drawn in every frame).
  // Strings, not functions: tsx's name helpers do not exist in the page.
  const startRecorder = `(() => { window.__frames = []; let last = performance.now(); window.__recording = true;
    const step = (now) => { window.__frames.push(now - last); last = now; if (window.__recording) requestAnimationFrame(step); };
    requestAnimationFrame(step); })()`;
  const stopRecorder = `(() => { window.__recording = false; return window.__frames.slice(1).sort((a, b) => a - b); })()`;
  const box = (await page.locator('.graph-canvas').boundingBox())!;
  // A background point: top-left corner of the canvas, checked to hold no element.
  const at = { x: box.x + 6, y: box.y + 6 };
  const occupied = await page.evaluate(`window.__accessgraphCy.nodes().some((n) => { const b = n.renderedBoundingBox(); return 6 >= b.x1 && 6 <= b.x2 && 6 >= b.y1 && 6 <= b.y2; })`);
  if (occupied) throw new Error('the drag start point holds a node: dragging would move it, not pan');
  const panBefore = JSON.stringify(await page.evaluate(`window.__accessgraphCy.pan()`));
  await page.evaluate(startRecorder);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  const dragEnd = Date.now() + 3000;
  for (let i = 1; Date.now() < dragEnd; i++) await page.mouse.move(at.x + (i % 200) * 3, at.y + (i % 200), { steps: 1 });
  await page.mouse.up();
  const dragFrames = (await page.evaluate(stopRecorder)) as number[];
  if (JSON.stringify(await page.evaluate(`window.__accessgraphCy.pan()`)) === panBefore) throw new Error('the mouse drag did not pan the graph');
  await page.evaluate(startRecorder);
  await page.evaluate(`(async () => { const cy = window.__accessgraphCy; const end = performance.now() + 3000;
    await new Promise((resolve) => { const step = (now) => { cy.panBy({ x: 3, y: 1 }); if (now < end) requestAnimationFrame(step); else resolve(); }; requestAnimationFrame(step); }); })()`);
  const frames = (await page.evaluate(stopRecorder)) as number[];
  const counts = await page.evaluate(() => {
    const cy = (window as never as { __accessgraphCy: { nodes(): { length: number }; edges(): { length: number } } }).__accessgraphCy;
    return { nodes: cy.nodes().length, edges: cy.edges().length };
  });
  await browser.close();
  const q = (f: number[], p: number) => Math.round(f[Math.min(f.length - 1, Math.floor(p * f.length))]! * 10) / 10;
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, headless Chromium (software rendering)`;
  process.stdout.write(
    `Dashboard benchmark, ${values.workloads} workloads (namespaces collapsed: ${counts.nodes} nodes, ${counts.edges} edges drawn) on ${machine}\n\n| navigation → interactive (ms, 3 runs: cold browser, then warm) | pan by mouse drag: frame p50 / p95 (ms), frames in 3 s | programmatic pan (every frame redrawn): p50 / p95 (ms), frames |\n|---|---|---|\n| ${runs.join(', ')} | ${q(dragFrames, 0.5)} / ${q(dragFrames, 0.95)}, ${dragFrames.length} | ${q(frames, 0.5)} / ${q(frames, 0.95)}, ${frames.length} |\n`,
  );
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
