/**
 * Cytoscape's addClass/removeClass restyle every element they are called on, with the class or
 * without (Collection.toggleClass in cytoscape's collection/style code): addClassTo and
 * removeClassFrom restyle only the elements whose classes change. Counted with the `class`
 * event Cytoscape emits on every element it restyles for a class change.
 */
import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import { addClassTo, removeClassFrom } from './highlighter.ts';

function graph() {
  const cy = cytoscape({ headless: true, elements: ['a', 'b', 'c', 'd'].map((id) => ({ group: 'nodes' as const, data: { id }, classes: id === 'a' ? 'faded' : '' })) });
  const restyled: string[] = [];
  cy.on('class', (ev) => restyled.push((ev.target as cytoscape.NodeSingular).id()));
  return { cy, restyled };
}

describe('class changes restyle only what changes', () => {
  it('cytoscape itself restyles every element removeClass is called on (why the helpers exist)', () => {
    const { cy, restyled } = graph();
    cy.nodes().removeClass('faded');
    expect(restyled.sort()).toEqual(['a', 'b', 'c', 'd']);
  });
  it('removeClassFrom: only the element that had the class', () => {
    const { cy, restyled } = graph();
    removeClassFrom(cy.nodes(), 'faded');
    expect(restyled).toEqual(['a']);
    expect(cy.nodes('.faded').length).toBe(0);
  });
  it('addClassTo: only the elements without it', () => {
    const { cy, restyled } = graph();
    addClassTo(cy.nodes(), 'faded');
    expect(restyled.sort()).toEqual(['b', 'c', 'd']);
    expect(cy.nodes('.faded').length).toBe(4);
  });
  it('nothing to change: nothing restyled', () => {
    const { cy, restyled } = graph();
    removeClassFrom(cy.nodes(), 'lit');
    addClassTo(cy.getElementById('a'), 'faded');
    expect(restyled).toEqual([]);
  });
});
