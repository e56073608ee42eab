import { expect, test } from '@playwright/test';
import { DashboardPage, withCy } from './dashboardPage.ts';

test.describe('the demo graph', () => {
  test('shows the demo namespaces and every edge class the demo holds', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const g = await d.graph();
    for (const ns of ['postgres', 'minio', 'monitoring', 'wikijs', 'mesh-demo', 'mesh-fixed', 'demo']) expect(g.nodes.map((n) => n.id)).toContain(`ns:${ns}`);
    const classes = new Set(g.edges.map((e) => e.cls));
    for (const c of ['both', 'l4-only', 'l7-only', 'conflict']) expect(classes).toContain(c);
    expect(g.edges.find((e) => e.id === 'mesh-fixed/service-a->mesh-fixed/service-b')?.cls).toBe('both');
    expect(g.edges.find((e) => e.id === 'demo/frontend->demo/backend')?.cls).toBe('l7-only');
    expect(g.edges.find((e) => e.id === 'wikijs/wikijs->postgres/postgresql')?.cls).toBe('l4-only');
    // Denied flows are not drawn as edges.
    expect(g.edges.some((e) => e.id === 'default/toolbox->postgres/postgresql')).toBe(false);
    await expect(page.getByTestId('legend')).toContainText('Both layers');
    await d.screenshot('demo-graph');
  });

  test('workloads open to all carry a badge instead of N edges', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const g = await d.graph();
    expect(g.nodes.find((n) => n.id === 'wikijs/wikijs')?.classes).toContain('open-ingress');
    // No edge from a workload of the cluster (the outside peer's own edge says the outside reaches it too).
    expect(g.edges.filter((e) => e.target === 'monitoring/grafana' && !e.source.startsWith('external:'))).toHaveLength(0);
  });

  test('an edge reports per-port verdicts with reasons, L7-only and doubly protected', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    await d.selectEdge('mesh-fixed/service-a->mesh-fixed/service-b');
    const panel = page.getByTestId('edge-panel');
    await expect(panel.getByTestId('edge-class')).toHaveAttribute('data-class', 'both');
    await expect(panel.getByTestId('verdict')).toHaveAttribute('data-protection', 'both');
    await expect(panel.getByTestId('l4-port-note')).toContainText('4143');
    await expect(panel.getByTestId('authorized-identities')).toContainText('sa mesh-fixed/service-a');
    await d.screenshot('edge-both');
    await d.selectEdge('demo/frontend->demo/backend');
    await expect(page.getByTestId('edge-panel').getByTestId('verdict')).toHaveAttribute('data-protection', 'l7-only');
  });

  test('seed 002 as written: the flow its rule meant to allow is a conflict edge blocked on 4143', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const g = await d.graph();
    expect(g.edges.find((e) => e.id === 'mesh-demo/service-a->mesh-demo/service-b')?.cls).toBe('conflict');
    await d.selectEdge('mesh-demo/service-a->mesh-demo/service-b');
    const panel = page.getByTestId('edge-panel');
    await expect(panel.getByTestId('edge-class')).toHaveAttribute('data-class', 'conflict');
    await expect(panel.getByTestId('proxy-port-blocked')).toContainText('Blocked on 4143');
    await expect(panel.getByTestId('verdict')).toHaveAttribute('data-allowed', 'false');
    await d.screenshot('edge-blocked-on-4143');
  });

  test('the findings panel lists the seed’s invalid kind and the 4143 finding', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    const findings = page.getByTestId('findings-panel');
    await expect(findings.locator('[data-code="unknown-policy-kind"]')).toContainText('NetworkAuthenticationPolicy');
    await expect(findings.locator('[data-code="meshed-port-rule-ineffective"]')).toContainText('4143');
    // A finding links to the graph: its workloads and the edge between them light up.
    await findings.locator('[data-code="meshed-port-rule-ineffective"]').first().getByTestId('finding-show').click();
    const litEdges = () => withCy(page, (cy) => cy.edges('.highlighted').map((e) => e.id()));
    await expect.poll(litEdges).toContain('mesh-demo/service-a->mesh-demo/service-b');
  });
});

test('the graph can be used from the keyboard: Tab into it, arrows step through nodes, e through edges', async ({ page }) => {
  const d = new DashboardPage(page);
  await d.open();
  const canvas = page.getByTestId('graph-canvas');
  await canvas.focus();
  await expect(canvas).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/sel=(namespace|workload)%3A|sel=(namespace|workload):/);
  // Step to a workload with edges, then walk its edges: the selection moves along them and back.
  await page.goto(`/?sel=workload:postgres/postgresql`);
  await expect(page.getByTestId('workload-panel')).toContainText('postgres/postgresql');
  await canvas.focus();
  const selected = () => decodeURIComponent(new URL(page.url()).searchParams.get('sel') ?? '');
  await page.keyboard.press('e');
  await expect.poll(selected).toMatch(/^edge:.*->postgres\/postgresql$|^edge:postgres\/postgresql->/);
  const first = selected();
  await page.keyboard.press('e');
  await expect.poll(selected).not.toBe(first);
  expect(selected()).toMatch(/^edge:/);
  await page.keyboard.press('Shift+E');
  await expect.poll(selected).toBe(first);
});
