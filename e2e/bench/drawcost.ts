/**
 * What a redraw of the graph costs, by style (issue 16: panning with a namespace expanded): opens
 * `?view=graph&expanded=NS` against a running server, then pans programmatically (every frame a
 * full redraw) for 2 s per variant, each variant one stylesheet override on top of the app's.
 *   pnpm --filter @accessgraph/e2e exec tsx bench/drawcost.ts --base http://127.0.0.1:PORT [--ns ns-0011]
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { installCyGlobal } from '../tests/dashboardPage.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, ns: { type: 'string', default: 'ns-0011' } } });
if (!values.base) throw new Error('--base http://127.0.0.1:PORT');

const variants: [string, string][] = [
  ['as drawn', '[]'],
  ['no edge labels', `[{ selector: 'edge', style: { label: '' } }]`],
  ['solid edges', `[{ selector: 'edge', style: { 'line-style': 'solid' } }]`],
  ['no arrows', `[{ selector: 'edge', style: { 'target-arrow-shape': 'none' } }]`],
  ['opaque edges', `[{ selector: 'edge', style: { opacity: 1 } }]`],
  ['straight edges', `[{ selector: 'edge', style: { 'curve-style': 'straight' } }]`],
  ['haystack edges', `[{ selector: 'edge', style: { 'curve-style': 'haystack', label: '' } }]`],
  ['no edges', `[{ selector: 'edge', style: { display: 'none' } }]`],
  ['no node labels', `[{ selector: 'node', style: { label: '' } }]`],
  ['plain node borders', `[{ selector: 'node', style: { 'border-style': 'solid', 'outline-width': 0 } }]`],
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
await installCyGlobal(page);
await page.goto(`${values.base}/?view=graph&expanded=${values.ns}`);
await page.waitForFunction((ns) => (window as never as { __accessgraphCy?: import('cytoscape').Core }).__accessgraphCy?.getElementById(`ns:${ns}`).isParent() === true, values.ns, { timeout: 120_000 });
const drawn = await page.evaluate(`(() => { const cy = window.__accessgraphCy; return { nodes: cy.nodes().length, edges: cy.edges().length, visibleEdges: cy.edges(':visible').length, labelled: cy.edges(':visible').filter((e) => e.style('label') !== '').length, zoom: cy.zoom() }; })()`);
process.stdout.write(`${values.ns} expanded: ${JSON.stringify(drawn)}\n`);
for (const [name, override] of variants) {
  const r = await page.evaluate(`(async () => { const cy = window.__accessgraphCy; const base = cy.style().json();
    cy.style().fromJson([...base, ...${override}]).update();
    const frames = []; let last = performance.now(); const end = last + 2000;
    await new Promise((resolve) => { const step = (now) => { frames.push(now - last); last = now; cy.panBy({ x: 3, y: 1 }); if (now < end) requestAnimationFrame(step); else resolve(); }; requestAnimationFrame(step); });
    cy.style().fromJson(base).update();
    const f = frames.slice(2).sort((a, b) => a - b);
    return { p50: Math.round(f[Math.floor(f.length / 2)]), p95: Math.round(f[Math.floor(f.length * 0.95)]), n: f.length }; })()`);
  process.stdout.write(`${name.padEnd(20)} ${JSON.stringify(r)}\n`);
}
await browser.close();
