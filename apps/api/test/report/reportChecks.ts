/**
 * Checks the report tests share: the document is self-contained (no script, nothing fetched),
 * and every figure's labels print at 7 pt or more on A4 (figure width ≤ the A4 text width,
 * each font size scaled by width / viewBox width).
 */
import { expect } from 'vitest';

/** 210 mm − 2 × 15 mm margins, in points. */
export const A4_TEXT_WIDTH_PT = (180 / 25.4) * 72;
/** 297 mm − 2 × 15 mm, in points. */
export const A4_TEXT_HEIGHT_PT = (267 / 25.4) * 72;

export function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no event handler attributes
  expect(html).not.toMatch(/\sstyle\s*=/i); // no style attributes: the CSP allows only the hashed <style>
  expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
  expect(html).not.toMatch(/(src|href)\s*=\s*"(?!#)/i);
  expect(html).not.toMatch(/url\((?!#)|@import/i); // only local references (SVG markers)
  expect(html.match(/<style>/g)).toHaveLength(1);
}

export interface FigureFonts {
  widthPt: number;
  heightPt: number;
  /** Smallest label size as printed, in points. */
  minPt: number;
  labels: number;
}

/** Each inline figure's printed size and its smallest label at that size. */
export function figureFonts(html: string): FigureFonts[] {
  const out: FigureFonts[] = [];
  for (const m of html.matchAll(/<svg[^>]*class="figure( matrix)?"[^>]*>[\s\S]*?<\/svg>/g)) {
    const svg = m[0];
    const open = /<svg[^>]*>/.exec(svg)![0];
    const width = Number(/width="([\d.]+)pt"/.exec(open)![1]);
    const height = Number(/height="([\d.]+)pt"/.exec(open)![1]);
    const vb = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(open)!;
    const scale = width / Number(vb[1]);
    expect(height / Number(vb[2])).toBeCloseTo(scale, 6);
    const sizes = [...svg.matchAll(/<text[^>]*font-size="([\d.]+)"/g)].map((s) => Number(s[1]) * scale);
    out.push({ widthPt: width, heightPt: height, minPt: Math.min(...sizes), labels: sizes.length });
  }
  return out;
}

export function expectLegibleFigures(html: string): FigureFonts[] {
  const figures = figureFonts(html);
  expect(figures.length).toBeGreaterThan(0);
  for (const f of figures) {
    expect(f.widthPt).toBeLessThanOrEqual(A4_TEXT_WIDTH_PT);
    // With its caption (≤ 4 lines of 8 pt) the figure fits one page.
    expect(f.heightPt).toBeLessThanOrEqual(A4_TEXT_HEIGHT_PT - 50);
    expect(f.labels).toBeGreaterThan(0);
    expect(f.minPt).toBeGreaterThanOrEqual(7);
  }
  return figures;
}
