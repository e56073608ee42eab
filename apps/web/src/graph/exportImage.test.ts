import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import type { GraphResponseLike } from './graphTypes.ts';
import { ARROW_LENGTH, borderPoint, edgeSegment, exportSvg } from './exportImage.ts';
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
    expect(texts.some((t) => t?.startsWith('collapsed namespaces: b'))).toBe(true);
    expect(texts.some((t) => t?.startsWith('node badges: mTLS'))).toBe(true);
    cy.destroy();
  });
});
