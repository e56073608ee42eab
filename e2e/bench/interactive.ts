/**
 * Dashboard benchmark (issue 16, "overview first, detail on demand"): for each size (2,000 and
 * 10,000 synthetic workloads by default) the cluster is served from a manifests directory and
 * headless Chromium measures
 *   - navigation → first readable screen, 3 runs (a cold browser, then warm): the namespace
 *     overview of the graph view (`?view=graph` above 3,000 workloads, where the default first
 *     screen is the matrix), and at those sizes also the default URL → the matrix drawn;
 *   - the server's own time for what those screens ask: /api/v1/overview and
 *     /api/v1/graph?namespace=NS&diagnostics=false as the expansion asks it (first ask after
 *     start-up and again), with body sizes;
 *   - expanding a namespace (double-click → its workloads and neighbours laid out and drawn), for
 *     three namespaces, measured in the page: once as a bare `dbltap` event on a fresh overview
 *     (nothing hovered or clicked before: the request starts at the event), once after the
 *     pointer moved onto the box and rested 300 ms (the hover's prefetch runs ahead; timed
 *     from the same dbltap event);
 *   - frame times while panning by mouse drag, panning programmatically (every frame redrawn)
 *     and zooming in and out across the semantic-zoom threshold; then, with a namespace
 *     expanded, panning programmatically and by mouse drag.
 *   pnpm --filter @accessgraph/e2e bench [-- --workloads 2000,10000] [--base URL: one size, a server already running]
 *     [--first-screen: the navigations and server timings only, no expansion, pan or zoom]
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { writeSynthetic } from '../../packages/model/bench/writeSynthetic.ts';
import { installCyGlobal } from '../tests/dashboardPage.ts';

const { values } = parseArgs({ options: { workloads: { type: 'string', default: '2000,10000' }, port: { type: 'string', default: '7461' }, namespaces: { type: 'string', default: 'ns-0011,ns-0042,ns-0067' }, 'web-dist': { type: 'string' }, base: { type: 'string' }, 'first-screen': { type: 'boolean', default: false } } });
/** Above this many workloads the dashboard opens on the matrix (apps/web/src/matrix/matrixModel.ts MATRIX_DEFAULT_ABOVE). */
const MATRIX_DEFAULT_ABOVE = 3000;
const root = new URL('../../', import.meta.url).pathname;
const q = (f: number[], p: number) => (f.length ? Math.round(f[Math.min(f.length - 1, Math.floor(p * f.length))]! * 10) / 10 : NaN);
// Strings, not functions: tsx's name helpers do not exist in the page.
const startRecorder = `(() => { window.__frames = []; let last = performance.now(); window.__recording = true;
  const step = (now) => { window.__frames.push(now - last); last = now; if (window.__recording) requestAnimationFrame(step); };
  requestAnimationFrame(step); })()`;
const stopRecorder = `(() => { window.__recording = false; return window.__frames.slice(1).sort((a, b) => a - b); })()`;
const twoFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

async function overviewReady(page: Page): Promise<void> {
  await page.waitForFunction(() => Number(document.documentElement.dataset.graphVersion ?? 0) > 0 && ((window as never as { __accessgraphCy?: { nodes(s: string): { length: number } } }).__accessgraphCy?.nodes('.namespace').length ?? 0) > 0, null, { timeout: 120_000 });
  await page.evaluate(twoFrames);
}

async function matrixReady(page: Page): Promise<void> {
  await page.locator('[data-testid="matrix"] [data-testid^="cell-"]').first().waitFor({ timeout: 120_000 });
  await page.evaluate(twoFrames);
}

/** One GET as the browser asks (gzip): wall ms, bytes on the wire, bytes decoded. */
async function timed(url: string): Promise<{ ms: number; wire: number; body: number }> {
  const t0 = performance.now();
  const r = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
  const body = (await r.arrayBuffer()).byteLength;
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return { ms: Math.round(performance.now() - t0), wire: Number(r.headers.get('content-length') ?? 0) || body, body };
}
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

/** Double-clicks a namespace and waits (in the page) until it is drawn expanded; returns ms. */
async function expand(page: Page, ns: string): Promise<number> {
  return (await page.evaluate(`(async () => {
    const cy = window.__accessgraphCy; const n = cy.getElementById('ns:${ns}');
    if (n.empty()) throw new Error('no namespace ${ns}');
    const v0 = Number(document.documentElement.dataset.graphVersion);
    const t0 = performance.now();
    n.emit('dbltap');
    await new Promise((resolve, reject) => { const end = t0 + 60000; const poll = () => {
      if (Number(document.documentElement.dataset.graphVersion) > v0 && cy.getElementById('ns:${ns}').isParent()) resolve(); else if (performance.now() > end) reject(new Error('no expansion')); else requestAnimationFrame(poll); }; poll(); });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0; })()`)) as number;
}

