import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import type { GraphResponseLike } from './graphTypes.ts';
import { ARROW_LENGTH, borderPoint, edgeSegment, exportSvg, imageWidth, MARGIN, MIN_WIDTH } from './exportImage.ts';
import { EDGE_LOOKS } from './edgeClasses.ts';
import { estimateWidth, legendBlock, PAD, printedPt, wrap } from './exportLegend.ts';
import { toElements } from './toElements.ts';
import { stylesheet } from './stylesheet.ts';
import { EDGE_CLASSES } from '@accessgraph/model';

const meta = { source: 'demo', takenAt: '2026-01-01T00:00:00Z', filters: 'all namespaces', exportedAt: '2026-01-01T00:01:00Z', collapsed: ['b'] };

describe('SVG edge geometry', () => {
  it('the arrow tip ends on the target box border and the line stops one arrowhead short of it', () => {
    const s = { x1: 0, y1: 0, x2: 100, y2: 40 };
    const t = { x1: 300, y1: 0, x2: 400, y2: 40 };
    const seg = edgeSegment(s, t)!;
    expect(seg.x1).toBe(100);
    expect(seg.tipX).toBe(300);
    expect(seg.tipY).toBe(20);
    expect(seg.x2).toBeCloseTo(300 - ARROW_LENGTH);
  });
  it('diagonal edges meet the border, not the centre', () => {
    const p = borderPoint({ x1: 0, y1: 0, x2: 100, y2: 40 }, 50 + 200, 20 + 200)!;
    expect(p.y).toBeCloseTo(40);
    expect(p.x).toBeCloseTo(70);
    expect(borderPoint({ x1: 0, y1: 0, x2: 100, y2: 40 }, 60, 30)).toBeNull();
  });
});

describe('SVG export', () => {
  const ns = (name: string) => ({ name, labels: {}, meshed: false, workloadCount: 0, openWorkloads: 0, implicit: false });
  const node = (id: string) => {
    const [namespace, name] = id.split('/') as [string, string];
    return { id, namespace, name, kind: 'Deployment', meshed: false, serviceAccount: 'default', labels: {}, ports: [], openToAll: [], l4Isolated: false, sensitive: false };
  };
  const edge = (from: string, to: string, cls: (typeof EDGE_CLASSES)[number]) => ({
    id: `${from}->${to}`,
    from,
    to,
    class: cls,
    mixed: false,
    ports: [{ port: 80, protocol: 'TCP' as const, l4Port: 80, l4: 'allow' as const, l7: 'n/a' as const, allowed: true, protection: 'l4-only' as const, class: cls }],
  });
  const graph: GraphResponseLike = {
    namespaces: [ns('a'), ns('b')],
    nodes: [node('a/web'), node('a/api'), node('b/db')],
    edges: [edge('a/web', 'a/api', 'conflict'), edge('a/api', 'b/db', 'l4-only'), edge('a/api', 'a/web', 'none')],
  };

  it('draws an arrowhead marker per class at the end of every edge, with the class line style, and the header', () => {
    const cy = cytoscape({ headless: true, styleEnabled: true, elements: toElements(graph, { collapsed: [], expanded: [], focus: null }) as cytoscape.ElementDefinition[], style: stylesheet('light') as never });
    cy.getElementById('a/web').position({ x: 0, y: 0 });
    cy.getElementById('a/api').position({ x: 300, y: 0 });
    cy.getElementById('b/db').position({ x: 300, y: 300 });
    const svg = exportSvg(cy, meta, 'light');
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const markers = [...doc.querySelectorAll('marker')].map((m) => m.getAttribute('id'));
    expect(markers).toEqual(EDGE_CLASSES.map((c) => `arrow-${c}`));
    const edges = [...doc.querySelectorAll('g.edge')];
    expect(edges).toHaveLength(3);
    for (const g of edges) {
      const cls = g.getAttribute('class')!.split(' ')[1]!;
      const line = g.querySelector('line')!;
      expect(line.getAttribute('marker-end')).toBe(`url(#arrow-${cls})`);
      expect(g.querySelector('circle')).toBeNull();
    }
    expect(doc.querySelector('g.edge.l4-only line')!.getAttribute('stroke-dasharray')).toBe('8 4');
    // Direction: a/web → a/api ends near a/api's left border, the reverse edge near a/web's right border.
    const conflict = doc.querySelector('g.edge.conflict line')!;
    const none = doc.querySelector('g.edge.none line')!;
    expect(Number(conflict.getAttribute('x2'))).toBeGreaterThan(Number(conflict.getAttribute('x1')));
    expect(Number(none.getAttribute('x2'))).toBeLessThan(Number(none.getAttribute('x1')));
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('accessgraph — demo');
    expect(texts.some((t) => t?.startsWith('collapsed namespaces (1): b'))).toBe(true);
    expect(texts.some((t) => t?.startsWith('node badges: mTLS'))).toBe(true);
    cy.destroy();
  });
});

