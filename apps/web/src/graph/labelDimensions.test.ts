/**
 * memoizeLabelDimensions (labelDimensions.ts): a label is measured once per font and text,
 * with the answers the renderer's own function gives. The renderer here is a stand-in with
 * Cytoscape 3.34's signature (BaseRenderer.calculateLabelDimensions(ele, text), reading the
 * element's font-style, font-weight, font-size, font-family and text-metrics): headless
 * Cytoscape has no canvas renderer to measure with.
 */
import { describe, expect, it } from 'vitest';
import { memoizeLabelDimensions } from './labelDimensions.ts';

type Font = { style?: string; weight?: string; size?: number; family?: string; metrics?: string };

function element(font: Font) {
  const values: Record<string, { strValue?: string; pfValue?: number } | undefined> = {
    'font-style': font.style === undefined ? undefined : { strValue: font.style },
    'font-weight': font.weight === undefined ? undefined : { strValue: font.weight },
    'font-size': font.size === undefined ? undefined : { pfValue: font.size },
    'font-family': font.family === undefined ? undefined : { strValue: font.family },
    'text-metrics': font.metrics === undefined ? undefined : { strValue: font.metrics },
  };
  return { pstyle: (name: string) => values[name] };
}

/** A renderer that "measures" from the font and the text, counting its calls. */
class StandInRenderer {
  calls = 0;
  calculateLabelDimensions(ele: ReturnType<typeof element>, text: string) {
    this.calls++;
    const size = ele.pstyle('font-size')?.pfValue ?? 0;
    const bold = ele.pstyle('font-weight')?.strValue === 'bold' ? 1.1 : 1;
    const glyph = ele.pstyle('text-metrics')?.strValue === 'glyph' ? -2 : 0;
    return { width: Math.ceil(text.length * size * 0.6 * bold), height: size + glyph };
  }
}

const BASE: Font = { style: 'normal', weight: 'normal', size: 11, family: 'sans-serif' };

/** Each case: measurements asked in order; how many reach the renderer. */
const CASES: { name: string; asks: [Font, string][]; measured: number }[] = [
  { name: 'the same font and text: measured once', asks: [[BASE, 'backend-1'], [BASE, 'backend-1'], [BASE, 'backend-1']], measured: 1 },
  { name: 'another text: measured again', asks: [[BASE, 'backend-1'], [BASE, 'backend-2']], measured: 2 },
  { name: 'another size', asks: [[BASE, 'x'], [{ ...BASE, size: 13 }, 'x']], measured: 2 },
  { name: 'another weight', asks: [[BASE, 'x'], [{ ...BASE, weight: 'bold' }, 'x']], measured: 2 },
  { name: 'another style', asks: [[BASE, 'x'], [{ ...BASE, style: 'italic' }, 'x']], measured: 2 },
  { name: 'another family', asks: [[BASE, 'x'], [{ ...BASE, family: 'monospace' }, 'x']], measured: 2 },
  { name: 'glyph metrics apart from font metrics (the default)', asks: [[BASE, 'x'], [{ ...BASE, metrics: 'glyph' }, 'x'], [{ ...BASE, metrics: 'font' }, 'x']], measured: 2 },
  { name: 'an element without a font property is never remembered', asks: [[{ ...BASE, family: undefined }, 'x'], [{ ...BASE, family: undefined }, 'x']], measured: 2 },
];

describe('memoizeLabelDimensions', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const plain = new StandInRenderer();
      const memo = new StandInRenderer();
      memoizeLabelDimensions(memo);
      for (const [font, text] of c.asks) {
        const ele = element(font);
        expect(memo.calculateLabelDimensions(ele, text)).toEqual(plain.calculateLabelDimensions(ele, text));
      }
      expect(memo.calls).toBe(c.measured);
    });
  }

  it('stays within its bound: emptied when full, then measures again', () => {
    const r = new StandInRenderer();
    memoizeLabelDimensions(r, 3);
    const ele = element(BASE);
    for (const t of ['a', 'b', 'c', 'a']) r.calculateLabelDimensions(ele, t);
    expect(r.calls).toBe(3);
    r.calculateLabelDimensions(ele, 'd'); // full: emptied, d kept
    r.calculateLabelDimensions(ele, 'a');
    expect(r.calls).toBe(5);
  });

  it('is installed once; restoring gives the renderer its own function back', () => {
    const r = new StandInRenderer();
    const restore = memoizeLabelDimensions(r);
    expect(memoizeLabelDimensions(r)).toBeTypeOf('function');
    const ele = element(BASE);
    r.calculateLabelDimensions(ele, 'x');
    r.calculateLabelDimensions(ele, 'x');
    expect(r.calls).toBe(1);
    restore();
    expect(Object.prototype.hasOwnProperty.call(r, 'calculateLabelDimensions')).toBe(false);
    r.calculateLabelDimensions(ele, 'x');
    expect(r.calls).toBe(2);
  });

  it('leaves a renderer without the function (headless Cytoscape) as it is', () => {
    const headless = { notify() {} };
    memoizeLabelDimensions(headless)();
    expect(headless).toEqual({ notify: headless.notify });
    expect(() => memoizeLabelDimensions(null)()).not.toThrow();
  });
});
