/**
 * coalesceStyleTriggers (styleTriggers.ts): one style pass dirties an element's caches once,
 * not once per property it applies (Cytoscape 3.34 src/style/apply.js, checkTriggers per
 * property), and leaves the graph exactly as Cytoscape's own functions do: the same bounding
 * boxes (the element's, its compound parent's) and the same style caches (a child's effective
 * opacity follows its parent's). Each case runs the same steps with Cytoscape's functions and
 * with the coalescing installed, and compares.
 */
import { describe, expect, it, vi } from 'vitest';
import cytoscape, { type Core } from 'cytoscape';
import { coalesceStyleTriggers } from './styleTriggers.ts';

function graph(): Core {
  return cytoscape({
    headless: true,
    styleEnabled: true,
    style: [
      { selector: 'node', style: { width: 20, height: 20, label: '' } },
      // Five properties at once: five trigger checks per pass.
      { selector: '.wide', style: { width: 80, height: 40, 'border-width': 3, shape: 'round-rectangle', 'background-color': '#f00' } },
      { selector: '.dim', style: { opacity: 0.5 } },
    ],
    elements: [
      { group: 'nodes', data: { id: 'p' } },
      { group: 'nodes', data: { id: 'a', parent: 'p' }, position: { x: 0, y: 0 } },
      { group: 'nodes', data: { id: 'b', parent: 'p' }, position: { x: 100, y: 0 } },
      { group: 'nodes', data: { id: 'c' }, position: { x: 300, y: 0 } },
      { group: 'edges', data: { id: 'a->c', source: 'a', target: 'c' } },
    ],
  });
}

/** Runs `steps` on a fresh graph, with or without the coalescing; returns what they observed. */
function observe(coalesced: boolean, steps: (cy: Core, seen: unknown[]) => void): unknown[] {
  const cy = graph();
  const restore = coalesced ? coalesceStyleTriggers(cy) : () => undefined;
  try {
    const seen: unknown[] = [];
    steps(cy, seen);
    return seen;
  } finally {
    restore();
  }
}
const boxes = (cy: Core) => ['a', 'b', 'p', 'c'].map((id) => cy.getElementById(id).boundingBox());
const opacity = (cy: Core, id: string) => (cy.getElementById(id) as unknown as { effectiveOpacity(): number }).effectiveOpacity();

const cases: [string, (cy: Core, seen: unknown[]) => void][] = [
  ['a class that resizes a workload: its box and its compound parent’s', (cy, seen) => {
    seen.push(boxes(cy));
    cy.getElementById('a').addClass('wide');
    seen.push(boxes(cy));
    cy.getElementById('a').removeClass('wide');
    seen.push(boxes(cy));
  }],
  ['a class on the parent: the children’s effective opacity (their style cache)', (cy, seen) => {
    seen.push(opacity(cy, 'a'), opacity(cy, 'b'));
    cy.getElementById('p').addClass('dim');
    seen.push(opacity(cy, 'a'), opacity(cy, 'b'));
    cy.getElementById('p').removeClass('dim');
    seen.push(opacity(cy, 'a'));
  }],
  ['both inside one cy.batch, read after it', (cy, seen) => {
    seen.push(boxes(cy), opacity(cy, 'a'));
    cy.batch(() => {
      cy.getElementById('a').addClass('wide');
      cy.getElementById('p').addClass('dim');
    });
    seen.push(boxes(cy), opacity(cy, 'a'));
  }],
  ['elements added after the first pass (an expansion): their boxes and the parent’s', (cy, seen) => {
    seen.push(boxes(cy));
    cy.add([{ group: 'nodes', data: { id: 'd', parent: 'p' }, position: { x: 50, y: 60 }, classes: 'wide' }, { group: 'edges', data: { id: 'd->c', source: 'd', target: 'c' } }]);
    seen.push(boxes(cy), cy.getElementById('d').boundingBox());
  }],
];

describe('style passes with coalesced triggers give what Cytoscape gives', () => {
  for (const [name, steps] of cases) it(name, () => expect(observe(true, steps)).toEqual(observe(false, steps)));

  it('the coalescing changes something: a class that sets five properties dirties the style cache once per pass, not once per property', () => {
    const calls = (coalesced: boolean) => {
      let n = 0;
      observe(coalesced, (cy) => {
        cy.getElementById('a').boundingBox();
        const proto = Object.getPrototypeOf(cy.collection()) as { dirtyStyleCache(): unknown };
        const spy = vi.spyOn(proto, 'dirtyStyleCache');
        cy.getElementById('a').addClass('wide');
        cy.getElementById('a').boundingBox();
        n = spy.mock.calls.length;
        spy.mockRestore();
      });
      return n;
    };
    expect(calls(true)).toBe(1);
    expect(calls(false)).toBeGreaterThan(1);
  });
});
