import { describe, expect, it } from 'vitest';
import { DemoSource } from '../../src/sources/demoSource.ts';
import { testApp } from '../helpers.ts';

describe('the demo source', () => {
  it('serves the bundled demo cluster without any file', async () => {
    const { app } = await testApp(new DemoSource());
    const snapshot = (await app.inject({ method: 'GET', url: '/api/v1/snapshot' })).json();
    expect(snapshot.snapshot).toMatchObject({ version: 1, source: 'demo', stale: false });
    expect(snapshot.counts.workloads).toBeGreaterThan(10);
    const graph = (await app.inject({ method: 'GET', url: '/api/v1/graph' })).json();
    const classes = new Set(graph.edges.map((e: { class: string }) => e.class));
    for (const c of ['both', 'l4-only', 'l7-only']) expect(classes, c).toContain(c);
    expect(graph.diagnostics.length).toBeGreaterThan(0);
  });
});
