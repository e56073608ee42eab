/**
 * Edge labels inside an expanded overview namespace (issue 16: 86 labels on top of each other at
 * 2,000 workloads): a workload edge's label (class and ports) is drawn while the edge or one of
 * its workloads is hovered (`lit`), or it is selected or highlighted; the full graph of a small
 * cluster keeps every label (stylesheet.ts).
 */
import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import { stylesheet } from './stylesheet.ts';

function edge(classes: string) {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: stylesheet('light') as unknown as cytoscape.StylesheetJson,
    elements: [
      { group: 'nodes', data: { id: 'a/x', label: 'x' }, classes: 'workload' },
      { group: 'nodes', data: { id: 'a/y', label: 'y' }, classes: 'workload' },
      { group: 'edges', data: { id: 'a/x->a/y', source: 'a/x', target: 'a/y', label: 'L4 · 80' }, classes },
    ],
  });
  return cy.getElementById('a/x->a/y');
}
/** The label Cytoscape resolved for the edge (pstyle: its parsed style, not in the public typings). */
const label = (e: cytoscape.CollectionReturnValue) => (e as unknown as { pstyle(name: string): { strValue: string } }).pstyle('label').strValue;

describe('workload edge labels in an expanded overview namespace', () => {
  it('not drawn at rest', () => expect(label(edge('edge l4-only workload-edge'))).toBe(''));
  it('drawn while lit (the edge or one of its workloads hovered)', () => expect(label(edge('edge l4-only workload-edge lit'))).toBe('L4 · 80'));
  it('drawn while highlighted (a "can X reach Y" answer, a finding)', () => expect(label(edge('edge l4-only workload-edge highlighted'))).toBe('L4 · 80'));
  it('drawn while selected', () => {
    const e = edge('edge l4-only workload-edge');
    e.select();
    expect(label(e)).toBe('L4 · 80');
  });
  it('the full graph of a small cluster (no workload-edge class): drawn', () => expect(label(edge('edge l4-only'))).toBe('L4 · 80'));
});