describe('SVG export keeps every cue of the canvas', () => {
  const ns = (name: string) => ({ name, labels: {}, meshed: false, workloadCount: 0, openWorkloads: 0, implicit: false });
  const node = (id: string, o: { meshed?: boolean; sensitive?: boolean; open?: boolean } = {}) => {
    const [namespace, name] = id.split('/') as [string, string];
    return { id, namespace, name, kind: 'Deployment', meshed: o.meshed ?? false, serviceAccount: 'default', labels: {}, ports: [], openToAll: o.open ? ['80/TCP'] : [], l4Isolated: false, sensitive: o.sensitive ?? false };
  };
  const edge = (from: string, to: string, cls: (typeof EDGE_CLASSES)[number]) => ({
    id: `${from}->${to}`,
    from,
    to,
    class: cls,
    mixed: false,
    ports: [{ port: 80, protocol: 'TCP' as const, l4Port: 80, l4: 'allow' as const, l7: 'n/a' as const, allowed: true, protection: 'l4-only' as const, class: cls }],
  });
  const graph: GraphResponseLike = {
    namespaces: [ns('a'), ns('b')],
    nodes: [node('a/mesh', { meshed: true }), node('a/db', { sensitive: true }), node('a/open', { open: true }), node('a/plain'), node('b/x')],
    edges: EDGE_CLASSES.map((cls, i) => edge(i % 2 ? 'a/plain' : 'a/mesh', ['a/db', 'a/open', 'b/x'][i % 3]!, cls)),
  };
  const render = (collapsed: string[] = []) => {
    const cy = cytoscape({ headless: true, styleEnabled: true, elements: toElements(graph, { collapsed, expanded: [], focus: null }) as cytoscape.ElementDefinition[], style: stylesheet('light') as never });
    cy.nodes('.workload').forEach((n, i) => void n.position({ x: (i % 3) * 200, y: Math.floor(i / 3) * 120 }));
    const svg = exportSvg(cy, { ...meta, collapsed }, 'light');
    cy.destroy();
    return new DOMParser().parseFromString(svg, 'image/svg+xml');
  };

  it('the outside peer is drawn (cut-corner box, dotted border, italic label), so its edges start at a box', () => {
    const outside = { id: 'external:outside', namespace: '', name: 'outside the cluster', kind: 'External', meshed: false, serviceAccount: '', labels: {}, ports: [], openToAll: [], l4Isolated: false, sensitive: false };
    const g: GraphResponseLike = { namespaces: [ns('a')], nodes: [node('a/web'), outside], edges: [edge('external:outside', 'a/web', 'l4-only')] };
    const cy = cytoscape({ headless: true, styleEnabled: true, elements: toElements(g, { collapsed: [], expanded: [], focus: null }) as cytoscape.ElementDefinition[], style: stylesheet('light') as never });
    cy.getElementById('a/web').position({ x: 300, y: 0 });
    cy.getElementById('external:outside').position({ x: 0, y: 0 });
    const doc = new DOMParser().parseFromString(exportSvg(cy, meta, 'light'), 'image/svg+xml');
    cy.destroy();
    const box = doc.querySelector('g.external[data-id="external:outside"]');
    expect(box).not.toBeNull();
    expect(box!.querySelector('.shape')!.getAttribute('stroke-dasharray')).toBe('2 3');
    expect([...box!.querySelectorAll('text')].map((t) => t.textContent)).toEqual(['outside the cluster']);
    expect(box!.querySelector('text')!.getAttribute('font-style')).toBe('italic');
    expect(doc.querySelector('g.edge[data-source="external:outside"][data-target="a/web"]')).not.toBeNull();
  });

  it('meshed: a double border (two strokes); sensitive: the barrel the key describes; open: dashed in the open colour', () => {
    const doc = render();
    const shapes = (id: string) => [...doc.querySelectorAll(`g.workload[data-id="${id}"] .shape`)];
    expect(shapes('a/mesh')).toHaveLength(2);
    expect(shapes('a/mesh')[1]!.getAttribute('fill')).toBe('none');
    expect(shapes('a/plain')).toHaveLength(1);
    expect(shapes('a/db').map((s) => s.getAttribute('class'))).toEqual(['shape barrel']);
    expect(shapes('a/db')[0]!.getAttribute('d')).toMatch(/^M[\d.-]+,[\d.-]+ Q.* V.* Q.* Z$/);
    const open = shapes('a/open')[0]!;
    expect(open.getAttribute('stroke-dasharray')).toBe('6 3');
    expect(open.getAttribute('stroke')).toBe(EDGE_LOOKS.none.color);
    expect(shapes('a/plain')[0]!.getAttribute('stroke-dasharray')).toBeNull();
    // The badges are in the label, as on the canvas.
    const text = (id: string) => [...doc.querySelectorAll(`g.workload[data-id="${id}"] text`)].map((t) => t.textContent).join(' ');
    expect(text('a/mesh')).toContain('mTLS');
    expect(text('a/db')).toContain('◆ data');
    expect(text('a/open')).toContain('⚠ open');
    expect([...doc.querySelectorAll('text')].some((t) => t.textContent?.includes('data-store shape'))).toBe(true);
  });

  it('every class keeps its colour, line style and arrowhead marker, on the edges and in the legend', () => {
    const doc = render();
    const dashOf = (style: string) => (style === 'dashed' ? '8 4' : style === 'dotted' ? '2 3' : null);
    for (const cls of EDGE_CLASSES) {
      const look = EDGE_LOOKS[cls];
      for (const line of [doc.querySelector(`g.edge.${cls} line`)!, doc.querySelector(`g.legend-${cls} line`)!]) {
        expect(line, cls).not.toBeNull();
        expect(line.getAttribute('stroke')).toBe(look.color);
        expect(line.getAttribute('stroke-dasharray')).toBe(dashOf(look.lineStyle));
        expect(line.getAttribute('marker-end')).toBe(`url(#arrow-${cls})`);
      }
      const marker = doc.querySelector(`marker#arrow-${cls} path`)!;
      expect(marker.getAttribute('fill')).toBe(look.arrowFill === 'filled' ? look.color : '#ffffff');
    }
  });

  it('a collapsed namespace with an open port keeps its dashed border and its label lines', () => {
    const doc = render(['a']);
    const g = doc.querySelector('g.namespace.collapsed[data-id="ns:a"]')!;
    expect(g).not.toBeNull();
    expect(g.querySelector('.shape')!.getAttribute('stroke-dasharray')).toBe('6 3');
    expect([...g.querySelectorAll('text')].map((t) => t.textContent)).toEqual(['a (4)', '⚠ 1 open to all']);
  });
});

