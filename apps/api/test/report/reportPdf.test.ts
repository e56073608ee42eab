/**
 * The audit report printed to A4 PDF by Chromium (headless, as a reader's "print" would), for
 * the demo and for a 2,000-workload synthetic cluster (packages/model/bench/synthetic.ts):
 * the text is really in the PDF (pdftotext), the page count is what the pages say of
 * themselves (pdfinfo and the "n / N" footer), every figure's caption shares its page with
 * the figure's labels, and no word on any page prints below 7 pt (pdftotext -bbox: a word's
 * box is at least 1.1 em high in any sans-serif face, so 7 pt text has boxes ≥ 7.7 pt).
 * Needs /usr/bin/chromium and poppler-utils (pdftotext, pdfinfo), which .ci/run installs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSynthetic } from '../../../../packages/model/bench/writeSynthetic.ts';
import { REPO_ROOT, runCli } from '../cli/runCli.ts';
import { tempDir } from '../helpers.ts';
import { expectLegibleFigures, expectSelfContained } from './reportChecks.ts';

const CHROMIUM = '/usr/bin/chromium';

function tool(name: string): string {
  for (const dir of ['/usr/bin', '/usr/local/bin', '/bin']) if (existsSync(join(dir, name))) return join(dir, name);
  throw new Error(`${name} is needed to check the printed report: apt-get install poppler-utils (.ci/run does)`);
}

function printToPdf(html: string, pdf: string, dir: string): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is needed to print the report: apt-get install chromium (.ci/run does)`);
  execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${join(dir, 'chromium')}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${html}`], { stdio: 'ignore', timeout: 570_000 });
}

interface Printed {
  pages: number;
  pageSize: string;
  /** Text per page, laid out (the footer is the last line). */
  text: string[];
  /** All text in content order (a table cell's words stay together), whitespace removed. */
  raw: string;
  /** The same per page. */
  rawPages: string[];
  /** Height of the smallest word box on any page, in points. */
  minWordHeight: number;
}

function readPdf(pdf: string): Printed {
  const info = execFileSync(tool('pdfinfo'), [pdf], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
  const pageSize = /^Page size:\s+(.*)$/m.exec(info)![1]!;
  const text = execFileSync(tool('pdftotext'), ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }).split('\f');
  const bbox = execFileSync(tool('pdftotext'), ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const rawPages = execFileSync(tool('pdftotext'), ['-raw', pdf, '-'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })
    .split('\f')
    .slice(0, pages)
    .map((p) => p.replace(/\s+/g, ''));
  const raw = rawPages.join('');
  let minWordHeight = Infinity;
  for (const m of bbox.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)) minWordHeight = Math.min(minWordHeight, Number(m[2]) - Number(m[1]));
  return { pages, pageSize, text: text.slice(0, pages), raw, rawPages, minWordHeight };
}

function expectPrintedWell(html: string, printed: Printed): void {
  expect(printed.pageSize).toMatch(/^594\.\d+ x 841\.\d+ pts \(A4\)/);
  // Each page's footer says "n / N", and N is the page count.
  printed.text.forEach((page, i) => expect(page, `page ${i + 1}`).toMatch(new RegExp(`\\b${i + 1}\\s*/\\s*${printed.pages}\\s*$`)));
  expect(printed.minWordHeight).toBeGreaterThanOrEqual(7.7);
  // Every figure is printed whole on the page of its caption: its first and last destination label are there.
  const figures = [...html.matchAll(/<figure id="[^"]*">([\s\S]*?)<\/figure>/g)];
  expect(figures.length).toBeGreaterThan(0);
  figures.forEach((f, i) => {
    const at = printed.rawPages.findIndex((p) => p.includes(`Figure${i + 1}.`));
    expect(at, `Figure ${i + 1}`).toBeGreaterThanOrEqual(0);
    // Destination names (bold; turned a quarter in a matrix): in content order, without spaces.
    const labels = [...f[1]!.matchAll(/<text[^>]*font-weight="bold"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/\s+/g, '')).filter((l) => l.length > 1);
    expect(labels.length, `Figure ${i + 1}`).toBeGreaterThan(0);
    for (const label of [labels[0]!, labels.at(-1)!]) expect(printed.rawPages[at], `Figure ${i + 1}: ${label}`).toContain(label);
  });
}

describe('the printed audit report', () => {
  it('demo: every section and the deciding rules are in the PDF text; pages and labels are legible A4', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const html = join(dir, 'demo.html');
    const r = await runCli(['report', '--demo', '--out', html]);
    expect(r.code, r.stderr).toBe(0);
    const doc = readFileSync(html, 'utf8');
    expectSelfContained(doc);
    expectLegibleFigures(doc);
    printToPdf(html, join(dir, 'demo.pdf'), dir);
    const printed = readPdf(join(dir, 'demo.pdf'));
    // Table cells wrap (at hyphens too): compare in content order without whitespace.
    const all = printed.raw;
    for (const s of ['accessgraph audit report', 'Input hash', 'Flows by protection class', 'Findings by severity', 'meshed-port-rule-ineffective', 'demo/20-mesh-demo.yaml:64', 'postgres/postgresql', 'Namespace posture', 'Overview: flows between namespaces', 'NetworkPolicy postgres/allow-postgres-clients ingress rule 0 (demo/11-homelab-networkpolicies.yaml:20)']) expect(all).toContain(s.replace(/\s+/g, ''));
    expectPrintedWell(doc, printed);
    expect(printed.pages).toBeGreaterThanOrEqual(4);
    expect(printed.pages).toBeLessThanOrEqual(12);
  });

  it('2,000 workloads: one figure (or more) per namespace, each on its page, labels ≥ 7 pt; dense ones are matrices', { timeout: 900_000 }, async () => {
    const dir = tempDir();
    writeSynthetic(2000, 1, join(dir, 'cluster'));
    const html = join(dir, 'large.html');
    // The real binary, with more time than runCli's minute: 2,000 workloads on a loaded machine.
    execFileSync(process.execPath, [new URL('../../bin/accessgraph.mjs', import.meta.url).pathname, 'report', '--manifests', join(dir, 'cluster'), '--out', html], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 600_000 });
    const doc = readFileSync(html, 'utf8');
    expectSelfContained(doc);
    const figures = expectLegibleFigures(doc);
    // 80 namespaces of 25: the overview in parts of 26 namespaces, then one figure per namespace.
    expect(figures.length).toBe(4 + 80);
    expect((doc.match(/class="figure matrix"/g) ?? []).length).toBeGreaterThan(0);
    printToPdf(html, join(dir, 'large.pdf'), dir);
    const printed = readPdf(join(dir, 'large.pdf'));
    expectPrintedWell(doc, printed);
    const all = printed.text.join('\n');
    expect(all).toContain('Namespace ns-0079: who reaches its workloads');
    expect(all).toContain('2000 workloads in 80 namespaces');
    // One page per figure at most, plus the tables: bounded, not one page per finding.
    expect(printed.pages).toBeGreaterThan(84);
    expect(printed.pages).toBeLessThan(260);
  });
});