/**
 * As a user comes to it: the pointer moves onto the namespace's box (real mouse events) and rests
 * `restMs`; then the same `dbltap` event as `expand`, timed from it. (Not a real double-click:
 * Cytoscape makes one of two clicks at most 250 ms apart by their timestamps, and on a loaded
 * machine the first click's work delays the second past that.)
 */
async function expandAfterHover(page: Page, ns: string, restMs: number): Promise<{ ms: number; prefetched: boolean }> {
  const at = (await page.evaluate(`(() => { const cy = window.__accessgraphCy; const p = cy.getElementById('ns:${ns}').renderedPosition(); const r = cy.container().getBoundingClientRect(); return { x: r.left + p.x, y: r.top + p.y }; })()`)) as { x: number; y: number };
  await page.mouse.move(at.x, at.y, { steps: 4 });
  await page.waitForTimeout(restMs);
  // Whether the rest on the box did start the namespace's request (it must be on screen under the pointer).
  const prefetched = (await page.evaluate(`performance.getEntriesByType('resource').some((e) => e.name.includes('namespace=${ns}&'))`)) as boolean;
  return { ms: await expand(page, ns), prefetched };
}

/**
 * Pans the overview so the namespace's box is on screen (a user scrolls to the box first): at
 * 2,000 workloads and 1500×900 the boxes of ns-0042 and ns-0067 start below the fold, where
 * no pointer can rest on them. The same for both kinds of expansion, before the clock starts.
 */
async function bringIntoView(page: Page, ns: string): Promise<void> {
  await page.evaluate(`(() => { const cy = window.__accessgraphCy; const b = cy.getElementById('ns:${ns}').renderedBoundingBox(); const w = cy.width(); const h = cy.height();
    if (b.x1 >= 20 && b.y1 >= 20 && b.x2 <= w - 20 && b.y2 <= h - 20) return;
    cy.panBy({ x: w / 2 - (b.x1 + b.x2) / 2, y: h / 2 - (b.y1 + b.y2) / 2 }); })()`);
  await page.evaluate(twoFrames);
}

/** A point of the canvas (page coordinates) with no node under it, to start a drag that pans. */
async function emptyPoint(page: Page): Promise<{ x: number; y: number }> {
  const p = (await page.evaluate(`(() => { const cy = window.__accessgraphCy; const r = cy.container().getBoundingClientRect(); const boxes = cy.nodes().map((n) => n.renderedBoundingBox());
    for (let y = 6; y < r.height / 2; y += 12) for (let x = 6; x < r.width / 2; x += 12) if (!boxes.some((b) => x >= b.x1 - 4 && x <= b.x2 + 4 && y >= b.y1 - 4 && y <= b.y2 + 4)) return { x: r.left + x, y: r.top + y };
    return null; })()`)) as { x: number; y: number } | null;
  if (!p) throw new Error('no empty point to start a drag from');
  return p;
}

/** Frame times while dragging the canvas from `at` for 3 s. */
async function dragFrames(page: Page, at: { x: number; y: number }): Promise<number[]> {
  await page.evaluate(startRecorder);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  const dragEnd = Date.now() + 3000;
  for (let i = 1; Date.now() < dragEnd; i++) await page.mouse.move(at.x + (i % 200) * 3, at.y + (i % 200), { steps: 1 });
  await page.mouse.up();
  return (await page.evaluate(stopRecorder)) as number[];
}

async function frames(page: Page, driver: string): Promise<number[]> {
  await page.evaluate(startRecorder);
  await page.evaluate(driver);
  return (await page.evaluate(stopRecorder)) as number[];
}