describe('the legend block of image exports', () => {
  const many = Array.from({ length: 80 }, (_, i) => `ns-${String(i).padStart(4, '0')}`);
  const big = { ...meta, filters: 'all namespaces', collapsed: many };

  it('wraps the collapsed namespaces onto lines no wider than the image, every name kept', () => {
    for (const width of [800, 1400, 4000]) {
      const block = legendBlock(big, width, estimateWidth);
      const texts = block.items.filter((i) => i.kind === 'text');
      for (const t of texts) expect(estimateWidth(t.text, t.size, t.bold), `${width}: ${t.text}`).toBeLessThanOrEqual(width - 2 * PAD + 0.001);
      const all = texts.map((t) => t.text).join(' ');
      for (const n of many) expect(all).toContain(n);
      expect(texts.filter((t) => /ns-\d{4}/.test(t.text)).length).toBeGreaterThan(1);
      for (const s of block.items.filter((i) => i.kind === 'sample')) expect(s.labelX + estimateWidth(s.text, s.size, false)).toBeLessThanOrEqual(width - PAD + 0.001);
    }
  });

  it('prints at 7 pt or more when the image is fitted to the A4 text width, however wide the image', () => {
    for (const width of [800, 1200, 3000, 9294]) {
      const block = legendBlock(big, width, estimateWidth);
      for (const i of block.items) expect(printedPt(i.size, width), `${width}px: ${i.kind}`).toBeGreaterThanOrEqual(7);
    }
  });

  it('the image width follows the graph, never the text (80 collapsed namespaces no longer make a 9,294 px wide image)', () => {
    expect(imageWidth(300)).toBe(MIN_WIDTH);
    expect(imageWidth(1500)).toBe(1500 + 2 * MARGIN);
    const cy = cytoscape({ headless: true, styleEnabled: true, elements: [{ group: 'nodes', data: { id: 'a/x', label: 'x', width: 100, height: 40 }, classes: 'workload', position: { x: 0, y: 0 } }], style: stylesheet('light') as never });
    const svg = new DOMParser().parseFromString(exportSvg(cy, big, 'light'), 'image/svg+xml').documentElement;
    cy.destroy();
    expect(Number(svg.getAttribute('width'))).toBe(MIN_WIDTH);
    // The block is taller instead: one line per wrapped row.
    expect(Number(svg.getAttribute('height'))).toBeGreaterThan(legendBlock({ ...meta, collapsed: [] }, MIN_WIDTH, estimateWidth).height + 40);
  });

  it('wrap keeps words whole and puts a word longer than a line on its own', () => {
    const m = (t: string) => t.length;
    expect(wrap('aa bb cc', 5, 1, false, m)).toEqual(['aa bb', 'cc']);
    expect(wrap('a, verylongword, b', 6, 1, false, m)).toEqual(['a,', 'verylongword,', 'b']);
  });
});
