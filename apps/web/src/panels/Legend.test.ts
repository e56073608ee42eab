/**
 * The rendered legend and the graph's stylesheet are two readers of one table (edgeClasses.ts):
 * each edge class's legend row must draw the colour and line style its edges are drawn with.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EDGE_CLASSES } from '@accessgraph/model';
import { stylesheet } from '../graph/stylesheet.ts';
import { Legend } from './Legend.tsx';

const DASHES: Record<string, string | null> = { solid: null, dashed: '8 4', dotted: '2 3' };

describe('legend matches the stylesheet', () => {
  const doc = new DOMParser().parseFromString(renderToStaticMarkup(createElement(Legend)), 'text/html');
  const rows = [...doc.querySelectorAll('.legend-row')].filter((r) => r.querySelector('line'));
  const css = stylesheet('light');

  it('one row per edge class, in the model order', () => {
    expect(rows).toHaveLength(EDGE_CLASSES.length);
  });
  it.each(EDGE_CLASSES.map((cls, i) => [cls, i] as const))('%s: the row draws the colour and line style of edge.%s', (cls, i) => {
    const rule = css.find((s) => s.selector === `edge.${cls}`);
    expect(rule, `stylesheet rule edge.${cls}`).toBeDefined();
    const line = rows[i]!.querySelector('line')!;
    expect(line.getAttribute('stroke')).toBe(rule!.style['line-color']);
    expect(line.getAttribute('stroke-dasharray')).toBe(DASHES[String(rule!.style['line-style'])]);
    expect(rows[i]!.textContent?.trim()).not.toBe('');
  });
});
