import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EDGE_CLASSES } from '@accessgraph/model';
import { FIXTURES, SilentSource, eventually, fixtureApp, testApp } from '../helpers.ts';
import { deploy, sourceState } from '../support/manifests.ts';
import { KNOWN_LAYERS, fullUpdate } from '../../src/sources/source.ts';

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
    source.listener!.update(fullUpdate({ objects: [], diagnostics: [], layers: KNOWN_LAYERS }));
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
    expect(body.counts).toMatchObject({ meshedWorkloads: 2, isolatedWorkloads: 2, l7RestrictedEdges: 1, noMesh: false, noPolicies: false });
  });

  // The banners' conditions are the model's summary (query/snapshotSummary.ts), not recomputed by the dashboard (issue 18).
  it('says when nothing is meshed and nothing restricts a flow', async () => {
    const source = new SilentSource();
    const { app, store } = await testApp(source, { waitForSnapshot: false });
    source.listener!.update(fullUpdate(sourceState([deploy('shop/web', { ports: [80] }), deploy('shop/api', { ports: [80] })])));
    await store.ready();
    const body = (await app.inject({ method: 'GET', url: '/api/v1/snapshot' })).json();
    expect(body.counts).toMatchObject({ workloads: 2, meshedWorkloads: 0, isolatedWorkloads: 0, l7RestrictedEdges: 0, noMesh: true, noPolicies: true });
  });
});

describe('GET /api/v1/diagnostics', () => {
  it('lists every finding of the snapshot', async () => {
    const { app, store } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/diagnostics' });
    expect(res.statusCode).toBe(200);
    expect(res.json().diagnostics).toEqual(JSON.parse(JSON.stringify(store.current()!.analysis.diagnostics)));
  });

  // Issue 19: 46 MB at 30,000 workloads, serialized once per snapshot (not per dashboard), gzipped once.
  it('is the same answer gzipped, with a weak ETag per snapshot that answers 304', async () => {
    const { app } = await fixtureApp();
    const plain = await app.inject({ method: 'GET', url: '/api/v1/diagnostics' });
    const zipped = await app.inject({ method: 'GET', url: '/api/v1/diagnostics', headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.headers.etag).toMatch(/^W\//);
    const again = await app.inject({ method: 'GET', url: '/api/v1/diagnostics', headers: { 'if-none-match': String(plain.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('answers the new snapshot’s findings after an update, never the cached ones', async () => {
    const source = new SilentSource();
    const { app, store } = await testApp(source, { waitForSnapshot: false });
    source.listener!.update(fullUpdate(sourceState([deploy('shop/web', { ports: [80] })])));
    await store.ready();
    const first = await app.inject({ method: 'GET', url: '/api/v1/diagnostics' });
    const parseError = { code: 'parse-error', severity: 'error', message: 'cannot read it', object: { kind: 'File', name: 'x.yaml' }, file: 'x.yaml', line: 1 };
    source.listener!.update(fullUpdate({ ...sourceState([deploy('shop/web', { ports: [80] })]), diagnostics: [parseError as never] }));
    const second = await eventually(async () => {
      const r = await app.inject({ method: 'GET', url: '/api/v1/diagnostics' });
      return r.json().snapshot.version > first.json().snapshot.version ? r : undefined;
    });
    expect(second.headers.etag).not.toBe(first.headers.etag);
    expect(second.json().diagnostics).toEqual(JSON.parse(JSON.stringify(store.current()!.analysis.diagnostics)));
    expect(second.json().diagnostics.map((d: { code: string }) => d.code)).toContain('parse-error');
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

  const sample = (text: string, name: string, labels = '') => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  it('says which build runs on which Node.js (accessgraph_build_info)', async () => {
    const { app } = await fixtureApp();
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('# TYPE accessgraph_build_info gauge');
    expect(text).toMatch(new RegExp(`accessgraph_build_info\\{version="[^"]+",node="${process.version.replace(/\./g, '\\.')}"\\} 1\n`));
  });

  it('counts the current snapshot\'s flows by protection class and findings by severity', async () => {
    const { app, store } = await fixtureApp();
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const s = store.current()!;
    for (const cls of EDGE_CLASSES) {
      const expected = s.graph.edges.flatMap((e) => e.ports).filter((p) => p.class === cls).length;
      expect(sample(text, 'accessgraph_flows', `{class="${cls}"}`), cls).toBe(expected);
    }
    expect(s.graph.edges.length).toBeGreaterThan(0);
    expect(sample(text, 'accessgraph_open_to_all_ports')).toBe(s.graph.nodes.reduce((n, node) => n + node.openToAll.length, 0));
    for (const severity of ['error', 'warning', 'info'] as const) {
      expect(sample(text, 'accessgraph_findings', `{severity="${severity}"}`), severity).toBe(s.analysis.diagnostics.filter((d) => d.severity === severity).length);
    }
  });

  it('has the process and Node.js runtime metrics', async () => {
    const { app } = await fixtureApp();
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_external_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
      expect(sample(text, name), name).toBeGreaterThanOrEqual(0);
    }
  });
});
