/**
 * Page object for the dashboard: navigation, the graph as Cytoscape holds it, panels, exports.
 *
 * The graph is read from the Cytoscape instance itself (positions, bounding boxes, classes), so
 * the assertions see exactly what is drawn. The app publishes no global for it: Cytoscape
 * registers every instance on its container element (`container._cyreg.cy`, the registry its
 * own jQuery integration reads), and `withCy` reaches it from the `graph-canvas` element.
 */
import { expect, type Page } from '@playwright/test';
import type { Core } from 'cytoscape';
import { mkdirSync } from 'node:fs';

export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

type CyFn<R, A> = (cy: Core, arg: A) => R | Promise<R>;

/** Runs `fn` in the page with the graph's Cytoscape instance (found from its container element). */
export async function withCy<R, A = undefined>(page: Page, fn: CyFn<R, A>, arg?: A): Promise<R> {
  const cy = await page.getByTestId('graph-canvas').evaluateHandle((el) => {
    const reg = (el as HTMLElement & { _cyreg?: { cy?: Core } })._cyreg;
    if (!reg?.cy) throw new Error('the graph canvas holds no Cytoscape instance');
    return reg.cy;
  });
  try {
    // Playwright serialises `fn` and `arg` into the page; `arg` arrives as it was passed.
    return await cy.evaluate(fn as (cy: Core, arg: unknown) => R | Promise<R>, arg);
  } finally {
    await cy.dispose();
  }
}

/** Waits until `fn` (run with the Cytoscape instance) returns something truthy. */
export async function waitForCy<A = undefined>(page: Page, fn: CyFn<unknown, A>, arg?: A, timeout = 30_000): Promise<void> {
  await expect.poll(async () => Boolean(await withCy(page, fn, arg).catch(() => false)), { timeout }).toBe(true);
}

/**
 * For scripts written against a global (the benches, e2e/bench): defines `window.__accessgraphCy`
 * in this page only, as a getter on the container's registry. The app itself publishes nothing.
 */
export async function installCyGlobal(page: Page): Promise<void> {
  // A string, not a function: under tsx (the benches) a function's source carries esbuild's
  // __name helper, which does not exist in the page.
  await page.addInitScript(`Object.defineProperty(window, '__accessgraphCy', { configurable: true, get: () => document.querySelector('[data-testid="graph-canvas"]')?._cyreg?.cy })`);
}

export class DashboardPage {
  constructor(readonly page: Page) {}

  async open(query = '', base = ''): Promise<void> {
    await this.page.goto(`${base}/${query}`);
    await expect(this.page.getByTestId('snapshot')).toBeVisible();
    await this.page.waitForFunction(() => Number(document.documentElement.dataset.graphVersion ?? 0) > 0);
    await waitForCy(this.page, (cy) => cy.nodes().length > 0);
  }

  /** Runs `fn` with the graph's Cytoscape instance. */
  async cy<R, A = undefined>(fn: CyFn<R, A>, arg?: A): Promise<R> {
    return await withCy(this.page, fn, arg);
  }

  /** Element data of the live Cytoscape graph. */
  async graph(): Promise<{ nodes: { id: string; classes: string[] }[]; edges: { id: string; cls: string; source: string; target: string }[] }> {
    return await this.cy((cy) => ({
      nodes: cy.nodes().map((n) => ({ id: n.id(), classes: n.classes() })),
      edges: cy.edges().map((e) => ({ id: e.id(), cls: e.data('cls') as string, source: e.source().id(), target: e.target().id() })),
    }));
  }

  async selectEdge(id: string): Promise<void> {
    await this.cy((cy, edgeId) => void cy.getElementById(edgeId).emit('tap'), id);
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `${ARTIFACTS}${name}.png` });
  }
}
