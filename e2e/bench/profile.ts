/**
 * Where the dashboard's time goes (issue 16): a CPU profile of the page (Chrome DevTools
 * protocol) over navigation → the first graph overview and over one expansion, summed by
 * function (self time), the top entries printed.
 *   pnpm --filter @accessgraph/e2e exec tsx bench/profile.ts --base http://127.0.0.1:PORT [--ns ns-0011] [--view graph|matrix] [--hover MS]
 * --hover: the pointer rests on the box (panned into view) that long first, as interactive.ts's
 * second kind of expansion (the hover's prefetch is then outside the profile).
 * Against a server already running (`accessgraph serve --manifests DIR`, see interactive.ts).
 */
import { parseArgs } from 'node:util';
import { chromium, type CDPSession } from '@playwright/test';
import { installCyGlobal } from '../tests/dashboardPage.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, ns: { type: 'string', default: 'ns-0011' }, view: { type: 'string', default: 'graph' }, top: { type: 'string', default: '25' }, 'no-profile': { type: 'boolean' }, callers: { type: 'string', multiple: true }, inclusive: { type: 'boolean' }, depth: { type: 'string', default: '6' }, out: { type: 'string' }, hover: { type: 'string', default: '0' } } });
if (!values.base) throw new Error('--base http://127.0.0.1:PORT');

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** For the samples whose innermost function is `fn`: the call chains above it (`depth` frames), by time. */
function callers(p: Profile, fn: string, depth: number, top: number): string {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}:${n.callFrame.lineNumber + 1}`;
  const chains = new Map<string, number>();
  p.samples.forEach((id, i) => {
    let n = byNode.get(id)!;
    if (n.callFrame.functionName !== fn) return;
    const chain: string[] = [];
    for (let d = 0; d < depth; d++) {
      const up = parent.get(n.id);
      if (up === undefined) break;
      n = byNode.get(up)!;
      chain.push(name(n));
    }
    const k = chain.join(' < ');
    chains.set(k, (chains.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...chains].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, ms]) => `${Math.round(ms).toString().padStart(6)} ms  ${fn} < ${k}`).join('\n');
}

/** Total time (ms) with each function anywhere on the stack, by function name: the `top` largest. */
function inclusive(p: Profile, top: number): string {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const total = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = byNode.get(id); n; n = parent.has(n.id) ? byNode.get(parent.get(n.id)!) : undefined) {
      const k = `${n.callFrame.functionName || '(anonymous)'}:${n.callFrame.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    }
  });
  return [...total].filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(program)') && !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, ms]) => `${Math.round(ms).toString().padStart(6)} ms  ${k}`).join('\n');
}

function summary(p: Profile, top: number): string {
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const n = byNode.get(id)!;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [`total ${Math.round(total)} ms`, ...[...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, ms]) => `${Math.round(ms).toString().padStart(6)} ms  ${k}`)].join('\n');
}

async function profiled<T>(cdp: CDPSession, f: () => Promise<T>): Promise<[T, Profile]> {
  // --no-profile: the timeline alone, without the profiler's overhead.
  if (values['no-profile']) return [await f(), { nodes: [], samples: [], timeDeltas: [] }];
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const r = await f();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  return [r, profile];
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
await installCyGlobal(page);
const cdp = await page.context().newCDPSession(page);
const [navMs, navProfile] = await profiled(cdp, async () => {
  const t0 = Date.now();
  await page.goto(`${values.base}/?view=${values.view}`);
  if (values.view === 'matrix') await page.locator('[data-testid="matrix"] [data-testid^="cell-"]').first().waitFor({ timeout: 120_000 });
  else await page.waitForFunction(() => ((window as never as { __accessgraphCy?: { nodes(s: string): { length: number } } }).__accessgraphCy?.nodes('.namespace').length ?? 0) > 0, null, { timeout: 120_000 });
  return Date.now() - t0;
});
process.stdout.write(`navigation → ${values.view === 'matrix' ? 'matrix' : 'overview'}: ${navMs} ms\n${summary(navProfile, Number(values.top))}\n\n`);
// `--view matrix`: the first screen only (the matrix has no namespace to expand).
if (values.view === 'matrix') {
  await browser.close();
  process.exit(0);
}
if (Number(values.hover) > 0) {
  await page.waitForTimeout(500);
  const at = (await page.evaluate(`(() => { const cy = window.__accessgraphCy; const n = cy.getElementById('ns:${values.ns}'); let b = n.renderedBoundingBox(); if (b.y2 > cy.height() - 20 || b.x2 > cy.width() - 20) { cy.panBy({ x: cy.width() / 2 - (b.x1 + b.x2) / 2, y: cy.height() / 2 - (b.y1 + b.y2) / 2 }); } const p = n.renderedPosition(); const r = cy.container().getBoundingClientRect(); return { x: r.left + p.x, y: r.top + p.y }; })()`)) as { x: number; y: number };
  await page.mouse.move(at.x, at.y, { steps: 4 });
  await page.waitForTimeout(Number(values.hover));
}
const [exMs, exProfile] = await profiled(cdp, () =>
  page.evaluate(`(async () => { const cy = window.__accessgraphCy; const t0 = performance.now(); const v0 = Number(document.documentElement.dataset.graphVersion);
    window.__updates = []; new MutationObserver(() => window.__updates.push([Math.round(performance.now() - t0), cy.nodes().length, cy.edges().length, location.search])).observe(document.documentElement, { attributes: true, attributeFilter: ['data-graph-version'] });
    window.__t0 = t0; window.__frames = []; let last = t0; const frame = (now) => { window.__frames.push([Math.round(last - t0), Math.round(now - last)]); last = now; if (now - t0 < 5000 && !window.__done) requestAnimationFrame(frame); }; requestAnimationFrame(frame);
    cy.getElementById('ns:${values.ns}').emit('dbltap');
    await new Promise((resolve) => { const poll = () => (Number(document.documentElement.dataset.graphVersion) > v0 && cy.getElementById('ns:${values.ns}').isParent() ? resolve() : requestAnimationFrame(poll)); poll(); });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    window.__done = true; return performance.now() - t0; })()`) as Promise<number>,
);
// A timeline relative to the double-click: requests (start → end), measures, frames (start, duration).
const measures = await page.evaluate(`(() => { const t0 = window.__t0; const rel = (t) => Math.round(t - t0);
  const reqs = performance.getEntriesByType('resource').filter((r) => r.startTime >= t0).map((r) => r.name.replace(location.origin, '') + ' ' + rel(r.startTime) + '→' + rel(r.responseEnd) + ' ms, ' + r.encodedBodySize + ' B (' + r.decodedBodySize + ')');
  const ms = performance.getEntriesByType('measure').filter((m) => m.startTime >= t0).map((m) => m.name + ' @' + rel(m.startTime) + ' ' + Math.round(m.duration));
  return 'requests: ' + reqs.join('; ') + '\\nmeasures: ' + ms.join(', ') + '\\nframes (start, ms): ' + JSON.stringify(window.__frames) + '\\nupdates (ms, nodes, edges, url): ' + JSON.stringify(window.__updates); })()`);
if (values.out) (await import('node:fs')).writeFileSync(values.out, JSON.stringify(exProfile));
process.stdout.write(`expand ${values.ns}: ${Math.round(exMs)} ms (${measures})\n${summary(exProfile, Number(values.top))}\n`);
if (values.inclusive) process.stdout.write(`\ninclusive:\n${inclusive(exProfile, 60)}\n`);
for (const fn of values.callers ?? []) process.stdout.write(`\n${callers(exProfile, fn, Number(values.depth), 12)}\n`);
await browser.close();
