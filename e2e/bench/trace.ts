/**
 * Where one expansion's wall-clock time goes (issue 16): a Chromium performance trace of one
 * double-click on a namespace box, from the dbltap event to the expanded namespace drawn (the
 * same condition as interactive.ts), summarised as main-thread tasks longer than 8 ms — when
 * each started (ms after the dbltap), how long it ran, and what ran inside it (scripts by
 * function, style, layout, paint, GC, parse) — plus the network requests.
 *   cd e2e && npx tsx bench/trace.ts --base http://127.0.0.1:PORT [--ns ns-0011] [--hover 300] [--out trace.json]
 * Against a server already running (`accessgraph serve --manifests DIR`, see interactive.ts).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { installCyGlobal } from '../tests/dashboardPage.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, ns: { type: 'string', default: 'ns-0011' }, view: { type: 'string', default: 'graph' }, hover: { type: 'string', default: '0' }, out: { type: 'string' }, min: { type: 'string', default: '8' } } });
if (!values.base) throw new Error('--base http://127.0.0.1:PORT');

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; cat: string; args?: { data?: Record<string, unknown>; beginData?: Record<string, unknown> } }

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
await installCyGlobal(page);
await page.goto(`${values.base}/?view=${values.view}`);
await page.waitForFunction(() => Number(document.documentElement.dataset.graphVersion ?? 0) > 0 && ((window as never as { __accessgraphCy?: { nodes(s: string): { length: number } } }).__accessgraphCy?.nodes('.namespace').length ?? 0) > 0, null, { timeout: 120_000 });
await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
await page.waitForTimeout(500);
const ns = values.ns;
if (Number(values.hover) > 0) {
  const at = (await page.evaluate(`(() => { const cy = window.__accessgraphCy; const p = cy.getElementById('ns:${ns}').renderedPosition(); const r = cy.container().getBoundingClientRect(); return { x: r.left + p.x, y: r.top + p.y }; })()`)) as { x: number; y: number };
  await page.mouse.move(at.x, at.y, { steps: 4 });
  await page.waitForTimeout(Number(values.hover));
}
await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'toplevel', 'v8.execute'] });
const ms = (await page.evaluate(`(async () => { const cy = window.__accessgraphCy; const v0 = Number(document.documentElement.dataset.graphVersion);
  performance.mark('trace:dbltap'); const t0 = performance.now();
  cy.getElementById('ns:${ns}').emit('dbltap');
  await new Promise((resolve) => { const poll = () => (Number(document.documentElement.dataset.graphVersion) > v0 && cy.getElementById('ns:${ns}').isParent() ? resolve() : requestAnimationFrame(poll)); poll(); });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  performance.mark('trace:done'); return performance.now() - t0; })()`)) as number;
const buf = await browser.stopTracing();
await browser.close();
if (values.out) writeFileSync(values.out, buf);
const events = (JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
const start = events.find((e) => e.name === 'trace:dbltap');
const done = events.find((e) => e.name === 'trace:done');
if (!start) throw new Error('no trace:dbltap mark in the trace');
const main = { pid: start.pid, tid: start.tid };
const t0 = start.ts;
const rel = (ts: number) => Math.round((ts - t0) / 1000);
const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ts >= t0 - 1000 && (!done || e.ts <= done.ts));
const tasks = onMain.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) >= Number(values.min) * 1000);
const kinds = ['FunctionCall', 'EvaluateScript', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'ParseHTML', 'XHRLoad', 'ResourceReceivedData', 'v8.callFunction', 'RunMicrotasks', 'HitTest', 'UpdateLayerTree', 'Commit'];
// Main-thread CPU time (trace `tdur`: thread time, not wall) of every top-level task in the window: less sensitive to other load than wall-clock.
const top = onMain.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask');
const cpu = top.reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000;
const lines: string[] = [`expand ${ns}${Number(values.hover) > 0 ? ` after ${values.hover} ms hover` : ''}: ${Math.round(ms)} ms wall, main-thread CPU ${Math.round(cpu)} ms`];
for (const t of tasks) {
  const end = t.ts + (t.dur ?? 0);
  const inside = onMain.filter((e) => e.ph === 'X' && e !== t && e.ts >= t.ts && e.ts < end);
  const by = new Map<string, number>();
  for (const e of inside) if (kinds.includes(e.name)) by.set(e.name, (by.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  const fns = inside.filter((e) => e.name === 'FunctionCall').map((e) => `${(e.args?.data?.functionName as string) || '?'}:${e.args?.data?.lineNumber ?? ''} ${Math.round((e.dur ?? 0) / 1000)}`).slice(0, 6);
  lines.push(`@${rel(t.ts)} ${Math.round((t.dur ?? 0) / 1000)} ms (cpu ${Math.round((t.tdur ?? 0) / 1000)}): ${[...by].filter(([, v]) => v >= 1).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}${fns.length ? ` | ${fns.join(', ')}` : ''}`);
}
const marks = onMain.filter((e) => e.cat.includes('blink.user_timing')).map((e) => `${e.name}@${rel(e.ts)}`);
lines.push(`marks: ${marks.join(' ')}`);
const sends = events.filter((e) => e.name === 'ResourceSendRequest' && e.ts >= t0).map((e) => [e.args?.data?.requestId, e.args?.data?.url, rel(e.ts)] as const);
for (const [id, url, at] of sends) {
  const fin = events.find((e) => e.name === 'ResourceFinish' && e.args?.data?.requestId === id);
  const recv = events.find((e) => e.name === 'ResourceReceiveResponse' && e.args?.data?.requestId === id);
  lines.push(`request ${String(url).replace(values.base!, '')} sent @${at}, response @${recv ? rel(recv.ts) : '?'}, finished @${fin ? rel(fin.ts) : '?'} (${fin?.args?.data?.encodedDataLength ?? '?'} B)`);
}
process.stdout.write(lines.join('\n') + '\n');
