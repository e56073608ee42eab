/**
 * Where the dashboard's time goes (issue 16): a CPU profile of the page (Chrome DevTools
 * protocol) over navigation → the first graph overview and over one expansion, summed by
 * function (self time), the top entries printed.
 *   pnpm --filter @accessgraph/e2e exec tsx bench/profile.ts --base http://127.0.0.1:PORT [--ns ns-0011] [--view graph]
 * Against a server already running (`accessgraph serve --manifests DIR`, see interactive.ts).
 */
import { parseArgs } from 'node:util';
import { chromium, type CDPSession } from '@playwright/test';

const { values } = parseArgs({ options: { base: { type: 'string' }, ns: { type: 'string', default: 'ns-0011' }, view: { type: 'string', default: 'graph' }, top: { type: 'string', default: '25' } } });
if (!values.base) throw new Error('--base http://127.0.0.1:PORT');

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

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
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const r = await f();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  return [r, profile];
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
const cdp = await page.context().newCDPSession(page);
const [navMs, navProfile] = await profiled(cdp, async () => {
  const t0 = Date.now();
  await page.goto(`${values.base}/?view=${values.view}`);
  await page.waitForFunction(() => ((window as never as { __accessgraphCy?: { nodes(s: string): { length: number } } }).__accessgraphCy?.nodes('.namespace').length ?? 0) > 0, null, { timeout: 120_000 });
  return Date.now() - t0;
});
process.stdout.write(`navigation → overview: ${navMs} ms\n${summary(navProfile, Number(values.top))}\n\n`);
const [exMs, exProfile] = await profiled(cdp, () =>
  page.evaluate(`(async () => { const cy = window.__accessgraphCy; const t0 = performance.now(); const v0 = Number(document.documentElement.dataset.graphVersion);
    window.__updates = []; new MutationObserver(() => window.__updates.push([Math.round(performance.now() - t0), cy.nodes().length, cy.edges().length, location.search])).observe(document.documentElement, { attributes: true, attributeFilter: ['data-graph-version'] });
    cy.getElementById('ns:${values.ns}').emit('dbltap');
    await new Promise((resolve) => { const poll = () => (Number(document.documentElement.dataset.graphVersion) > v0 && cy.getElementById('ns:${values.ns}').isParent() ? resolve() : requestAnimationFrame(poll)); poll(); });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0; })()`) as Promise<number>,
);
const measures = await page.evaluate(`performance.getEntriesByType('measure').map((m) => m.name + ' ' + Math.round(m.duration)).join(', ') + '; updates (ms, nodes, edges, url): ' + JSON.stringify(window.__updates)`);
process.stdout.write(`expand ${values.ns}: ${Math.round(exMs)} ms (${measures})\n${summary(exProfile, Number(values.top))}\n`);
await browser.close();
