/**
 * Page object for the dashboard: navigation, the graph as Cytoscape holds it, panels, exports.
 */
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

export class DashboardPage {
  constructor(readonly page: Page) {}

  async open(query = '', base = ''): Promise<void> {
    await this.page.goto(`${base}/${query}`);
    await expect(this.page.getByTestId('snapshot')).toBeVisible();
    await this.page.waitForFunction(() => Number(document.documentElement.dataset.graphVersion ?? 0) > 0 && (window as never as { __accessgraphCy?: { nodes(): { length: number } } }).__accessgraphCy!.nodes().length > 0);
  }

  /** Element data of the live Cytoscape graph. */
  async graph(): Promise<{ nodes: { id: string; classes: string[] }[]; edges: { id: string; cls: string; source: string; target: string }[] }> {
    return await this.page.evaluate(() => {
      const cy = (window as never as { __accessgraphCy: import('cytoscape').Core }).__accessgraphCy;
      return {
        nodes: cy.nodes().map((n) => ({ id: n.id(), classes: n.classes() })),
        edges: cy.edges().map((e) => ({ id: e.id(), cls: e.data('cls') as string, source: e.source().id(), target: e.target().id() })),
      };
    });
  }

  async selectEdge(id: string): Promise<void> {
    await this.page.evaluate((edgeId) => {
      const cy = (window as never as { __accessgraphCy: import('cytoscape').Core }).__accessgraphCy;
      cy.getElementById(edgeId).emit('tap');
    }, id);
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `${ARTIFACTS}${name}.png` });
  }
}
