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
    // Seed 002 as written: the rule for 8080 blocks the meshed client on 4143 while L7 is open —
    // drawn as a conflict, the port marked as blocked on the proxy port (the schema keeps the flag).
    const seed002 = graph.edges.find((e: { id: string }) => e.id === 'mesh-demo/service-a->mesh-demo/service-b');
    expect(seed002).toMatchObject({ class: 'conflict', ports: [{ port: 8080, l4: 'deny', l4Port: 4143, l7: 'open', proxyPortBlocked: true }] });
  });
});