/** `existing`: the URL of a server already serving the synthetic cluster of this size (`--base`); else one is started. */
async function run(workloads: number, port: number, existing?: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'accessgraph-webbench-'));
  if (!existing) writeSynthetic(workloads, 1, dir);
  const server = existing ? undefined : spawn(process.execPath, [join(root, 'apps/api/bin/accessgraph.mjs'), 'serve', '--manifests', dir, '--port', String(port), ...(values['web-dist'] ? ['--web-dist', values['web-dist']] : [])], { stdio: 'ignore' });
  const base = existing ?? `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 900; i++) {
      const ok = await fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // The server warms the overview right after its first snapshot: the first ask may wait for it.
    const ov1 = await timed(`${base}/api/v1/overview`);
    const ov2 = await timed(`${base}/api/v1/overview`);
    // What the dashboard asks (apps/web/src/api/overview.ts fetchOverview); an older server answers 400.
    const ovc = await timed(`${base}/api/v1/overview?format=compact`).catch(() => undefined);
    // As the dashboard's expansion asks it (overviewQueries.ts): without findings.
    const nsQ = `${base}/api/v1/graph?namespace=${nsList[0]}&diagnostics=false`;
    const g1 = await timed(nsQ);
    const g2 = await timed(nsQ);
    const serverTiming = `overview ${ov1.ms} / ${ov2.ms} ms, ${kib(ov1.wire)} gzip (${kib(ov1.body)}); ${ovc ? `overview?format=compact ${ovc.ms} ms, ${kib(ovc.wire)} gzip (${kib(ovc.body)}); ` : ''}graph?namespace=${nsList[0]}&diagnostics=false ${g1.ms} / ${g2.ms} ms, ${kib(g1.wire)} (${kib(g1.body)})`;
    const graphUrl = workloads > MATRIX_DEFAULT_ABOVE ? '/?view=graph&' : '/?';
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await installCyGlobal(page);
    const nav: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      await page.goto(`${base}${graphUrl}r=${i}`);
      await overviewReady(page);
      nav.push(Date.now() - t0);
    }
    const navLayout = await page.evaluate(`performance.getEntriesByName('accessgraph:elements+layout').map((m) => Math.round(m.duration)).join('+')`);
    // The default first screen above MATRIX_DEFAULT_ABOVE: the matrix (a fresh page each, same browser).
    const navMatrix: number[] = [];
    if (workloads > MATRIX_DEFAULT_ABOVE) {
      for (let i = 0; i < 3; i++) {
        const mp = await browser.newPage({ viewport: { width: 1500, height: 900 } });
        const t0 = Date.now();
        await mp.goto(`${base}/?m=${i}`);
        await matrixReady(mp);
        navMatrix.push(Date.now() - t0);
        await mp.close();
      }
    }
    const drawn = await page.evaluate(`(() => { const cy = window.__accessgraphCy; return { namespaces: cy.nodes('.namespace').length, edges: cy.edges().length, drawnEdges: cy.edges().filter((e) => e.visible()).length, zoom: cy.zoom() }; })()`);
    if (values['first-screen']) {
      await browser.close();
      return `| ${workloads.toLocaleString('en')} | ${JSON.stringify(drawn)} | ${nav.join(', ')} (elements+layout ${navLayout} ms) | ${navMatrix.join(', ') || '—'} | ${serverTiming} |`;
    }
    // Pan and zoom on the overview.
    const box = (await page.locator('.graph-canvas').boundingBox())!;
    const at = { x: box.x + 6, y: box.y + 6 };
    const occupied = await page.evaluate(`window.__accessgraphCy.nodes().some((n) => { const b = n.renderedBoundingBox(); return 6 >= b.x1 && 6 <= b.x2 && 6 >= b.y1 && 6 <= b.y2; })`);
    if (occupied) throw new Error('the drag start point holds a node: dragging would move it, not pan');
    const drag = await dragFrames(page, at);
    const pan = await frames(page, `(async () => { const cy = window.__accessgraphCy; const end = performance.now() + 3000;
      await new Promise((resolve) => { const step = (now) => { cy.panBy({ x: 3, y: 1 }); if (now < end) requestAnimationFrame(step); else resolve(); }; requestAnimationFrame(step); }); })()`);
    // Zoom from the first zoom out to a fifth of it and back, across the far threshold, for 3 s.
    const zoom = await frames(page, `(async () => { const cy = window.__accessgraphCy; const z0 = cy.zoom(); const t0 = performance.now(); const c = { x: cy.width() / 2, y: cy.height() / 2 };
      await new Promise((resolve) => { const step = (now) => { const t = (now - t0) / 3000; cy.zoom({ level: z0 * (1 - 0.8 * Math.sin(Math.PI * Math.min(1, t))), renderedPosition: c }); if (t < 1) requestAnimationFrame(step); else resolve(); }; requestAnimationFrame(step); }); })()`);
    // Expansions: three namespaces, each from the fresh overview.
    const ex: number[] = [];
    const exLayout: number[] = [];
    let expandedDrawn = '';
    await page.close();
    for (const ns of nsList) {
      // A fresh page each: the overview as a user first sees it, then one double-click.
      const p = await browser.newPage({ viewport: { width: 1500, height: 900 } });
      await installCyGlobal(p);
      await p.goto(`${base}${graphUrl}r=x${ns}`);
      await overviewReady(p);
      await bringIntoView(p, ns);
      ex.push(await expand(p, ns));
      exLayout.push(await p.evaluate(`(() => { const m = performance.getEntriesByName('accessgraph:elements+layout'); return Math.round(m[m.length - 1]?.duration ?? NaN); })()`));
      expandedDrawn = JSON.stringify(await p.evaluate(`(() => { const cy = window.__accessgraphCy; return { nodes: cy.nodes().length, edges: cy.edges().length }; })()`));
      await p.close();
    }
    // The same after the pointer rested 300 ms on the box.
    const exMouse: number[] = [];
    let prefetched = 0;
    for (const ns of nsList) {
      const p = await browser.newPage({ viewport: { width: 1500, height: 900 } });
      await installCyGlobal(p);
      await p.goto(`${base}${graphUrl}r=m${ns}`);
      await overviewReady(p);
      await bringIntoView(p, ns);
      const r = await expandAfterHover(p, ns, 300);
      exMouse.push(r.ms);
      if (r.prefetched) prefetched++;
      await p.close();
    }
    // Pan with a namespace expanded (hundreds of workloads and edges drawn).
    const pe = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await installCyGlobal(pe);
    await pe.goto(`${base}${graphUrl}expanded=${nsList[0]}`);
    await pe.waitForFunction((ns) => (window as never as { __accessgraphCy?: import('cytoscape').Core }).__accessgraphCy?.getElementById(`ns:${ns}`).isParent() === true, nsList[0], { timeout: 60_000 });
    await pe.evaluate(twoFrames);
    const panExpanded = await frames(pe, `(async () => { const cy = window.__accessgraphCy; const end = performance.now() + 3000;
      await new Promise((resolve) => { const step = (now) => { cy.panBy({ x: 3, y: 1 }); if (now < end) requestAnimationFrame(step); else resolve(); }; requestAnimationFrame(step); }); })()`);
    const dragExpanded = await dragFrames(pe, await emptyPoint(pe));
    await browser.close();
    const f = (x: number[]) => `${q(x, 0.5)} / ${q(x, 0.95)}, ${x.length}`;
    return `| ${workloads.toLocaleString('en')} | ${JSON.stringify(drawn)} | ${nav.join(', ')} (elements+layout ${navLayout} ms) | ${navMatrix.join(', ') || '—'} | ${ex.map((x) => Math.round(x)).join(', ')} (elements+layout ${exLayout.join(', ')} ms; ${expandedDrawn}) | ${exMouse.map((x) => Math.round(x)).join(', ')} (prefetched by the hover: ${prefetched} of ${nsList.length}) | ${f(drag)} | ${f(pan)} | ${f(zoom)} | ${f(panExpanded)} | ${f(dragExpanded)} | ${serverTiming} |`;
  } finally {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const nsList = values.namespaces.split(',');
const sizes = values.workloads.split(',').map(Number);
const load0 = loadavg()[0]!.toFixed(1);
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, headless Chromium (software rendering), 1500×900`;
// Each row as soon as it is measured (a 10,000-workload row takes minutes).
const firstScreenHead = `| workloads | drawn at first (overview) | navigation → readable graph overview (ms; cold, warm, warm) | navigation → matrix, the default above ${MATRIX_DEFAULT_ABOVE.toLocaleString('en')} (ms) | server: first / second ask, gzip (decoded) |\n|---:|---|---|---|---|\n`;
process.stdout.write(
  values['first-screen'] ? `Dashboard benchmark (first screen), ${new Date().toISOString().slice(0, 10)}, ${machine}, load average ${load0} at the start\n\n${firstScreenHead}` :
  `Dashboard benchmark, ${new Date().toISOString().slice(0, 10)}, ${machine}, load average ${load0} at the start\n\n` +
    `| workloads | drawn at first (overview) | navigation → readable graph overview (ms; cold, warm, warm) | navigation → matrix, the default above ${MATRIX_DEFAULT_ABOVE.toLocaleString('en')} (ms) | expand a namespace: dbltap event, no hover (ms, ${nsList.join(', ')}) | expand after the pointer rested 300 ms on the box (ms from the dbltap) | pan by mouse drag: frame p50 / p95 (ms), frames in 3 s | programmatic pan | zoom out and in across the far threshold | programmatic pan, ${nsList[0]} expanded | mouse drag, ${nsList[0]} expanded | server: first / second ask, gzip (decoded) |\n|---:|---|---|---|---|---|---|---|---|---|---|---|\n`,
);
for (const [i, n] of sizes.entries()) process.stdout.write(`${await run(n, Number(values.port) + i, values.base)} load ${loadavg()[0]!.toFixed(1)}\n`);
