import { describe, expect, it } from 'vitest';
import { FIXTURES, SilentSource, fixtureApp, testApp } from '../helpers.ts';
import { KNOWN_LAYERS } from '../../src/sources/source.ts';

describe('GET /api/v1/snapshot', () => {
  it('says which snapshot is served, from what, and how big it is', async () => {
    const { app } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/snapshot' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.snapshot).toMatchObject({ version: 1, stale: false });
    expect(body.snapshot.staleForSeconds).toBeUndefined();
    expect(body.counts).toMatchObject({ workloads: 4, namespaces: 3 });
    expect(body.counts.objects).toBe(15);
    expect(body.recomputeMs).toBeGreaterThanOrEqual(0);
    expect(body.resources).toEqual([]);
  });

  // The dashboard spells the CLI flags from this, never from the `snapshot.source` label (issue 18).
  it('names the source as data: a manifests source lists its paths', async () => {
    const { app } = await fixtureApp();
    const body = (await app.inject({ method: 'GET', url: '/api/v1/snapshot' })).json();
    expect(body.origin).toEqual({ kind: 'manifests', paths: [FIXTURES] });
    expect(body.snapshot.source).toBe(`manifests: ${FIXTURES}`);
  });

  it('a source with no CLI equivalent has no origin', async () => {
    const source = new SilentSource();
    const { app, store } = await testApp(source, { waitForSnapshot: false });
    source.listener!.update({ objects: [], diagnostics: [], layers: KNOWN_LAYERS });
    await store.ready();
    const body = (await app.inject({ method: 'GET', url: '/api/v1/snapshot' })).json();
    expect(body.snapshot.source).toBe('silent test source');
    expect(body).not.toHaveProperty('origin');
  });

  // The banners ("no workload is meshed", "every flow is open") read the whole snapshot, not a filtered graph (issue 18).
  it('counts meshed and isolated workloads and L7-restricted edges of the whole snapshot', async () => {
    const { app } = await fixtureApp();
    const body = (await app.inject({ method: 'GET', url: '/api/v1/snapshot' })).json();
    // shop.yaml injects shop (frontend, backend) and isolates backend; data.yaml isolates postgres; backend's Server admits frontend only.
    expect(body.counts).toMatchObject({ meshedWorkloads: 2, isolatedWorkloads: 2, l7RestrictedEdges: 1 });
  });
});

describe('GET /api/v1/diagnostics', () => {
  it('lists every finding of the snapshot', async () => {
    const { app, store } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/diagnostics' });
    expect(res.statusCode).toBe(200);
    expect(res.json().diagnostics).toEqual(JSON.parse(JSON.stringify(store.current()!.analysis.diagnostics)));
  });
});

describe('GET /metrics', () => {
  it('exposes snapshot age, recompute duration, staleness and request latencies', async () => {
    const { app } = await fixtureApp();
    await app.inject({ method: 'GET', url: '/api/v1/graph' });
    await app.inject({ method: 'GET', url: '/api/v1/workloads/shop/nope' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = res.body;
    expect(text).toContain('# TYPE accessgraph_http_request_duration_seconds histogram');
    expect(text).toMatch(/accessgraph_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/graph",status="200"\} 1/);
    expect(text).toMatch(/route="\/api\/v1\/workloads\/:namespace\/:name",status="404"/);
    expect(text).toMatch(/accessgraph_snapshot_version 1\n/);
    expect(text).toMatch(/accessgraph_snapshot_age_seconds \d/);
    expect(text).toMatch(/accessgraph_source_stale 0\n/);
    expect(text).toContain('# TYPE accessgraph_recompute_duration_seconds histogram');
    expect(text).toContain('# TYPE accessgraph_watch_restarts_total counter');
  });
});
